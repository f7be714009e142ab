"""The hall node goes away and comes back; closed services. A hall of its own (it gets killed)."""

from __future__ import annotations

import pytest

from tests.gui.ticket.conftest import make_kiosk
from tests.helpers.gui import find, is_shown, run_async, screen_text, screenshot, tap, text
from tests.helpers.hall import TEST_CONFIG, HallProcess

pytestmark = [pytest.mark.gui]

CONFIG = TEST_CONFIG.replace("[[services]]", """never = { weekdays = [], weekend = [] }

[[services]]
code = "passport"
name = "出入境证件"
prefix = "P"
hours = "never"

[[services]]""", 1)


@pytest.fixture
def own_hall(tmp_path):
    hall = HallProcess(tmp_path, CONFIG).start()
    yield hall
    hall.kill()


def test_hall_offline_says_so_and_recovers_by_itself(qtbot, loop, own_hall, devices):
    printer, _, printer_url, reader_url = devices
    kapp, win = make_kiosk(qtbot, own_hall.url, printer_url, reader_url)
    try:
        # Closed service: greyed, with its hours; tapping it does nothing.
        tile = find(win, "service_passport")
        assert not tile.isEnabled()
        assert "暂停取号" in text(tile, "serviceStatus")
        screenshot(win, "ticket", "16-home-closed-service", qtbot=qtbot, portrait_only=True)

        own_hall.kill()
        qtbot.waitUntil(lambda: is_shown(find(win, "offlineBanner")), timeout=8000)
        assert text(win, "offlineBanner") == "暂停取号 · 与大厅服务器的连接已中断"
        qtbot.waitUntil(lambda: not find(win, "service_social").isEnabled(), timeout=3000)
        assert not find(win, "greenButton").isEnabled()
        screenshot(win, "ticket", "17-home-offline", qtbot=qtbot)

        # A request that was already under way when the link went: told plainly, not stuck.
        kapp.backend._link = "online"  # as if the kiosk had not noticed yet
        kapp.backend.chooseService("social")
        qtbot.waitUntil(lambda: kapp.backend.screen == "message", timeout=15000)
        assert text(win, "messageTitle") == "暂停取号"
        assert "无法连接大厅服务器" in text(win, "messageBody")
        screenshot(win, "ticket", "18-message-offline", qtbot=qtbot, portrait_only=True)
        tap(qtbot, win, "messageHome")

        own_hall.start()  # same port, same database
        qtbot.waitUntil(lambda: not is_shown(find(win, "offlineBanner")), timeout=15000)
        tap(qtbot, win, "service_social")
        qtbot.waitUntil(lambda: kapp.backend.screen == "done", timeout=8000)
        assert text(win, "doneNumber").startswith("C")
        assert printer.wait_tickets(1, 5)
        assert "暂停取号" not in screen_text(win)
    finally:
        run_async(qtbot, kapp.stop())
