"""The hall display's backend with a fake hall client: calls and recalls under the old and the
new event names, the board's rate from the core, labels from the core, and device health
(LED strip, voice) through the shared reporter."""

import concurrent.futures

import pytest

from drivers.supervision import ConnectionState
from kiosk.apps.display.app import VOICE_DEVICE, make_strip, voice_health
from kiosk.apps.display.backend import DisplayBackend
from kiosk.core import ratings
from kiosk.core.metrics import satisfaction_rate_of
from tests.gui.demo.apphelpers import run
from tests.helpers.stubs import FakeHallClient, hall_state, window_row


@pytest.fixture
def display(qtbot, aloop):
    client = FakeHallClient()
    said, strip = [], []
    backend = DisplayBackend(client, announce=lambda *a: said.append(a), strip=strip.append)
    yield backend, client, said, strip
    run(qtbot, backend.stop())


def call(name, number, window, seq):
    return {"type": name, "seq": seq, "payload": {"window": window, "ticket": {"number": number, "window": window}}}


@pytest.mark.parametrize("called, recalled", [("ticket.called", "ticket.recalled"), ("ticket.called", "ticket.recall")])
def test_calls_and_recalls_are_shown_announced_and_stripped_under_either_name(qtbot, display, called, recalled):
    backend, client, said, strip = display
    backend._on_event(call(called, "A001", 2, 1))
    backend._on_event(call(called, "B002", 3, 2))
    backend._on_event(call(recalled, "A001", 2, 3))
    assert [(c["number"], c["window"], c["recall"]) for c in backend.calls] == [
        ("A001", 2, True), ("B002", 3, False)]
    assert said == [("A001", 2, False), ("B002", 3, False), ("A001", 2, True)]
    assert strip[-1] == [("A001", 2), ("B002", 3)]
    qtbot.waitUntil(lambda: "state" in client.names(), timeout=3000)  # then reconciled with the hall


def test_health_events_and_unknown_events_change_nothing(qtbot, display):
    backend, _, said, _ = display
    backend._on_event({"type": "device.health", "seq": 1, "payload": {}})
    backend._on_event({"type": "a.newer_event", "seq": 2, "payload": {"window": 2}})
    assert backend.calls == [] and said == []


def test_the_board_and_totals_use_the_cores_satisfaction_rate(qtbot, display):
    backend, client, _, _ = display
    dist = {"5": 3, "4": 1, "3": 1, "2": 1, "1": 1}
    client.state_answer = hall_state([
        window_row(2, "open", staff_name="王*", staff_number="S2",
                   satisfaction={"ratings": 7, "not_rated": 1, "distribution": dist}),
        window_row(3, "signed_off"),  # nobody rated at a closed window: not on the board
    ], seq=4)
    run(qtbot, backend.pull())
    row = backend.board[0]
    expected = satisfaction_rate_of(dist)
    assert [r["window"] for r in backend.board] == [2]
    assert row["dist"] == [3, 1, 1, 1, 1] and row["rate"] == f"{expected * 100:.1f}%"
    assert backend.totalRatings == 7 and backend.totalRate == row["rate"]
    # a live rating (newer than the snapshot) counts at once
    backend._on_event({"type": "rating.recorded", "seq": 5, "payload": {"window": 2, "rated": True, "level": 1}})
    dist["1"] += 1
    assert backend.board[0]["dist"] == [3, 1, 1, 1, 2]
    assert backend.board[0]["rate"] == f"{satisfaction_rate_of(dist) * 100:.1f}%"
    # one already in the snapshot does not count twice
    backend._on_event({"type": "rating.recorded", "seq": 3, "payload": {"window": 2, "rated": True, "level": 5}})
    assert backend.board[0]["dist"] == [3, 1, 1, 1, 2]


def test_level_headings_come_from_the_core_in_the_screens_language(qtbot, display):
    backend, *_ = display
    assert backend.levelLabels == [lv.zh for lv in ratings.LEVELS]
    backend.setLanguage("en")
    assert backend.levelLabels == [lv.en for lv in ratings.LEVELS]


def test_an_announcement_that_fails_reports_a_degraded_voice_and_the_next_clears_it():
    seen = []
    failed: concurrent.futures.Future = concurrent.futures.Future()
    failed.set_exception(RuntimeError("no clip"))
    voice_health(seen.append)(failed)
    ok: concurrent.futures.Future = concurrent.futures.Future()
    ok.set_result(2.5)
    voice_health(seen.append)(ok)
    assert [(h.device, h.kind, h.state) for h in seen] == [
        (VOICE_DEVICE, "voice", ConnectionState.DEGRADED), (VOICE_DEVICE, "voice", ConnectionState.CONNECTED)]
    assert seen[0].code == "announcement_failed"


@pytest.mark.integration
def test_the_led_strip_bus_reports_its_health(tmp_path):
    """The strip's bus used to report to nobody; now its Supervisor feeds the reporter."""
    from drivers.sim.bus import SimStrip
    from tests.helpers.bus import running_sim, wait_until

    seen, closers = [], []
    with running_sim([SimStrip(30)], baudrate=115200) as sim:
        show = make_strip(sim.path, 30, closers, on_health=seen.append)
        try:
            show([("A001", 2)])
            wait_until(lambda: any(h.device == "hall-strip-bus" and h.state == ConnectionState.CONNECTED
                                   for h in seen), timeout=5)
        finally:
            for close in closers:
                close()
