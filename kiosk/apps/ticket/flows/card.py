"""Who is taking the ticket: the ID card on the reader, or the number typed on the keypad.

Either way the kiosk learns a birth date and decides the green channel with the core's one rule
(:func:`kiosk.core.citizens.green_channel_eligible`) at the hall's age, on the hall's date. The
hall checks again; the kiosk's decision only chooses what to ask for and what to say.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from drivers.errors import DeviceError
from drivers.idcard import IdCard, NoCardTimeout
from kiosk.apps.ticket import model, texts
from kiosk.apps.ticket.flows import held_weakly
from kiosk.apps.ticket.model import Screen
from kiosk.core.citizens import birth_date_of, green_channel_eligible, id_number_valid

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend

log = logging.getLogger("kiosk.apps.ticket.card")

# Reader errors that mean "this card, try again", not "the reader is down".
UNREADABLE = frozenset({"unsupported_card", "bad_card_data", "truncated_reply", "checksum_error"})


class CardFlow:
    def __init__(self, kiosk: KioskBackend) -> None:
        self.kiosk = held_weakly(kiosk)
        self.typed = ""  # the ID number typed so far (never shown in clear, never logged)
        self.hint: texts.Shown = texts.nothing
        self.error: texts.Shown = texts.nothing

    @property
    def complete(self) -> bool:
        return len(self.typed) == 18

    def reset(self) -> None:
        self.typed = ""
        self.hint = self.error = texts.nothing
        self.kiosk.manualChanged.emit()
        self.kiosk.cardHintChanged.emit()

    def _hint(self, shown: texts.Shown) -> None:
        self.hint = shown
        self.kiosk.cardHintChanged.emit()

    # -- the card ---------------------------------------------------------------------------------
    def start(self, *, optional: bool) -> None:
        """Ask for the card (``optional``: only the green channel wants it)."""
        k = self.kiosk
        k.put("cardOptional", optional)
        self._hint(texts.nothing)
        k.screens.go(Screen.CARD)
        if k.devices is None or k.devices.reader is None:
            self._hint(texts.ui(texts.READER_DOWN))
            return
        k.start_flow(self._read())

    async def _read(self) -> None:
        k = self.kiosk
        assert k.devices is not None
        while k.current == Screen.CARD:
            try:
                card = await k.devices.read_card(k.timeouts.card + 1)
            except NoCardTimeout:
                return  # the screen's own countdown takes the citizen home
            except DeviceError as err:
                log.info("card read failed: %s", err.code)
                unreadable = err.code in UNREADABLE
                self._hint(texts.ui(texts.CARD_UNREADABLE if unreadable else texts.READER_DOWN))
                if not unreadable:
                    return
                continue
            if k.current != Screen.CARD:
                return
            await self.issue_for_card(card)
            return

    async def issue_for_card(self, card: IdCard) -> None:
        citizen = {"id_number": card.reveal_id_number(), "name": card.masked_name}
        await self.issue_for_citizen(citizen, card.birth_date)

    async def issue_for_citizen(self, citizen: dict[str, str], born: dt.date | None) -> None:
        """Green channel when the citizen is old enough (elder mode comes on by itself), a
        normal ticket with a note when they asked for it and are not."""
        k = self.kiosk
        age = k.green_age
        note: texts.Shown = texts.nothing
        elder = green_channel_eligible(born, k.catalogue.today(), age)
        if elder:
            k.put("elder", True)
            note = texts.ui(texts.GREEN_APPLIED, age=age)
        elif k.greenRequested:
            note = texts.ui(texts.GREEN_NOT_ELIGIBLE, age=age)
        await k.issuing.issue(citizen, "green" if elder else "normal", note)

    def skip(self) -> None:
        k = self.kiosk
        if k.current == Screen.CARD and k.cardOptional:
            k.put("greenRequested", False)
            k.start_flow(k.issuing.issue(None, "normal"))

    # -- typed number -----------------------------------------------------------------------------
    def use_manual_entry(self) -> None:
        k = self.kiosk
        if k.current != Screen.CARD:
            return
        k.cancel_flow()
        self.typed = ""
        self.error = texts.nothing
        k.manualChanged.emit()
        k.screens.go(Screen.MANUAL)

    def key(self, key: str) -> None:
        k = self.kiosk
        if k.current != Screen.MANUAL:
            return
        self.typed = model.manual_entry_key(self.typed, key)
        self.error = texts.nothing
        k.manualChanged.emit()
        k.touch()

    def submit(self) -> None:
        k = self.kiosk
        if k.current != Screen.MANUAL:
            return
        number = self.typed
        if not id_number_valid(number):
            self.error = texts.ui(texts.BAD_ID)
            k.manualChanged.emit()
            k.touch()
            return
        self.typed = ""
        k.manualChanged.emit()
        k.start_flow(self.issue_for_citizen({"id_number": number}, birth_date_of(number)))
