"""One rule changed in one place: a hall whose green channel starts at 65 (its config's
``[policy] green_channel_age``) has a kiosk that says 65 and gives a 66-year-old the green
channel, and the hall agrees. A hall of its own (its policy differs from the shared one)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from drivers.sim.idcard import resident_card
from kiosk.core.citizens import id_check_char
from tests.gui.ticket.conftest import make_kiosk
from tests.gui.ticket.test_flows import hall_ticket, place_card, wait_screen
from tests.helpers.gui import run_async, screenshot, tap, text
from tests.helpers.hall import TEST_CONFIG, HallProcess

pytestmark = [pytest.mark.gui]

CONFIG = TEST_CONFIG.replace("[policy]\n", "[policy]\ngreen_channel_age = 65\n", 1)


def aged(years: int, n: int):
    """A card of someone exactly ``years`` old on the hall's date (birthday a week ago)."""
    day = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date() - dt.timedelta(days=7)
    birth = f"{day.year - years:04d}{day.month:02d}{day.day:02d}"
    head = f"350102{birth}{n:03d}"
    return resident_card(f"g{n}", id_number=head + id_check_char(head), birth=birth, name="陈建国")


@pytest.fixture
def hall65(tmp_path):
    hall = HallProcess(tmp_path, CONFIG).start()
    yield hall
    hall.kill()


@pytest.mark.parametrize(("years", "priority"), [(66, "green"), (64, "normal")])
def test_the_kiosk_says_and_applies_the_halls_age(qtbot, loop, hall65, devices, years, priority):
    assert "green_channel_age = 65" in CONFIG
    _printer, reader, printer_url, reader_url = devices
    kapp, win = make_kiosk(qtbot, hall65.url, printer_url, reader_url)
    try:
        qtbot.waitUntil(lambda: "65 岁以上" in text(win, "greenButton"), timeout=5000)
        assert kapp.backend.greenAge == 65
        if years == 66:
            screenshot(win, "ticket", "21-home-hall-green-age-65", qtbot=qtbot, portrait_only=True)
        card = aged(years, years)
        reader.cards[card.key] = card
        tap(qtbot, win, "greenButton")
        tap(qtbot, win, "service_social")
        wait_screen(qtbot, kapp, "card")
        place_card(qtbot, reader, card.key)
        wait_screen(qtbot, kapp, "done")
        note = text(win, "doneNote")
        assert ("(65 岁以上)" if priority == "green" else "仅限 65 岁以上") in note
        assert hall_ticket(hall65, text(win, "doneNumber"))["priority"] == priority
        reader.remove()
    finally:
        run_async(qtbot, kapp.stop())
