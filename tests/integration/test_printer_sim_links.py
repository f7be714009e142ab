"""Every simulator fault knob, through a real pty (pyserial on the slave side) and a real TCP
socket, driven by TicketPrinter."""

import time

import pytest

from drivers.printer import (
    PrinterNoReply,
    PrinterNotReady,
    PrinterUnplugMidJob,
    TicketPrinter,
    get_profile,
    ticket_bytes,
)
from drivers.sim.printer import Faults, PtyLink, SimPrinter, TcpLink
from drivers.supervision import ConnectionState
from tests.helpers.printer import dark_row_bands, ticket

pytestmark = pytest.mark.integration


@pytest.fixture(params=["pty", "tcp"])
def rig(request):
    sim = SimPrinter(f"it-{request.param}", paper=80, faults=Faults())
    if request.param == "pty":
        link = PtyLink(sim)
        url = f"serial://{link.path}?baudrate=115200"
    else:
        link = TcpLink(sim, port=0)
        url = f"tcp://127.0.0.1:{link.port}"
    printer = TicketPrinter(url, "generic-80", status_timeout=0.3)
    printer.open()
    yield sim, printer, request.param
    printer.close()
    link.stop()


def test_ticket_goes_through_and_renders(rig):
    sim, printer, _ = rig
    receipt = printer.print_ticket(ticket())
    assert receipt.confirmed
    assert sim.wait_tickets(1, timeout=5)
    assert sim.tickets[0].endswith(ticket_bytes(ticket(), get_profile("generic-80")))
    img = sim.render(sim.tickets[0])
    assert img.width == 576 and len(dark_row_bands(img)) > 10


@pytest.mark.parametrize(("knob", "code"), [
    ("paper_out", "paper_out"), ("cover_open", "cover_open"), ("offline", "offline"),
    ("cutter_error", "cutter_error"), ("false_offline", "offline"),
])
def test_blocking_knobs(rig, knob, code):
    sim, printer, _ = rig
    setattr(sim.faults, knob, True)
    health = printer.poll()
    assert (health.state, health.code) == (ConnectionState.DEGRADED, code)
    with pytest.raises(PrinterNotReady) as info:
        printer.print_ticket(ticket())
    assert info.value.code == code and not info.value.any_sent
    assert b"\x1b@" not in sim.received  # not a byte of the ticket went out


def test_paper_near_end_still_prints(rig):
    sim, printer, _ = rig
    sim.faults.paper_near_end = True
    assert printer.poll().code == "paper_near_end"
    assert printer.print_ticket(ticket()).warning_code == "paper_near_end"


def test_no_reply(rig):
    sim, printer, _ = rig
    sim.faults.no_reply = True
    assert printer.poll().code == "no_reply"
    with pytest.raises(PrinterNoReply):
        printer.print_ticket(ticket())


def test_link_speed_throttles_the_job(rig):
    sim, printer, _ = rig
    sim.faults.baudrate = 19200
    size = len(ticket_bytes(ticket(), get_profile("generic-80")))
    started = time.monotonic()
    receipt = printer.print_ticket(ticket())
    elapsed = time.monotonic() - started
    assert receipt.confirmed  # the confirmation waited for the slow link
    assert elapsed >= 0.8 * size * 10 / 19200


def test_unplug_mid_job(rig):
    sim, printer, _ = rig
    sim.faults.unplug_after = 300
    with pytest.raises(PrinterUnplugMidJob) as info:
        printer.print_ticket(ticket())
    assert info.value.any_sent and info.value.code == "unplugged"
    assert len(sim.received) == 300
    assert sim.tickets == []  # the printer never saw the cut: no whole ticket
