"""The QML backend of the ticket kiosk: ``kiosk`` in QML, on the apps' common base.

The base (:mod:`kiosk.apps.common_backend`) gives the property scheme (``qprop`` + ``_set``,
each ``xChanged`` right above its property), spawned tasks that stop with the app, the hall link
(event stream, resync, coalesced ``refresh_soon``), ``language`` and the device-health reporter
``health``. This class holds the properties QML reads and the slots it calls, and hands the work
to its flows, one module each: :mod:`.flows.catalogue` (what the hall said, its clock),
:mod:`.flows.screens` (which screen, its countdown, the next person's reset), :mod:`.flows.card`
(ID card or typed number, green channel), :mod:`.flows.issuing` (ask the hall, print, tell the
citizen), :mod:`.flows.admin` (staff gesture, PIN, maintenance) and :mod:`.flows.devices`
(printer and reader health, on to ``health``).

QML compares no state strings: it reads ``screenIndex``, the base's ``online`` and ``english``,
``isOffline`` and the per-service flags. Text made here is a Qt translation (:mod:`.texts`),
rendered when QML reads it, so a language switch re-renders what is on screen.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from drivers.supervision import DeviceHealth
from drivers.voice.announcement import CHIME, GUIDE_CHOOSE
from kiosk.apps.common_backend import Backend, qprop
from kiosk.apps.ticket import model, texts
from kiosk.apps.ticket.devices import KioskDevices
from kiosk.apps.ticket.flows.admin import AdminFlow
from kiosk.apps.ticket.flows.card import CardFlow
from kiosk.apps.ticket.flows.catalogue import HallCatalogue
from kiosk.apps.ticket.flows.devices import DeviceWatch
from kiosk.apps.ticket.flows.issuing import IssuingFlow
from kiosk.apps.ticket.flows.screens import Screens
from kiosk.apps.ticket.model import Screen
from kiosk.protocol.client import HallApiError, HallClient, LinkState
from kiosk.protocol.events import EventType

log = logging.getLogger("kiosk.apps.ticket")

EVENT_SETTLE_S = 0.3  # after a ticket event, wait this long for the rest of its burst


class KioskBackend(Backend):
    screenChanged = Signal()
    screen = qprop(str, "screen", screenChanged)  # a Screen value, for tests and logs
    screenIndex = Property(int, lambda self: Screen(self._screen).position, notify=screenChanged)
    clockChanged = Signal()
    clock = qprop(str, "clock", clockChanged)  # hall time, "2026-11-26  08:31"
    catalogueLoadedChanged = Signal()
    catalogueLoaded = qprop(bool, "catalogueLoaded", catalogueLoadedChanged)
    elderChanged = Signal()
    elder = qprop(bool, "elder", elderChanged)
    fullscreenChanged = Signal()
    fullscreen = qprop(bool, "fullscreen", fullscreenChanged)
    greenRequestedChanged = Signal()
    greenRequested = qprop(bool, "greenRequested", greenRequestedChanged)
    secondsLeftChanged = Signal()
    secondsLeft = qprop(int, "secondsLeft", secondsLeftChanged)
    cardOptionalChanged = Signal()
    cardOptional = qprop(bool, "cardOptional", cardOptionalChanged)
    lastTicketChanged = Signal()
    lastTicket = qprop(str, "lastTicket", lastTicketChanged)
    categoryChanged = Signal()
    category = qprop(int, "category", categoryChanged)

    # The base gives ``online`` (tiles can be taken) and ``english``; the banner needs "gone", not
    # "not yet connected". Its own signal: a property notified by a base-class signal crashes PySide6.
    offlineChanged = Signal()
    isOffline = Property(bool, lambda self: self._link == LinkState.OFFLINE, notify=offlineChanged)

    hallChanged = Signal()
    hallName = Property(str, lambda self: model.localized(self.catalogue.hall, "name", self._language), notify=hallChanged)
    notice = Property(str, lambda self: model.localized(self.catalogue.hall, "notice", self._language), notify=hallChanged)
    # The hall's green-channel age: every text that mentions it and the check itself use this.
    greenAge = Property(int, lambda self: self.green_age, notify=hallChanged)

    categoriesChanged = Signal()
    categories = Property(list, lambda self: self.catalogue.categories(
        self._language, texts.translate(texts.ALL_SERVICES)), notify=categoriesChanged)
    servicesChanged = Signal()
    services = Property(list, lambda self: self.catalogue.services(self._language, self._category),
                        notify=servicesChanged)

    busyTextChanged = Signal()
    busyText = Property(str, lambda self: self.screens.busy_text(self._language), notify=busyTextChanged)

    cardHintChanged = Signal()
    cardHint = Property(str, lambda self: self.card.hint(self._language), notify=cardHintChanged)
    cardServiceChanged = Signal()
    cardService = Property(str, lambda self: model.localized(self.issuing.service or {}, "name", self._language),
                           notify=cardServiceChanged)

    manualChanged = Signal()
    manualText = Property(str, lambda self: model.mask_manual_entry(self.card.typed), notify=manualChanged)
    manualLength = Property(int, lambda self: len(self.card.typed), notify=manualChanged)
    canSubmitManual = Property(bool, lambda self: self.card.complete, notify=manualChanged)
    manualError = Property(str, lambda self: self.card.error(self._language), notify=manualChanged)

    messageChanged = Signal()
    message = Property(dict, lambda self: self.issuing.message_view(self._language), notify=messageChanged)
    ticketChanged = Signal()
    ticket = Property(dict, lambda self: self.issuing.ticket_view(self._language), notify=ticketChanged)

    printerProblemChanged = Signal()
    printerProblem = Property(str, lambda self: self.watch.printer_problem(self._language),
                              notify=printerProblemChanged)

    adminChanged = Signal()
    adminPinLength = Property(int, lambda self: len(self.admin.pin), notify=adminChanged)
    adminPinError = Property(str, lambda self: self.admin.pin_error(self._language), notify=adminChanged)
    adminNote = Property(str, lambda self: self.admin.note(self._language), notify=adminChanged)
    adminDevices = Property(list, lambda self: self.watch.rows(self._language, self._link),
                            notify=adminChanged)

    def __init__(self, client: HallClient, devices: KioskDevices | None, *,
                 translations: Any = None, voice: Any = None, admin_pin: str = "",
                 language: str = "zh", timeouts: model.Timeouts = model.NORMAL_TIMEOUTS,
                 elder_timeouts: model.Timeouts | None = None, poll_interval: float = 10.0,
                 on_exit: Callable[[], None] | None = None, fullscreen: bool = True,
                 device_id: str = "kiosk", parent: QObject | None = None) -> None:
        super().__init__(client, language=language, parent=parent)
        self.devices = devices
        self.translations, self.voice = translations, voice
        self.default_language = language
        self.normal_timeouts = timeouts
        self.elder_timeouts = elder_timeouts or timeouts.scaled(2)
        self.poll_interval = poll_interval
        self.on_exit = on_exit
        self.device_id = device_id
        self._screen = Screen.HOME.value
        self._clock = ""
        self._catalogueLoaded = False
        self._elder = False
        self._fullscreen = fullscreen
        self._greenRequested = False
        self._secondsLeft = 0
        self._cardOptional = False
        self._lastTicket = ""
        self._category = 0
        self.catalogue = HallCatalogue()
        self._flow: asyncio.Task[Any] | None = None
        self._refresh_due = False
        self.screens = Screens(self)
        self.card = CardFlow(self)
        self.issuing = IssuingFlow(self)
        self.admin = AdminFlow(self, admin_pin)
        self.watch = DeviceWatch(self)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.screens.tick)

    # -- what the flows read --------------------------------------------------------------------
    @property
    def timeouts(self) -> model.Timeouts:
        return self.elder_timeouts if self._elder else self.normal_timeouts

    @property
    def green_age(self) -> int:
        return self.catalogue.green_age

    @property
    def current(self) -> Screen:
        return Screen(self._screen)

    @property
    def seconds_left(self) -> int:
        return self._secondsLeft

    def put(self, name: str, value: Any) -> bool:
        """For the flows: set one of this backend's properties (emits only on a change)."""
        return self._set(name, value)


    # -- life -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Follow the hall and the devices (call on a running asyncio loop)."""
        self._tick.start()
        super().start()
        self.spawn(self._poll_loop())
        self.watch.start()

    async def stop(self) -> None:
        await super().stop()
        # The follower holds this backend's bound methods: drop it, so nothing but its users
        # keeps a stopped backend alive (see flows.held_weakly for why cycles matter here).
        self._follower = None
        self.on_exit = None
        await asyncio.sleep(0.1)  # let the closed sockets go out on the wire before the loop ends

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        task = super().spawn(coro)
        if task is not None:
            task.add_done_callback(_log_failure)
        return task

    def start_flow(self, coro: Coroutine[Any, Any, Any]) -> None:
        """The citizen's one flow in progress (card read, issue, print); a new one replaces it."""
        self.cancel_flow()
        self._flow = self.spawn(coro)

    def cancel_flow(self) -> None:
        if self._flow is not None and not self._flow.done():
            self._flow.cancel()
        self._flow = None

    # -- hall link ------------------------------------------------------------------------------
    def _on_link(self, state: LinkState) -> None:
        # Online is what a catalogue fetch proves; the stream only tells when the hall is gone.
        if state == LinkState.OFFLINE:
            self.set_link(LinkState.OFFLINE)

    def set_link(self, state: LinkState) -> None:
        if self._set("link", state.value):
            log.info("hall link: %s", state.value)
            self.offlineChanged.emit()
            self.adminChanged.emit()

    def _on_event(self, ev: dict[str, Any]) -> None:
        kind = EventType.parse(str(ev.get("type", "")))
        if kind is not None and kind.is_ticket and not self._refresh_due:
            self._refresh_due = True
            self.spawn(self._refresh_after_burst())

    async def _refresh_after_burst(self) -> None:
        """One catalogue fetch for a burst of ticket events (a busy hall calls several a second;
        the counts on the tiles need not follow each one, and a fetch must not slow a print)."""
        try:
            await asyncio.sleep(EVENT_SETTLE_S)
        finally:
            self._refresh_due = False
        self.refresh_soon()

    async def _poll_loop(self) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(self.poll_interval if self._link == LinkState.ONLINE else 2.0)

    async def pull(self) -> None:
        await self.refresh()

    async def refresh(self) -> bool:
        """Fetch the service catalogue (open/closed, counts). False when the hall is away."""
        try:
            data = await self.client.services()
        except HallApiError as err:
            if err.offline:
                self.set_link(LinkState.OFFLINE)
            else:
                log.warning("services: %s %s", err.code, err.en)
            return False
        self.set_link(LinkState.ONLINE)
        change = self.catalogue.update(data)
        self.tickClock()
        if change.hall:
            self.hallChanged.emit()
        if change.services:
            self.categoriesChanged.emit()
            self.servicesChanged.emit()
        self._set("catalogueLoaded", True)
        return True

    # -- devices (from the drivers' threads) ------------------------------------------------------
    def health_listener(self, health: DeviceHealth) -> None:
        """For the drivers' Supervisors (any thread)."""
        self.watch.arrived.emit(health)

    # -- screens ---------------------------------------------------------------------------------
    @Slot()
    def touch(self) -> None:
        """Someone is using the screen: restart its countdown."""
        if self.current != Screen.BUSY:
            self.screens.go(self.current)

    @Slot()
    def goHome(self) -> None:
        self.cancel_flow()
        was = self.current
        self.card.reset()
        self.admin.reset()
        if was in model.CITIZEN_SCREENS:
            self.screens.reset_citizen()
        self.screens.go(Screen.HOME)

    @Slot()
    def tickClock(self) -> None:
        self._set("clock", self.catalogue.clock())

    # -- home screen ------------------------------------------------------------------------------
    @Slot(int)
    def selectCategory(self, index: int) -> None:
        self.touch()
        if self._set("category", index):
            self.servicesChanged.emit()

    @Slot()
    def toggleElder(self) -> None:
        self._set("elder", not self._elder)
        self.touch()
        if self._elder:
            self.screens.say((CHIME, GUIDE_CHOOSE))

    @Slot()
    def toggleGreen(self) -> None:
        self._set("greenRequested", not self._greenRequested)
        self.touch()

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language not in ("zh", "en"):
            return
        if self.translations is not None:
            self.translations.set_language(language)
        self._set("language", language)
        self.retranslate()
        self.touch()

    def retranslate(self) -> None:
        """Every text made here is rendered when QML reads it: tell QML to read again."""
        for sig in (self.hallChanged, self.categoriesChanged, self.servicesChanged, self.busyTextChanged,
                    self.cardHintChanged, self.cardServiceChanged, self.manualChanged, self.messageChanged,
                    self.ticketChanged, self.printerProblemChanged, self.adminChanged):
            sig.emit()

    # -- the flows' slots (QML calls the backend; the flows decide) --------------------------------
    @Slot(str)
    def chooseService(self, code: str) -> None:
        self.issuing.choose(code)

    @Slot()
    def reprintDuplicate(self) -> None:
        self.issuing.reprint_duplicate()

    @Slot()
    def skipCard(self) -> None:
        self.card.skip()

    @Slot()
    def useManualEntry(self) -> None:
        self.card.use_manual_entry()

    @Slot(str)
    def manualKey(self, key: str) -> None:
        self.card.key(key)

    @Slot()
    def manualSubmit(self) -> None:
        self.card.submit()

    @Slot()
    def hallNameTapped(self) -> None:
        self.admin.hall_name_tapped()

    @Slot()
    def openAdmin(self) -> None:
        self.admin.open()

    @Slot(str)
    def adminPinKey(self, key: str) -> None:
        self.admin.pin_key(key)

    @Slot()
    def adminPinSubmit(self) -> None:
        self.admin.pin_submit()

    @Slot()
    def adminReprintLast(self) -> None:
        self.admin.reprint_last()

    @Slot()
    def adminPaperReplaced(self) -> None:
        self.admin.paper_replaced()

    @Slot()
    def adminExit(self) -> None:
        self.admin.exit()


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("kiosk task failed", exc_info=task.exception())
