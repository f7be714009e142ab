"""Every counter action, in every state: its F-key, its button and the core's predicate agree.

Walks window state x current ticket state (or none) x busy x a chosen waiting ticket (or
none) on the real QML, with the backend fed by a fake client (no hall process)."""

import itertools

import pytest

from kiosk.core import windows as rules
from kiosk.core.tickets import TicketState
from kiosk.core.windows import WindowState
from tests.helpers.stubs import FakeHallClient, ticket, window_row

pytestmark = [pytest.mark.gui]

# action -> (button, shortcut, the rule it must follow given (window state, ticket state, selected))
ACTIONS = {
    "call next": ("callNextButton", "callNextKey", lambda w, t, sel: rules.can_call(w, t)),
    "recall": ("recallButton", "recallKey", lambda w, t, sel: rules.can_recall(w, t)),
    "start": ("startButton", "startKey", lambda w, t, sel: rules.can_start(w, t)),
    "finish": ("finishButton", "finishKey", lambda w, t, sel: rules.can_finish(w, t)),
    "no-show": ("noShowButton", "noShowKey", lambda w, t, sel: rules.can_no_show(w, t)),
    "transfer": ("transferButton", "transferKey", lambda w, t, sel: rules.can_transfer(w, t)),
    "pause/resume": ("pauseButton", "pauseKey",
                     lambda w, t, sel: rules.can_pause(w, t) or rules.can_resume(w)),
    "call selected": ("callSelectedButton", "callSelectedKey", lambda w, t, sel: rules.can_call(w, t) and sel),
    "sign off": ("signOffButton", "signOffKey", lambda w, t, sel: rules.can_sign_off(w, t)),
}


@pytest.fixture
def counter_screen(qtbot, aloop):
    from kiosk.apps.common_backend import QmlScreen
    from kiosk.apps.counter.backend import CounterBackend

    backend = CounterBackend(FakeHallClient(), 3)
    screen = QmlScreen("counter/CounterMain.qml", backend)
    yield backend, screen
    screen.dispose()


def test_every_shortcut_binds_to_its_buttons_rule_in_every_state(qtbot, counter_screen):
    backend, screen = counter_screen
    waiting = [{**ticket("A002", "waiting", window=None), "issued_at": "2026-12-01T08:40:00+08:00"}]
    checked = 0
    for ws, ts, busy, selected in itertools.product(list(WindowState), [None, *TicketState],
                                                    (False, True), (False, True)):
        current = ticket("A001", ts.value) if ts is not None else None
        backend._apply_window(window_row(3, ws.value, current=current))
        backend.apply_state({"hall": {"name": "测试大厅"}, "windows": [window_row(3, ws.value, current=current)],
                             "queue": []}, waiting, window_row(3, ws.value, current=current))
        backend.select("t-A002" if selected else "")
        backend._set("busy", busy)
        qtbot.wait(0)
        for action, (button, key, rule) in ACTIONS.items():
            expected = (not busy) and rule(ws, ts, selected)
            b = screen.find(button).property("enabled")
            k = screen.find(key).property("enabled")
            where = f"{action} with window {ws.value}, ticket {ts}, busy {busy}, selected {selected}"
            assert b == expected, f"button: {where}"
            assert k == expected, f"shortcut: {where}"
            checked += 1
    assert checked == len(WindowState) * (len(TicketState) + 1) * 2 * 2 * len(ACTIONS)


def test_the_sign_in_button_follows_can_sign_in(qtbot, counter_screen):
    backend, screen = counter_screen
    screen.find("staffField").setProperty("text", "S1")
    for ws, busy in itertools.product(list(WindowState), (False, True)):
        backend._apply_window(window_row(3, ws.value))
        backend._set("busy", busy)
        qtbot.wait(0)
        assert screen.find("signInButton").property("enabled") == (rules.can_sign_in(ws) and not busy)
        assert screen.find("signInPane").property("visible") == (ws == WindowState.SIGNED_OFF)


def test_in_english_the_counter_shows_no_chinese_of_its_own(qtbot, counter_screen):
    """Every word the counter itself shows has its English (data such as names is the hall's)."""
    import re

    from PySide6.QtCore import QCoreApplication

    from kiosk.apps.runtime import Translations
    from kiosk.i18n_build import build_translations
    from tests.gui.demo.apphelpers import SHOTS
    from tests.helpers.gui import texts

    backend, screen = counter_screen
    build_translations()
    tr = Translations(QCoreApplication.instance(), screen.engine)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    try:
        assert tr.set_language("en")
        backend.setLanguage("en")
        state = {"hall": {"name": "Test hall"}, "queue": [
            {"service": "social", "name": "社保", "name_en": "Social security", "waiting": 2, "estimated_wait_s": 300}]}
        waiting = [{**ticket("A002", "waiting", window=None, service_name="Social security", priority="green")}]
        for name, ws, current in (("called", "open", ticket("A001", "called", service_name="Social security",
                                                                recalls=1)),
                                  ("paused", "paused", None), ("signed-off", "signed_off", None)):
            row = window_row(3, ws, current=current, name="General", staff_name="Zhang", staff_number="S1",
                             pause_reason="Meeting", services=["social"])
            backend.apply_state({**state, "windows": [row]}, waiting, row)
            qtbot.wait(20)
            shown = [t for t in texts(screen.window) if cjk.search(t.replace("中文", ""))]  # the language key
            screen.screenshot(SHOTS / "counter" / f"10-english-{name}.png")
            assert shown == [], f"{name}: {shown}"
    finally:
        tr.set_language("zh")


def test_a_window_that_does_not_work_today_says_so_on_its_sign_in_card(qtbot, counter_screen):
    from tests.gui.demo.apphelpers import SHOTS

    backend, screen = counter_screen
    row = {**window_row(3, "signed_off"), "works_today": False}
    backend._apply_window(row)
    qtbot.wait(50)
    note = screen.find("notWorkingToday")
    assert note.property("visible") and not screen.find("signInButton").property("enabled")
    # with the note added the sign-in button is still on screen (screenshot: 11-not-working-today.png)
    card_bottom = screen.find("signInButton").mapToItem(None, 0, 0).y() + screen.find("signInButton").height()
    assert card_bottom <= screen.window.height()
    screen.screenshot(SHOTS / "counter" / "11-not-working-today.png")
