"""The kiosk's flows with a fake hall and fake devices: what is asked of the hall, what is
printed, what the citizen is told, and where the screen ends up."""

from __future__ import annotations

import asyncio

import pytest

from drivers.errors import DeviceError
from drivers.printer.errors import PrinterNotReady
from drivers.supervision import ConnectionState, DeviceHealth
from kiosk.apps.ticket import texts
from kiosk.apps.ticket.model import Screen
from kiosk.core.policy import FairnessPolicy
from kiosk.protocol.client import HallApiError
from tests.helpers.gui import run_async
from tests.helpers.stubs import hall_error, offline_error
from tests.unit.kiosk.apps.ticket.conftest import PIN, wait_screen
from tests.unit.kiosk.apps.ticket.fakes import born_years_ago, hall_ticket, id_card, id_number


def type_number(backend, number):
    for ch in number:
        backend.manualKey(ch)


# -- the green channel follows the hall's age ---------------------------------------------------
def test_green_age_is_the_halls_and_defaults_to_the_core_policy(make):
    backend, _, _ = make()
    assert backend.greenAge == FairnessPolicy().green_channel_age
    backend, _, _ = make(green_channel_age=65)
    assert backend.greenAge == 65


@pytest.mark.parametrize(("age", "priority", "elder"), [(65, "green", True), (66, "green", True),
                                                         (64, "normal", False)])
def test_a_card_gets_the_green_channel_at_the_halls_age(qtbot, make, age, priority, elder):
    backend, client, devices = make(green_channel_age=65)
    backend.toggleGreen()
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.CARD)
    assert backend.cardOptional
    devices.place(id_card(born_years_ago(age, backend.catalogue.today())))
    wait_screen(qtbot, backend, Screen.DONE)
    (_, service, kw), = client.issued()
    assert (service, kw["priority"]) == ("social", priority)
    assert backend.elder is elder
    note = backend.ticket["note"]
    assert ("已为您开通绿色通道(65 岁以上)" if elder else "绿色通道仅限 65 岁以上老人") in note
    assert "70" not in note


def test_a_typed_number_is_judged_by_the_same_rule(qtbot, make):
    backend, client, _ = make(green_channel_age=65)
    backend.chooseService("property")
    wait_screen(qtbot, backend, Screen.CARD)
    backend.useManualEntry()
    number = id_number(born_years_ago(65, backend.catalogue.today()))
    type_number(backend, number)
    assert backend.canSubmitManual and number[6:14] not in backend.manualText.replace(" ", "")
    backend.manualSubmit()
    wait_screen(qtbot, backend, Screen.DONE)
    (_, service, kw), = client.issued()
    assert (service, kw["priority"], kw["citizen"]) == ("property", "green", {"id_number": number})


def test_the_hall_refusing_the_green_channel_issues_a_normal_ticket_with_its_age(qtbot, make):
    """The hall has the last word (its policy may have changed since the kiosk's last fetch)."""
    backend, client, devices = make(green_channel_age=65)
    answers = iter([hall_error("green_not_eligible", status=400), hall_ticket("C010")])

    def answer(*_a, **_kw):
        got = next(answers)
        if isinstance(got, HallApiError):
            raise got
        return got

    client.answers["issue"] = answer
    backend.toggleGreen()
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.CARD)
    devices.place(id_card(born_years_ago(70, backend.catalogue.today())))
    qtbot.waitUntil(lambda: backend.ticket["number"] == "C010", timeout=3000)
    assert [c[2]["priority"] for c in client.issued()] == ["green", "normal"]
    assert "仅限 65 岁以上" in backend.ticket["note"]


# -- issuing -------------------------------------------------------------------------------------
def test_a_service_without_card_is_issued_printed_and_announced(qtbot, kiosk):
    backend, client, devices = kiosk
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.DONE)
    (_, service, kw), = client.issued()
    assert (service, kw["citizen"], kw["priority"], kw["retry_safe"]) == ("social", None, "normal", True)
    t = backend.ticket
    assert (t["number"], t["ahead"], t["waitMinutes"], t["printed"], t["problem"]) == ("C001", 2, 5, True, "")
    assert [c.number for c in devices.printed] == ["C001"]
    assert backend.lastTicket == "C001"
    assert backend.voice.said[-1][0] == "chime"
    assert backend.screenIndex == Screen.DONE.position


@pytest.mark.parametrize(("code", "screen_title"), [("tax", texts.CAP_TITLE), ("night", texts.CLOSED_TITLE)])
def test_closed_and_full_services_say_why_without_asking_the_hall(qtbot, kiosk, code, screen_title):
    backend, client, _ = kiosk
    backend.chooseService(code)
    assert backend.screen == Screen.MESSAGE
    assert backend.message["title"] == screen_title
    assert client.issued() == []


