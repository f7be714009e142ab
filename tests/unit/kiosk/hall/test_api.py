"""The hall node API in-process: rules, roles, errors and events."""

import pytest

from tests.helpers.hall import ELDER_ID, YOUNG_ID, auth


def issue(hall, service="social", **body):
    r = hall.post("/api/v1/tickets", json={"service": service, **body}, headers=auth("kiosk"))
    assert r.status_code == 201, r.text
    return r.json()


def sign_in(hall, window):
    r = hall.post(f"/api/v1/windows/{window}/sign-in", json={}, headers=auth(f"counter{window}"))
    assert r.status_code == 200, r.text


def call_next(hall, window):
    return hall.post(f"/api/v1/windows/{window}/call-next", headers=auth(f"counter{window}"))


def act(hall, ticket, action, who, **kw):
    return hall.post(f"/api/v1/tickets/{ticket['id']}/{action}", headers=auth(who), **kw)


def last_seq(hall):
    return hall.node.store.last_seq()


def assert_error(r, status, code):
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["code"] == code
    assert err["message_zh"] and err["message_en"]
    return err


def test_auth_and_roles(hall):
    assert_error(hall.post("/api/v1/tickets", json={"service": "social"}), 401, "unauthorized")
    assert_error(hall.post("/api/v1/tickets", json={"service": "social"},
                           headers={"Authorization": "Bearer nope-nope"}), 401, "unauthorized")
    assert_error(hall.post("/api/v1/windows/1/call-next", headers=auth("kiosk")), 403, "forbidden")
    assert_error(hall.post("/api/v1/windows/2/call-next", headers=auth("counter1")), 403, "forbidden")
    assert_error(hall.post("/api/v1/tickets", json={"service": "social"}, headers=auth("display")), 403, "forbidden")
    sign_in(hall, 1)
    r = hall.post("/api/v1/windows/1/call-next", headers=auth("admin"))
    assert r.status_code == 204  # admin may act for any window


def test_numbering_per_prefix_and_ticket_json(hall):
    a = issue(hall, "social")
    b = issue(hall, "social")
    t = issue(hall, "tax")
    assert [a["number"], b["number"], t["number"]] == ["C001", "C002", "G001"]
    for key in ("id", "number", "service", "state", "window", "issued_at", "waiting_ahead", "estimated_wait_s"):
        assert key in a
    assert a["issued_at"].endswith("+08:00")
    assert b["waiting_ahead"] == 1 and b["estimated_wait_s"] > 0
    got = hall.get(f"/api/v1/tickets/{a['id']}", headers=auth("display")).json()
    assert got["number"] == "C001" and got["state"] == "waiting"


def test_bad_input_is_refused_in_both_languages_and_changes_nothing(hall):
    before = last_seq(hall)
    assert_error(hall.post("/api/v1/tickets", json={"service": "nope"}, headers=auth("kiosk")), 422, "unknown_service")
    assert_error(hall.post("/api/v1/tickets", json={"service": "social", "extra": 1}, headers=auth("kiosk")),
                 422, "bad_request")
    assert_error(hall.post("/api/v1/tickets", content=b"{not json", headers={**auth("kiosk"),
                 "content-type": "application/json"}), 422, "bad_request")
    assert_error(hall.post("/api/v1/tickets", json={"service": "property"}, headers=auth("kiosk")), 422, "id_required")
    assert_error(hall.post("/api/v1/tickets", json={"service": "property", "citizen": {"id_number": "110105194912310021"}},
                           headers=auth("kiosk")), 422, "bad_id_number")
    assert_error(hall.get("/api/v1/tickets/does-not-exist", headers=auth("kiosk")), 404, "not_found")
    assert last_seq(hall) == before


def test_citizen_data_is_masked_and_never_stored_in_clear(hall):
    t = issue(hall, "property", citizen={"id_number": YOUNG_ID, "name": "李小龙"})
    assert t["citizen"] == {"name": "李**", "id_number": "3604**********0071"}
    hall.node.store.read(lambda c: c.execute("PRAGMA wal_checkpoint(FULL)")).result()
    raw = b"".join(p.read_bytes() for p in hall.db_path.parent.glob("hall.db*") if not p.name.endswith(".key"))
    assert YOUNG_ID.encode() not in raw
    assert "李小龙".encode() not in raw


