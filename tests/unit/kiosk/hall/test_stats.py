"""Hall statistics (kiosk/hall/stats.py) with a clock the test moves: every figure as
kiosk/core/metrics defines it."""

from fastapi.testclient import TestClient

from kiosk.config.hall import parse_config
from kiosk.core.citizens import id_check_char
from kiosk.hall import stats
from kiosk.hall.api import create_app
from tests.helpers.hall import TEST_CONFIG, auth


def test_day_figures(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, kiosk, counter, pad = h.service, h.dev("kiosk-1"), h.dev("counter-2"), h.dev("pad-2")
    s.sign_in(counter, 2, None, None).result()
    a = s.issue_ticket(kiosk, "social").result()
    b = s.issue_ticket(kiosk, "social").result()
    s.issue_ticket(kiosk, "social").result()  # still waiting at the end
    h.clock.advance(60)
    s.call_next(counter, 2).result()           # a waited 60 s
    h.clock.advance(30)
    s.ticket_action(counter, a["id"], "start").result()
    h.clock.advance(300)
    s.ticket_action(counter, a["id"], "finish").result()  # served 300 s
    s.call_next(counter, 2).result()           # b waited 390 s
    h.clock.advance(100)
    s.ticket_action(counter, b["id"], "finish").result()  # never started: served from the call, 100 s
    s.rate(pad, a["id"], 5, []).result()
    s.rate(pad, b["id"], 2, ["太慢"]).result()
    day = s.read(lambda c: stats.stats_today(h.kernel, c)).result()
    assert (day["issued"], day["done"], day["completion_rate"]) == (3, 2, 0.6667)
    assert (day["ratings"], day["satisfaction_rate"]) == (2, 0.5)
    social = next(x for x in day["services"] if x["service"] == "social")
    assert social["waiting"] == 1 and social["avg_wait_s"] == 225.0 and social["avg_service_s"] == 200.0
    w2 = next(x for x in day["windows"] if x["window"] == 2)
    assert w2["served"] == 2 and w2["distribution"]["5"] == 1 and w2["satisfaction_rate"] == 0.5
    catalogue = {x["code"]: x for x in s.read(lambda c: stats.service_catalogue(h.kernel, c)).result()}
    assert catalogue["social"]["issued_today"] == 3 and catalogue["social"]["waiting"] == 1


def _id_born(birth: str) -> str:
    body = f"110105{birth}003"
    return body + id_check_char(body)


def test_green_channel_age_changed_in_the_policy_changes_the_hall(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One number in [policy]: the hall accepts a 66-year-old for the green channel at 65 and
    /services tells the kiosk 65 (the kiosk's text and model read it from there)."""
    sixty_six = _id_born("19600101")  # 66 in 2026
    body = {"service": "social", "priority": "green", "citizen": {"id_number": sixty_six}}
    for age, status in ((70, 422), (65, 201)):
        config = TEST_CONFIG.replace("no_show_after_recalls = 2", f"no_show_after_recalls = 2\ngreen_channel_age = {age}")
        with TestClient(create_app(parse_config(config), tmp_path / f"hall-{age}.db")) as hall:
            assert hall.get("/api/v1/services", headers=auth("kiosk")).json()["hall"]["green_channel_age"] == age
            r = hall.post("/api/v1/tickets", json=body, headers=auth("kiosk"))
            assert r.status_code == status, r.text
            if status == 422:
                assert r.json()["error"]["code"] == "green_not_eligible" and "70" in r.json()["error"]["message_zh"]
            else:
                assert r.json()["priority"] == "green"
