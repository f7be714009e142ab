"""The hall display against a real hall node: calls within a second, the live satisfaction board,
and catching up after a dropped link or a hall node restart."""

import time

import pytest

from tests.gui.demo.apphelpers import api, issue
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.hall import TOKENS, HallProcess

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def display(url, announced=None):
    from kiosk.apps.display.app import build_display

    def build():
        backend, screen = build_display(url, TOKENS["display"], voice=False)
        if announced is not None:
            backend.announce = lambda number, window, recall: announced.append((number, window, recall))
        return backend, screen
    return build


def call_and_finish(hall, window, service="social", rate=None):
    who = f"counter{window}"
    api(hall, who, "POST", f"/api/v1/windows/{window}/sign-in", {"staff": f"S{window}"})
    t = issue(hall, service)
    called = api(hall, who, "POST", f"/api/v1/windows/{window}/call", {"ticket": t["id"]})
    if rate is not None:
        api(hall, who, "POST", f"/api/v1/tickets/{called['id']}/finish")
        rater = f"pad{window}" if f"pad{window}" in TOKENS else who  # window 3 has no pad: the counter rates
        api(hall, rater, "POST", f"/api/v1/tickets/{called['id']}/rating", rate)
    return called


def board_row(app, window):
    return next((r for r in app.backend.board if r["window"] == window), None)


def test_calls_show_within_a_second_newest_first_and_are_announced_in_order(qtbot, hall, open_app):
    said = []
    app = open_app(display(hall.url, said))
    assert app.text("latestText") == "欢迎光临,请留意叫号"
    app.shot("display", "01-empty")
    a = call_and_finish(hall, 2)
    t0 = time.monotonic()
    app.wait(lambda: app.text("latestText") == f"请 {a['number']} 号 到 2 号窗口", 1000)
    assert time.monotonic() - t0 < 1.0
    b = call_and_finish(hall, 3)
    app.wait(lambda: [c["number"] for c in app.backend.calls[:2]] == [b["number"], a["number"]], 1000)
    assert app.text("latestText") == f"请 {b['number']} 号 到 3 号窗口"
    api(hall, "counter2", "POST", f"/api/v1/tickets/{a['id']}/recall")
    app.wait(lambda: app.text("latestText") == f"再次呼叫 {a['number']} 号 到 2 号窗口", 1000)
    assert said == [(a["number"], 2, False), (b["number"], 3, False), (a["number"], 2, True)]
    # waiting per service comes from the hall's own estimate
    issue(hall, "social")
    app.wait(lambda: any(q["service"] == "social" and q["waiting"] == 1 for q in app.backend.queue))
    app.shot("display", "02-calls")


def test_the_satisfaction_board_follows_each_rating(qtbot, hall, open_app):
    app = open_app(display(hall.url))
    call_and_finish(hall, 2, rate={"level": 5})
    app.wait(lambda: (board_row(app, 2) or {}).get("ratings") == 1, 1000)
    call_and_finish(hall, 2, rate={"level": 2, "reasons": ["等候时间长"]})
    app.wait(lambda: board_row(app, 2)["dist"] == [1, 0, 0, 1, 0], 1000)
    assert board_row(app, 2)["rate"] == "50.0%"
    call_and_finish(hall, 3, rate={"not_rated": True})
    app.wait(lambda: board_row(app, 3) is not None and board_row(app, 3)["not_rated"] == 1)
    assert board_row(app, 3)["ratings"] == 0 and board_row(app, 3)["rate"] == "—"
    assert app.backend.totalRatings == 2 and app.backend.totalRate == "50.0%"
    assert "50.0%" in app.text("boardTotals")
    app.shot("display", "03-board")


