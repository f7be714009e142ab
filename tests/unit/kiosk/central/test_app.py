"""The central HTTP API in-process: signatures, replays, operator tokens, catalogue, errors."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from kiosk.central import db
from kiosk.central.app import create_central_app
from kiosk.config.central import parse_central_config
from kiosk.sync.signing import sign_headers
from tests.helpers.central import CENTRAL_CONFIG, HALL_SECRET, OPERATOR
from tests.helpers.postgres import new_postgres_url, unavailable_reason
from tests.unit.kiosk.central.test_ingest import batch, chain

ORIGIN = "test-hall"


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request, tmp_path):  # type: ignore[no-untyped-def]
    url = str(tmp_path / "c.db") if request.param == "sqlite" else new_postgres_url()
    if url is None:
        pytest.skip(unavailable_reason())
    engine = db.make_engine(url)
    with TestClient(create_central_app(parse_central_config(CENTRAL_CONFIG), engine)) as c:
        yield c
    engine.dispose()


def signed(method: str, path: str, body: bytes = b"", secret: str = HALL_SECRET, origin: str = ORIGIN,
           now: float | None = None) -> dict[str, str]:
    return sign_headers(origin, secret, method, path, body, now)


def push(client, evs, **kw):  # type: ignore[no-untyped-def]
    body = json.dumps(batch(evs)).encode()
    return client.post("/api/v1/sync/events", content=body, headers=signed("POST", "/api/v1/sync/events", body, **kw))


def assert_error(r, status: int, code: str) -> None:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code and err["message_zh"] and err["message_en"]


def test_signed_push_and_status(client) -> None:  # type: ignore[no-untyped-def]
    r = push(client, chain(5))
    assert r.status_code == 200 and r.json()["acked_seq"] == 5
    st = client.get(f"/api/v1/origins/{ORIGIN}/status", headers=OPERATOR).json()
    assert (st["epoch"], st["acked_seq"], st["events"]) == (1, 5, 5)


def test_gap_answer_carries_expected_seq(client) -> None:  # type: ignore[no-untyped-def]
    evs = chain(6)
    push(client, evs[:2])
    r = push(client, evs[4:])
    assert_error(r, 409, "gap")
    assert r.json()["error"]["details"]["expected_seq"] == 3


def test_auth_failures(client) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(batch(chain(1))).encode()
    path = "/api/v1/sync/events"
    assert_error(client.post(path, content=body), 401, "unauthorized")
    assert_error(push(client, chain(1), secret="wrong-secret-0123456789"), 401, "bad_signature")
    assert_error(push(client, chain(1), origin="nobody"), 401, "unknown_origin")
    assert_error(push(client, chain(1), now=time.time() - 301), 401, "stale_timestamp")
    headers = signed("POST", path, body)
    tampered = body.replace(b'"seq": 1', b'"seq": 2')
    assert_error(client.post(path, content=tampered, headers=headers), 401, "bad_signature")
    assert client.post(path, content=body, headers=headers).status_code == 200
    assert_error(client.post(path, content=body, headers=headers), 401, "replay")


def test_origin_may_push_only_as_itself(client) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(batch(chain(1))).encode()
    r = client.post("/api/v1/sync/events", content=body,
                    headers=sign_headers("community-1", "community-1-secret-0123456789", "POST",
                                         "/api/v1/sync/events", body))
    assert_error(r, 403, "origin_mismatch")


def test_bad_json_and_operator_token(client) -> None:  # type: ignore[no-untyped-def]
    body = b"{not json"
    r = client.post("/api/v1/sync/events", content=body, headers=signed("POST", "/api/v1/sync/events", body))
    assert_error(r, 422, "bad_json")
    assert_error(client.get(f"/api/v1/origins/{ORIGIN}/status"), 401, "unauthorized")
    assert_error(client.get(f"/api/v1/origins/{ORIGIN}/status", headers={"Authorization": "Bearer nope"}),
                 401, "unauthorized")
    assert_error(client.get("/api/v1/origins/ghost/status", headers=OPERATOR), 404, "not_found")
    assert_error(client.get(f"/api/v1/halls/{ORIGIN}/days/2026-13-01", headers=OPERATOR), 422, "bad_day")


CATALOGUE = """
[schedules]
always = { weekdays = ["00:00-24:00"], weekend = ["00:00-24:00"] }

[[services]]
code = "social"
name = "社保业务"
prefix = "C"
hours = "always"

[[windows]]
number = 1
services = ["social"]
"""


def test_catalogue_publish_and_poll(client) -> None:  # type: ignore[no-untyped-def]
    r = client.put(f"/api/v1/halls/{ORIGIN}/catalogue", content=CATALOGUE.encode(), headers=OPERATOR)
    assert r.status_code == 201 and r.json()["version"] == 1
    path = f"/api/v1/halls/{ORIGIN}/catalogue?after=0"
    got = client.get(path, headers=signed("GET", path)).json()
    assert got["changed"] and got["version"] == 1 and got["catalogue"]["services"][0]["code"] == "social"
    path = f"/api/v1/halls/{ORIGIN}/catalogue?after=1"
    assert client.get(path, headers=signed("GET", path)).json() == {"hall": ORIGIN, "version": 1, "changed": False}
    path = "/api/v1/halls/community-1/catalogue?after=0"
    assert_error(client.get(path, headers=signed("GET", path)), 403, "forbidden")
    assert client.put(f"/api/v1/halls/{ORIGIN}/catalogue", content=CATALOGUE.encode(),
                      headers=OPERATOR).json()["version"] == 2


@pytest.mark.parametrize(("text", "line"), [
    (CATALOGUE.replace('services = ["social"]', 'services = ["nope"]'), 13),
    (CATALOGUE + "\n[hall]\nid = \"x\"\n", None),
    (CATALOGUE.replace('prefix = "C"', 'prefix = "c"'), 8),
    ("[[services]\n", 1),
])
def test_bad_catalogue_is_refused_with_line(client, text: str, line: int | None) -> None:  # type: ignore[no-untyped-def]
    r = client.put(f"/api/v1/halls/{ORIGIN}/catalogue", content=text.encode(), headers=OPERATOR)
    assert_error(r, 422, "bad_catalogue")
    assert r.json()["error"]["details"]["line"] == line
    assert_error(client.put(f"/api/v1/halls/{ORIGIN}/catalogue", content=CATALOGUE.encode()), 401, "unauthorized")
