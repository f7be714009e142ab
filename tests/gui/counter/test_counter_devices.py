"""The counter drives its window LED screen and hardware rating pad over a pty (drivers/sim/bus.py):
call/recall show on the screen, finish invites the pad, a key press becomes the hall's rating,
nobody pressing records "not rated"."""

import pytest

from drivers.bus import PadMode
from drivers.sim.bus import SimBus, SimPad, SimScreen
from tests.gui.demo.apphelpers import api, issue
from tests.helpers.hall import TOKENS

pytestmark = [pytest.mark.gui, pytest.mark.integration]


@pytest.fixture
def sim_bus():
    pad, screen = SimPad(3), SimScreen(13)
    sim = SimBus([pad, screen]).start()
    yield sim, pad, screen
    sim.stop()


def test_counter_drives_the_window_screen_and_the_pad(qtbot, hall, open_app, sim_bus):
    from kiosk.apps.counter.app import build_counter

    sim, pad, screen = sim_bus
    app = open_app(lambda: build_counter(hall.url, TOKENS["counter3"], 3, bus=sim.path, pad_address=3,
                                         screen_address=13, pad_timeout_s=1.5))
    a, b = issue(hall, "social"), issue(hall, "social")
    app.item("staffField").setProperty("text", "S9")
    app.click("signInButton")
    app.wait(lambda: app.backend.state == "open")
    app.click("callNextButton")
    app.wait(lambda: screen.text == f"请 {a['number']} 号到 3 号窗口")
    app.click("finishButton")
    app.wait(lambda: "评价器" in app.backend.padStatus)
    app.wait(lambda: pad.mode == PadMode.INVITE and a["number"] in pad.strings, 3000)
    pad.press(4)  # 满意
    app.wait(lambda: app.backend.satisfaction.get("ratings") == 1, 5000)
    w = next(w for w in api(hall, "admin", "GET", "/api/v1/stats/today")["windows"] if w["window"] == 3)
    assert w["distribution"]["4"] == 1
    app.wait(lambda: screen.text != f"请 {a['number']} 号到 3 号窗口")  # back to idle after finish
    # the next citizen leaves without pressing: "not rated" after the pad's timeout
    app.click("callNextButton")
    app.wait(lambda: screen.text == f"请 {b['number']} 号到 3 号窗口")
    app.click("recallButton")
    app.wait(lambda: app.backend.current.get("recalls") == 1)
    app.click("finishButton")
    app.wait(lambda: "未评价" in app.backend.padStatus, 8000)
    w = next(w for w in api(hall, "admin", "GET", "/api/v1/stats/today")["windows"] if w["window"] == 3)
    assert w["not_rated"] == 1 and w["ratings"] == 1
    app.shot("counter", "09-hardware-pad")
    health = api(hall, "admin", "GET", "/api/v1/devices")
    assert any(d["reported_by"] == "counter-3" for d in health)
