"""Visit segments folded from events shaped as the hall writes them (old and new names)."""

from kiosk.reports.segments import Outcome, SegmentFold

DAY = "2026-12-01"


def at(hm: str) -> str:
    return f"{DAY}T{hm}:00.000+08:00"


def ticket(tid: str, service: str = "social", **over):
    t = {"id": tid, "number": "A001", "service": service, "original_service": service,
         "priority": "normal", "state": "waiting", "window": None, "target_window": None,
         "issued_at": f"{DAY}T08:50:00+08:00"}
    t.update(over)
    return t


def ev(hm, type_, **payload):
    return {"ts": at(hm), "type": type_, "payload": payload}


def test_a_served_visit_with_a_recall():
    fold = SegmentFold().add_all([
        ev("08:30", "window.signed_in", window=3, staff="s003", state="open"),
        ev("08:50", "ticket.issued", ticket=ticket("t1")),
        ev("09:00", "ticket.called", ticket=ticket("t1", window=3), window=3),
        ev("09:02", "ticket.recall", ticket=ticket("t1", window=3), window=3),  # an old name
        ev("09:03", "ticket.started", ticket=ticket("t1", window=3), window=3),
        ev("09:13", "ticket.finished", ticket=ticket("t1", window=3), window=3, result="当场办结"),
    ])
    (seg,) = fold.closed()
    assert seg.outcome == Outcome.SERVED and seg.window == 3 and seg.staff == "s003"
    assert seg.wait_s == 12 * 60  # to the last call, 09:02
    assert seg.service_s == 10 * 60 and seg.recalls == 1 and seg.result == "当场办结"
    assert seg.joined_hour == 8 and seg.day == DAY


def test_a_transfer_makes_two_segments_each_with_one_outcome():
    fold = SegmentFold().add_all([
        ev("08:50", "ticket.issued", ticket=ticket("t2")),
        ev("09:10", "ticket.called", ticket=ticket("t2", window=1), window=1),
        ev("09:12", "ticket.transferred", ticket=ticket("t2", service="medical"), from_window=1,
           from_service="social", to_service="medical", to_window=None),
        ev("09:40", "ticket.called", ticket=ticket("t2", service="medical", window=5), window=5),
        ev("09:41", "ticket.finish", ticket=ticket("t2", service="medical", window=5), window=5),
    ])
    first, second = sorted(fold.closed(), key=lambda s: s.index)
    assert (first.service, first.outcome, first.wait_s) == ("social", Outcome.TRANSFERRED_SERVICE, 20 * 60)
    assert (second.service, second.outcome, second.wait_s) == ("medical", Outcome.SERVED, 28 * 60)
    assert second.service_s == 60  # finished without start: from the call
    assert second.issued_ts == first.issued_ts


def test_no_show_cancel_and_the_day_reset():
    fold = SegmentFold().add_all([
        ev("08:50", "ticket.issued", ticket=ticket("a")),
        ev("08:51", "ticket.issued", ticket=ticket("b")),
        ev("08:52", "ticket.issued", ticket=ticket("c")),
        ev("09:00", "ticket.called", ticket=ticket("a", window=2), window=2),
        ev("09:05", "ticket.no_show", ticket=ticket("a", window=2), window=2),
        ev("09:06", "ticket.cancelled", ticket=ticket("b")),
        ev("09:07", "some.future_event", anything=1),
    ])
    assert {s.ticket: s.outcome for s in fold.closed()} == {"a": Outcome.NO_SHOW, "b": Outcome.CANCELLED}
    fold.close_day(DAY)
    assert {s.ticket: s.outcome for s in fold.closed()}["c"] == Outcome.NOT_SERVED
    assert fold.segments[("c", 0)].wait_s is None
