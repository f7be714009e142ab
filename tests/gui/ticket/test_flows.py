"""The ticket kiosk driven like a citizen would: taps on the real QML, a real hall node process,
simulated printer and card reader. Each test checks what is on screen, what the hall recorded
and what the printer received, and saves screenshots of the screens it passes through."""

from __future__ import annotations

import pytest

from drivers.sim.idcard import resident_card
from kiosk.core.citizens import id_check_char
from tests.gui.ticket.conftest import PIN, hall_op
from tests.helpers.gui import find, is_shown, screen_text, screenshot, tap, text
from tests.helpers.hall import ELDER_ID, TOKENS

pytestmark = [pytest.mark.gui]


def shoot(qtbot, window, name):
    screenshot(window, "ticket", name, qtbot=qtbot)


def person(n: int, birth: str = "19850607", name: str = "王小明"):
    """A resident card with a valid, unique ID number (invented person)."""
    head = f"350102{birth}{n:03d}"
    number = head + id_check_char(head)
    return resident_card(f"p{n}", id_number=number, birth=birth, name=name), number


class Taps:
    """Counts the citizen's taps."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window, self.count = qtbot, window, 0

    def __call__(self, name):
        tap(self.qtbot, self.window, name)
        self.count += 1


def hall_ticket(hall, number):
    waiting = hall_op(hall.url, TOKENS["kiosk"], lambda c: c.waiting())
    rows = waiting if isinstance(waiting, list) else waiting.get("tickets", waiting.get("waiting", []))
    match = [t for t in rows if t.get("number") == number]
    assert match, f"{number} not in the hall's waiting list: {rows}"
    return hall_op(hall.url, TOKENS["kiosk"], lambda c: c.ticket(match[0]["id"]))


def place_card(qtbot, reader, key):
    """Place a card once the kiosk is polling the reader (it reads a card only after it has
    seen the field empty: one swipe, one read)."""
    seen = len(reader.commands)
    qtbot.waitUntil(lambda: len(reader.commands) >= seen + 2, timeout=5000)
    reader.place(key)


def wait_screen(qtbot, kapp, screen, timeout=8000):
    qtbot.waitUntil(lambda: kapp.backend.screen == screen, timeout=timeout)


def test_ticket_without_id_in_one_tap_printed_announced(qtbot, kiosk, hall):
    kapp, win = kiosk
    shoot(qtbot, win, "01-home")
    assert text(win, "homeTitle") == "请选择您要办理的业务"
    taps = Taps(qtbot, win)
    kapp.sim_printer.faults.baudrate = 19200  # slow enough to see the printing screen
    taps("service_social")
    wait_screen(qtbot, kapp, "busy")
    qtbot.waitUntil(lambda: "正在打印" in text(win, "busyText"), timeout=5000)
    screenshot(win, "ticket", "02-printing", qtbot=qtbot, portrait_only=True)
    wait_screen(qtbot, kapp, "done")
    assert taps.count <= 2
    number = text(win, "doneNumber")
    assert number.startswith("C") and len(number) == 4
    assert text(win, "doneTitle") == "取号成功"
    assert text(win, "doneAhead").endswith("人")
    assert "分钟" in text(win, "doneWait")
    assert is_shown(find(win, "doneHint"))
    # The hall has it, the printer printed it, the kiosk said it.
    assert hall_ticket(hall, number)["service"] == "social"
    assert kapp.sim_printer.wait_tickets(1, 5)
    assert number.encode() in kapp.sim_printer.tickets[-1]
    digits = {"0": "零", "1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六", "7": "七",
              "8": "八", "9": "九"}
    assert kapp.voice.said[-1] == ("chime", "C", *(digits[d] for d in number[1:]), "号")
    shoot(qtbot, win, "03-done")
    tap(qtbot, win, "doneButton")
    wait_screen(qtbot, kapp, "home")


def test_card_service_in_two_taps_and_a_swipe_no_clear_id_anywhere(qtbot, kiosk, hall, caplog):
    kapp, win = kiosk
    card, number = person(1, name="赵晓燕")
    kapp.sim_reader.cards[card.key] = card
    taps = Taps(qtbot, win)
    taps("service_property")
    wait_screen(qtbot, kapp, "card")
    assert text(win, "cardTitle") == "请将身份证放在读卡区"
    assert text(win, "cardService") == "不动产登记"
    assert not is_shown(find(win, "skipCardButton"))  # the service needs the card
    shoot(qtbot, win, "04-card")
    place_card(qtbot, kapp.sim_reader, card.key)
    wait_screen(qtbot, kapp, "done")
    assert taps.count <= 3
    ticket_no = text(win, "doneNumber")
    assert ticket_no.startswith("A")
    assert text(win, "doneHolder") == "取号人:赵**"
    seen = hall_ticket(hall, ticket_no)
    assert seen["citizen"] == {"name": "赵**", "id_number": number[:4] + "*" * 10 + number[-4:]}
    assert kapp.sim_printer.wait_tickets(1, 5)
    everything = screen_text(win) + caplog.text
    assert number not in everything and "赵晓燕" not in everything
    assert number.encode() not in kapp.sim_printer.received
    kapp.sim_reader.remove()


def test_elder_card_turns_on_elder_mode_and_green_channel(qtbot, kiosk, hall):
    kapp, win = kiosk
    tap(qtbot, win, "greenButton")
    assert kapp.backend.greenRequested
    assert "已选绿色通道" in text(win, "greenButton")
    shoot(qtbot, win, "05-home-green")
    tap(qtbot, win, "service_social")  # no ID needed, but the green channel needs the card
    wait_screen(qtbot, kapp, "card")
    assert is_shown(find(win, "skipCardButton"))
    place_card(qtbot, kapp.sim_reader, "elder")  # born 1949
    wait_screen(qtbot, kapp, "done")
    assert kapp.backend.elder, "70+ card switches elder mode on"
    assert is_shown(find(win, "greenBadge"))
    assert "绿色通道" in text(win, "doneNote")
    number = text(win, "doneNumber")
    seen = hall_ticket(hall, number)
    assert seen["priority"] == "green"
    assert seen["citizen"]["id_number"] == ELDER_ID[:4] + "*" * 10 + ELDER_ID[-4:]
    said = kapp.voice.said[-1]
    assert said.count("号") == 2 and "pause" in said  # said twice for elders
    assert said[-1] == "请取走号票,留意叫号"  # and told what to do next
    shoot(qtbot, win, "06-done-elder-green")
    # Big type for real: the number is larger than in normal mode
    assert find(win, "doneNumber").property("font").pixelSize() >= 240
    tap(qtbot, win, "doneButton")
    wait_screen(qtbot, kapp, "home")
    assert not kapp.backend.elder and not kapp.backend.greenRequested  # next citizen: normal
    kapp.sim_reader.remove()


def test_green_requested_under_70_gets_a_normal_ticket_with_a_note(qtbot, kiosk, hall):
    kapp, win = kiosk
    card, _ = person(2)
    kapp.sim_reader.cards[card.key] = card
    tap(qtbot, win, "greenButton")
    tap(qtbot, win, "service_social")
    wait_screen(qtbot, kapp, "card")
    place_card(qtbot, kapp.sim_reader, card.key)
    wait_screen(qtbot, kapp, "done")
    assert "仅限 70 岁以上" in text(win, "doneNote")
    assert hall_ticket(hall, text(win, "doneNumber"))["priority"] == "normal"
    assert not is_shown(find(win, "greenBadge"))
    kapp.sim_reader.remove()


def test_elder_mode_toggle_and_english(qtbot, kiosk):
    kapp, win = kiosk
    normal_size = find(win, "homeTitle").property("font").pixelSize()
    tap(qtbot, win, "elderButton")
    qtbot.waitUntil(lambda: kapp.backend.elder)
    assert find(win, "homeTitle").property("font").pixelSize() > normal_size * 1.2
    assert kapp.voice.said[-1] == ("chime", "请选择您要办理的业务")  # voice guidance is on
    shoot(qtbot, win, "07-home-elder")
    tap(qtbot, win, "elderButton")
    tap(qtbot, win, "languageButton")
    qtbot.waitUntil(lambda: text(win, "homeTitle") == "Please choose a service")
    all_text = screen_text(win)
    assert "Green channel" in text(win, "greenButton")
    assert "No wait" in all_text
    assert text(win, "languageButton") == "中文"
    shoot(qtbot, win, "08-home-english")
    tap(qtbot, win, "languageButton")
    qtbot.waitUntil(lambda: text(win, "homeTitle") == "请选择您要办理的业务")


def test_manual_entry_checks_the_number(qtbot, kiosk, hall):
    kapp, win = kiosk
    _, number = person(3, birth="19900202")
    tap(qtbot, win, "service_property")
    wait_screen(qtbot, kapp, "card")
    tap(qtbot, win, "manualButton")
    wait_screen(qtbot, kapp, "manual")
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    for ch in wrong:
        tap(qtbot, win, f"key_{ch}")
    assert text(win, "manualCount") == "已输入 18 / 18 位"
    shown = text(win, "manualField")
    assert "19900202" not in shown.replace(" ", "") and shown.replace(" ", "").endswith(wrong[-4:])
    tap(qtbot, win, "manualConfirm")
    qtbot.waitUntil(lambda: text(win, "manualError") == "身份证号码有误,请检查后重新输入")
    shoot(qtbot, win, "09-manual-error")
    tap(qtbot, win, "key_back")
    tap(qtbot, win, f"key_{number[-1]}")
    tap(qtbot, win, "manualConfirm")
    wait_screen(qtbot, kapp, "done")
    seen = hall_ticket(hall, text(win, "doneNumber"))
    assert seen["citizen"]["id_number"].endswith(number[-4:])


def test_duplicate_ticket_shows_the_existing_number_and_reprints_it(qtbot, kiosk):
    kapp, win = kiosk
    card, _ = person(4)
    kapp.sim_reader.cards[card.key] = card
    tap(qtbot, win, "service_property")
    wait_screen(qtbot, kapp, "card")
    place_card(qtbot, kapp.sim_reader, card.key)
    wait_screen(qtbot, kapp, "done")
    first = text(win, "doneNumber")
    tap(qtbot, win, "doneButton")
    kapp.sim_reader.remove()
    wait_screen(qtbot, kapp, "home")
    tap(qtbot, win, "service_property")
    wait_screen(qtbot, kapp, "card")
    place_card(qtbot, kapp.sim_reader, card.key)
    wait_screen(qtbot, kapp, "message")
    assert text(win, "messageTitle") == "您已取过该业务的号"
    assert first in text(win, "messageBody")
    assert text(win, "messageNumber") == first
    shoot(qtbot, win, "10-duplicate")
    assert kapp.sim_printer.wait_tickets(1, 5)
    tap(qtbot, win, "reprintButton")
    wait_screen(qtbot, kapp, "done")
    assert text(win, "doneTitle") == "已为您补打号票"
    assert text(win, "doneNumber") == first
    assert kapp.sim_printer.wait_tickets(2, 5)
    assert first.encode() in kapp.sim_printer.tickets[1]
    kapp.sim_reader.remove()


def test_daily_cap_reached(qtbot, kiosk, hall):
    kapp, win = kiosk
    for _ in range(2):  # tax has daily_cap = 3 in the test hall (issue() raises unless it is issued)
        assert hall_op(hall.url, TOKENS["kiosk"], lambda c: c.issue("tax"))["number"]
    status = find(find(win, "service_tax"), "serviceStatus")
    qtbot.waitUntil(lambda: status.property("text").startswith("等候 2 人"), timeout=8000)
    tap(qtbot, win, "service_tax")  # the last one
    wait_screen(qtbot, kapp, "done")
    tap(qtbot, win, "doneButton")
    wait_screen(qtbot, kapp, "home")
    tile = find(win, "service_tax")
    qtbot.waitUntil(lambda: not tile.isEnabled(), timeout=8000)
    assert "今日号已取完" in screen_text(win)
    shoot(qtbot, win, "11-home-cap-reached")
    # A kiosk that has not heard yet is told by the hall on the request.
    kapp.backend.catalogue.data["services"] = [dict(s, cap_reached=False) if s["code"] == "tax" else s
                                               for s in kapp.backend.catalogue.data["services"]]
    kapp.backend.chooseService("tax")
    wait_screen(qtbot, kapp, "message")
    assert text(win, "messageTitle") == "今日号已取完"
    assert "已取完" in text(win, "messageBody")


def test_paper_out_told_plainly_staff_alerted_admin_reprints(qtbot, loop, hall, devices):
    from tests.gui.ticket.conftest import make_kiosk

    printer, _reader, printer_url, reader_url = devices
    # The printer is polled rarely here, so the kiosk only learns of the paper when it prints.
    kapp, win = make_kiosk(qtbot, hall.url, printer_url, reader_url, device_poll=60)
    exits = []
    kapp.backend.on_exit = lambda: exits.append(1)
    try:
        printer.faults.paper_out = True
        tap(qtbot, win, "service_social")
        wait_screen(qtbot, kapp, "done")
        number = text(win, "doneNumber")
        assert number.startswith("C")  # the ticket exists: the number stays on screen
        assert text(win, "printProblem") == "打印机缺纸,请到服务台取号"
        assert not is_shown(find(win, "doneHint"))
        assert hall_ticket(hall, number)
        assert printer.tickets == []
        shoot(qtbot, win, "12-done-paper-out")
        def staff_alerted():
            rows = hall_op(hall.url, TOKENS["admin"], lambda c: c.devices())
            rows = rows if isinstance(rows, list) else rows.get("devices", [])
            return any(r.get("device") == "kiosk-1/printer" and r.get("code") == "paper_out" for r in rows)

        qtbot.waitUntil(staff_alerted, timeout=5000)
        tap(qtbot, win, "doneButton")
        wait_screen(qtbot, kapp, "home")
        assert text(win, "printerBanner") == "打印机缺纸,请到服务台取号"
        shoot(qtbot, win, "13-home-paper-out")
        tap(qtbot, win, "service_social")
        wait_screen(qtbot, kapp, "message")
        assert text(win, "messageBody") == "打印机缺纸,请到服务台取号"
        tap(qtbot, win, "messageHome")
        wait_screen(qtbot, kapp, "home")

        # Staff: hidden gesture, PIN, paper replaced, reprint the last ticket.
        for _ in range(5):
            tap(qtbot, win, "hallName")
        wait_screen(qtbot, kapp, "admin_pin")
        for ch in "0000":
            tap(qtbot, win, f"key_{ch}")
        tap(qtbot, win, "pinOk")
        qtbot.waitUntil(lambda: text(win, "pinError") == "密码错误")
        shoot(qtbot, win, "14-admin-pin")
        for ch in PIN:
            tap(qtbot, win, f"key_{ch}")
        tap(qtbot, win, "pinOk")
        wait_screen(qtbot, kapp, "admin")
        assert "缺纸" in screen_text(win)
        shoot(qtbot, win, "15-admin-paper-out")
        printer.faults.paper_out = False
        tap(qtbot, win, "adminPaper")
        qtbot.waitUntil(lambda: text(win, "adminNote") == "打印机正常,可以取号", timeout=5000)
        assert kapp.backend.printerProblem == ""
        tap(qtbot, win, "adminReprint")
        qtbot.waitUntil(lambda: text(win, "adminNote") == f"已补打号票 {number}", timeout=5000)
        assert printer.wait_tickets(1, 5) and number.encode() in printer.tickets[0]
        qtbot.waitUntil(lambda: not staff_alerted(), timeout=5000)
        tap(qtbot, win, "adminExit")
        assert exits == [1]
    finally:
        from tests.helpers.gui import run_async

        run_async(qtbot, kapp.stop())


def test_locked_down_window_and_timeouts(qtbot, loop, hall, devices):
    from kiosk.apps.ticket import model
    from tests.gui.ticket.conftest import make_kiosk

    _, _, printer_url, reader_url = devices
    kapp, win = make_kiosk(qtbot, hall.url, printer_url, reader_url,
                           timeouts=model.Timeouts(card=2, manual=2, done=2, message=2, admin=2))
    try:
        win.close()
        assert win.isVisible(), "the kiosk window refuses to close"
        tap(qtbot, win, "service_property")
        wait_screen(qtbot, kapp, "card")
        assert "秒后返回首页" in text(win, "countdown")
        wait_screen(qtbot, kapp, "home", timeout=5000)  # nobody came: back home by itself
        tap(qtbot, win, "service_social")
        wait_screen(qtbot, kapp, "done")
        wait_screen(qtbot, kapp, "home", timeout=5000)
        kapp.backend.openAdmin()
        wait_screen(qtbot, kapp, "admin_pin")
        wait_screen(qtbot, kapp, "home", timeout=5000)
    finally:
        from tests.helpers.gui import run_async

        run_async(qtbot, kapp.stop())


def test_header_clock_shows_hall_time_not_this_machines(qtbot, kiosk):
    """The test hall is in Asia/Shanghai; this machine may be anywhere (CI runs in UTC). The
    kiosk shows the hall's time, as the display and the printed ticket do."""
    import datetime as dt
    import zoneinfo

    _kapp, win = kiosk
    hall_now = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai"))
    allowed = {(hall_now + dt.timedelta(minutes=m)).strftime("%Y-%m-%d  %H:%M") for m in (-1, 0, 1)}
    qtbot.waitUntil(lambda: text(win, "clock") in allowed, timeout=5000)
