"""The hall announces its API version and refuses a terminal too old, in two languages,
without acting on the request."""

from kiosk.protocol import version
from kiosk.protocol.version import API_VERSION, OLDEST_UNDERSTOOD
from tests.helpers.hall import auth


def test_the_hall_announces_its_version_and_refuses_a_terminal_too_old(hall):
    assert hall.get("/healthz").json()["api_version"] == API_VERSION
    assert hall.get("/api/v1/whoami", headers=auth("kiosk")).json()["api_oldest"] == OLDEST_UNDERSTOOD
    ok = hall.post("/api/v1/tickets", json={"service": "social"},
                   headers={**auth("kiosk"), version.HEADER: str(API_VERSION)})
    assert ok.status_code == 201
    old = hall.post("/api/v1/tickets", json={"service": "social"}, headers={**auth("kiosk"), version.HEADER: "0"})
    assert old.status_code == 422
    err = old.json()["error"]
    assert err["code"] == "api_version" and "升级" in err["message_zh"] and "upgrade" in err["message_en"]
    waiting = hall.get("/api/v1/tickets", headers=auth("admin")).json()
    assert len(waiting) == 1  # the refused request issued nothing


def test_the_websocket_hello_carries_the_version(hall):
    with hall.websocket_connect("/api/v1/events", headers=auth("display")) as ws:
        hello = ws.receive_json()
    assert hello["type"] == "hello" and hello["api_version"] == API_VERSION