def test_one_waiting_ticket_per_citizen_per_service(hall):
    first = issue(hall, "property", citizen={"id_number": YOUNG_ID})
    r = hall.post("/api/v1/tickets", json={"service": "property", "citizen": {"id_number": YOUNG_ID}},
                  headers=auth("kiosk"))
    err = assert_error(r, 409, "duplicate_ticket")
    assert err["details"]["ticket"]["number"] == first["number"]
    assert first["number"] in err["message_zh"]
    issue(hall, "social", citizen={"id_number": YOUNG_ID})  # another service is fine


def test_daily_cap(hall):
    for _ in range(3):
        issue(hall, "tax")
    assert_error(hall.post("/api/v1/tickets", json={"service": "tax"}, headers=auth("kiosk")), 409, "daily_cap_reached")


def test_green_channel_needs_70_plus_from_the_card(hall):
    assert_error(hall.post("/api/v1/tickets", json={"service": "social", "priority": "green",
                                                    "citizen": {"id_number": YOUNG_ID}}, headers=auth("kiosk")),
                 422, "green_not_eligible")
    assert_error(hall.post("/api/v1/tickets", json={"service": "social", "priority": "green"}, headers=auth("kiosk")),
                 422, "green_not_eligible")
    t = issue(hall, "social", priority="green", citizen={"id_number": ELDER_ID})
    assert t["priority"] == "green"


def test_call_order_interleaves_priority_and_204_when_empty(hall):
    sign_in(hall, 3)
    normals = [issue(hall, "social")["number"] for _ in range(4)]
    green = issue(hall, "social", priority="green", citizen={"id_number": ELDER_ID})["number"]
    called = []
    for _ in range(5):
        t = call_next(hall, 3).json()
        called.append(t["number"])
        assert act(hall, t, "finish", "counter3").status_code == 200
    assert called == [normals[0], normals[1], green, normals[2], normals[3]]
    assert call_next(hall, 3).status_code == 204


def test_window_must_be_open_and_free(hall):
    issue(hall, "social")
    issue(hall, "social")
    assert_error(call_next(hall, 3), 409, "window_signed_off")
    sign_in(hall, 3)
    assert call_next(hall, 3).status_code == 200
    assert_error(call_next(hall, 3), 409, "window_busy")
    assert_error(hall.post("/api/v1/windows/3/pause", json={"reason": " "}, headers=auth("counter3")), 422,
                 "reason_required")


def test_recall_then_no_show(hall):
    sign_in(hall, 3)
    issue(hall, "social")
    t = call_next(hall, 3).json()
    assert_error(act(hall, t, "no-show", "counter3"), 409, "recalls_required")
    for n in (1, 2):
        assert act(hall, t, "recall", "counter3").json()["recalls"] == n
    assert act(hall, t, "no-show", "counter3").json()["state"] == "no_show"
    assert_error(act(hall, t, "start", "counter3"), 409, "bad_state")


def test_transfer_keeps_issue_time_and_goes_first(hall):
    sign_in(hall, 3)
    sign_in(hall, 2)
    t = issue(hall, "social")
    later = issue(hall, "property", citizen={"id_number": YOUNG_ID})
    served = call_next(hall, 3).json()
    assert served["id"] == t["id"]
    moved = act(hall, served, "transfer", "counter3", json={"service": "property"}).json()
    assert moved["state"] == "waiting" and moved["issued_at"] == t["issued_at"]
    assert moved["number"] == t["number"] and moved["service"] == "property"
    # window 2 serves social first, but the transferred ticket is older than any property ticket
    assert call_next(hall, 2).json()["id"] == t["id"]
    assert later["waiting_ahead"] == 0
    # transfer to a window: only that window may call it
    back = act(hall, {"id": t["id"]}, "transfer", "counter2", json={"window": 1}).json()
    assert back["target_window"] == 1
    assert call_next(hall, 2).json()["id"] == later["id"]
    sign_in(hall, 1)
    assert call_next(hall, 1).json()["id"] == t["id"]