def test_the_service_rows_carry_flags_not_states_for_qml(kiosk):
    backend, _, _ = kiosk
    rows = {r["code"]: r for r in backend.services}
    assert (rows["social"]["available"], rows["tax"]["capReached"], rows["night"]["notYet"]) == (True, True, True)
    assert not any(rows["social"][f] for f in ("capReached", "notYet", "closed"))


@pytest.mark.parametrize(("err", "title", "body"), [
    (hall_error("daily_cap_reached", "今日已满", "full"), texts.CAP_TITLE, "今日已满"),
    (hall_error("issuing_closed", "已停止取号", "closed"), texts.CLOSED_TITLE, "已停止取号"),
    (hall_error("weird", "奇怪的错误", "odd"), texts.ERROR_TITLE, "奇怪的错误"),
    (offline_error(), texts.OFFLINE_TITLE, "无法连接大厅服务器"),
])
def test_hall_refusals_are_told_plainly(qtbot, kiosk, err, title, body):
    backend, client, devices = kiosk
    client.answers["issue"] = err
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.MESSAGE)
    assert backend.message["title"] == title and body in backend.message["body"]
    assert devices.printed == []
    assert backend.isOffline is err.offline


def test_a_duplicate_shows_the_existing_number_and_reprints_that_ticket(qtbot, kiosk):
    backend, client, devices = kiosk
    dup = HallApiError(409, "duplicate_ticket", "您今天已取过号 A004", "you already have A004",
                       {"ticket": hall_ticket("A004", "property")})
    client.answers["issue"] = dup
    backend.chooseService("property")
    backend.useManualEntry()
    type_number(backend, id_number(born_years_ago(40, backend.catalogue.today())))
    backend.manualSubmit()
    wait_screen(qtbot, backend, Screen.MESSAGE)
    m = backend.message
    assert (m["title"], m["number"], m["canReprint"]) == (texts.DUP_TITLE, "A004", True)
    backend.reprintDuplicate()
    wait_screen(qtbot, backend, Screen.DONE)
    assert backend.ticket["reprint"] and backend.ticket["number"] == "A004"
    assert [c.number for c in devices.printed] == ["A004"] and len(client.issued()) == 1


def test_a_hall_that_does_not_answer_in_time_never_strands_the_citizen(qtbot, kiosk):
    backend, client, _ = kiosk
    client.gate = asyncio.Event()  # the hall never answers
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.BUSY)
    wait_screen(qtbot, backend, Screen.MESSAGE, timeout=5000)  # issue timeout: 2 s here
    assert backend.message["body"] == texts.TIMEOUT_BODY


def test_paper_out_keeps_the_number_tells_staff_and_blocks_the_next_ticket(qtbot, kiosk):
    backend, client, devices = kiosk
    devices.fail = PrinterNotReady("打印纸已用完", "out of paper", code="paper_out")
    devices.printer_health = DeviceHealth("printer", "printer", ConnectionState.DEGRADED, "paper_out")
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.DONE)
    t = backend.ticket
    assert t["number"] == "C001" and not t["printed"] and t["problem"] == texts.PRINTER_PAPER
    assert backend.printerProblem == texts.PRINTER_PAPER
    qtbot.waitUntil(lambda: any(c[0] == "report_health" and c[1]["code"] == "paper_out" for c in client.calls),
                    timeout=3000)
    backend.goHome()
    backend.chooseService("social")
    assert backend.screen == Screen.MESSAGE and backend.message["title"] == texts.PRINTER_TITLE
    assert len(client.issued()) == 1


def test_a_warning_that_does_not_block_printing_lets_tickets_through(qtbot, kiosk):
    backend, _, _ = kiosk
    backend.watch.take(DeviceHealth("printer", "printer", ConnectionState.DEGRADED, "paper_near_end"))
    assert backend.printerProblem == ""
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.DONE)


# -- the card ------------------------------------------------------------------------------------
def test_an_unreadable_card_asks_again_and_a_broken_reader_offers_the_keypad(qtbot, kiosk):
    backend, _, devices = kiosk
    backend.chooseService("property")
    assert backend.screen == Screen.CARD and not backend.cardOptional
    devices.place(DeviceError("无法识别", "unreadable", code="unsupported_card"))
    qtbot.waitUntil(lambda: backend.cardHint == texts.CARD_UNREADABLE, timeout=3000)
    devices.place(DeviceError("读卡器故障", "reader fault", code="reader_fault"))
    qtbot.waitUntil(lambda: backend.cardHint == texts.READER_DOWN, timeout=3000)
    assert backend.screen == Screen.CARD


