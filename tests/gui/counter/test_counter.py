"""The counter terminal against a real hall node: sign in, call, serve, transfer, pause, sign off."""

import pytest

from tests.gui.demo.apphelpers import api, issue
from tests.helpers.hall import TOKENS

pytestmark = [pytest.mark.gui, pytest.mark.integration]

TEST_STAFF = ""  # the test hall has no [[staff]]: any id signs in


def counter(hall, window, token=None):
    from kiosk.apps.counter.app import build_counter

    return lambda: build_counter(hall.url, token or TOKENS[f"counter{window}"], window)


def sign_in(app, staff="S9"):
    app.item("staffField").setProperty("text", staff)
    app.item("pinField").setProperty("text", "1234")
    app.click("signInButton")
    app.wait(lambda: app.backend.state == "open")


def test_sign_in_call_serve_and_finish_through_the_buttons(qtbot, hall, open_app):
    a = issue(hall, "social")
    b = issue(hall, "tax")
    app = open_app(counter(hall, 3))
    assert app.item("signInPane").property("visible")
    app.shot("counter", "01-sign-in")
    sign_in(app)
    app.wait(lambda: len(app.backend.waiting) == 2)
    assert not app.item("signInPane").property("visible")
    app.click("callNextButton")
    app.wait(lambda: app.text("currentNumber") == a["number"])
    assert api(hall, "admin", "GET", f"/api/v1/tickets/{a['id']}")["state"] == "called"
    app.shot("counter", "02-called")
    app.click("startButton")
    app.wait(lambda: app.backend.current.get("state") == "serving")
    app.click("finishButton")
    app.wait(lambda: app.backend.servedToday == 1 and not app.backend.current)
    assert api(hall, "admin", "GET", f"/api/v1/tickets/{a['id']}")["state"] == "done"
    assert "1" in app.text("servedToday")
    # the pad (elsewhere) rates: the counter's satisfaction today follows
    api(hall, "pad2", "GET", "/api/v1/queue")
    app.wait(lambda: [q["waiting"] for q in app.backend.queue] == [0, 1])
    app.shot("counter", "03-after-finish")
    assert b["number"] in [t["number"] for t in app.backend.waiting]
