"""The real kiosk QML over the backend with a fake hall: what a person sees follows the hall's
green-channel age, the screens are in the backend's order, and a language switch re-renders
what the backend wrote."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.apps.runtime import QML_DIR, Translations, load_qml
from kiosk.apps.ticket.model import Screen
from tests.helpers.gui import find, is_shown, screenshot, tap, text
from tests.helpers.stubs import hall_error
from tests.unit.kiosk.apps.ticket.conftest import wait_screen

pytestmark = [pytest.mark.gui]

SCREEN_ITEMS = {Screen.HOME: "homeScreen", Screen.CARD: "cardScreen", Screen.MANUAL: "manualScreen",
                Screen.BUSY: "busyScreen", Screen.DONE: "doneScreen", Screen.MESSAGE: "messageScreen",
                Screen.ADMIN_PIN: "adminPinScreen", Screen.ADMIN: "adminScreen"}


@pytest.fixture
def screen(qapp, make):
    """make_screen(**hall) -> (window, backend, client, devices)."""
    engines = []
    translations = Translations(qapp)

    def build(**hall):
        backend, client, devices = make(**hall)
        backend._fullscreen = False
        backend.translations = translations
        engine = QQmlApplicationEngine()
        translations.engine = engine
        window = load_qml(engine, QML_DIR / "ticket" / "Main.qml", {"kiosk": backend})
        engines.append(engine)
        return window, backend, client, devices

    yield build
    translations.set_language("zh")
    for engine in engines:  # the QML goes before its backend
        for obj in engine.rootObjects():
            shiboken6.delete(obj)
        shiboken6.delete(engine)


def test_the_green_button_and_card_screen_show_the_halls_age(qtbot, screen):
    win, backend, _, _ = screen(green_channel_age=65)
    qtbot.waitUntil(lambda: "65 岁以上" in text(win, "greenButton"), timeout=3000)
    assert "70" not in text(win, "greenButton")
    screenshot(win, "ticket", "19-home-green-age-65", qtbot=qtbot)
    tap(qtbot, win, "greenButton")
    tap(qtbot, win, "service_social")
    wait_screen(qtbot, backend, Screen.CARD)
    shown = [t for t in _texts(find(win, "cardScreen")) if "岁以上" in t]
    assert shown and all("65 岁以上" in t for t in shown)
    screenshot(win, "ticket", "20-card-green-age-65", qtbot=qtbot)


def test_without_the_halls_age_the_policy_default_is_shown(qtbot, screen):
    win, _, _, _ = screen()
    qtbot.waitUntil(lambda: "70 岁以上" in text(win, "greenButton"), timeout=3000)


def test_each_screen_index_shows_its_own_screen(qtbot, screen):
    win, backend, _, _ = screen()
    for s, item in SCREEN_ITEMS.items():
        backend.screens.go(s)
        qtbot.waitUntil(lambda item=item: is_shown(find(win, item)), timeout=2000)
        others = [name for other, name in SCREEN_ITEMS.items() if other != s and is_shown(find(win, name))]
        assert others == []


def test_closed_services_are_greyed_by_their_flags(qtbot, screen):
    win, _, _, _ = screen()
    qtbot.waitUntil(lambda: find(win, "service_tax") is not None, timeout=3000)
    assert not find(win, "service_tax").isEnabled() and not find(win, "service_night").isEnabled()
    assert find(win, "service_social").isEnabled()
    assert "今日号已取完" in text(find(win, "service_tax"), "serviceStatus")
    assert "18:00 开始取号" in text(find(win, "service_night"), "serviceStatus")


def test_a_message_on_screen_changes_language_with_the_citizen(qtbot, screen):
    win, backend, client, _ = screen()
    client.answers["issue"] = hall_error("daily_cap_reached", "该业务今日已满", "fully booked today")
    tap(qtbot, win, "service_social")
    wait_screen(qtbot, backend, Screen.MESSAGE)
    assert (text(win, "messageTitle"), text(win, "messageBody")) == ("今日号已取完", "该业务今日已满")
    backend.setLanguage("en")
    qtbot.waitUntil(lambda: text(win, "messageBody") == "fully booked today", timeout=3000)
    assert text(win, "messageTitle") == "All tickets taken today"
    assert backend.english and text(win, "languageButton") == "中文"
    screenshot(win, "ticket", "22-message-english", qtbot=qtbot)


def _texts(item):
    out, todo = [], [item]
    while todo:
        it = todo.pop()
        value = it.property("text")
        if isinstance(value, str) and value and it.isVisible():
            out.append(value)
        todo.extend(it.childItems())
    return out
