"""The on-screen rating pad (评价器) for a tablet or touch monitor at one window.

Idle until the hall says its window finished a case (``ticket.finish``); then five big buttons,
5..1. The two lowest levels need at least one reason. A rating goes to the hall once (retry-safe,
idempotent); ``already_rated`` (e.g. the hardware pad was faster) ends the session quietly. Nobody
rating before the timeout records "not rated" — a rating is never invented.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.apps.common_backend import Backend, qprop
from kiosk.protocol.client import HallApiError, HallClient

log = logging.getLogger("kiosk.apps.pad")

LEVELS = [(5, "非常满意", "Very satisfied"), (4, "满意", "Satisfied"), (3, "基本满意", "Mostly satisfied"),
          (2, "不满意", "Dissatisfied"), (1, "非常不满意", "Very dissatisfied")]
REASONS = [("等候时间长", "Waited too long"), ("服务态度差", "Unfriendly service"),
           ("一次性告知不到位", "Not told everything at once"), ("办事效率低", "Slow handling"),
           ("其他", "Other")]


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
    ticketNumberChanged = Signal()
    ticketNumber = qprop(str, "ticketNumber", ticketNumberChanged)
    levelChanged = Signal()
    level = qprop(int, "level", levelChanged)
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
        self._levels = [{"level": n, "zh": zh, "en": en} for n, zh, en in LEVELS]
        self._reasons = [{"zh": zh, "en": en} for zh, en in REASONS]
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

    async def pull(self) -> None:
        w = await self.client.get(f"/api/v1/windows/{self._windowNumber}")
        self._set("staffName", w.get("staff_name") or "")
        self._set("staffNumber", w.get("staff_number") or "")
        self._set("windowState", w.get("state") or "")

    def _on_event(self, ev: dict[str, Any]) -> None:
        kind = ev.get("type", "")
        payload = ev.get("payload") or {}
        if kind.startswith("window.") and payload.get("window") == self._windowNumber:
            self.refresh_soon()
        elif kind == "ticket.finish" and payload.get("window") == self._windowNumber:
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
        if self._screen != "rate" or not 1 <= level <= 5:
            return
        self._set("level", level)
        if level <= 2:
            self._set("screen", "reasons")
            self._restart_countdown()
            return
        self._submit({"level": level, "reasons": []})

    @Slot("QVariantList")
    def submitReasons(self, reasons: list[Any]) -> None:
        chosen = [str(r) for r in reasons if str(r).strip()]
        if not chosen:
            self._set("error", self.text("请至少选择一项原因", "please choose at least one reason"))
            return
        self._submit({"level": self._level, "reasons": chosen})

    @Slot()
    def back(self) -> None:
        if self._screen == "reasons":
            self._set("level", 0)
            self._set("screen", "rate")
            self._restart_countdown()

    def _submit(self, body: dict[str, Any]) -> None:
        ticket_id = self._ticket_id
        self._tick.stop()
        self._set("screen", "sending")

        async def run() -> None:
            try:
                await self.client.post(f"/api/v1/tickets/{ticket_id}/rating", body, retry_safe=True)
                self.recorded.append({"ticket": ticket_id, **body})
            except HallApiError as err:
                if err.code != "already_rated":
                    self._set("screen", "reasons" if body.get("level", 5) <= 2 else "rate")
                    self._restart_countdown()
                    raise
            self._set("screen", "thanks")
            self._thanks.start(int(self.thanks_s * 1000))
        self.command(run)

    def _send_not_rated(self, ticket_id: str) -> None:
        async def run() -> None:
            try:
                await self.client.post(f"/api/v1/tickets/{ticket_id}/rating", {"not_rated": True},
                                       retry_safe=True)
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
