"""TicketPrinter against the in-process simulator (sim:NAME) and the Dummy transport."""

import pytest

from drivers.printer import (
    PrinterError,
    PrinterNoReply,
    PrinterNotReady,
    PrinterUnplugged,
    PrinterUnplugMidJob,
    TicketPrinter,
    get_profile,
    ticket_bytes,
)
from drivers.printer.transports import DummyLink
from drivers.sim.printer import Faults, SimPrinter, install, remove
from drivers.supervision import Backoff, ConnectionState, Supervisor
from tests.helpers.printer import ticket


@pytest.fixture
def sim(request):
    name = f"unit-{request.node.name}"
    printer = install(SimPrinter(name, paper=80, faults=Faults()))
    yield printer
    remove(name)


@pytest.fixture
def printer(sim):
    p = TicketPrinter(f"sim:{sim.name}", "generic-80", status_timeout=0.2)
    p.open()
    yield p
    p.close()


def test_ticket_reaches_the_printer_byte_for_byte(printer, sim):
    receipt = printer.print_ticket(ticket())
    expected = ticket_bytes(ticket(), get_profile("generic-80"))
    assert receipt.bytes_sent == len(expected) and receipt.confirmed is True
    assert sim.tickets == [b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04" + expected]


@pytest.mark.parametrize(("knob", "code"), [
    ("paper_out", "paper_out"), ("cover_open", "cover_open"), ("offline", "offline"),
    ("cutter_error", "cutter_error"),
])
def test_blocking_faults_refuse_before_sending_anything(printer, sim, knob, code):
    setattr(sim.faults, knob, True)
    health = printer.poll()
    assert (health.state, health.code) == (ConnectionState.DEGRADED, code)
    assert health.message_zh and health.message_en
    with pytest.raises(PrinterNotReady) as info:
        printer.print_ticket(ticket())
    assert info.value.code == code and not info.value.any_sent
    assert sim.tickets == []
    setattr(sim.faults, knob, False)
    assert printer.print_ticket(ticket()).confirmed  # the reprint works once fixed


def test_paper_near_end_prints_with_a_warning(printer, sim):
    sim.faults.paper_near_end = True
    assert printer.poll().code == "paper_near_end"
    receipt = printer.print_ticket(ticket())
    assert receipt.warning_code == "paper_near_end" and "即将用完" in receipt.warning_zh
    assert len(sim.tickets) == 1


def test_false_offline_model_needs_its_quirk(sim):
    sim.faults.false_offline = True
    generic = TicketPrinter(f"sim:{sim.name}", "generic-80", status_timeout=0.2)
    generic.open()
    assert generic.poll().code == "offline"
    generic.close()
    star = TicketPrinter(f"sim:{sim.name}", "star-escpos-80", status_timeout=0.2)
    star.open()
    assert star.poll().state is ConnectionState.CONNECTED
    assert star.print_ticket(ticket()).confirmed
    star.close()


def test_no_reply_is_degraded_and_refuses_to_print(printer, sim):
    sim.faults.no_reply = True
    health = printer.poll()
    assert (health.state, health.code) == (ConnectionState.DEGRADED, "no_reply")
    with pytest.raises(PrinterNoReply):
        printer.print_ticket(ticket())


def test_unplug_mid_job_says_how_far_it_got(printer, sim):
    sim.faults.unplug_after = 300  # 12 status bytes, then 288 of the ticket
    with pytest.raises(PrinterUnplugMidJob) as info:
        printer.print_ticket(ticket())
    err = info.value
    assert isinstance(err, PrinterError) and err.code == "unplugged"
    assert err.bytes_sent == 256 and err.any_sent
    assert err.bytes_total == len(ticket_bytes(ticket(), get_profile("generic-80")))
    assert "打印中断" in err.zh and "reprint" in err.en
    with pytest.raises(PrinterUnplugged):  # the link is released; status needs a reconnect
        printer.status()
    sim.replug()
    printer.open()
    assert printer.print_ticket(ticket()).confirmed


def test_dummy_link_records_bytes_without_status():
    link = DummyLink()
    printer = TicketPrinter("dummy", "generic-58", link=link)
    printer.open()
    receipt = printer.print_ticket(ticket())
    assert receipt.confirmed is None  # nothing can confirm on a link without a back channel
    assert link.output() == ticket_bytes(ticket(), get_profile("generic-58"))
    assert printer.status().checked is False


def test_supervisor_runs_the_printer_and_reports_health(sim):
    healths = []
    printer = TicketPrinter(f"sim:{sim.name}", "generic-80", status_timeout=0.2)
    sup = Supervisor(printer, name="kiosk-1-printer", kind="printer", on_health=healths.append,
                     poll_interval=0.05, backoff=Backoff(initial=0.05, maximum=0.1)).start()
    try:
        receipt = sup.call(lambda: printer.print_ticket(ticket()), timeout=5)
        assert receipt.confirmed
        sim.faults.cover_open = True
        assert _wait_for(lambda: sup.health.code == "cover_open")
        sim.faults.cover_open = False
        sim.faults.unplug_after = 20
        with pytest.raises(PrinterUnplugMidJob):
            sup.call(lambda: printer.print_ticket(ticket()), timeout=5)
        assert _wait_for(lambda: sup.health.state is ConnectionState.DISCONNECTED)
        sim.replug()
        assert _wait_for(lambda: sup.health.state is ConnectionState.CONNECTED)
        assert sup.call(lambda: printer.print_ticket(ticket()), timeout=5).confirmed
    finally:
        sup.stop()
    assert any(h.code == "unplugged" for h in healths)


def _wait_for(predicate, timeout=5.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_bad_url_is_a_bilingual_config_error():
    with pytest.raises(PrinterError) as info:
        TicketPrinter("lpt://1")
    assert info.value.code == "printer_config" and "设备地址无效" in info.value.zh
