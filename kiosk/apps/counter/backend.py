"""The counter terminal's backend: one window's staff signs in, calls, serves and signs off.

Everything it shows comes from the hall (``client.state()`` for the window, queue and today's
satisfaction; ``client.waiting(window)`` for the waiting list), pulled after every event that
may change it. Commands go to the hall, whose answer is the truth (two counters pressing
"call next" together never get the same ticket: the hall's conditional write decides).

What the staff may do now is decided by the core's window predicates (kiosk/core/windows.py)
and exposed as ``can*`` properties with ``busy`` folded in, so a button and its F-key bind to
the same property and the screen compares no state strings.

With a hall bus (``devices``), the window's LED screen follows the window and the hardware
rating pad is invited after each finished case; its result is posted as the rating.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, Signal, Slot

from kiosk.apps.common_backend import Backend, qprop
from kiosk.apps.counter.devices import CounterDevices
from kiosk.core import windows as rules
from kiosk.core.ratings import LEVELS, label_en, label_zh, needs_reason
from kiosk.core.tickets import Priority, TicketState
from kiosk.core.windows import WindowState
from kiosk.protocol.client import HallApiError, HallClient
from kiosk.protocol.events import EventType

log = logging.getLogger("kiosk.apps.counter")


# What the staff may choose as a pause reason; recorded in Chinese whatever the screen shows.
PAUSE_REASONS = ("临时离开", "业务咨询", "系统故障", "会议", "用餐")


def _pause_reason_texts() -> list[str]:
    # Listed literally so lupdate finds every reason (a loop over PAUSE_REASONS hides them).
    return [QCoreApplication.translate("CounterBackend", "临时离开"),
            QCoreApplication.translate("CounterBackend", "业务咨询"),
            QCoreApplication.translate("CounterBackend", "系统故障"),
            QCoreApplication.translate("CounterBackend", "会议"),
            QCoreApplication.translate("CounterBackend", "用餐")]


TICKET_FIELDS = ("id", "number", "service", "service_name", "state", "recalls")


def _ticket_view(t: dict[str, Any] | None) -> dict[str, Any]:
    return {k: t.get(k) for k in TICKET_FIELDS} if t else {}


class CounterBackend(Backend):
    windowNumberChanged = Signal()
    windowNumber = qprop(int, "windowNumber", windowNumberChanged)
    windowNameChanged = Signal()
    windowName = qprop(str, "windowName", windowNameChanged)
    hallNameChanged = Signal()
    hallName = qprop(str, "hallName", hallNameChanged)
    stateChanged = Signal()
    state = qprop(str, "state", stateChanged)  # signed_off | open | paused (tests, logs)
    staffNameChanged = Signal()
    staffName = qprop(str, "staffName", staffNameChanged)
    staffNumberChanged = Signal()
    staffNumber = qprop(str, "staffNumber", staffNumberChanged)
    pauseReasonChanged = Signal()
    pauseReason = qprop(str, "pauseReason", pauseReasonChanged)
    worksTodayChanged = Signal()
    worksToday = qprop(bool, "worksToday", worksTodayChanged)  # the window's days include today
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
    pauseReasons = qprop("QVariantList", "pauseReasons", pauseReasonsChanged)  # [{value, text}]
    selectedIdChanged = Signal()
    selectedId = qprop(str, "selectedId", selectedIdChanged)  # the chosen waiting ticket
    # Derived from the window, its ticket, the selection and busy: one signal for all of them.
    rulesChanged = Signal()

    # From the bus I/O thread (rating pad results) into the Qt thread.
    _padResult = Signal(object)

    def __init__(self, client: HallClient, window: int, *, language: str = "zh",
                 devices: CounterDevices | None = None, parent: QObject | None = None) -> None:
        super().__init__(client, language=language, parent=parent)
        self._windowNumber = window
        self._windowName = ""
        self._hallName = ""
        self._state = WindowState.SIGNED_OFF.value
        self._staffName = ""
        self._staffNumber = ""
        self._pauseReason = ""
        self._worksToday = True
        self._current: dict[str, Any] = {}
        self._waiting: list[dict[str, Any]] = []
        self._queue: list[dict[str, Any]] = []
        self._servedToday = 0
        self._satisfaction: dict[str, Any] = {}
        self._services: list[dict[str, Any]] = []
        self._windows: list[int] = []
        self._signOffBlocked = ""
        self._padStatus = ""
        self._pauseReasons: list[dict[str, str]] = []
        self._selectedId = ""
        self._raw_waiting: list[dict[str, Any]] = []
        self.devices = devices
        self._invited: dict[str, str] = {}  # ticket number -> ticket id, for pad results
        self._padResult.connect(self._on_pad_result)
        for sig in (self.stateChanged, self.currentChanged, self.busyChanged, self.waitingChanged,
                    self.selectedIdChanged, self.worksTodayChanged):
            sig.connect(self.rulesChanged)
        self.languageChanged.connect(self.satisfactionChanged)  # the level names change with it
        if devices is not None:
            devices.on_pad_result = self._padResult.emit
            devices.on_health = self.health.update
        self.retranslate()

    def retranslate(self) -> None:
        self._set("pauseReasons", [{"value": v, "text": t} for v, t in zip(PAUSE_REASONS, _pause_reason_texts(), strict=True)])
        self._set("waiting", [self._waiting_row(t) for t in self._raw_waiting])
        self.rulesChanged.emit()  # stateText and currentText are in the new language

    # -- what the staff may do: the core's predicates, busy folded in -------------------------
    def _window_state(self) -> WindowState:
        try:
            return WindowState(self._state)
        except ValueError:
            return WindowState.SIGNED_OFF

    def _ticket_state(self) -> TicketState | None:
        state = self._current.get("state") if self._current else None
        try:
            return TicketState(state) if state else None
        except ValueError:
            return None

    def _may(self, rule: Callable[[WindowState, TicketState | None], bool]) -> bool:
        return not self._busy and rule(self._window_state(), self._ticket_state())

    # a window whose days leave out today cannot sign in (the hall refuses it the same way)
    canSignIn = Property(bool, lambda self: not self._busy and self._worksToday
                         and rules.can_sign_in(self._window_state()), notify=rulesChanged)
    canCallNext = Property(bool, lambda self: self._may(rules.can_call), notify=rulesChanged)
    canCallSelected = Property(bool, lambda self: self._may(rules.can_call) and self._selected_waiting(),
                               notify=rulesChanged)
    canRecall = Property(bool, lambda self: self._may(rules.can_recall), notify=rulesChanged)
    canStart = Property(bool, lambda self: self._may(rules.can_start), notify=rulesChanged)
    canFinish = Property(bool, lambda self: self._may(rules.can_finish), notify=rulesChanged)
    canNoShow = Property(bool, lambda self: self._may(rules.can_no_show), notify=rulesChanged)
    canTransfer = Property(bool, lambda self: self._may(rules.can_transfer), notify=rulesChanged)
    canPause = Property(bool, lambda self: self._may(rules.can_pause), notify=rulesChanged)
    canResume = Property(bool, lambda self: not self._busy and rules.can_resume(self._window_state()),
                         notify=rulesChanged)
    # One key (F7) and one button toggle the service: paused -> resume, else pause.
    canPauseOrResume = Property(bool, lambda self: self.canPause or self.canResume, notify=rulesChanged)
    canSignOff = Property(bool, lambda self: self._may(rules.can_sign_off), notify=rulesChanged)
    isOpen = Property(bool, lambda self: self._window_state() == WindowState.OPEN, notify=rulesChanged)
    isPaused = Property(bool, lambda self: self._window_state() == WindowState.PAUSED, notify=rulesChanged)
    isSignedOff = Property(bool, lambda self: self._window_state() == WindowState.SIGNED_OFF,
                           notify=rulesChanged)
    hasTicket = Property(bool, lambda self: self._ticket_state() is not None, notify=rulesChanged)

    def _selected_waiting(self) -> bool:
        return bool(self._selectedId) and any(t["id"] == self._selectedId for t in self._waiting)

    def _state_text(self) -> str:
        return {WindowState.OPEN: self.tr("办理中", "window state"), WindowState.PAUSED: self.tr("暂停服务"),
                WindowState.SIGNED_OFF: self.tr("未签到")}[self._window_state()]

    def _state_tone(self) -> str:
        """The Theme colour of the window's state badge."""
        return {WindowState.OPEN: "green", WindowState.PAUSED: "orange",
                WindowState.SIGNED_OFF: "grey"}[self._window_state()]

    def _current_text(self) -> str:
        state = self._ticket_state()
        if state is None:
            return ""
        doing = self.tr("办理中", "ticket state") if state == TicketState.SERVING else self.tr("已叫号,等候群众到窗口")
        recalls = int(self._current.get("recalls") or 0)
        text = f"{self._current.get('service_name') or ''} · {doing}"
        return text + (self.tr(" · 已重呼 {n} 次").format(n=recalls) if recalls > 0 else "")

    stateText = Property(str, lambda self: self._state_text(), notify=rulesChanged)
    stateTone = Property(str, lambda self: self._state_tone(), notify=rulesChanged)
    currentText = Property(str, lambda self: self._current_text(), notify=rulesChanged)
    currentNumber = Property(str, lambda self: str(self._current.get("number") or ""), notify=rulesChanged)

    def _satisfaction_split(self) -> str:
        """Today's ratings per level, 5 .. 1, named with the core's words in the screen's language."""
        counts = self._satisfaction.get("distribution") or [0] * len(LEVELS)
        return " · ".join(f"{self.text(lv.zh, lv.en)} {n}" for lv, n in zip(LEVELS, counts, strict=False))

    satisfactionSplit = Property(str, lambda self: self._satisfaction_split(), notify=satisfactionChanged)

    @Slot(str)
    def select(self, ticket_id: str) -> None:
        self._set("selectedId", ticket_id)

    # -- pulling the hall's view -------------------------------------------------------------
    async def pull(self) -> None:
        state = await self.client.state()
        waiting = await self.client.waiting(self._windowNumber)
        window = await self.client.window(self._windowNumber)  # the full current ticket (recalls etc.)
        if not self._services:
            cat = await self.client.services()
            self._set("services", [{"code": s["code"], "name": s["name"], "name_en": s.get("name_en") or s["code"]}
                                   for s in cat["services"]])
        self.apply_state(state, waiting, window)

    def apply_state(self, state: dict[str, Any], waiting: list[dict[str, Any]],
                    window: dict[str, Any] | None = None) -> None:
        self._set("hallName", state["hall"]["name"])
        mine = next((w for w in state["windows"] if w["number"] == self._windowNumber), None)
        if mine is None:
            self._set("error", self.tr("大厅没有 {n} 号窗口,请检查配置").format(n=self._windowNumber))
            return
        self._set("windows", [w["number"] for w in state["windows"] if w["number"] != self._windowNumber])
        self._apply_window(window or mine)
        self._set("servedToday", int(mine.get("served_today", 0)))
        sat = mine.get("satisfaction") or {}
        dist = sat.get("distribution") or {}
        self._set("satisfaction", {
            "ratings": sat.get("ratings", 0),
            "rate": sat.get("satisfaction_rate"),
            "distribution": [dist.get(str(lv.value), 0) for lv in LEVELS],  # 5 .. 1
        })
        services = set(mine["services"])
        self._set("queue", [{"service": q["service"], "name": q["name"], "name_en": q.get("name_en") or q["service"],
                             "waiting": q["waiting"], "minutes": round(q["estimated_wait_s"] / 60)}
                            for q in state["queue"] if q["service"] in services])
        self._raw_waiting = list(waiting)
        self._set("waiting", [self._waiting_row(t) for t in waiting])

    def _waiting_row(self, t: dict[str, Any]) -> dict[str, Any]:
        targeted = t.get("target_window") == self._windowNumber
        tag = (self.tr("转本窗口") if targeted else self.tr("绿色通道") if t["priority"] == Priority.GREEN
               else self.tr("预约") if t["priority"] == Priority.APPOINTMENT else "")
        return {"id": t["id"], "number": t["number"], "service_name": t["service_name"],
                "priority": t["priority"], "issued_at": (t.get("issued_at") or "")[11:16],
                "targeted": targeted, "tag": tag}

    def _apply_window(self, w: dict[str, Any]) -> None:
        self._set("windowName", w.get("name") or "")
        self._set("state", w["state"])
        self._set("staffName", w.get("staff_name") or "")
        self._set("staffNumber", w.get("staff_number") or "")
        self._set("pauseReason", w.get("pause_reason") or "")
        self._set("worksToday", bool(w.get("works_today", True)))
        self._set("current", _ticket_view(w.get("current")))

    def _on_event(self, ev: dict[str, Any]) -> None:
        if EventType.parse(str(ev.get("type", ""))) != EventType.DEVICE_HEALTH:
            self.refresh_soon()

    # -- commands ------------------------------------------------------------------------
    def _after(self, info: str) -> None:
        self._set("info", info)
        self.refresh_soon()

    @Slot(str, str)
    def signIn(self, staff: str, pin: str) -> None:
        async def run() -> None:
            w = await self.client.sign_in(self._windowNumber, staff.strip(), pin)
            self._apply_window(w)
            self._set("signOffBlocked", "")
            if self.devices:
                self.devices.idle()
            self._after(self.tr("{name} 已签到").format(name=w.get("staff_name") or ""))
        self.command(run)

    @Slot()
    def callNext(self) -> None:
        async def run() -> None:
            t = await self.client.call_next(self._windowNumber)
            if t is None:
                self._set("info", self.tr("当前没有等候的群众"))
                self.refresh_soon()
                return
            self._called(t)
        self.command(run)

    @Slot(str)
    def callTicket(self, ticket_id: str) -> None:
        async def run() -> None:
            self._called(await self.client.call(self._windowNumber, ticket_id))
        self.command(run)

    @Slot()
    def callSelected(self) -> None:
        if self._selectedId:
            self.callTicket(self._selectedId)

    def _called(self, t: dict[str, Any]) -> None:
        self._set("current", _ticket_view(t))
        self._set("selectedId", "")
        if self.devices:
            self.devices.show_call(t["number"])
        self._after(self.tr("请 {n} 号到 {w} 号窗口").format(n=t["number"], w=self._windowNumber))

    def _ticket_action(self, send: Callable[[str], Awaitable[dict[str, Any]]], done: str, *,
                       leaves: bool = False, recall: bool = False, finish: bool = False) -> None:
        """One command on the ticket at the window; ``leaves``: the ticket is no longer here
        after it (finish, no-show, transfer)."""
        ticket_id = self._current.get("id")
        number = self._current.get("number") or ""
        if not ticket_id:
            self._set("error", self.tr("当前没有正在办理的票号"))
            return

        async def run() -> None:
            t = await send(ticket_id)
            self._set("current", {} if leaves else _ticket_view(t))
            if self.devices:
                if recall:
                    self.devices.show_call(number)
                elif leaves:
                    self.devices.idle()
                if finish:
                    self._invite_pad(ticket_id, number)
            self._after(done.format(n=number))
        self.command(run)

    @Slot()
    def recall(self) -> None:
        self._ticket_action(self.client.recall, self.tr("已重呼 {n}"), recall=True)

    @Slot()
    def startService(self) -> None:
        self._ticket_action(self.client.start, self.tr("{n} 开始办理"))

    @Slot()
    def finish(self) -> None:
        self._ticket_action(self.client.finish, self.tr("{n} 已办结,请群众评价"), leaves=True, finish=True)

    @Slot()
    def noShow(self) -> None:
        self._ticket_action(self.client.no_show, self.tr("{n} 已过号"), leaves=True)

    @Slot(str)
    def transferToService(self, code: str) -> None:
        self._ticket_action(lambda tid: self.client.transfer(tid, service=code), self.tr("{n} 已转办"), leaves=True)

    @Slot(int)
    def transferToWindow(self, window: int) -> None:
        done = self.tr("{n} 已转到 {w} 号窗口").replace("{w}", str(window))
        self._ticket_action(lambda tid: self.client.transfer(tid, window=window), done, leaves=True)

    @Slot(str)
    def pause(self, reason: str) -> None:
        async def run() -> None:
            w = await self.client.pause(self._windowNumber, reason.strip())
            self._apply_window(w)
            if self.devices:
                self.devices.show_paused(reason.strip())
            self._after(self.tr("已暂停服务"))
        if not reason.strip():
            self._set("error", self.tr("暂停服务需填写原因"))
            return
        self.command(run)

    @Slot()
    def resume(self) -> None:
        async def run() -> None:
            w = await self.client.resume(self._windowNumber)
            self._apply_window(w)
            if self.devices:
                self.devices.resumed()
            self._after(self.tr("已恢复服务"))
        self.command(run)

    @Slot()
    def signOff(self) -> None:
        self._sign_off(override=False, reason=None)

    @Slot(str)
    def signOffOverride(self, reason: str) -> None:
        if not reason.strip():
            self._set("error", self.tr("强制签退需填写原因"))
            return
        self._sign_off(override=True, reason=reason.strip())

    def _sign_off(self, *, override: bool, reason: str | None) -> None:
        async def run() -> None:
            try:
                w = await self.client.sign_off(self._windowNumber, override=override, reason=reason)
            except HallApiError as err:
                if err.code == "tickets_waiting":
                    self._set("signOffBlocked", self.error_text(err))
                raise
            self._set("signOffBlocked", "")
            self._apply_window(w)
            if self.devices:
                self.devices.show_idle_closed()
            self._after(self.tr("已签退"))
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
        self._set("padStatus", self.tr("评价器: 请群众为 {n} 评价").format(n=number))
        self.devices.invite(self._windowNumber, self._staffName, self._staffNumber, number)

    @Slot(object)
    def _on_pad_result(self, result: Any) -> None:
        ticket_id = self._invited.pop(result.ticket, None)
        if ticket_id is None:
            return
        reasons = list(result.reasons) if result.rated else []
        if result.rated and needs_reason(result.level) and not reasons:
            reasons = ["未选择原因"]  # the citizen pressed no reason key: say so, invent none

        async def run() -> None:
            try:
                if result.rated:
                    await self.client.rate(ticket_id, result.level, reasons)
                    level = self.text(label_zh(result.level), label_en(result.level))
                    self._set("padStatus", self.tr("评价器: {n} {level}").format(n=result.ticket, level=level))
                else:
                    await self.client.rate(ticket_id, None, not_rated=True)
                    self._set("padStatus", self.tr("评价器: {n} 未评价").format(n=result.ticket))
            except HallApiError as err:
                if err.code == "already_rated":
                    self._set("padStatus", self.tr("评价器: {n} 已评价").format(n=result.ticket))
                else:
                    self._set("padStatus", self.tr("评价器: ") + self.error_text(err))
            self.refresh_soon()
        self.spawn(run())

    async def stop(self) -> None:
        if self.devices is not None:
            self.devices.on_health = None  # no more reports through a client about to close
            self.devices.stop()
        await super().stop()
