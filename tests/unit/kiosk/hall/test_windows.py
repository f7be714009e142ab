"""Window operations (kiosk/hall/windows.py): Window.days as a rule, coverage, reload."""

import dataclasses
import datetime as dt

import pytest

from kiosk.core.errors import HallError
from kiosk.core.windows import Window
from kiosk.hall import stats, views
from tests.helpers.hall import TEST_CONFIG
from tests.unit.kiosk.hall.conftest import TZ

SATURDAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=TZ)
# window 2 (social, property) works weekdays only; 1 and 3 every day
WEEKDAY_2 = TEST_CONFIG.replace('''services = ["social", "property"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]''', '''services = ["social", "property"]
days = ["mon", "tue", "wed", "thu", "fri"]''')
MAKEUP = WEEKDAY_2.replace("[policy]", '''[calendar]
workdays = [{date = 2026-11-28, as = "mon"}]

[policy]''')


def refused(fut_fn, *args):  # type: ignore[no-untyped-def]
    with pytest.raises(HallError) as e:
        fut_fn(*args).result()
    assert e.value.zh and e.value.en
    return e.value


def test_a_window_does_not_open_on_a_day_it_does_not_work(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall(WEEKDAY_2, SATURDAY)
    seq = h.service.store.last_seq()
    e = refused(h.service.sign_in, h.dev("counter-2"), 2, None, None)
    assert e.code == "window_not_working_today" and "2号窗口" in e.zh
    assert h.service.store.last_seq() == seq
    ws = {w["number"]: w for w in h.service.read(lambda c: views.windows(h.kernel, c)).result()}
    assert (ws[1]["works_today"], ws[2]["works_today"], ws[3]["works_today"]) == (True, False, True)
    state = h.service.read(lambda c: stats.hall_state(h.kernel, c)).result()
    assert [w["works_today"] for w in state["windows"]] == [True, False, True]


def test_a_make_up_working_day_counts_as_its_schedule_day(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall(MAKEUP, SATURDAY)  # 调休: this Saturday works to Monday's hours
    assert h.service.sign_in(h.dev("counter-2"), 2, None, None).result()["works_today"] is True


def test_a_window_not_working_today_neither_covers_nor_counts_for_estimates(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall(WEEKDAY_2)  # Thursday: everyone works
    s = h.service
    s.sign_in(h.dev("counter-2"), 2, None, None).result()
    s.sign_in(h.dev("counter-3"), 3, None, None).result()
    s.issue_ticket(h.dev("kiosk-1"), "social").result()
    queue = {q["service"]: q for q in s.read(lambda c: views.queue_view(h.kernel, c)).result()}
    assert queue["social"]["open_windows"] == 2
    h.clock.set(SATURDAY)  # window 2 stays signed in from before, but does not work today
    s.issue_ticket(h.dev("kiosk-1"), "social").result()
    queue = {q["service"]: q for q in s.read(lambda c: views.queue_view(h.kernel, c)).result()}
    assert queue["social"]["open_windows"] == 1
    e = refused(s.sign_off, h.dev("counter-3"), 3, False, None)  # window 2 cannot cover social today
    assert e.code == "tickets_waiting" and e.details == {"waiting": 1}


def test_sign_off_allowed_when_a_working_window_covers(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall(WEEKDAY_2)
    s = h.service
    s.sign_in(h.dev("counter-2"), 2, None, None).result()
    s.sign_in(h.dev("counter-3"), 3, None, None).result()
    s.issue_ticket(h.dev("kiosk-1"), "social").result()
    assert s.sign_off(h.dev("counter-3"), 3, False, None).result()["state"] == "signed_off"


def test_pause_resume_follow_the_core_predicates(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    s, counter = h.service, h.dev("counter-3")
    assert refused(s.pause, counter, 3, "午休").code == "bad_window_state"
    s.sign_in(counter, 3, None, None).result()
    assert refused(s.resume, counter, 3).code == "bad_window_state"
    assert refused(s.pause, counter, 3, "x" * 101).code == "reason_required"
    assert s.pause(counter, 3, " 午休 ").result()["pause_reason"] == "午休"
    assert s.resume(counter, 3).result()["state"] == "open"
    assert refused(s.pause, h.dev("counter-2"), 3, "午休").code == "forbidden"


def test_reload_swaps_the_one_config_and_adds_window_rows(make_hall) -> None:  # type: ignore[no-untyped-def]
    h = make_hall()
    old = h.service.config
    windows = {**old.windows, 9: Window(9, "9号窗口", ("tax",), old.windows[3].days)}
    h.service.reload(dataclasses.replace(old, windows=windows))
    assert h.service.config is h.kernel.config and 9 in h.service.config.windows
    assert h.service.read(lambda c: views.window_view(h.kernel, c, 9)).result()["state"] == "signed_off"
