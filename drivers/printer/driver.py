"""TicketPrinter: one printer, run by drivers.supervision.Supervisor on its I/O thread."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from drivers.errors import DeviceError, ProtocolError
from drivers.printer import commands as cmd
from drivers.printer.errors import (
    PrinterError,
    PrinterNoReply,
    PrinterNotReady,
    PrinterUnplugged,
    PrinterUnplugMidJob,
    PrintInterrupted,
)
from drivers.printer.layout import TicketContent, ticket_bytes
from drivers.printer.profiles import PrinterProfile, get_profile
from drivers.printer.status import PrinterStatus, decode
from drivers.printer.transports import Link, open_link, wait_readable
from drivers.supervision import ConnectionState, DeviceHealth

log = logging.getLogger("drivers.printer")

CHUNK = 256  # bytes per write: progress is known to within one chunk when a link fails
SLOWEST_LINK_BAUD = 9600  # for timeouts on links whose speed we do not know


@dataclass(frozen=True)
class PrintReceipt:
    """Proof that a ticket left the kiosk: every byte was accepted by the transport."""

    number: str
    bytes_sent: int
    seconds: float  # status check + build + send (+ confirmation)
    confirmed: bool | None  # the printer answered a status request after the last byte;
    # None when the link has no status channel (file, spool)
    warning_code: str = ""  # e.g. "paper_near_end": printed, but staff should act
    warning_zh: str = ""
    warning_en: str = ""


class TicketPrinter:
    """A ticket printer named by URL; a ``SupervisedDevice`` (open / close / poll).

    Call everything on the supervisor's I/O thread (``supervisor.call(...)``).
    """

    kind = "printer"

    def __init__(self, url: str, profile: PrinterProfile | str | None = None, *,
                 name: str | None = None, status_timeout: float = 0.5,
                 link: Link | None = None) -> None:
        self.url = url
        self.profile = get_profile(profile)
        self.name = name or url
        self.status_timeout = status_timeout
        self._link: Link = link if link is not None else open_link(url)
        self._is_open = False
        self.last_status: PrinterStatus | None = None

    # -- SupervisedDevice ------------------------------------------------------------------
    def open(self) -> None:
        if self._is_open:
            return
        self._link.open()
        self._is_open = True

    def close(self) -> None:
        self._is_open = False
        self._link.close()

    def poll(self) -> DeviceHealth:
        """Check status; link loss raises PrinterUnplugged so the supervisor reconnects."""
        try:
            status = self.status()
        except (PrinterNoReply, ProtocolError) as err:
            return self._health(ConnectionState.DEGRADED, err.code, err.zh, err.en)
        return self.health_from(status)

    # -- status --------------------------------------------------------------------------
    @property
    def has_status(self) -> bool:
        return self.profile.status and self._link.can_read

    def status(self) -> PrinterStatus:
        """Ask ``DLE EOT 1..4``. Raises PrinterNoReply, PrinterUnplugged or ProtocolError."""
        self._need_open()
        if not self.has_status:
            self.last_status = PrinterStatus(checked=False)
            return self.last_status
        replies: dict[int, int] = {}
        try:
            self._link.drain()
            for n in (1, 2, 3, 4):
                self._link.send(cmd.status_request(n))
                got = wait_readable(self._link, 1, time.monotonic() + self.status_timeout)
                if not got:
                    break
                replies[n] = got[0]
        except PrinterUnplugged:
            self._drop_link()
            raise
        for n in (1, 2, 3, 4):
            if n not in replies:
                raise PrinterNoReply(
                    "打印机没有应答, 请检查电源和连线",
                    "the printer does not answer; check power and cable")
        self.last_status = decode(replies, ignore_offline_bit=self.profile.ignore_offline_bit)
        return self.last_status

    def health_from(self, status: PrinterStatus) -> DeviceHealth:
        problem = status.problem
        if problem is None:
            return self._health(ConnectionState.CONNECTED)
        return self._health(ConnectionState.DEGRADED, problem.code, problem.zh, problem.en)

    def _health(self, state: ConnectionState, code: str = "", zh: str = "", en: str = ""
                ) -> DeviceHealth:
        return DeviceHealth(self.name, self.kind, state, code, zh, en)

    # -- printing ------------------------------------------------------------------------
    def build_ticket(self, content: TicketContent) -> bytes:
        return ticket_bytes(content, self.profile)

    def print_ticket(self, content: TicketContent) -> PrintReceipt:
        """Print one ticket. Returns a receipt once the transport accepted every byte; raises
        a PrinterError subclass saying why otherwise (``bytes_sent`` tells how far it got).
        Calling again with the same content reprints it."""
        return self.print_bytes(self.build_ticket(content), label=content.number)

    def print_bytes(self, data: bytes, *, label: str = "") -> PrintReceipt:
        started = time.monotonic()
        self._need_open()
        status = self.status()
        problem = status.problem
        if problem is not None and problem.blocks_printing:
            raise PrinterNotReady(problem.zh, problem.en, code=problem.code,
                                  bytes_total=len(data))
        sent = 0
        chunk = b""
        try:
            for i in range(0, len(data), CHUNK):
                chunk = data[i:i + CHUNK]
                self._link.send(chunk)
                sent += len(chunk)
        except PrinterUnplugged as err:
            self._drop_link()
            raise PrinterUnplugMidJob(
                f"打印中断: 已发送至少 {sent}/{len(data)} 字节后连接断开, 请检查打印机后重新打印",
                f"printing interrupted: link lost after at least {sent} of {len(data)} bytes; "
                f"check the printer and reprint", bytes_sent=sent, bytes_total=len(data),
                bytes_in_doubt=len(chunk)) from err
        except DeviceError as err:
            raise PrintInterrupted(
                f"打印中断 ({sent}/{len(data)} 字节): {err.zh}",
                f"printing interrupted ({sent}/{len(data)} bytes): {err.en}",
                bytes_sent=sent, bytes_total=len(data), bytes_in_doubt=len(chunk)) from err
        confirmed = self._confirm(len(data))
        log.info("ticket %s printed: %d bytes, confirmed=%s", label, len(data), confirmed)
        warning = problem if problem is not None else None
        return PrintReceipt(
            number=label, bytes_sent=sent, seconds=time.monotonic() - started,
            confirmed=confirmed,
            warning_code=warning.code if warning else "",
            warning_zh=warning.zh if warning else "", warning_en=warning.en if warning else "")

    def _confirm(self, size: int) -> bool | None:
        """One status request after the job: its answer comes only after the printer took
        every byte before it. A broken link here means the ticket may not have printed."""
        if not self.has_status:
            return None
        baud = self._link.baudrate or SLOWEST_LINK_BAUD
        deadline = time.monotonic() + self.status_timeout + size * 10 / baud
        try:
            self._link.send(cmd.status_request(1))
            return bool(wait_readable(self._link, 1, deadline))
        except PrinterUnplugged as err:
            self._drop_link()
            raise PrinterUnplugMidJob(
                f"打印机在接收票据后断开 ({size} 字节未确认), 请检查打印机后重新打印",
                f"printer link lost right after the ticket ({size} bytes unconfirmed); "
                f"check the printer and reprint", bytes_sent=size, bytes_total=size) from err

    def _drop_link(self) -> None:
        """The link is dead: release it now (the supervisor will open a new one)."""
        self.close()

    def _need_open(self) -> None:
        if not self._is_open:
            raise PrinterUnplugged("打印机未连接", "printer is not connected")


def print_once(url: str, data: bytes, *, profile: PrinterProfile | str | None = None,
               label: str = "") -> PrintReceipt:
    """Open, print ``data``, close: for installer commands and scripts."""
    printer = TicketPrinter(url, profile)
    printer.open()
    try:
        return printer.print_bytes(data, label=label)
    finally:
        printer.close()


__all__ = ["PrintReceipt", "PrinterError", "TicketPrinter", "print_once"]