def test_a_wrong_number_is_refused_before_the_hall_hears_of_it(qtbot, kiosk):
    backend, client, _ = kiosk
    backend.chooseService("property")
    backend.useManualEntry()
    good = id_number(born_years_ago(40, backend.catalogue.today()))
    type_number(backend, good[:-1] + ("1" if good[-1] != "1" else "2"))
    backend.manualSubmit()
    assert backend.manualError == texts.BAD_ID and backend.screen == Screen.MANUAL
    assert client.issued() == []


def test_without_a_reader_the_card_screen_says_so(make):
    backend, _, _ = make(reader=False)
    backend.chooseService("property")
    assert backend.screen == Screen.CARD and backend.cardHint == texts.READER_DOWN


# -- staff ---------------------------------------------------------------------------------------
def test_five_taps_then_the_pin_three_wrong_pins_go_home(qtbot, kiosk):
    backend, _, _ = kiosk
    for _ in range(4):
        backend.hallNameTapped()
    assert backend.screen == Screen.HOME
    backend.hallNameTapped()
    assert backend.screen == Screen.ADMIN_PIN
    for _ in range(3):
        for ch in "0000":
            backend.adminPinKey(ch)
        backend.adminPinSubmit()
    assert backend.screen == Screen.HOME and backend.adminPinError == ""
    backend.openAdmin()
    for ch in PIN:
        backend.adminPinKey(ch)
    assert backend.adminPinLength == len(PIN)
    backend.adminPinSubmit()
    assert backend.screen == Screen.ADMIN
    backend.adminReprintLast()
    assert backend.adminNote == texts.NO_LAST


def test_admin_reprints_the_last_ticket_and_checks_the_paper(qtbot, kiosk):
    backend, _, devices = kiosk
    backend.chooseService("social")
    wait_screen(qtbot, backend, Screen.DONE)
    backend.goHome()
    backend.openAdmin()
    for ch in PIN:
        backend.adminPinKey(ch)
    backend.adminPinSubmit()
    backend.adminReprintLast()
    qtbot.waitUntil(lambda: backend.adminNote == "已补打号票 C001", timeout=3000)
    assert [c.number for c in devices.printed] == ["C001", "C001"]
    devices.printer_health = DeviceHealth("printer", "printer", ConnectionState.DEGRADED, "cover_open",
                                          "机盖未关", "cover open")
    backend.adminPaperReplaced()
    qtbot.waitUntil(lambda: backend.adminNote == "打印机仍有问题:机盖未关", timeout=3000)
    devices.printer_health = DeviceHealth("printer", "printer", ConnectionState.CONNECTED)
    backend.adminPaperReplaced()
    qtbot.waitUntil(lambda: backend.adminNote == texts.PAPER_OK, timeout=3000)
    rows = backend.adminDevices
    assert [r["ok"] for r in rows] == [True, True, False]  # hall, printer, reader (never heard from)


# -- the hall's events -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ticket.finished", "ticket.finish", "ticket.called"])
def test_ticket_events_under_old_and_new_names_refresh_the_counts(qtbot, kiosk, name):
    backend, client, _ = kiosk
    before = client.names().count("services")
    backend._on_event({"type": name, "seq": 9})
    qtbot.waitUntil(lambda: client.names().count("services") > before, timeout=3000)


def test_other_events_do_not(qtbot, kiosk):
    backend, client, _ = kiosk
    before = client.names().count("services")
    for name in ("window.paused", "rating.recorded", "some.future_event"):
        backend._on_event({"type": name, "seq": 9})
    run_async(qtbot, asyncio.sleep(0.05))
    assert client.names().count("services") == before


# -- life ----------------------------------------------------------------------------------------
def test_a_stopped_backend_is_freed_without_the_cyclic_collector(qtbot, loop):
    """Freed where its last user drops it (the Qt thread), not by a collection that may run on
    a device thread: a QObject destroyed off its thread warns, then crashes."""
    import gc
    import weakref

    from kiosk.apps.ticket.backend import KioskBackend
    from tests.unit.kiosk.apps.ticket.fakes import FakeDevices, KioskHallClient

    def used_and_stopped() -> weakref.ref:
        backend = KioskBackend(KioskHallClient(), FakeDevices(), on_exit=lambda: None)
        backend.start()
        qtbot.waitUntil(lambda: backend.catalogueLoaded, timeout=3000)
        backend.chooseService("social")
        qtbot.waitUntil(lambda: backend.screen == Screen.DONE, timeout=3000)
        run_async(qtbot, backend.stop())
        return weakref.ref(backend)

    gc.disable()
    try:
        assert used_and_stopped()() is None
    finally:
        gc.enable()