def test_a_rating_made_while_the_link_is_down_shows_after_the_resync(qtbot, hall, open_app):
    with FaultProxy(hall.port) as proxy:
        app = open_app(display(f"http://127.0.0.1:{proxy.port}"))
        first = app.backend.resyncs
        proxy.down = True
        proxy.cut()
        app.wait(lambda: app.backend.link != "online", 5000)
        app.wait(lambda: app.item("linkWarning").property("visible"))
        app.shot("display", "04-offline")
        call_and_finish(hall, 2, rate={"level": 4})  # the pad rates while the display is cut off
        assert board_row(app, 2) is None
        proxy.down = False
        app.wait(lambda: app.backend.link == "online" and app.backend.resyncs > first, 10000)
        app.wait(lambda: (board_row(app, 2) or {}).get("ratings") == 1)
        assert not app.item("linkWarning").property("visible")


def test_the_display_catches_up_after_a_hall_node_restart(qtbot, tmp_path, open_app):
    hall = HallProcess(tmp_path).start()
    try:
        app = open_app(display(hall.url))
        a = call_and_finish(hall, 2)
        app.wait(lambda: app.backend.calls and app.backend.calls[0]["number"] == a["number"])
        hall.kill()
        app.wait(lambda: app.backend.link != "online", 5000)
        hall2 = HallProcess(tmp_path, db=hall.db)
        hall2.port, hall2.url = hall.port, hall.url  # the same address, as after a real restart
        hall2.start()
        hall = hall2
        b = call_and_finish(hall, 3, rate={"level": 5})
        app.wait(lambda: app.backend.link == "online", 10000)
        app.wait(lambda: [c["number"] for c in app.backend.calls[:2]] == [b["number"], a["number"]])
        app.wait(lambda: (board_row(app, 3) or {}).get("ratings") == 1)
    finally:
        hall.kill()


def test_the_hall_led_strip_scrolls_the_latest_calls(qtbot, hall, open_app):
    """With --strip-bus the display also drives the hall LED strip over the hall bus (here a
    simulated strip behind a real pty), newest call first, in GBK."""
    from drivers.sim.bus import SimStrip
    from kiosk.apps.display.app import build_display
    from tests.helpers.bus import running_sim

    strip = SimStrip(30)
    with running_sim([strip], baudrate=115200) as sim:
        app = open_app(lambda: build_display(hall.url, TOKENS["display"], voice=False,
                                             strip_bus=sim.path, strip_address=30))
        a = call_and_finish(hall, 2)
        b = call_and_finish(hall, 3)
        # qtbot keeps the Qt loop (and so the display) running while we wait
        qtbot.waitUntil(lambda: b["number"] in strip.text and a["number"] in strip.text, timeout=5000)
        assert strip.text.index(b["number"]) < strip.text.index(a["number"])  # newest first
        app.wait(lambda: app.text("latestText") == f"请 {b['number']} 号 到 3 号窗口")
        # the strip's bus reports its health to the hall like every other device
        def reported():
            return {(d["device"], d["state"]) for d in api(hall, "admin", "GET", "/api/v1/devices")}
        app.wait(lambda: {("display-1/hall-strip-bus", "connected"), ("display-1/hall-strip-30", "connected")}
                 <= reported(), 5000)


def test_a_call_already_in_the_snapshot_is_still_announced_once(qapp):
    """A state pull can land before the call's own event (the pull is triggered by the event
    before it). The event must still announce the call and update the strip, exactly once."""
    from kiosk.apps.display.backend import DisplayBackend
    from kiosk.protocol.client import HallClient

    said, strip = [], []
    backend = DisplayBackend(HallClient("http://127.0.0.1:9", "unused-token"), announce=lambda *a: said.append(a),
                             strip=strip.append)
    backend.refresh_soon = lambda: None  # no network in this test
    backend._state_seq = 10  # the snapshot already reflects seq 10
    ticket = {"number": "C007", "window": 3}
    backend._on_event({"type": "ticket.called", "seq": 9, "payload": {"ticket": ticket, "window": 3}})
    backend._on_event({"type": "ticket.recall", "seq": 11, "payload": {"ticket": ticket, "window": 3}})
    assert said == [("C007", 3, False), ("C007", 3, True)]
    assert len(strip) == 2
