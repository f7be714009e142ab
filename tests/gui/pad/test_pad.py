"""The on-screen rating pad against a real hall node: invite on finish, rate, reasons, timeout."""

import pytest

from tests.gui.demo.apphelpers import api, issue
from tests.helpers.hall import TOKENS

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def pad(hall, window=2, timeout_s=30, thanks_s=0.5):
    from kiosk.apps.pad.app import build_pad

    return lambda: build_pad(hall.url, TOKENS[f"pad{window}"], window, timeout_s=timeout_s, thanks_s=thanks_s)


def serve(hall, window=2, service="social"):
    """Another terminal (the counter) serves one citizen at ``window`` and finishes."""
    t = issue(hall, service)
    who = f"counter{window}"
    api(hall, who, "POST", f"/api/v1/windows/{window}/sign-in", {"staff": "S1"})
    called = api(hall, who, "POST", f"/api/v1/windows/{window}/call", {"ticket": t["id"]})
    api(hall, who, "POST", f"/api/v1/tickets/{called['id']}/finish")
    return t


def rating_of(hall, ticket_id):
    day = api(hall, "admin", "GET", "/api/v1/stats/today")
    return day


def test_finish_invites_then_a_tap_records_the_rating(qtbot, hall, open_app):
    app = open_app(pad(hall))
    assert app.item("idleScreen").property("visible")
    app.shot("pad", "01-idle")
    t = serve(hall)
    app.wait(lambda: app.backend.screen == "rate")
    assert app.backend.ticketNumber == t["number"]
    app.shot("pad", "02-rate")
    app.click("level5")
    app.wait(lambda: app.backend.screen == "thanks")
    app.shot("pad", "03-thanks")
    w = next(w for w in api(hall, "admin", "GET", "/api/v1/stats/today")["windows"] if w["window"] == 2)
    assert w["ratings"] == 1 and w["distribution"]["5"] == 1
    app.wait(lambda: app.backend.screen == "idle", 3000)


def test_the_lowest_levels_need_a_reason(qtbot, hall, open_app):
    app = open_app(pad(hall))
    serve(hall)
    app.wait(lambda: app.backend.screen == "rate")
    app.click("level1")
    app.wait(lambda: app.backend.screen == "reasons")
    assert not app.item("submitReasons").property("enabled")  # no reason yet: cannot submit
    app.click("reason0")
    app.click("reason2")
    app.wait(lambda: app.item("submitReasons").property("enabled"))
    app.shot("pad", "04-reasons")
    app.click("submitReasons")
    app.wait(lambda: app.backend.screen in ("thanks", "idle"))
    assert app.backend.recorded[-1]["level"] == 1
    assert app.backend.recorded[-1]["reasons"] == ["等候时间长", "一次性告知不到位"]
    w = next(w for w in api(hall, "admin", "GET", "/api/v1/stats/today")["windows"] if w["window"] == 2)
    assert w["distribution"]["1"] == 1


def test_nobody_rating_records_not_rated(qtbot, hall, open_app):
    app = open_app(pad(hall, timeout_s=1))
    t = serve(hall)
    app.wait(lambda: app.backend.screen == "rate")
    app.wait(lambda: app.backend.screen == "idle", 5000)
    app.wait(lambda: app.backend.recorded == [{"ticket": t["id"], "not_rated": True}], 5000)
    w = next(w for w in api(hall, "admin", "GET", "/api/v1/stats/today")["windows"] if w["window"] == 2)
    assert w["not_rated"] == 1 and w["ratings"] == 0


def test_pad_ignores_other_windows_and_shows_its_staff(qtbot, hall, open_app):
    app = open_app(pad(hall, window=1))
    serve(hall, window=2)  # window 2's case: not this pad's
    api(hall, "counter1", "POST", "/api/v1/windows/1/sign-in", {"staff": "S7"})
    app.wait(lambda: app.backend.windowState == "open")
    assert app.backend.screen == "idle"


def test_english_when_selected(qtbot, qapp, hall, open_app):
    from kiosk.apps.runtime import Translations
    from kiosk.i18n_build import build_translations

    build_translations()
    app = open_app(pad(hall))
    tr = Translations(qapp, app.screen.engine)
    try:
        assert tr.set_language("en")
        app.backend.setLanguage("en")
        serve(hall)
        app.wait(lambda: app.backend.screen == "rate")
        app.wait(lambda: app.item("footerText").property("text").startswith("Closes in"))
        app.shot("pad", "05-rate-english")
    finally:
        tr.set_language("zh")
