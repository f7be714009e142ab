"""Window rules (kiosk/core/windows): predicates and the refusals that match them."""

import datetime as dt

import pytest

from kiosk.core import estimate
from kiosk.core import windows as w
from kiosk.core.catalogue import Calendar
from kiosk.core.errors import HallError
from kiosk.core.tickets import TicketState
from kiosk.core.windows import Window, WindowState

WEEKDAYS_ONLY = Window(3, "3号窗口", ("social", "tax"), ("mon", "tue", "wed", "thu", "fri"))
SATURDAY = dt.date(2026, 11, 28)
MONDAY = dt.date(2026, 11, 30)


def code_of(fn, *args) -> str | None:  # type: ignore[no-untyped-def]
    try:
        fn(*args)
    except HallError as e:
        assert e.zh and e.en
        return e.code
    return None


def test_days_is_a_rule_by_the_calendars_schedule_day() -> None:
    assert w.works_today(WEEKDAYS_ONLY, Calendar(), MONDAY)
    assert not w.works_today(WEEKDAYS_ONLY, Calendar(), SATURDAY)
    makeup = Calendar(workdays={SATURDAY: "mon"})  # 调休: this Saturday works to Monday's hours
    assert w.works_today(WEEKDAYS_ONLY, makeup, SATURDAY)
    holiday = Calendar(holidays=frozenset({MONDAY}))
    assert not w.works_today(WEEKDAYS_ONLY, holiday, MONDAY)


def test_sign_in_refused_on_a_day_the_window_does_not_work() -> None:
    assert code_of(w.check_sign_in, 3, False) == "window_not_working_today"
    assert code_of(w.check_sign_in, 3, True) is None
    assert not w.can_sign_in_today(WindowState.SIGNED_OFF, False)
    assert w.can_sign_in_today(WindowState.SIGNED_OFF, True)


CURRENTS = [None, TicketState.CALLED, TicketState.SERVING]


@pytest.mark.parametrize("state", list(WindowState))
@pytest.mark.parametrize("current", CURRENTS)
def test_pause_refusal_matches_can_pause(state: WindowState, current: TicketState | None) -> None:
    busy = "C001" if current else None
    assert (code_of(w.check_pause, state, busy) is None) == w.can_pause(state, current)


@pytest.mark.parametrize("state", list(WindowState))
def test_resume_refusal_matches_can_resume(state: WindowState) -> None:
    assert (code_of(w.check_resume, state) is None) == w.can_resume(state)


@pytest.mark.parametrize("state", list(WindowState))
@pytest.mark.parametrize("current", CURRENTS)
def test_call_refusals_match_can_call(state: WindowState, current: TicketState | None) -> None:
    ok = code_of(w.check_open, 3, state) is None and code_of(w.check_free, "C001" if current else None) is None
    assert ok == w.can_call(state, current)


def test_call_refusal_codes() -> None:
    assert code_of(w.check_open, 3, WindowState.PAUSED) == "window_paused"
    assert code_of(w.check_open, 3, WindowState.SIGNED_OFF) == "window_signed_off"
    assert code_of(w.check_free, "C001") == "window_busy"


def test_stranded_counts_only_what_nobody_else_serves() -> None:
    waiting = {"social": 4, "tax": 2}
    assert w.stranded_count(("social", "tax"), set(), waiting, 0) == 6
    assert w.stranded_count(("social", "tax"), {"social"}, waiting, 1) == 3
    assert w.stranded_count(("social", "tax"), {"social", "tax"}, waiting, 0) == 0


@pytest.mark.parametrize("state", list(WindowState))
@pytest.mark.parametrize("current", CURRENTS)
def test_sign_off_refusal_matches_can_sign_off_when_nothing_is_stranded(state: WindowState,
                                                                         current: TicketState | None) -> None:
    refusal = w.sign_off_refusal(state, "C001" if current else None, 0, False)
    assert (refusal is None) == w.can_sign_off(state, current)


def test_sign_off_with_stranded_tickets_needs_an_override() -> None:
    refusal = w.sign_off_refusal(WindowState.OPEN, None, 2, False)
    assert refusal is not None and refusal.code == "tickets_waiting" and refusal.details == {"waiting": 2}
    assert w.sign_off_refusal(WindowState.OPEN, None, 2, True) is None
    assert w.sign_off_refusal(WindowState.SIGNED_OFF, None, 0, True).code == "bad_window_state"  # type: ignore[union-attr]


def test_no_show_after_the_configured_recalls() -> None:
    assert code_of(w.check_no_show, 1, 2, False) == "recalls_required"
    assert code_of(w.check_no_show, 2, 2, False) is None
    assert code_of(w.check_no_show, 0, 2, True) is None  # an admin may skip


def test_calling_a_given_ticket() -> None:
    assert code_of(w.check_call_ticket, "C001", "2026-11-25", "2026-11-26", True, False) == "not_today"
    assert code_of(w.check_call_ticket, "C001", "2026-11-26", "2026-11-26", False, False) == "not_for_window"
    assert code_of(w.check_call_ticket, "C001", "2026-11-26", "2026-11-26", False, True) is None


def test_no_wait_when_a_window_is_open_and_nobody_is_ahead() -> None:
    assert estimate.ticket_wait_s(0, 300.0, 1) == 0
    assert estimate.ticket_wait_s(0, 300.0, 0) == 300  # nobody serving yet: the first case
    assert estimate.ticket_wait_s(3, 300.0, 2) == 600
