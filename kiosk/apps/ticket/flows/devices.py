"""The kiosk's printer and card reader as the kiosk and the hall see them.

Health arrives from the drivers' Supervisor threads (hopped onto the Qt thread through a queued
signal) or from a failed print job. Whether the printer can print is the driver's own table
(:func:`kiosk.apps.ticket.model.printer_blocks`). Every health goes on to the apps' one
reporter (``backend.health``, :mod:`kiosk.apps.health`), which tells the hall of each change so
staff see the kiosk's problem, and sends again what the hall missed after a reconnect.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from drivers.errors import DeviceError
from drivers.supervision import ConnectionState, DeviceHealth
from kiosk.apps.ticket import model, texts
from kiosk.apps.ticket.flows import held_weakly
from kiosk.protocol.client import LinkState

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend

log = logging.getLogger("kiosk.apps.ticket.devices")


class DeviceWatch(QObject):
    arrived = Signal(object)  # a DeviceHealth from any thread, delivered on the Qt thread

    def __init__(self, kiosk: KioskBackend) -> None:
        super().__init__(kiosk)
        self.kiosk = held_weakly(kiosk)
        self.health: dict[str, DeviceHealth] = {}
        self.printer_recheck = 3.0
        self._printer_watch: asyncio.Task[Any] | None = None
        self.arrived.connect(self.take)

    def start(self) -> None:
        if self.kiosk.devices is not None:
            for h in self.kiosk.devices.healths():
                self.take(h)

    # -- what the screens show --------------------------------------------------------------------
    def printer_blocked(self) -> str:
        """The code of what stops printing now, or ""."""
        h = self.health.get("printer")
        return h.code if h is not None and model.printer_blocks(h.state.value, h.code) else ""

    def printer_problem(self, language: str) -> str:
        blocked = self.printer_blocked()
        return texts.printer_problem(blocked)(language) if blocked else ""

    def rows(self, language: str, link: str) -> list[dict[str, Any]]:
        """The admin screen's device list: the hall link, the printer, the reader if fitted."""
        tr = texts.translate
        online = link == LinkState.ONLINE
        rows = [{"name": tr(texts.DEV_HALL), "ok": online,
                 "detail": tr(texts.DEV_OK) if online else tr(texts.OFFLINE_TITLE)}]
        devices = self.kiosk.devices
        for key, label in (("printer", texts.DEV_PRINTER), ("idcard", texts.DEV_READER)):
            if key == "idcard" and (devices is None or devices.reader is None):
                continue
            h = self.health.get(key)
            if h is None or h.state == ConnectionState.CONNECTING:
                rows.append({"name": tr(label), "ok": False, "detail": tr(texts.DEV_CONNECTING)})
                continue
            ok = h.state == ConnectionState.CONNECTED
            said = texts.bilingual(h.message_zh, h.message_en)(language)
            rows.append({"name": tr(label), "ok": ok, "detail": tr(texts.DEV_OK) if ok else (said or tr(texts.DEV_DOWN))})
        return rows

    # -- health in ----------------------------------------------------------------------------------
    def take(self, health: DeviceHealth) -> None:
        k = self.kiosk
        self.health[health.device] = health
        if health.device == "printer":
            k.printerProblemChanged.emit()
            if model.printer_blocks(health.state.value, health.code):
                self._watch_printer()
        k.adminChanged.emit()
        k.health.update(health)  # the reporter sends changes only

    async def check_printer(self) -> DeviceHealth | None:
        """Ask the printer now (staff replaced the paper); None without devices."""
        devices = self.kiosk.devices
        if devices is None:
            return None
        health = await devices.check_printer()
        self.take(health)
        return health

    # -- the printer until it prints again ------------------------------------------------------
    def _watch_printer(self) -> None:
        """While the printer cannot print, ask it directly every few seconds: the supervisor
        only reports changes it saw itself, and a failure seen by a print job must clear as
        soon as the paper is in."""
        if self.kiosk.devices is None or (self._printer_watch is not None and not self._printer_watch.done()):
            return
        self._printer_watch = self.kiosk.spawn(self._printer_watch_loop())

    async def _printer_watch_loop(self) -> None:
        while self.printer_blocked():
            await asyncio.sleep(self.printer_recheck)
            try:
                await self.check_printer()
            except DeviceError:
                continue