def test_two_windows_cannot_call_the_same_ticket(hall):
    sign_in(hall, 2)
    sign_in(hall, 3)
    t = issue(hall, "social")
    assert hall.post("/api/v1/windows/2/call", json={"ticket": t["id"]}, headers=auth("counter2")).status_code == 200
    assert_error(hall.post("/api/v1/windows/3/call", json={"ticket": t["id"]}, headers=auth("counter3")),
                 409, "bad_state")


def test_calling_a_chosen_ticket_out_of_order(hall):
    sign_in(hall, 3)
    issue(hall, "social")
    second = issue(hall, "social")
    tax = issue(hall, "tax")
    r = hall.post("/api/v1/windows/3/call", json={"ticket": second["id"]}, headers=auth("counter3"))
    assert r.json()["number"] == second["number"]
    act(hall, second, "finish", "counter3")
    prop = issue(hall, "property", citizen={"id_number": YOUNG_ID})
    assert_error(hall.post("/api/v1/windows/3/call", json={"ticket": prop["id"]}, headers=auth("counter3")),
                 409, "not_for_window")
    assert tax["number"] == "G001"


def test_ratings(hall):
    sign_in(hall, 2)
    t = issue(hall, "social")
    t = call_next(hall, 2).json()
    assert_error(act(hall, t, "rating", "pad2", json={"level": 5}), 409, "not_served")
    act(hall, t, "start", "counter2")
    act(hall, t, "finish", "counter2")
    assert_error(act(hall, t, "rating", "pad1", json={"level": 5}), 403, "forbidden")
    assert_error(act(hall, t, "rating", "pad2", json={"level": 1}), 422, "reasons_required")
    assert_error(act(hall, t, "rating", "pad2", json={"level": 6}), 422, "bad_level")
    r = act(hall, t, "rating", "pad2", json={"level": 3})
    assert r.status_code == 201 and r.json()["level"] == 3
    assert_error(act(hall, t, "rating", "pad2", json={"level": 5}), 409, "already_rated")
    u = issue(hall, "social")
    u = call_next(hall, 2).json()
    act(hall, u, "finish", "counter2")
    assert act(hall, u, "rating", "pad2", json={"not_rated": True}).json()["rated"] is False
    w2 = next(w for w in hall.get("/api/v1/stats/today", headers=auth("admin")).json()["windows"] if w["window"] == 2)
    assert w2["ratings"] == 1 and w2["not_rated"] == 1 and w2["distribution"]["3"] == 1
    assert w2["satisfaction_rate"] == 1.0 and w2["served"] == 2
    callbacks = hall.get("/api/v1/callbacks", params={"day_from": "2000-01-01", "day_to": "2100-01-01"},
                         headers=auth("admin")).json()
    assert [c["level"] for c in callbacks] == [3]


def test_sign_off_refused_while_only_this_window_can_serve(hall):
    sign_in(hall, 3)
    issue(hall, "tax")  # only window 3 serves tax
    err = assert_error(hall.post("/api/v1/windows/3/sign-off", json={}, headers=auth("counter3")), 409,
                       "tickets_waiting")
    assert err["details"]["waiting"] == 1
    assert_error(hall.post("/api/v1/windows/3/sign-off", json={"override": True}, headers=auth("counter3")),
                 422, "reason_required")
    r = hall.post("/api/v1/windows/3/sign-off", json={"override": True, "reason": "系统故障"}, headers=auth("counter3"))
    assert r.json()["state"] == "signed_off"
    ev = hall.node.store.events_after(0)[-1]
    assert ev.type == "window.signed_off" and ev.payload["override"] is True
    assert ev.payload["override_reason"] == "系统故障"


def test_sign_off_allowed_when_another_window_covers(hall):
    sign_in(hall, 2)
    sign_in(hall, 3)
    issue(hall, "social")  # windows 2 and 3 both serve social
    assert hall.post("/api/v1/windows/3/sign-off", json={}, headers=auth("counter3")).json()["state"] == "signed_off"


