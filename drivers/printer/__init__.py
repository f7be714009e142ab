"""Ticket printer driver: ESC/POS over USB, serial, TCP, a file or the simulator.

Public API (what the kiosk app uses)::

    from drivers.printer import TicketPrinter, TicketContent, PrinterError
    from drivers.supervision import Supervisor

    printer = TicketPrinter("usb://0416:5011", profile="xprinter-58")   # or tcp://, serial://,
    sup = Supervisor(printer, name="kiosk-1-printer", kind="printer",    # file://, sim:NAME
                     on_health=publish).start()                          # poll(): DLE EOT 1..4
    receipt = sup.call(lambda: printer.print_ticket(content))            # on the I/O thread
    status = sup.call(printer.status)                                    # PrinterStatus

- ``TicketPrinter(url, profile=None, *, name=None, status_timeout=0.5, link=None)`` is a
  ``SupervisedDevice``: ``open()``, ``close()``, ``poll() -> DeviceHealth`` (CONNECTED, or
  DEGRADED with code ``paper_out`` / ``paper_near_end`` / ``cover_open`` / ``offline`` /
  ``cutter_error`` / ``printer_fault`` / ``no_reply`` / ``protocol_error`` and a message in
  Chinese and English). A lost link raises ``PrinterUnplugged`` (code ``unplugged``, a
  ``DeviceDisconnected``) so the supervisor reconnects with backoff.
- ``print_ticket(content: TicketContent) -> PrintReceipt``: checks status first (refuses with
  ``PrinterNotReady`` and nothing sent when the printer cannot print), builds the bytes from the
  layout table, sends them, then asks one more status so the printer confirms it took them.
  The receipt exists only once the transport accepted every byte; otherwise a ``PrinterError``
  subclass says why, with ``bytes_sent`` / ``bytes_total`` / ``any_sent``. Reprint = call again.
- ``status() -> PrinterStatus``: decoded ``DLE EOT 1..4`` (``.problem``, ``.ready``).
- Profiles (``profiles.PROFILES``, ``get_profile``): paper width, cutter, native QR, quirks.
- ``preview.render_bytes(data, paper_dots=576)``: what a printer would print, as a PIL image.

Threading: one ``TicketPrinter`` belongs to one I/O thread (the supervisor's); it is not locked.
Nothing in drivers/ imports Qt.
"""

from drivers.printer.driver import PrintReceipt, TicketPrinter, print_once
from drivers.printer.errors import (
    PrinterConfigError,
    PrinterError,
    PrinterNoReply,
    PrinterNotReady,
    PrinterUnplugged,
    PrinterUnplugMidJob,
    PrintInterrupted,
)
from drivers.printer.layout import TICKET_LAYOUTS, TicketContent, ticket_bytes
from drivers.printer.profiles import PROFILES, PrinterProfile, get_profile
from drivers.printer.status import PrinterStatus

__all__ = [
    "PROFILES", "TICKET_LAYOUTS", "PrintInterrupted", "PrintReceipt", "PrinterConfigError",
    "PrinterError", "PrinterNoReply", "PrinterNotReady", "PrinterProfile", "PrinterStatus",
    "PrinterUnplugMidJob", "PrinterUnplugged", "TicketContent", "TicketPrinter", "get_profile",
    "print_once", "ticket_bytes",
]
