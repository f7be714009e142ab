"""The on-screen rating pad (评价器) for a tablet or touch monitor at one window.

Idle until the hall says its window finished a case (``ticket.finished``, old name
``ticket.finish``); then five big buttons, 5..1 (labels from kiosk.core.ratings). The two lowest
levels need at least one reason (``ratings.needs_reason``). A rating goes to the hall once (retry-safe,
idempotent); ``already_rated`` (e.g. the hardware pad was faster) ends the session quietly. Nobody
rating before the timeout records "not rated" — a rating is never invented.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot

from kiosk.apps.common_backend import Backend, qprop
from kiosk.core import ratings
from kiosk.protocol.client import HallApiError, HallClient
from kiosk.protocol.events import EventType

log = logging.getLogger("kiosk.apps.pad")

# The reasons a citizen may tick; recorded in Chinese whatever the screen shows.
REASONS = ("等候时间长", "服务态度差", "一次性告知不到位", "办事效率低", "其他")


def _reason_texts() -> list[str]:
    # Listed literally so lupdate finds every reason.
    return [QCoreApplication.translate("PadBackend", "等候时间长"),
            QCoreApplication.translate("PadBackend", "服务态度差"),
            QCoreApplication.translate("PadBackend", "一次性告知不到位"),
            QCoreApplication.translate("PadBackend", "办事效率低"),
            QCoreApplication.translate("PadBackend", "其他")]


SCREENS = ("idle", "rate", "reasons", "sending", "thanks")


class PadBackend(Backend):
    windowNumberChanged = Signal()
    windowNumber = qprop(int, "windowNumber", windowNumberChanged)
    staffNameChanged = Signal()
    staffName = qprop(str, "staffName", staffNameChanged)
    staffNumberChanged = Signal()
    staffNumber = qprop(str, "staffNumber", staffNumberChanged)
    windowStateChanged = Signal()
    windowState = qprop(str, "windowState", windowStateChanged)
    screenChanged = Signal()
    screen = qprop(str, "screen", screenChanged)  # idle | rate | reasons | sending | thanks
    # Which screen shows, as QML reads it (no state strings in QML).
    screenIdle = Property(bool, lambda self: self._screen == "idle", notify=screenChanged)
    screenRate = Property(bool, lambda self: self._screen == "rate", notify=screenChanged)
    screenReasons = Property(bool, lambda self: self._screen == "reasons", notify=screenChanged)
    screenSending = Property(bool, lambda self: self._screen == "sending", notify=screenChanged)
    screenThanks = Property(bool, lambda self: self._screen == "thanks", notify=screenChanged)
    countingDown = Property(bool, lambda self: self._screen in ("rate", "reasons"), notify=screenChanged)
    ticketNumberChanged = Signal()
    ticketNumber = qprop(str, "ticketNumber", ticketNumberChanged)
    levelChanged = Signal()
    level = qprop(int, "level", levelChanged)
    levelText = Property(str, lambda self: self._label(self._level) if ratings.valid_level(self._level) else "",
                         notify=levelChanged)
    secondsLeftChanged = Signal()
    secondsLeft = qprop(int, "secondsLeft", secondsLeftChanged)
    levelsChanged = Signal()
    levels = qprop("QVariantList", "levels", levelsChanged)
    reasonsChanged = Signal()
    reasons = qprop("QVariantList", "reasons", reasonsChanged)

    def __init__(self, client: HallClient, window: int, *, language: str = "zh", timeout_s: int = 30,
                 thanks_s: float = 3.0, parent: QObject | None = None) -> None:
        super().__init__(client, language=language, parent=parent)
        self._windowNumber = window
        self._staffName = ""
        self._staffNumber = ""
        self._windowState = ""
        self._screen = "idle"
        self._ticketNumber = ""
        self._level = 0
        self._secondsLeft = 0
        self._levels: list[dict[str, Any]] = []
        self._reasons: list[dict[str, Any]] = []
        self.timeout_s = timeout_s
        self.thanks_s = thanks_s
        self._ticket_id = ""
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._thanks = QTimer(self)
        self._thanks.setSingleShot(True)
        self._thanks.timeout.connect(self._to_idle)
        self.recorded: list[dict[str, Any]] = []  # what this pad sent, for tests and logs
        self.languageChanged.connect(self.levelChanged)
        self.retranslate()

    def _label(self, level: int) -> str:
        # the core's words for the level, in the screen's language
        return ratings.label_en(level) if self._language == "en" else ratings.label_zh(level)

    def retranslate(self) -> None:
        self._set("levels", [{"level": lv.value, "text": self._label(lv.value), "stars": lv.value}
                             for lv in ratings.LEVELS])
        self._set("reasons", [{"value": v, "text": t} for v, t in zip(REASONS, _reason_texts(), strict=True)])

    async def pull(self) -> None:
        w = await self.client.window(self._windowNumber)
        self._set("staffName", w.get("staff_name") or "")
        self._set("staffNumber", w.get("staff_number") or "")
        self._set("windowState", w.get("state") or "")

    def _on_event(self, ev: dict[str, Any]) -> None:
        kind = EventType.parse(str(ev.get("type", "")))
        payload = ev.get("payload") or {}
        if kind is None or payload.get("window") != self._windowNumber:
            return
        if kind.value.startswith("window."):
            self.refresh_soon()
        elif kind == EventType.TICKET_FINISHED:
            t = payload["ticket"]
            self.invite(t["id"], t["number"])

    def invite(self, ticket_id: str, number: str) -> None:
        """A case at this window just finished: ask the citizen to rate it."""
        if self._screen in ("rate", "reasons") and self._ticket_id and self._ticket_id != ticket_id:
            self._send_not_rated(self._ticket_id)  # the last citizen walked away unrated
        self._ticket_id = ticket_id
        self._set("ticketNumber", number)
        self._set("level", 0)
        self._set("error", "")
        self._thanks.stop()
        self._set("screen", "rate")
        self._restart_countdown()

    def _restart_countdown(self) -> None:
        self._set("secondsLeft", self.timeout_s)
        self._tick.start()

    def _on_tick(self) -> None:
        left = self._secondsLeft - 1
        self._set("secondsLeft", max(0, left))
        if left <= 0:
            self._tick.stop()
            if self._screen in ("rate", "reasons") and self._ticket_id:
                self._send_not_rated(self._ticket_id)
                self._to_idle()

    @Slot(int)
    def rate(self, level: int) -> None:
        if self._screen != "rate" or not ratings.valid_level(level):
            return
        self._set("level", level)
        if ratings.needs_reason(level):
            self._set("screen", "reasons")
            self._restart_countdown()
            return
        self._submit(level, [])

    @Slot("QVariantList")
    def submitReasons(self, reasons: list[Any]) -> None:
        chosen = [str(r) for r in reasons if str(r).strip()]
        if not chosen:
            self._set("error", QCoreApplication.translate("PadBackend", "请至少选择一项原因"))
            return
        self._submit(self._level, chosen)

    @Slot()
    def back(self) -> None:
        if self._screen == "reasons":
            self._set("level", 0)
            self._set("screen", "rate")
            self._restart_countdown()

    def _submit(self, level: int, reasons: list[str]) -> None:
        ticket_id = self._ticket_id
        self._tick.stop()
        self._set("screen", "sending")

        async def run() -> None:
            try:
                await self.client.rate(ticket_id, level, reasons)  # retry-safe: recorded once
                self.recorded.append({"ticket": ticket_id, "level": level, "reasons": reasons})
            except HallApiError as err:
                if err.code != "already_rated":
                    self._set("screen", "reasons" if ratings.needs_reason(level) else "rate")
                    self._restart_countdown()
                    raise
            self._set("screen", "thanks")
            self._thanks.start(int(self.thanks_s * 1000))
        self.command(run)

    def _send_not_rated(self, ticket_id: str) -> None:
        async def run() -> None:
            try:
                await self.client.rate(ticket_id, None, not_rated=True)
                self.recorded.append({"ticket": ticket_id, "not_rated": True})
            except HallApiError as err:
                if err.code != "already_rated":
                    log.warning("not-rated for %s not recorded: %s", ticket_id, err)
        self.spawn(run())

    def _to_idle(self) -> None:
        self._tick.stop()
        self._thanks.stop()
        self._ticket_id = ""
        self._set("ticketNumber", "")
        self._set("level", 0)
        self._set("screen", "idle")
        self._set("secondsLeft", 0)
