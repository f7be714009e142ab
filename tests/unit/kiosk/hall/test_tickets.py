"""Ticket operations (kiosk/hall/tickets.py) on a real store, with a clock the test moves."""

import pytest

from kiosk.core.errors import HallError
from kiosk.hall import repo, views
from tests.helpers.hall import TEST_CONFIG, YOUNG_ID

SLOT_CONFIG = TEST_CONFIG.replace('''prefix = "C"
hours = "always"''', '''prefix = "C"
hours = "always"
slot_caps = [{period = "09:00-11:00", cap = 2}]''')


def code(fut_or_fn, *args):  # type: ignore[no-untyped-def]
    with pytest.raises(HallError) as e:
        result = fut_or_fn(*args)
        result.result()
    assert e.value.zh and e.value.en
    return e.value


def test_people_ahead_of_a_new_ticket_come_from_the_kept_count(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    kiosk = h.dev("kiosk-1")
    got = [h.service.issue_ticket(kiosk, "social").result() for _ in range(4)]
    assert [t["waiting_ahead"] for t in got] == [0, 1, 2, 3]
    # the same as counting the queue, and the same as a fresh read of each ticket
    for t in got:
        assert h.service.get_ticket(t["id"])["waiting_ahead"] == t["waiting_ahead"]
    counts = h.service.read(lambda c: repo.waiting_counts(c, h.service.today())).result()
    assert counts == [("social", 0, 4)]


def test_counts_follow_calls_cancels_and_transfers(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, kiosk, counter = h.service, h.dev("kiosk-1"), h.dev("counter-3")
    a, b, c = (s.issue_ticket(kiosk, "social").result() for _ in range(3))
    s.sign_in(counter, 3, None, None).result()
    assert s.call_next(counter, 3).result()["id"] == a["id"]
    s.ticket_action(kiosk, c["id"], "cancel").result()
    s.ticket_action(counter, a["id"], "start").result()
    s.transfer(counter, a["id"], None, 1).result()  # to window 1, keeps its issue time
    day = s.today()

    def facts(conn):  # type: ignore[no-untyped-def]
        return (repo.waiting_in_queue(conn, day, "social", None), repo.waiting_in_queue(conn, day, None, 1),
                repo.issued_count(conn, day, "social"))
    assert s.read(facts).result() == (1, 1, 3)
    assert s.get_ticket(b["id"])["waiting_ahead"] == 0


def test_slot_cap_reached(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall(SLOT_CONFIG)  # 10:00, inside 09:00-11:00 with cap 2
    kiosk = h.dev("kiosk-1")
    h.service.issue_ticket(kiosk, "social").result()
    h.service.issue_ticket(kiosk, "social").result()
    e = code(h.service.issue_ticket, kiosk, "social")
    assert e.code == "slot_cap_reached" and e.details == {"period": "09:00-11:00"}
    h.clock.advance(3600)  # 11:00: outside the slot, no cap
    assert h.service.issue_ticket(kiosk, "social").result()["number"] == "C003"


def test_daily_cap_and_duplicate(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    kiosk = h.dev("kiosk-1")
    for _ in range(3):
        h.service.issue_ticket(kiosk, "tax").result()
    assert code(h.service.issue_ticket, kiosk, "tax").code == "daily_cap_reached"
    first = h.service.issue_ticket(kiosk, "social", {"id_number": YOUNG_ID}).result()
    e = code(h.service.issue_ticket, kiosk, "social", {"id_number": YOUNG_ID})
    assert e.code == "duplicate_ticket" and e.details["ticket"]["number"] == first["number"]


def test_concurrent_change_when_the_conditional_write_finds_another_state(make_hall, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, counter = h.service, h.dev("counter-3")
    s.issue_ticket(h.dev("kiosk-1"), "social").result()
    s.sign_in(counter, 3, None, None).result()
    t = s.call_next(counter, 3).result()
    real = repo.update_ticket_if

    def racing(conn, ticket_id, from_state, sets):  # type: ignore[no-untyped-def]
        # another writer gets there between the read and the conditional write
        conn.execute("UPDATE tickets SET state = 'serving' WHERE id = ?", (ticket_id,))
        return real(conn, ticket_id, from_state, sets)
    monkeypatch.setattr(repo, "update_ticket_if", racing)
    seq = s.store.last_seq()
    e = code(s.ticket_action, counter, t["id"], "finish")
    assert e.code == "concurrent_change"
    monkeypatch.setattr(repo, "update_ticket_if", real)
    assert s.get_ticket(t["id"])["state"] == "called" and s.store.last_seq() == seq  # rolled back


def test_not_today(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, counter = h.service, h.dev("counter-3")
    t = s.issue_ticket(h.dev("kiosk-1"), "social").result()
    h.clock.advance(24 * 3600)
    s.sign_in(counter, 3, None, None).result()
    e = code(s.call_ticket, counter, 3, t["id"])
    assert e.code == "not_today"


def test_actions_emit_one_tense_event_names(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, kiosk, counter = h.service, h.dev("kiosk-1"), h.dev("counter-3")
    a = s.issue_ticket(kiosk, "social").result()
    b = s.issue_ticket(kiosk, "social").result()
    s.sign_in(counter, 3, None, None).result()
    s.call_next(counter, 3).result()
    for action in ("recall", "start", "finish"):
        s.ticket_action(counter, a["id"], action).result()
    s.call_next(counter, 3).result()
    s.ticket_action(counter, b["id"], "recall").result()
    s.ticket_action(counter, b["id"], "recall").result()
    s.ticket_action(counter, b["id"], "no_show").result()
    c = s.issue_ticket(kiosk, "social").result()
    s.ticket_action(kiosk, c["id"], "cancel").result()
    assert h.events() == [
        "ticket.issued", "ticket.issued", "window.signed_in", "ticket.called", "ticket.recalled",
        "ticket.started", "ticket.finished", "ticket.called", "ticket.recalled", "ticket.recalled",
        "ticket.marked_no_show", "ticket.issued", "ticket.cancelled"]


def test_listeners_get_committed_events_in_order_and_a_failing_one_is_contained(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    seen: list[int] = []

    def broken(events):  # type: ignore[no-untyped-def]
        raise RuntimeError("listener bug")
    h.kernel.add_listener(broken)
    h.kernel.add_listener(lambda evs: seen.extend(e.seq for e in evs))
    for _ in range(3):
        h.service.issue_ticket(h.dev("kiosk-1"), "social").result()
    with pytest.raises(HallError):
        h.service.issue_ticket(h.dev("kiosk-1"), "nope").result()
    assert seen == [1, 2, 3]


def test_waiting_list_counts_ahead_per_queue(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, kiosk = h.service, h.dev("kiosk-1")
    for code_ in ("social", "tax", "social", "tax", "social"):
        s.issue_ticket(kiosk, code_).result()
        h.clock.advance(1)
    listed = s.read(lambda c: views.waiting_list(h.kernel, c, 3)).result()
    assert [(t["number"], t["waiting_ahead"]) for t in listed] == [
        ("C001", 0), ("G001", 0), ("C002", 1), ("G002", 1), ("C003", 2)]
    for t in listed:
        assert s.get_ticket(t["id"])["waiting_ahead"] == t["waiting_ahead"]
    only1 = s.read(lambda c: views.waiting_list(h.kernel, c, 1)).result()
    assert only1 == []  # window 1 serves only property
