"""The rating pad's backend with a fake hall client: invited by its window's finished case
(old and new event names), levels from the core, reasons for the lowest two, never a
rating invented."""

import pytest

from kiosk.apps.pad.backend import PadBackend
from kiosk.core import ratings
from tests.gui.demo.apphelpers import run
from tests.helpers.stubs import FakeHallClient, hall_error, window_row


@pytest.fixture
def pad(qtbot, aloop):
    client = FakeHallClient()
    backend = PadBackend(client, 2, timeout_s=30, thanks_s=0.05)
    yield backend, client
    run(qtbot, backend.stop())


def finished(window=2, number="A007", name="ticket.finished"):
    return {"type": name, "seq": 5, "payload": {"window": window, "ticket": {"id": f"t-{number}", "number": number}}}


def settle(qtbot, backend):
    qtbot.waitUntil(lambda: not backend._tasks, timeout=3000)


@pytest.mark.parametrize("name", ["ticket.finished", "ticket.finish"])
def test_its_windows_finished_case_invites_under_the_old_and_new_name(qtbot, pad, name):
    backend, _ = pad
    backend._on_event(finished(name=name))
    assert backend.screen == "rate" and backend.screenRate and not backend.screenIdle
    assert backend.ticketNumber == "A007" and backend.secondsLeft == 30


def test_other_windows_and_other_events_do_not_invite(qtbot, pad):
    backend, client = pad
    backend._on_event(finished(window=3))
    backend._on_event({"type": "ticket.called", "payload": {"window": 2, "ticket": {"id": "x", "number": "A1"}}})
    backend._on_event({"type": "some.future_event", "payload": {"window": 2}})
    assert backend.screen == "idle" and client.calls == []


def test_window_events_refresh_the_staff_line(qtbot, pad):
    backend, client = pad
    client.window_answers[2] = window_row(2, "open", staff_name="李*", staff_number="S7")
    backend._on_event({"type": "window.signed_in", "payload": {"window": 2}})
    qtbot.waitUntil(lambda: backend.staffName == "李*", timeout=3000)
    assert backend.windowState == "open" and ("window", 2) in client.calls


def test_levels_and_labels_come_from_the_core(qtbot, pad):
    backend, _ = pad
    assert [(lv["level"], lv["text"]) for lv in backend.levels] == [(lv.value, lv.zh) for lv in ratings.LEVELS]
    backend.setLanguage("en")
    assert [lv["text"] for lv in backend.levels] == [lv.en for lv in ratings.LEVELS]


def test_a_good_level_is_sent_once_then_thanks_then_idle(qtbot, pad):
    backend, client = pad
    backend._on_event(finished())
    backend.rate(4)
    assert backend.screenSending
    qtbot.waitUntil(lambda: backend.screen == "thanks", timeout=3000)
    assert client.commands() == [("rate", "t-A007", 4, [])]
    assert backend.recorded == [{"ticket": "t-A007", "level": 4, "reasons": []}]
    qtbot.waitUntil(lambda: backend.screen == "idle", timeout=3000)
    backend.rate(5)  # idle: a stray tap records nothing
    assert client.commands() == [("rate", "t-A007", 4, [])]


def test_the_lowest_levels_need_a_reason_recorded_in_chinese(qtbot, pad):
    backend, client = pad
    backend.setLanguage("en")
    backend._on_event(finished())
    backend.rate(2)
    assert backend.screenReasons and backend.levelText == ratings.label_en(2)
    backend.submitReasons([])
    assert backend.error != "" and client.commands() == []
    assert backend.reasons[0]["value"] == "等候时间长"
    backend.submitReasons(["等候时间长"])
    qtbot.waitUntil(lambda: backend.screen == "thanks", timeout=3000)
    assert client.commands() == [("rate", "t-A007", 2, ["等候时间长"])]


def test_a_refused_rating_goes_back_to_the_choice_and_already_rated_ends_quietly(qtbot, pad):
    backend, client = pad
    client.answers["rate"] = hall_error("bad_reason", "原因无效", "bad reason", 422)
    backend._on_event(finished())
    backend.rate(1)
    backend.submitReasons(["其他"])
    qtbot.waitUntil(lambda: backend.screen == "reasons" and not backend.busy, timeout=3000)
    assert backend.error == "原因无效" and backend.recorded == []
    client.answers["rate"] = hall_error("already_rated")
    backend.submitReasons(["其他"])
    qtbot.waitUntil(lambda: backend.screen == "thanks", timeout=3000)


def test_a_new_case_before_the_last_was_rated_records_not_rated_for_it(qtbot, pad):
    backend, client = pad
    backend._on_event(finished(number="A001"))
    backend._on_event(finished(number="A002"))
    settle(qtbot, backend)
    assert client.commands() == [("rate", "t-A001", {"not_rated": True})]
    assert backend.ticketNumber == "A002" and backend.screenRate


def test_nobody_rating_before_the_timeout_records_not_rated(qtbot, aloop):
    client = FakeHallClient()
    backend = PadBackend(client, 2, timeout_s=1)
    try:
        backend._on_event(finished())
        qtbot.waitUntil(lambda: backend.screen == "idle", timeout=4000)
        settle(qtbot, backend)
        assert backend.recorded == [{"ticket": "t-A007", "not_rated": True}]
    finally:
        run(qtbot, backend.stop())
