"""The counter terminal's backend: one window's staff signs in, calls, serves and signs off.

Everything it shows comes from the hall (``/api/v1/state`` for the window, queue and today's
satisfaction; ``/api/v1/tickets?window=N`` for the waiting list), pulled after every event that
may change it. Commands go to the hall, whose answer is the truth (two counters pressing
"call next" together never get the same ticket: the hall's conditional write decides).

With a hall bus (``devices``), the window's LED screen follows the window and the hardware
rating pad is invited after each finished case; its result is posted as the rating.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from kiosk.apps.common_backend import Backend, qprop
from kiosk.apps.counter.devices import CounterDevices
from kiosk.protocol.client import HallApiError, HallClient

log = logging.getLogger("kiosk.apps.counter")

PAUSE_REASONS = ["临时离开", "业务咨询", "系统故障", "会议", "用餐"]
PAUSE_REASONS_EN = ["Away briefly", "Consultation", "System fault", "Meeting", "Meal break"]


class CounterBackend(Backend):
    windowNumberChanged = Signal()
    windowNumber = qprop(int, "windowNumber", windowNumberChanged)
    windowNameChanged = Signal()
    windowName = qprop(str, "windowName", windowNameChanged)
    hallNameChanged = Signal()
    hallName = qprop(str, "hallName", hallNameChanged)
    stateChanged = Signal()
    state = qprop(str, "state", stateChanged)  # signed_off | open | paused
    staffNameChanged = Signal()
    staffName = qprop(str, "staffName", staffNameChanged)
    staffNumberChanged = Signal()
    staffNumber = qprop(str, "staffNumber", staffNumberChanged)
    pauseReasonChanged = Signal()
    pauseReason = qprop(str, "pauseReason", pauseReasonChanged)
    currentChanged = Signal()
    current = qprop("QVariantMap", "current", currentChanged)  # {} when nobody is at the window
    waitingChanged = Signal()
    waiting = qprop("QVariantList", "waiting", waitingChanged)
    queueChanged = Signal()
    queue = qprop("QVariantList", "queue", queueChanged)  # this window's services
    servedTodayChanged = Signal()
    servedToday = qprop(int, "servedToday", servedTodayChanged)
    satisfactionChanged = Signal()
    satisfaction = qprop("QVariantMap", "satisfaction", satisfactionChanged)
    servicesChanged = Signal()
    services = qprop("QVariantList", "services", servicesChanged)  # transfer targets
    windowsChanged = Signal()
    windows = qprop("QVariantList", "windows", windowsChanged)  # other window numbers
    signOffBlockedChanged = Signal()
    signOffBlocked = qprop(str, "signOffBlocked", signOffBlockedChanged)  # the hall's refusal
    padStatusChanged = Signal()
    padStatus = qprop(str, "padStatus", padStatusChanged)
    pauseReasonsChanged = Signal()
    pauseReasons = qprop("QVariantList", "pauseReasons", pauseReasonsChanged)

    # From the bus I/O thread (rating pad results) into the Qt thread.
    _padResult = Signal(object)

    def __init__(self, client: HallClient, window: int, *, language: str = "zh",
                 devices: CounterDevices | None = None, parent: QObject | None = None) -> None:
        super().__init__(client, language=language, parent=parent)
        self._windowNumber = window
        self._windowName = ""
        self._hallName = ""
        self._state = "signed_off"
        self._staffName = ""
        self._staffNumber = ""
        self._pauseReason = ""
        self._current: dict[str, Any] = {}
        self._waiting: list[dict[str, Any]] = []
        self._queue: list[dict[str, Any]] = []
        self._servedToday = 0
        self._satisfaction: dict[str, Any] = {}
        self._services: list[dict[str, Any]] = []
        self._windows: list[int] = []
        self._signOffBlocked = ""
        self._padStatus = ""
        self._pauseReasons = PAUSE_REASONS_EN if language == "en" else PAUSE_REASONS
        self.devices = devices
        self._invited: dict[str, str] = {}  # ticket number -> ticket id, for pad results
        self._padResult.connect(self._on_pad_result)
        if devices is not None:
            devices.on_pad_result = self._padResult.emit
        self.languageChanged.connect(lambda: self._set(
            "pauseReasons", PAUSE_REASONS_EN if self._language == "en" else PAUSE_REASONS))

    # -- pulling the hall's view -------------------------------------------------------------
    @property
    def _w(self) -> str:
        return f"/api/v1/windows/{self._windowNumber}"

    async def pull(self) -> None:
        state = await self.client.get("/api/v1/state")
        waiting = await self.client.get(f"/api/v1/tickets?window={self._windowNumber}")
        window = await self.client.get(self._w)  # the full current ticket (recalls etc.)
        if not self._services:
            cat = await self.client.get("/api/v1/services")
            self._set("services", [{"code": s["code"], "name": s["name"], "name_en": s.get("name_en") or s["code"]}
                                   for s in cat["services"]])
        self.apply_state(state, waiting, window)

    def apply_state(self, state: dict[str, Any], waiting: list[dict[str, Any]],
                    window: dict[str, Any] | None = None) -> None:
        self._set("hallName", state["hall"]["name"])
        mine = next((w for w in state["windows"] if w["number"] == self._windowNumber), None)
        if mine is None:
            self._set("error", self.text(f"大厅没有 {self._windowNumber} 号窗口,请检查配置",
                                         f"the hall has no window {self._windowNumber}; check the setup"))
            return
        self._set("windows", [w["number"] for w in state["windows"] if w["number"] != self._windowNumber])
        self._apply_window(window or mine)
        self._set("servedToday", int(mine.get("served_today", 0)))
        sat = mine.get("satisfaction") or {}
        dist = sat.get("distribution") or {}
        self._set("satisfaction", {
            "ratings": sat.get("ratings", 0),
            "rate": sat.get("satisfaction_rate"),
            "distribution": [dist.get(str(k), 0) for k in (5, 4, 3, 2, 1)],
        })
        services = set(mine["services"])
        self._set("queue", [{"service": q["service"], "name": q["name"], "name_en": q.get("name_en") or q["service"],
                             "waiting": q["waiting"], "minutes": round(q["estimated_wait_s"] / 60)}
                            for q in state["queue"] if q["service"] in services])
        self._set("waiting", [{"id": t["id"], "number": t["number"], "service_name": t["service_name"],
                               "priority": t["priority"], "issued_at": (t.get("issued_at") or "")[11:16],
                               "targeted": t.get("target_window") == self._windowNumber}
                              for t in waiting])

    def _apply_window(self, w: dict[str, Any]) -> None:
        self._set("windowName", w.get("name") or "")
        self._set("state", w["state"])
        self._set("staffName", w.get("staff_name") or "")
        self._set("staffNumber", w.get("staff_number") or "")
        self._set("pauseReason", w.get("pause_reason") or "")
        cur = w.get("current") or {}
        self._set("current", {k: cur.get(k) for k in ("id", "number", "service", "service_name", "state",
                                                       "recalls")} if cur else {})

    def _on_event(self, ev: dict[str, Any]) -> None:
        if ev.get("type") != "device.health":
            self.refresh_soon()

    # -- commands ------------------------------------------------------------------------
    def _after(self, info: str) -> None:
        self._set("info", info)
        self.refresh_soon()

    @Slot(str, str)
    def signIn(self, staff: str, pin: str) -> None:
        async def run() -> None:
            w = await self.client.post(f"{self._w}/sign-in", {"staff": staff.strip(), "pin": pin})
            self._apply_window(w)
            self._set("signOffBlocked", "")
            if self.devices:
                self.devices.idle()
            self._after(self.text(f"{w.get('staff_name') or ''} 已签到", "signed in"))
        self.command(run)

    @Slot()
    def callNext(self) -> None:
        async def run() -> None:
            t = await self.client.post(f"{self._w}/call-next")
            if t is None:
                self._set("info", self.text("当前没有等候的群众", "nobody is waiting"))
                self.refresh_soon()
                return
            self._called(t)
        self.command(run)

    @Slot(str)
    def callTicket(self, ticket_id: str) -> None:
        async def run() -> None:
            t = await self.client.post(f"{self._w}/call", {"ticket": ticket_id})
            self._called(t)
        self.command(run)

    def _called(self, t: dict[str, Any]) -> None:
        self._set("current", {k: t.get(k) for k in ("id", "number", "service", "service_name", "state", "recalls")})
        if self.devices:
            self.devices.show_call(t["number"])
        self._after(self.text(f"请 {t['number']} 号到 {self._windowNumber} 号窗口",
                              f"{t['number']} called to window {self._windowNumber}"))

    def _ticket_action(self, action: str, done_zh: str, done_en: str, body: Any = None) -> None:
        ticket_id = self._current.get("id")
        number = self._current.get("number") or ""
        if not ticket_id:
            self._set("error", self.text("当前没有正在办理的票号", "no ticket at this window"))
            return

        async def run() -> None:
            t = await self.client.post(f"/api/v1/tickets/{ticket_id}/{action}", body)
            if action in ("finish", "no-show", "transfer"):
                self._set("current", {})
            else:
                self._set("current", {k: t.get(k) for k in ("id", "number", "service", "service_name", "state",
                                                               "recalls")})
            if self.devices:
                if action == "recall":
                    self.devices.show_call(number)
                elif action in ("finish", "no-show", "transfer"):
                    self.devices.idle()
                if action == "finish":
                    self._invite_pad(ticket_id, number)
            self._after(self.text(done_zh.format(n=number), done_en.format(n=number)))
        self.command(run)

    @Slot()
    def recall(self) -> None:
        self._ticket_action("recall", "已重呼 {n}", "{n} recalled")

    @Slot()
    def startService(self) -> None:
        self._ticket_action("start", "{n} 开始办理", "serving {n}")

    @Slot()
    def finish(self) -> None:
        self._ticket_action("finish", "{n} 已办结,请群众评价", "{n} finished; the citizen may rate now")

    @Slot()
    def noShow(self) -> None:
        self._ticket_action("no-show", "{n} 已过号", "{n} marked no-show")

    @Slot(str)
    def transferToService(self, code: str) -> None:
        self._ticket_action("transfer", "{n} 已转办", "{n} transferred", {"service": code})

    @Slot(int)
    def transferToWindow(self, window: int) -> None:
        self._ticket_action("transfer", "{n} 已转到 " + str(window) + " 号窗口",
                            "{n} transferred to window " + str(window), {"window": window})

    @Slot(str)
    def pause(self, reason: str) -> None:
        async def run() -> None:
            w = await self.client.post(f"{self._w}/pause", {"reason": reason.strip()})
            self._apply_window(w)
            if self.devices:
                self.devices.show_paused(reason.strip())
            self._after(self.text("已暂停服务", "window paused"))
        if not reason.strip():
            self._set("error", self.text("暂停服务需填写原因", "a pause needs a reason"))
            return
        self.command(run)

    @Slot()
    def resume(self) -> None:
        async def run() -> None:
            w = await self.client.post(f"{self._w}/resume")
            self._apply_window(w)
            if self.devices:
                self.devices.resumed()
            self._after(self.text("已恢复服务", "window resumed"))
        self.command(run)

    @Slot()
    def signOff(self) -> None:
        self._sign_off({})

    @Slot(str)
    def signOffOverride(self, reason: str) -> None:
        if not reason.strip():
            self._set("error", self.text("强制签退需填写原因", "an override needs a reason"))
            return
        self._sign_off({"override": True, "reason": reason.strip()})

    def _sign_off(self, body: dict[str, Any]) -> None:
        async def run() -> None:
            try:
                w = await self.client.post(f"{self._w}/sign-off", body)
            except HallApiError as err:
                if err.code == "tickets_waiting":
                    self._set("signOffBlocked", self.error_text(err))
                raise
            self._set("signOffBlocked", "")
            self._apply_window(w)
            if self.devices:
                self.devices.show_idle_closed()
            self._after(self.text("已签退", "signed off"))
        self.command(run)

    @Slot()
    def cancelSignOff(self) -> None:
        self._set("signOffBlocked", "")

    @Slot()
    def refresh(self) -> None:
        self.refresh_soon()

    # -- hardware rating pad -----------------------------------------------------------------
    def _invite_pad(self, ticket_id: str, number: str) -> None:
        assert self.devices is not None
        if not self.devices.has_pad:
            return
        self._invited[number] = ticket_id
        self._set("padStatus", self.text(f"评价器: 请群众为 {number} 评价", f"pad: waiting for {number}'s rating"))
        self.devices.invite(self._windowNumber, self._staffName, self._staffNumber, number)

    @Slot(object)
    def _on_pad_result(self, result: Any) -> None:
        ticket_id = self._invited.pop(result.ticket, None)
        if ticket_id is None:
            return
        if result.rated:
            body: dict[str, Any] = {"level": result.level, "reasons": list(result.reasons)}
            if result.level in (1, 2) and not body["reasons"]:
                body["reasons"] = ["未选择原因"]  # the citizen pressed no reason key: say so, invent none
        else:
            body = {"not_rated": True}

        async def run() -> None:
            try:
                await self.client.post(f"/api/v1/tickets/{ticket_id}/rating", body, retry_safe=True)
                self._set("padStatus", self.text(
                    f"评价器: {result.ticket} {result.level_text}" if result.rated else f"评价器: {result.ticket} 未评价",
                    f"pad: {result.ticket} rated {result.level}" if result.rated else f"pad: {result.ticket} not rated"))
            except HallApiError as err:
                if err.code == "already_rated":
                    self._set("padStatus", self.text(f"评价器: {result.ticket} 已评价", f"pad: {result.ticket} already rated"))
                else:
                    self._set("padStatus", self.text("评价器: ", "pad: ") + self.error_text(err))
            self.refresh_soon()
        self.spawn(run())

    async def stop(self) -> None:
        if self.devices is not None:
            self.devices.on_health = None  # no more reports through a client about to close
            self.devices.stop()
        await super().stop()
