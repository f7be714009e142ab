"""The kiosk's printer and card reader, each on its own driver Supervisor thread, reached from
asyncio through futures: the GUI thread never waits on a device."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from drivers.errors import DeviceError, DeviceTimeout
from drivers.idcard import CardReader, IdCard, NoCardTimeout
from drivers.printer import PrintReceipt, TicketContent, TicketPrinter
from drivers.supervision import ConnectionState, DeviceHealth, Supervisor

log = logging.getLogger("kiosk.apps.ticket.devices")

CARD_SLICE = 0.4  # one read_card() job; short, so a cancelled wait frees the reader quickly


class KioskDevices:
    """Printer (required) and ID card reader (optional). ``on_health`` is called on the
    devices' I/O threads; the Qt side must hop to its own thread (a queued signal)."""

    def __init__(self, printer_url: str, reader_url: str | None, *,
                 on_health: Callable[[DeviceHealth], None] | None = None,
                 printer_profile: str | None = None, poll_interval: float = 2.0) -> None:
        self.printer = TicketPrinter(printer_url, printer_profile, name="printer")
        self.printer_sup = Supervisor(self.printer, name="printer", kind="printer",
                                      on_health=on_health, poll_interval=poll_interval)
        self.reader: CardReader | None = None
        self.reader_sup: Supervisor | None = None
        if reader_url:
            self.reader = CardReader(reader_url, name="idcard")
            self.reader_sup = Supervisor(self.reader, name="idcard", kind="idcard",
                                         on_health=on_health, poll_interval=poll_interval)

    def start(self) -> KioskDevices:
        self.printer_sup.start()
        if self.reader_sup is not None:
            self.reader_sup.start()
        return self

    def stop(self) -> None:
        self.printer_sup.stop(2.0)
        if self.reader_sup is not None:
            self.reader_sup.stop(2.0)

    def healths(self) -> list[DeviceHealth]:
        sups = [self.printer_sup] + ([self.reader_sup] if self.reader_sup else [])
        return [s.health for s in sups]

    async def print_ticket(self, content: TicketContent, timeout: float) -> PrintReceipt:
        fut = self.printer_sup.submit(lambda: self.printer.print_ticket(content))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)
        except TimeoutError:
            fut.cancel()  # not started yet: never prints late; started: it finishes on its own
            raise DeviceTimeout("打印机无响应", "the printer did not answer in time") from None

    async def check_printer(self, timeout: float = 5.0) -> DeviceHealth:
        """A status poll now (after paper was replaced), on the printer's thread."""
        fut = self.printer_sup.submit(self.printer.poll)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)
        except TimeoutError:
            fut.cancel()
            raise DeviceTimeout("打印机无响应", "the printer did not answer in time") from None

    def reader_usable(self) -> bool:
        return self.reader_sup is not None and self.reader_sup.health.state.usable

    async def read_card(self, timeout: float) -> IdCard:
        """Wait up to ``timeout`` s for a card, in short jobs so cancelling this coroutine
        releases the reader within ``CARD_SLICE``. Raises NoCardTimeout at the deadline and
        other DeviceErrors (unsupported card, reader fault) at once."""
        if self.reader is None or self.reader_sup is None:
            raise DeviceError("未安装身份证读卡器", "no ID card reader installed", code="no_reader")
        reader = self.reader
        deadline = time.monotonic() + timeout
        while True:
            state = self.reader_sup.health.state
            if state not in (ConnectionState.CONNECTED, ConnectionState.DEGRADED):
                await asyncio.sleep(0.2)  # reconnecting: wait, then look again
            else:
                fut = self.reader_sup.submit(lambda: reader.read_card(CARD_SLICE))
                try:
                    return await asyncio.wait_for(asyncio.wrap_future(fut), CARD_SLICE + 3.0)
                except NoCardTimeout:
                    pass
                except TimeoutError:
                    fut.cancel()
            if time.monotonic() >= deadline:
                raise NoCardTimeout(timeout)
