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


def test_two_counters_pressing_call_next_together_never_get_the_same_ticket(qtbot, hall, open_app):
    tickets = [issue(hall, "social") for _ in range(3)]
    two, three = open_app(counter(hall, 2)), open_app(counter(hall, 3))
    for app in (two, three):
        sign_in(app)
        app.wait(lambda app=app: len(app.backend.waiting) == 3)
    two.click("callNextButton")  # both presses are in flight before either answer comes back
    three.click("callNextButton")
    two.wait(lambda: two.backend.current and three.backend.current)
    got = {two.backend.current["number"], three.backend.current["number"]}
    assert got == {tickets[0]["number"], tickets[1]["number"]}
    states = {t["number"]: api(hall, "admin", "GET", f"/api/v1/tickets/{t['id']}")["window"] for t in tickets}
    assert states[two.backend.current["number"]] == 2 and states[three.backend.current["number"]] == 3
    two.wait(lambda: [t["number"] for t in two.backend.waiting] == [tickets[2]["number"]])


def test_sign_off_is_refused_while_its_tickets_wait_then_overridden_with_a_reason(qtbot, hall, open_app):
    issue(hall, "tax")  # only window 3 serves tax
    app = open_app(counter(hall, 3))
    sign_in(app)
    app.click("signOffButton")
    app.wait(lambda: app.item("signOffDialog").property("visible"))
    assert "还有 1 位群众只能由本窗口办理" in app.text("signOffMessage")
    assert app.backend.state == "open"
    assert api(hall, "admin", "GET", "/api/v1/windows/3")["state"] == "open"
    app.shot("counter", "04-sign-off-refused")
    assert not app.item("overrideSignOff").property("enabled")  # no reason, no override
    app.item("overrideReason").setProperty("text", "系统维护")
    app.wait(lambda: app.item("overrideSignOff").property("enabled"))
    app.click("overrideSignOff")
    app.wait(lambda: app.backend.state == "signed_off")
    assert not app.item("signOffDialog").property("visible")
    assert api(hall, "admin", "GET", "/api/v1/windows/3")["state"] == "signed_off"


def test_call_chosen_recall_no_show_transfer_pause_and_hotkeys(qtbot, hall, open_app):
    from PySide6.QtCore import Qt

    a, b, c = issue(hall, "social"), issue(hall, "social"), issue(hall, "tax")
    app = open_app(counter(hall, 3))
    sign_in(app)
    app.wait(lambda: len(app.backend.waiting) == 3)
    app.click(f"waiting_{b['number']}")  # choose the second in line and call it
    app.click("callSelectedButton")
    app.wait(lambda: app.backend.current.get("number") == b["number"])
    app.key(Qt.Key.Key_F2)  # recall, twice, by hotkey
    app.wait(lambda: app.backend.current.get("recalls") == 1)
    app.key(Qt.Key.Key_F2)
    app.wait(lambda: app.backend.current.get("recalls") == 2)
    app.key(Qt.Key.Key_F5)  # no-show
    app.wait(lambda: not app.backend.current)
    assert api(hall, "admin", "GET", f"/api/v1/tickets/{b['id']}")["state"] == "no_show"
    app.key(Qt.Key.Key_F1)  # call next: the head of the queue
    app.wait(lambda: app.backend.current.get("number") == a["number"])
    app.click("transferButton")
    app.wait(lambda: app.item("transferDialog").property("visible"))
    app.shot("counter", "05-transfer")
    app.click("transferWindow_1")
    app.wait(lambda: not app.backend.current and not app.backend.busy)
    moved = api(hall, "admin", "GET", f"/api/v1/tickets/{a['id']}")
    assert moved["state"] == "waiting" and moved["target_window"] == 1
    # a ticket that is not there any more: the hall's message, in Chinese, on screen
    app.backend.callTicket(b["id"])
    app.wait(lambda: app.backend.error != "" and not app.backend.busy)
    assert b["number"] in app.text("message")  # e.g. "票号 C002 已过号, 不能叫号"
    app.click("pauseButton")
    app.wait(lambda: app.item("pauseDialog").property("visible"))
    app.shot("counter", "06-pause-reasons")
    app.click("pauseReason3")  # 会议
    app.wait(lambda: app.backend.state == "paused")
    assert app.backend.pauseReason == "会议"
    assert not app.item("callNextButton").property("enabled")
    app.shot("counter", "07-paused")
    app.click("pauseButton")  # now reads 恢复服务
    app.wait(lambda: app.backend.state == "open")
    assert c["number"] in [t["number"] for t in app.backend.waiting]


def test_the_hall_going_away_reads_clearly_and_the_counter_recovers(qtbot, tmp_path, open_app):
    from tests.helpers.hall import HallProcess

    hall = HallProcess(tmp_path).start()
    try:
        t = issue(hall, "social")
        app = open_app(counter(hall, 3))
        sign_in(app)
        hall.kill()
        app.click("callNextButton")
        app.wait(lambda: "暂时无法连接大厅服务器" in app.text("message"), 15000)
        assert not app.backend.busy and app.item("callNextButton").property("enabled")
        app.shot("counter", "08-hall-unreachable")
        hall2 = HallProcess(tmp_path, db=hall.db)
        hall2.port, hall2.url = hall.port, hall.url
        hall = hall2.start()
        app.wait(lambda: app.backend.link == "online", 10000)
        app.click("callNextButton")
        app.wait(lambda: app.backend.current.get("number") == t["number"])
    finally:
        hall.kill()