def test_idempotency_key_gives_one_ticket(hall):
    h = {**auth("kiosk"), "Idempotency-Key": "tap-42"}
    a = hall.post("/api/v1/tickets", json={"service": "social"}, headers=h).json()
    seq = last_seq(hall)
    b = hall.post("/api/v1/tickets", json={"service": "social"}, headers=h).json()
    assert a["id"] == b["id"] and last_seq(hall) == seq


def test_queue_and_state_views(hall):
    sign_in(hall, 3)
    issue(hall, "social")
    issue(hall, "social")
    q = {s["service"]: s for s in hall.get("/api/v1/queue", headers=auth("display")).json()}
    assert q["social"]["waiting"] == 2 and q["social"]["open_windows"] == 1
    call_next(hall, 3)
    state = hall.get("/api/v1/state", headers=auth("display")).json()
    assert state["seq"] == last_seq(hall)
    assert state["recent_calls"][0]["number"] == "C001" and state["recent_calls"][0]["window"] == 3
    w3 = next(w for w in state["windows"] if w["number"] == 3)
    assert w3["current"]["number"] == "C001"
    services = hall.get("/api/v1/services", headers=auth("kiosk")).json()
    assert {s["code"] for s in services["services"]} == {"property", "social", "tax"}
    assert all(s["issuing_open"] for s in services["services"])


def test_websocket_streams_events_in_order_and_replays(hall):
    with hall.websocket_connect("/api/v1/events?token=display-token-1") as ws:
        hello = ws.receive_json()
        assert hello["type"] == "hello"
        issue(hall, "social")
        sign_in(hall, 3)
        call_next(hall, 3)
        got = [ws.receive_json() for _ in range(3)]
    assert [m["type"] for m in got] == ["ticket.issued", "window.signed_in", "ticket.called"]
    assert [m["seq"] for m in got] == [hello["seq"] + 1, hello["seq"] + 2, hello["seq"] + 3]
    with hall.websocket_connect(f"/api/v1/events?token=display-token-1&after={hello['seq'] + 1}") as ws:
        ws.receive_json()
        replay = [ws.receive_json() for _ in range(2)]
    assert [m["type"] for m in replay] == ["window.signed_in", "ticket.called"]


def test_websocket_needs_a_token(hall):
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect), hall.websocket_connect("/api/v1/events") as ws:
        ws.receive_json()


def test_device_health_reported_once_per_change(hall):
    body = {"device": "pad-window-2", "kind": "rating_pad", "state": "disconnected", "code": "no_reply",
            "message_zh": "2号窗口评价器离线", "message_en": "window 2 rating pad offline"}
    seq = last_seq(hall)
    hall.post("/api/v1/devices/health", json=body, headers=auth("counter2"))
    hall.post("/api/v1/devices/health", json=body, headers=auth("counter2"))
    assert last_seq(hall) == seq + 1
    devices = hall.get("/api/v1/devices", headers=auth("admin")).json()
    assert devices[0]["message_zh"] == "2号窗口评价器离线"


def test_openapi_lists_every_operation(hall):
    paths = hall.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/tickets", "/api/v1/tickets/{ticket_id}", "/api/v1/windows/{number}/call-next",
                 "/api/v1/windows/{number}/call", "/api/v1/tickets/{ticket_id}/recall",
                 "/api/v1/tickets/{ticket_id}/start", "/api/v1/tickets/{ticket_id}/finish",
                 "/api/v1/tickets/{ticket_id}/no-show", "/api/v1/tickets/{ticket_id}/cancel",
                 "/api/v1/tickets/{ticket_id}/transfer", "/api/v1/tickets/{ticket_id}/rating",
                 "/api/v1/windows/{number}/pause", "/api/v1/windows/{number}/resume",
                 "/api/v1/windows/{number}/sign-off", "/api/v1/queue", "/api/v1/stats/today"):
        assert path in paths, path
