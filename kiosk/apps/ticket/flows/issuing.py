"""From a tapped service to a ticket in the citizen's hand, or a plain reason why not.

The hall decides (open, caps, one ticket per citizen, green channel); this flow asks through the
typed client, prints, and says what happened. Once the hall has issued a ticket its number is on
screen and spoken whatever the printer does. Every path ends on a screen the citizen can leave:
a flow cancelled or failed half-way never leaves the spinner up.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from drivers.errors import DeviceError
from drivers.printer import TicketContent
from drivers.supervision import ConnectionState, DeviceHealth
from drivers.voice.announcement import CHIME, GUIDE_TAKE, NUMBER, PAUSE, ticket_clips
from kiosk.apps.ticket import model, texts
from kiosk.apps.ticket.flows import held_weakly
from kiosk.apps.ticket.model import Screen
from kiosk.protocol.client import HallApiError, LinkState

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend

log = logging.getLogger("kiosk.apps.ticket.issuing")

_EMPTY_MESSAGE = {"title": "", "body": "", "number": "", "canReprint": False}
_EMPTY_TICKET = {"number": "", "service": "", "ahead": 0, "waitMinutes": 0, "holder": "", "green": False,
                 "printed": False, "problem": "", "note": "", "reprint": False}


class IssuingFlow:
    def __init__(self, kiosk: KioskBackend) -> None:
        self.kiosk = held_weakly(kiosk)
        self.service: dict[str, Any] | None = None  # the service being taken
        self.duplicate: dict[str, Any] | None = None  # the hall's existing ticket, to reprint
        self.last: TicketContent | None = None  # the last ticket printed, for staff to reprint
        self._message: dict[str, Any] = {}
        self._ticket: dict[str, Any] = {}

    # -- what the screens show --------------------------------------------------------------------
    def message_view(self, language: str) -> dict[str, Any]:
        m = self._message
        if not m:
            return dict(_EMPTY_MESSAGE)
        return {"title": m["title"](language), "body": m["body"](language), "number": m["number"],
                "canReprint": m["canReprint"]}

    def ticket_view(self, language: str) -> dict[str, Any]:
        t = self._ticket
        if not t:
            return dict(_EMPTY_TICKET)
        return {**t, "problem": t["problem"](language), "note": t["note"](language)}

    def show_message(self, title: str, body: texts.Shown, *, number: str = "", can_reprint: bool = False) -> None:
        self._message = {"title": texts.ui(title), "body": body, "number": number, "canReprint": can_reprint}
        self.kiosk.messageChanged.emit()
        self.kiosk.screens.go(Screen.MESSAGE)

    # -- the tap ------------------------------------------------------------------------------------
    def choose(self, code: str) -> None:
        k = self.kiosk
        if k.current != Screen.HOME:
            return
        svc = k.catalogue.find(code)
        if svc is None:
            return
        row = model.service_row(svc, "zh")
        if k.link != LinkState.ONLINE:
            self.show_message(texts.OFFLINE_TITLE, texts.ui(texts.OFFLINE_BODY))
        elif row["capReached"]:
            self.show_message(texts.CAP_TITLE, texts.ui(texts.CAP_BODY))
        elif row["notYet"]:
            self.show_message(texts.CLOSED_TITLE, texts.ui(texts.NOT_YET, time=row["opensAt"], hours=row["hours"]))
        elif not row["available"]:
            self.show_message(texts.CLOSED_TITLE, texts.ui(texts.CLOSED, hours=row["hours"]))
        elif blocked := k.watch.printer_blocked():
            self.show_message(texts.PRINTER_TITLE, texts.printer_problem(blocked))
        else:
            self.service = svc
            k.cardServiceChanged.emit()
            if svc.get("requires_id") or k.greenRequested:
                k.card.start(optional=not svc.get("requires_id"))
            else:
                k.start_flow(self.issue(None, "normal"))

    # -- the hall ------------------------------------------------------------------------------------
    async def issue(self, citizen: dict[str, str] | None, priority: str,
                    note: texts.Shown = texts.nothing) -> None:
        k = self.kiosk
        svc = self.service
        assert svc is not None
        k.screens.busy(texts.BUSY_ISSUING)
        try:
            try:
                ticket = await asyncio.wait_for(
                    k.client.issue(svc["code"], citizen=citizen, priority=priority, retry_safe=True),
                    k.timeouts.issue)
            except HallApiError as err:
                if err.code == "green_not_eligible" and priority == "green":
                    await self.issue(citizen, "normal", texts.ui(texts.GREEN_NOT_ELIGIBLE, age=k.green_age))
                    return
                self._refused(err)
                return
            except TimeoutError:
                self.show_message(texts.OFFLINE_TITLE, texts.ui(texts.TIMEOUT_BODY))
                return
            finally:
                citizen = None  # the clear ID number lives no longer than the request
            k.refresh_soon()
            await self.print_and_show(ticket, note=note, green=priority == "green")
        finally:
            if k.current == Screen.BUSY:  # cancelled or failed half-way: never strand anyone
                self.show_message(texts.ERROR_TITLE, texts.ui(texts.UNEXPECTED))

    def _refused(self, err: HallApiError) -> None:
        k = self.kiosk
        log.info("ticket refused: %s", err.code)
        if err.offline:
            k.set_link(LinkState.OFFLINE)
            self.show_message(texts.OFFLINE_TITLE, texts.ui(texts.OFFLINE_BODY))
        elif err.code == "duplicate_ticket":
            dup = err.details.get("ticket") or {}
            self.duplicate = dup if dup.get("number") else None
            self.show_message(texts.DUP_TITLE, texts.hall_says(err), number=str(dup.get("number", "")),
                              can_reprint=self.duplicate is not None)
        elif err.code in ("daily_cap_reached", "slot_cap_reached"):
            k.refresh_soon()
            self.show_message(texts.CAP_TITLE, texts.hall_says(err))
        elif err.code == "issuing_closed":
            k.refresh_soon()
            self.show_message(texts.CLOSED_TITLE, texts.hall_says(err))
        else:
            self.show_message(texts.ERROR_TITLE, texts.hall_says(err))

    # -- the printer ---------------------------------------------------------------------------------
    async def print_and_show(self, ticket: dict[str, Any], *, note: texts.Shown = texts.nothing,
                             green: bool = False, reprint: bool = False) -> None:
        """The ticket exists at the hall: whatever the printer does, the citizen sees the
        number on screen (and hears it)."""
        k = self.kiosk
        content = model.ticket_content(ticket, k.catalogue.hall)
        self.last = content
        k.put("lastTicket", content.number)
        problem: texts.Shown = texts.nothing
        printed = False
        k.screens.busy(texts.BUSY_PRINTING)
        try:
            problem = await self.print(content)
            printed = problem is texts.nothing
        finally:
            self._ticket = {
                "number": content.number, "service": content.service_name, "ahead": content.waiting_ahead,
                "waitMinutes": model.wait_minutes(content.estimated_wait_s), "holder": content.holder_name or "",
                "green": green or ticket.get("priority") == "green", "printed": printed, "reprint": reprint,
                "problem": problem, "note": note,
            }
            k.ticketChanged.emit()
            k.screens.go(Screen.DONE)
            self.announce(content.number)

    async def print(self, content: TicketContent) -> texts.Shown:
        """Print; ``texts.nothing`` when done, else what to tell the citizen (staff are told
        as well)."""
        k = self.kiosk
        if k.devices is None:
            return texts.printer_problem("offline")
        try:
            receipt = await k.devices.print_ticket(content, k.timeouts.print)
        except DeviceError as err:
            log.warning("ticket %s not printed: %s", content.number, err.code)
            k.watch.take(DeviceHealth("printer", "printer", ConnectionState.DEGRADED, err.code, err.zh, err.en))
            return texts.printer_problem(err.code)
        if receipt.warning_code:
            k.watch.take(DeviceHealth("printer", "printer", ConnectionState.DEGRADED, receipt.warning_code,
                                      receipt.warning_zh, receipt.warning_en))
        return texts.nothing

    def reprint_duplicate(self) -> None:
        k = self.kiosk
        if k.current != Screen.MESSAGE or self.duplicate is None:
            return
        if blocked := k.watch.printer_blocked():
            self.show_message(texts.PRINTER_TITLE, texts.printer_problem(blocked))
            return
        ticket, self.duplicate = self.duplicate, None
        k.start_flow(self._reprint(ticket))

    async def _reprint(self, ticket: dict[str, Any]) -> None:
        try:
            await self.print_and_show(ticket, reprint=True)
        finally:
            if self.kiosk.current == Screen.BUSY:
                self.show_message(texts.ERROR_TITLE, texts.ui(texts.UNEXPECTED))

    # -- voice ---------------------------------------------------------------------------------------
    def announce(self, number: str) -> None:
        try:
            sentence = [*ticket_clips(number), NUMBER]
        except DeviceError:
            return
        clips = [CHIME, *sentence]
        if self.kiosk.elder:
            clips += [PAUSE, *sentence, PAUSE, GUIDE_TAKE]  # said twice, then what to do next
        self.kiosk.screens.say(tuple(clips))
