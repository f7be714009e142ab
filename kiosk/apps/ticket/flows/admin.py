"""Staff at the kiosk: the hidden gesture, the PIN, and the maintenance screen (reprint the last
ticket, paper replaced, exit). Three wrong PINs in a row send the screen home."""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING

from drivers.errors import DeviceError
from drivers.printer import TicketContent
from kiosk.apps.ticket import model, texts
from kiosk.apps.ticket.flows import held_weakly
from kiosk.apps.ticket.model import Screen

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend

log = logging.getLogger("kiosk.apps.ticket.admin")

MAX_PIN = 12
MAX_FAILURES = 3


class AdminFlow:
    def __init__(self, kiosk: KioskBackend, pin: str) -> None:
        self.kiosk = held_weakly(kiosk)
        self._secret = pin
        self.pin = ""  # typed so far
        self.pin_error: texts.Shown = texts.nothing
        self.note: texts.Shown = texts.nothing
        self.failures = 0
        self.taps = model.TapCounter()

    def _changed(self) -> None:
        self.kiosk.adminChanged.emit()

    def reset(self) -> None:
        self.pin = ""
        self.pin_error = self.note = texts.nothing
        self._changed()

    def hall_name_tapped(self) -> None:
        if self.taps.tap() and self.kiosk.current in (Screen.HOME, Screen.MESSAGE):
            self.open()

    def open(self) -> None:
        """The hidden gesture (5 taps on the hall name, or a 3 s press in the top-left corner)."""
        k = self.kiosk
        if k.current == Screen.BUSY:
            return
        k.cancel_flow()
        self.pin = ""
        self.pin_error = texts.nothing
        self._changed()
        k.screens.go(Screen.ADMIN_PIN)

    def pin_key(self, key: str) -> None:
        if self.kiosk.current != Screen.ADMIN_PIN:
            return
        if key == "back":
            self.pin = self.pin[:-1]
        elif key == "clear":
            self.pin = ""
        elif key.isdigit():
            self.pin = (self.pin + key)[:MAX_PIN]
        self.pin_error = texts.nothing
        self._changed()
        self.kiosk.touch()

    def pin_submit(self) -> None:
        k = self.kiosk
        if k.current != Screen.ADMIN_PIN:
            return
        pin, self.pin = self.pin, ""
        if self._secret and hmac.compare_digest(pin.encode(), self._secret.encode()):
            self.failures = 0
            self.note = texts.nothing
            self._changed()
            k.screens.go(Screen.ADMIN)
            return
        self.failures += 1
        log.warning("admin PIN refused (%d in a row)", self.failures)
        self.pin_error = texts.ui(texts.PIN_WRONG)
        self._changed()
        if self.failures >= MAX_FAILURES:
            self.failures = 0
            k.goHome()

    # -- the maintenance screen -----------------------------------------------------------------------
    def reprint_last(self) -> None:
        k = self.kiosk
        if k.current != Screen.ADMIN:
            return
        last = k.issuing.last
        if last is None:
            self.note = texts.ui(texts.NO_LAST)
            self._changed()
            return
        k.spawn(self._reprint(last))

    async def _reprint(self, content: TicketContent) -> None:
        try:
            problem = await self.kiosk.issuing.print(content)
            self.note = texts.ui(texts.REPRINTED, number=content.number) if problem is texts.nothing else problem
        finally:
            self._changed()
            self.kiosk.touch()

    def paper_replaced(self) -> None:
        if self.kiosk.current == Screen.ADMIN:
            self.kiosk.spawn(self._paper_replaced())

    async def _paper_replaced(self) -> None:
        try:
            try:
                health = await self.kiosk.watch.check_printer()
            except DeviceError as err:
                self.note = _still(texts.device_says(err))
                return
            if health is None:
                return
            if model.printer_blocks(health.state.value, health.code):
                said = texts.bilingual(health.message_zh or health.code, health.message_en or health.code)
                self.note = _still(said)
            else:
                self.note = texts.ui(texts.PAPER_OK)
        finally:
            self._changed()
            self.kiosk.touch()

    def exit(self) -> None:
        k = self.kiosk
        if k.current == Screen.ADMIN and k.on_exit is not None:
            log.info("kiosk closed from the admin screen")
            k.on_exit()


def _still(problem: texts.Shown) -> texts.Shown:
    """"The printer still has a problem: …" with the problem in the same language."""
    return lambda language: texts.translate(texts.PAPER_STILL).format(problem=problem(language))
