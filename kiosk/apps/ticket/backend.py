"""The QML backend of the ticket kiosk: one QObject, ``kiosk`` in QML.

Every property has its own ``xChanged`` signal right above it; ``_set`` emits only on change.
Citizen-facing text is made here from message keys (``QT_TRANSLATE_NOOP``, so lupdate puts them
in resources/i18n/ticket_en.ts) or from the hall's own zh/en pair, and rendered in the current
language when QML reads it, so switching language re-renders everything on screen.

Async work (hall requests, printing, card reads) runs as asyncio tasks on the Qt loop (qasync);
device I/O runs on the drivers' Supervisor threads. Every task ends in ``finally`` blocks that
leave the screen somewhere a citizen can act: never a spinner without a way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hmac
import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    Property,
    QCoreApplication,
    QObject,
    QTimer,
    Signal,
    Slot,
)

from drivers.errors import DeviceError
from drivers.idcard import IdCard, NoCardTimeout
from drivers.printer import TicketContent
from drivers.supervision import ConnectionState, DeviceHealth
from drivers.voice.announcement import (
    CHIME,
    GUIDE_CHOOSE,
    GUIDE_HELP,
    GUIDE_KEYPAD,
    GUIDE_SWIPE,
    GUIDE_TAKE,
    NUMBER,
    PAUSE,
    Announcement,
    ticket_clips,
)
from kiosk.protocol.client import EventFollower, HallApiError, HallClient, LinkState
from kiosk.apps.ticket import model
from kiosk.apps.ticket.devices import KioskDevices
from kiosk.core.citizens import id_number_valid

log = logging.getLogger("kiosk.apps.ticket")

CTX = "KioskBackend"


# Message keys (Simplified Chinese is the source language; English is in ticket_en.ts).
M_OFFLINE_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "暂停取号")
M_OFFLINE_BODY = QT_TRANSLATE_NOOP("KioskBackend", "暂时无法连接大厅服务器,请稍候再试或到服务台咨询。")
M_PRINTER_PAPER = QT_TRANSLATE_NOOP("KioskBackend", "打印机缺纸,请到服务台取号")
M_PRINTER_OTHER = QT_TRANSLATE_NOOP("KioskBackend", "打印机暂时无法使用,请到服务台取号")
M_PRINTER_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "暂时无法打印号票")
M_PRINT_FAILED_NOTE = QT_TRANSLATE_NOOP("KioskBackend", "号票未能打印。您的号码已登记,请记住号码,或到服务台补打号票。")
M_BUSY_ISSUING = QT_TRANSLATE_NOOP("KioskBackend", "正在取号,请稍候…")
M_BUSY_PRINTING = QT_TRANSLATE_NOOP("KioskBackend", "正在打印号票,请稍候…")
M_CARD_UNREADABLE = QT_TRANSLATE_NOOP("KioskBackend", "无法读取此证件,请重新放置,或手动输入身份证号")
M_READER_DOWN = QT_TRANSLATE_NOOP("KioskBackend", "读卡器暂时无法使用,请手动输入身份证号")
M_BAD_ID = QT_TRANSLATE_NOOP("KioskBackend", "身份证号码有误,请检查后重新输入")
M_GREEN_NOT_ELIGIBLE = QT_TRANSLATE_NOOP("KioskBackend", "绿色通道仅限 70 岁以上老人,已为您取普通号")
M_GREEN_APPLIED = QT_TRANSLATE_NOOP("KioskBackend", "已为您开通绿色通道(70 岁以上),优先叫号")
M_CLOSED_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "该业务暂不可取号")
M_NOT_YET = QT_TRANSLATE_NOOP("KioskBackend", "该业务今日 {time} 开始取号。办理时间:{hours}")
M_CLOSED = QT_TRANSLATE_NOOP("KioskBackend", "该业务现在不办理。办理时间:{hours}")
M_CAP_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "今日号已取完")
M_CAP_BODY = QT_TRANSLATE_NOOP("KioskBackend", "该业务今日的号已全部取完,请明天再来,或到服务台咨询。")
M_DUP_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "您已取过该业务的号")
M_ERROR_TITLE = QT_TRANSLATE_NOOP("KioskBackend", "未能取号")
M_TIMEOUT_BODY = QT_TRANSLATE_NOOP("KioskBackend", "大厅服务器响应超时,请稍后再试或到服务台咨询。")
M_UNEXPECTED = QT_TRANSLATE_NOOP("KioskBackend", "系统出现问题,请到服务台咨询。")
M_REPRINTED = QT_TRANSLATE_NOOP("KioskBackend", "已补打号票 {number}")
M_NO_LAST = QT_TRANSLATE_NOOP("KioskBackend", "还没有可补打的号票")
M_PAPER_OK = QT_TRANSLATE_NOOP("KioskBackend", "打印机正常,可以取号")
M_PAPER_STILL = QT_TRANSLATE_NOOP("KioskBackend", "打印机仍有问题:{problem}")
M_PIN_WRONG = QT_TRANSLATE_NOOP("KioskBackend", "密码错误")
M_DEV_OK = QT_TRANSLATE_NOOP("KioskBackend", "正常")
M_DEV_CONNECTING = QT_TRANSLATE_NOOP("KioskBackend", "正在连接")
M_DEV_DOWN = QT_TRANSLATE_NOOP("KioskBackend", "未连接")
M_DEV_PRINTER = QT_TRANSLATE_NOOP("KioskBackend", "号票打印机")
M_DEV_READER = QT_TRANSLATE_NOOP("KioskBackend", "身份证读卡器")
M_DEV_HALL = QT_TRANSLATE_NOOP("KioskBackend", "大厅服务器")
M_ALL_SERVICES = QT_TRANSLATE_NOOP("KioskBackend", "全部服务")


@dataclass(frozen=True)
class Text:
    """Something to say: a message key with arguments, or the hall's own zh/en pair."""

    key: str = ""
    args: tuple[tuple[str, str], ...] = ()
    zh: str = ""
    en: str = ""

    @staticmethod
    def tr(key: str, **args: Any) -> Text:
        return Text(key=key, args=tuple((k, str(v)) for k, v in args.items()))

    @staticmethod
    def hall(zh: str, en: str) -> Text:
        return Text(zh=zh, en=en)

    def render(self, language: str) -> str:
        if not self.key:
            return self.en if language == "en" and self.en else self.zh
        text = QCoreApplication.translate(CTX, self.key)
        return text.format(**dict(self.args)) if self.args else text


EMPTY = Text()


def printer_text(code: str) -> Text:
    return Text.tr(M_PRINTER_PAPER if code == "paper_out" else M_PRINTER_OTHER)


class KioskBackend(QObject):
    def __init__(self, client: HallClient, devices: KioskDevices | None, *,
                 translations: Any = None, voice: Any = None, admin_pin: str = "",
                 language: str = "zh", timeouts: model.Timeouts = model.NORMAL_TIMEOUTS,
                 elder_timeouts: model.Timeouts | None = None, poll_interval: float = 10.0,
                 on_exit: Callable[[], None] | None = None, fullscreen: bool = True,
                 device_id: str = "kiosk", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client, self.devices = client, devices
        self.translations, self.voice = translations, voice
        self.admin_pin = admin_pin
        self.default_language = language
        self.normal_timeouts = timeouts
        self.elder_timeouts = elder_timeouts or timeouts.scaled(2)
        self.poll_interval = poll_interval
        self.on_exit = on_exit
        self.device_id = device_id
        self._v: dict[str, Any] = {
            "screen": "home", "link": "connecting", "language": language, "elder": False,
            "category": 0, "greenRequested": False, "secondsLeft": 0, "fullscreen": fullscreen,
            "cardOptional": False, "manualRaw": "", "adminPin": "", "lastTicket": "",
            "catalogueLoaded": False, "clock": "",
        }
        self._hall_offset = 0.0  # hall clock minus this machine's clock, seconds
        self._hall_tz: dt.tzinfo | None = None
        self._catalogue: dict[str, Any] = {"hall": {}, "categories": [], "services": []}
        self._busy, self._card_hint, self._manual_error = EMPTY, EMPTY, EMPTY
        self._admin_note, self._pin_error = EMPTY, EMPTY
        self._message: dict[str, Any] = {}
        self._ticket: dict[str, Any] = {}
        self._service: dict[str, Any] | None = None
        self._dup_ticket: dict[str, Any] | None = None
        self._last: TicketContent | None = None
        self._health: dict[str, DeviceHealth] = {}
        self._unreported: dict[str, DeviceHealth] = {}
        self._pin_failures = 0
        self._taps = model.TapCounter()
        self._flow: asyncio.Task[Any] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._follower: EventFollower | None = None
        self._refresh_pending = False
        self._stopping = False
        self._printer_watch: asyncio.Task[Any] | None = None
        self.printer_recheck = 3.0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._healthArrived.connect(self._on_health)

    # -- properties -----------------------------------------------------------------------
    # internal values shown through a derived property: which signal tells QML
    _NOTIFY: ClassVar[dict[str, str]] = {"manualRaw": "manualChanged", "adminPin": "adminChanged"}

    def _set(self, name: str, value: Any) -> None:
        if self._v.get(name) != value:
            self._v[name] = value
            getattr(self, self._NOTIFY.get(name, f"{name}Changed")).emit()

    def _g(name: str) -> Callable[[KioskBackend], Any]:  # type: ignore[misc]
        return lambda self: self._v[name]

    screenChanged = Signal()
    screen = Property(str, _g("screen"), notify=screenChanged)

    linkChanged = Signal()
    link = Property(str, _g("link"), notify=linkChanged)  # connecting | online | offline

    clockChanged = Signal()
    clock = Property(str, _g("clock"), notify=clockChanged)  # hall time, "2026-11-26  08:31"

    catalogueLoadedChanged = Signal()
    catalogueLoaded = Property(bool, _g("catalogueLoaded"), notify=catalogueLoadedChanged)

    languageChanged = Signal()
    language = Property(str, _g("language"), notify=languageChanged)

    elderChanged = Signal()
    elder = Property(bool, _g("elder"), notify=elderChanged)

    fullscreenChanged = Signal()
    fullscreen = Property(bool, _g("fullscreen"), notify=fullscreenChanged)

    greenRequestedChanged = Signal()
    greenRequested = Property(bool, _g("greenRequested"), notify=greenRequestedChanged)

    secondsLeftChanged = Signal()
    secondsLeft = Property(int, _g("secondsLeft"), notify=secondsLeftChanged)

    cardOptionalChanged = Signal()
    cardOptional = Property(bool, _g("cardOptional"), notify=cardOptionalChanged)

    lastTicketChanged = Signal()
    lastTicket = Property(str, _g("lastTicket"), notify=lastTicketChanged)

    categoryChanged = Signal()
    category = Property(int, _g("category"), notify=categoryChanged)

    hallChanged = Signal()

    def _hall_name(self) -> str:
        return model.localized(self._catalogue.get("hall", {}), "name", self.language_code)

    hallName = Property(str, _hall_name, notify=hallChanged)

    def _notice(self) -> str:
        return model.localized(self._catalogue.get("hall", {}), "notice", self.language_code)

    notice = Property(str, _notice, notify=hallChanged)

    categoriesChanged = Signal()

    def _categories(self) -> list[dict[str, Any]]:
        rows = model.category_rows(self._catalogue, self.language_code)
        for r in rows:
            if not r["name"]:
                r["label"] = QCoreApplication.translate(CTX, M_ALL_SERVICES)
        return rows

    categories = Property("QVariantList", _categories, notify=categoriesChanged)

    servicesChanged = Signal()

    def _services(self) -> list[dict[str, Any]]:
        cats = model.category_rows(self._catalogue, self.language_code)
        if not cats:
            return []
        codes = cats[min(self._v["category"], len(cats) - 1)]["services"]
        return model.service_rows(self._catalogue, codes, self.language_code)

    services = Property("QVariantList", _services, notify=servicesChanged)

    busyTextChanged = Signal()
    busyText = Property(str, lambda self: self._busy.render(self.language_code), notify=busyTextChanged)

    cardHintChanged = Signal()
    cardHint = Property(str, lambda self: self._card_hint.render(self.language_code), notify=cardHintChanged)

    cardServiceChanged = Signal()
    cardService = Property(str, lambda self: model.localized(self._service or {}, "name", self.language_code),
                           notify=cardServiceChanged)

    manualChanged = Signal()
    manualText = Property(str, lambda self: model.mask_manual_entry(self._v["manualRaw"]), notify=manualChanged)
    manualLength = Property(int, lambda self: len(self._v["manualRaw"]), notify=manualChanged)
    manualError = Property(str, lambda self: self._manual_error.render(self.language_code), notify=manualChanged)

    messageChanged = Signal()

    def _message_view(self) -> dict[str, Any]:
        m = self._message
        if not m:
            return {"title": "", "body": "", "number": "", "canReprint": False, "kind": ""}
        return {"title": m["title"].render(self.language_code), "body": m["body"].render(self.language_code),
                "number": m.get("number", ""), "canReprint": bool(m.get("canReprint")),
                "kind": m.get("kind", "error")}

    message = Property("QVariantMap", _message_view, notify=messageChanged)

    ticketChanged = Signal()

    def _ticket_view(self) -> dict[str, Any]:
        t = self._ticket
        if not t:
            return {"number": "", "service": "", "ahead": 0, "waitMinutes": 0, "holder": "",
                    "green": False, "printed": False, "problem": "", "note": "", "reprint": False}
        return {"number": t["number"], "service": t["service"], "ahead": t["ahead"],
                "waitMinutes": t["waitMinutes"], "holder": t["holder"], "green": t["green"],
                "printed": t["printed"], "reprint": t["reprint"],
                "problem": t["problem"].render(self.language_code),
                "note": t["note"].render(self.language_code)}

    ticket = Property("QVariantMap", _ticket_view, notify=ticketChanged)

    printerProblemChanged = Signal()

    def _printer_problem(self) -> str:
        h = self._health.get("printer")
        if h is None or not model.printer_blocks(h.state.value, h.code):
            return ""
        return printer_text(h.code).render(self.language_code)

    printerProblem = Property(str, _printer_problem, notify=printerProblemChanged)

    adminChanged = Signal()
    adminPinLength = Property(int, lambda self: len(self._v["adminPin"]), notify=adminChanged)
    adminPinError = Property(str, lambda self: self._pin_error.render(self.language_code), notify=adminChanged)
    adminNote = Property(str, lambda self: self._admin_note.render(self.language_code), notify=adminChanged)

    def _admin_devices(self) -> list[dict[str, Any]]:
        lang = self.language_code
        tr = lambda key: QCoreApplication.translate(CTX, key)  # noqa: E731
        rows = []
        link = self._v["link"]
        rows.append({"name": tr(M_DEV_HALL), "ok": link == "online",
                     "detail": tr(M_DEV_OK) if link == "online" else tr(M_OFFLINE_TITLE)})
        for key, label in (("printer", M_DEV_PRINTER), ("idcard", M_DEV_READER)):
            h = self._health.get(key)
            if key == "idcard" and (self.devices is None or self.devices.reader is None):
                continue
            if h is None or h.state == ConnectionState.CONNECTING:
                rows.append({"name": tr(label), "ok": False, "detail": tr(M_DEV_CONNECTING)})
                continue
            ok = h.state == ConnectionState.CONNECTED
            detail = tr(M_DEV_OK) if ok else ((h.message_en if lang == "en" and h.message_en else h.message_zh)
                                              or tr(M_DEV_DOWN))
            rows.append({"name": tr(label), "ok": ok, "detail": detail})
        return rows

    adminDevices = Property("QVariantList", _admin_devices, notify=adminChanged)

    @property
    def language_code(self) -> str:
        return self._v["language"]

    @property
    def timeouts(self) -> model.Timeouts:
        return self.elder_timeouts if self._v["elder"] else self.normal_timeouts

    # -- life -------------------------------------------------------------------------------
    def start(self) -> None:
        """Start following the hall (call on a running asyncio loop)."""
        self._tick.start()
        self._follower = EventFollower(self.client, self._on_event, self._resync, self._on_link)
        self._follower.start()
        self._spawn(self._poll_loop())
        if self.devices is not None:
            for h in self.devices.healths():
                self._on_health(h)

    async def stop(self) -> None:
        self._stopping = True
        self._tick.stop()
        if self._follower is not None:
            await self._follower.stop()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.client.close()
        await asyncio.sleep(0.1)  # let the closed sockets go out on the wire before the loop ends

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        if self._stopping:
            coro.close()
            return None
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("kiosk task failed", exc_info=task.exception())

    # -- hall link --------------------------------------------------------------------------
    def _on_link(self, state: LinkState) -> None:
        if state == LinkState.OFFLINE:
            self._set_link("offline")

    def _set_link(self, link: str) -> None:
        if link != self._v["link"]:
            log.info("hall link: %s", link)
            self._set("link", link)
            self.adminChanged.emit()

    async def _resync(self) -> None:
        await self.refresh()
        for health in list(self._unreported.values()):
            await self._report(health)

    def _on_event(self, ev: dict[str, Any]) -> None:
        if str(ev.get("type", "")).startswith("ticket.") and not self._refresh_pending:
            self._refresh_pending = True
            self._spawn(self._refresh_soon())

    async def _refresh_soon(self) -> None:
        try:
            await asyncio.sleep(0.3)  # one refresh for a burst of calls
        finally:
            self._refresh_pending = False
        await self.refresh()

    async def _poll_loop(self) -> None:
        while True:
            await self.refresh()
            await asyncio.sleep(self.poll_interval if self._v["link"] == "online" else 2.0)

    async def refresh(self) -> bool:
        """Fetch the service catalogue (open/closed, counts). False when the hall is away."""
        try:
            data = await self.client.get("/api/v1/services")
        except HallApiError as err:
            if err.offline:
                self._set_link("offline")
            else:
                log.warning("services: %s %s", err.code, err.en)
            return False
        self._set_link("online")
        self._take_hall_time(data)
        if data != self._catalogue:
            hall_changed = data.get("hall") != self._catalogue.get("hall")
            self._catalogue = data
            if hall_changed:
                self.hallChanged.emit()
            self.categoriesChanged.emit()
            self.servicesChanged.emit()
        self._set("catalogueLoaded", True)
        return True

    def _take_hall_time(self, data: dict[str, Any]) -> None:
        """Keep the hall's clock (and time zone): the kiosk shows hall time, which the display
        and the ticket show too, even when this machine's clock or zone is off."""
        try:
            now = dt.datetime.fromisoformat(data.pop("now"))
        except (KeyError, TypeError, ValueError):
            return
        self._hall_offset = now.timestamp() - time.time()
        self._hall_tz = now.tzinfo
        self._update_clock()

    def _update_clock(self) -> None:
        now = dt.datetime.fromtimestamp(time.time() + self._hall_offset, self._hall_tz)
        self._set("clock", now.strftime("%Y-%m-%d  %H:%M"))

    # -- devices ----------------------------------------------------------------------------
    _healthArrived = Signal(object)

    def health_listener(self, health: DeviceHealth) -> None:
        """For the drivers' Supervisors (any thread)."""
        self._healthArrived.emit(health)

    @Slot(object)
    def _on_health(self, health: DeviceHealth) -> None:
        old = self._health.get(health.device)
        self._health[health.device] = health
        if health.device == "printer":
            self.printerProblemChanged.emit()
            if model.printer_blocks(health.state.value, health.code):
                self._watch_printer()
        self.adminChanged.emit()
        if health.state == ConnectionState.CONNECTING:
            return
        if old is not None and (old.state, old.code) == (health.state, health.code):
            return
        self._unreported[health.device] = health
        self._spawn(self._report(health))

    async def _report(self, health: DeviceHealth) -> None:
        """Tell the hall, so staff see the kiosk's problem; kept for the next resync if the
        hall is away."""
        body = {"device": health.device, "kind": health.kind, "state": health.state.value,
                "code": health.code, "message_zh": health.message_zh[:200],
                "message_en": health.message_en[:200]}
        try:
            await self.client.post("/api/v1/devices/health", body)
        except HallApiError as err:
            log.info("health report for %s not delivered: %s", health.device, err.code)
            return
        if self._unreported.get(health.device) is health:
            del self._unreported[health.device]

    def _watch_printer(self) -> None:
        """While the printer cannot print, ask it directly every few seconds: the
        supervisor only reports changes it saw itself, and a failure seen by a print job
        must clear as soon as the paper is in."""
        if self.devices is None or (self._printer_watch is not None and not self._printer_watch.done()):
            return
        self._printer_watch = self._spawn(self._printer_watch_loop())

    async def _printer_watch_loop(self) -> None:
        assert self.devices is not None
        while self._printer_blocked():
            await asyncio.sleep(self.printer_recheck)
            try:
                health = await self.devices.check_printer()
            except DeviceError:
                continue
            self._on_health(health)

    def _printer_blocked(self) -> str:
        h = self._health.get("printer")
        return h.code if h is not None and model.printer_blocks(h.state.value, h.code) else ""

    # -- screens and timers -------------------------------------------------------------------
    def _go(self, screen: str) -> None:
        seconds = {"card": self.timeouts.card, "manual": self.timeouts.manual,
                   "done": self.timeouts.done, "message": self.timeouts.message,
                   "admin_pin": self.timeouts.admin, "admin": self.timeouts.admin,
                   "home": self.timeouts.manual}.get(screen, 0)
        self._set("secondsLeft", seconds)
        if screen != self._v["screen"]:
            self._set("screen", screen)
            guide = {"card": GUIDE_SWIPE, "manual": GUIDE_KEYPAD, "message": GUIDE_HELP,
                     "home": GUIDE_CHOOSE}.get(screen)
            if self._v["elder"] and guide:
                self._say((CHIME, guide))

    def _on_tick(self) -> None:
        left = self._v["secondsLeft"]
        if left <= 0:
            return
        self._set("secondsLeft", left - 1)
        if left - 1 == 0:
            self._timed_out()

    def _timed_out(self) -> None:
        screen = self._v["screen"]
        if screen == "home":
            self._reset_citizen()
        elif screen in ("card", "manual", "done", "message", "admin_pin", "admin"):
            self.goHome()

    def _reset_citizen(self) -> None:
        """The next person gets the kiosk as configured: default language, normal mode."""
        self._set("greenRequested", False)
        self._set("elder", False)
        self._set("category", 0)
        self.servicesChanged.emit()
        if self._v["language"] != self.default_language:
            self.setLanguage(self.default_language)

    @Slot()
    def touch(self) -> None:
        """Someone is using the screen: restart its countdown."""
        screen = self._v["screen"]
        if screen != "busy":
            self._go(screen)

    @Slot()
    def goHome(self) -> None:
        if self._flow is not None and not self._flow.done():
            self._flow.cancel()
        self._flow = None
        was = self._v["screen"]
        self._set("manualRaw", "")
        self._manual_error = EMPTY
        self._card_hint = EMPTY
        self.manualChanged.emit()
        self.cardHintChanged.emit()
        self._set("adminPin", "")
        self._pin_error = EMPTY
        self._admin_note = EMPTY
        self.adminChanged.emit()
        if was in ("done", "message", "card", "manual"):
            self._reset_citizen()
        self._go("home")

    # -- citizen actions ------------------------------------------------------------------------
    @Slot(int)
    def selectCategory(self, index: int) -> None:
        self.touch()
        if index != self._v["category"]:
            self._set("category", index)
            self.servicesChanged.emit()

    @Slot()
    def toggleElder(self) -> None:
        self._set("elder", not self._v["elder"])
        self.touch()
        if self._v["elder"]:
            self._say((CHIME, GUIDE_CHOOSE))

    @Slot()
    def toggleGreen(self) -> None:
        self._set("greenRequested", not self._v["greenRequested"])
        self.touch()

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if language not in ("zh", "en"):
            return
        if self.translations is not None:
            self.translations.set_language(language)
        self._set("language", language)
        for sig in (self.hallChanged, self.categoriesChanged, self.servicesChanged, self.busyTextChanged,
                    self.cardHintChanged, self.cardServiceChanged, self.manualChanged, self.messageChanged,
                    self.ticketChanged, self.printerProblemChanged, self.adminChanged):
            sig.emit()
        self.touch()

    @Slot()
    def toggleLanguage(self) -> None:
        self.setLanguage("en" if self._v["language"] == "zh" else "zh")

    @Slot(str)
    def chooseService(self, code: str) -> None:
        if self._v["screen"] != "home":
            return
        svc = model.find_service(self._catalogue, code)
        if svc is None:
            return
        row = model.service_row(svc, "zh")
        if self._v["link"] != "online":
            self._show_message(Text.tr(M_OFFLINE_TITLE), Text.tr(M_OFFLINE_BODY))
            return
        if row["state"] == "cap":
            self._show_message(Text.tr(M_CAP_TITLE), Text.tr(M_CAP_BODY))
            return
        if row["state"] == "not_yet":
            self._show_message(Text.tr(M_CLOSED_TITLE), Text.tr(M_NOT_YET, time=row["opensAt"], hours=row["hours"]))
            return
        if row["state"] != "open":
            self._show_message(Text.tr(M_CLOSED_TITLE), Text.tr(M_CLOSED, hours=row["hours"]))
            return
        blocked = self._printer_blocked()
        if blocked:
            self._show_message(Text.tr(M_PRINTER_TITLE), printer_text(blocked))
            return
        self._service = svc
        self.cardServiceChanged.emit()
        if svc.get("requires_id") or self._v["greenRequested"]:
            self._set("cardOptional", not svc.get("requires_id"))
            self._start_card()
        else:
            self._start_flow(self._issue(None, "normal"))

    def _start_flow(self, coro: Coroutine[Any, Any, Any]) -> None:
        if self._flow is not None and not self._flow.done():
            self._flow.cancel()
        self._flow = self._spawn(coro)

    def _start_card(self) -> None:
        self._card_hint = EMPTY
        self.cardHintChanged.emit()
        self._go("card")
        if self.devices is None or self.devices.reader is None:
            self._card_hint = Text.tr(M_READER_DOWN)
            self.cardHintChanged.emit()
            return
        self._start_flow(self._card_flow())

    async def _card_flow(self) -> None:
        assert self.devices is not None
        while self._v["screen"] == "card":
            try:
                card = await self.devices.read_card(self.timeouts.card + 1)
            except NoCardTimeout:
                return  # the screen's own countdown takes the citizen home
            except DeviceError as err:
                log.info("card read failed: %s", err.code)
                unreadable = err.code in ("unsupported_card", "bad_card_data", "truncated_reply",
                                          "checksum_error")
                self._card_hint = Text.tr(M_CARD_UNREADABLE if unreadable else M_READER_DOWN)
                self.cardHintChanged.emit()
                if not unreadable:
                    return
                continue
            if self._v["screen"] != "card":
                return
            await self._issue_for_card(card)
            return

    async def _issue_for_card(self, card: IdCard) -> None:
        age = card.age(dt.date.today())
        citizen = {"id_number": card.reveal_id_number(), "name": card.masked_name}
        await self._issue_for_citizen(citizen, age)

    async def _issue_for_citizen(self, citizen: dict[str, str], age: int | None) -> None:
        elder = age is not None and age >= model.GREEN_CHANNEL_AGE
        note = EMPTY
        if elder:
            self._set("elder", True)  # 适老化 on by itself for 70+
            note = Text.tr(M_GREEN_APPLIED)
        elif self._v["greenRequested"]:
            note = Text.tr(M_GREEN_NOT_ELIGIBLE)
        await self._issue(citizen, "green" if elder else "normal", note)

    @Slot()
    def skipCard(self) -> None:
        if self._v["screen"] == "card" and self._v["cardOptional"]:
            self._set("greenRequested", False)
            self._start_flow(self._issue(None, "normal"))

    @Slot()
    def useManualEntry(self) -> None:
        if self._v["screen"] not in ("card",):
            return
        if self._flow is not None:
            self._flow.cancel()
        self._set("manualRaw", "")
        self._manual_error = EMPTY
        self.manualChanged.emit()
        self._go("manual")

    @Slot(str)
    def manualKey(self, key: str) -> None:
        if self._v["screen"] != "manual":
            return
        self._set("manualRaw", model.manual_entry_key(self._v["manualRaw"], key))
        self._manual_error = EMPTY
        self.manualChanged.emit()
        self.touch()

    @Slot()
    def manualSubmit(self) -> None:
        if self._v["screen"] != "manual":
            return
        number = self._v["manualRaw"]
        if not id_number_valid(number):
            self._manual_error = Text.tr(M_BAD_ID)
            self.manualChanged.emit()
            self.touch()
            return
        age = _age_from_id(number, dt.date.today())
        self._set("manualRaw", "")
        self.manualChanged.emit()
        self._start_flow(self._issue_for_citizen({"id_number": number}, age))

    # -- issuing ------------------------------------------------------------------------------
    def _busy_on(self, key: str) -> None:
        self._busy = Text.tr(key)
        self.busyTextChanged.emit()
        self._go("busy")

    async def _issue(self, citizen: dict[str, str] | None, priority: str, note: Text = EMPTY) -> None:
        svc = self._service
        assert svc is not None
        self._busy_on(M_BUSY_ISSUING)
        try:
            body: dict[str, Any] = {"service": svc["code"], "priority": priority}
            if citizen is not None:
                body["citizen"] = citizen
            try:
                ticket = await asyncio.wait_for(
                    self.client.post("/api/v1/tickets", body, retry_safe=True), self.timeouts.issue)
            except HallApiError as err:
                if err.code == "green_not_eligible" and priority == "green":
                    await self._issue(citizen, "normal", Text.tr(M_GREEN_NOT_ELIGIBLE))
                    return
                self._hall_refused(err)
                return
            except TimeoutError:
                self._show_message(Text.tr(M_OFFLINE_TITLE), Text.tr(M_TIMEOUT_BODY))
                return
            finally:
                citizen = None  # the clear ID number lives no longer than the request
            self._spawn(self.refresh())
            await self._print_and_show(ticket, note=note, green=priority == "green")
        finally:
            if self._v["screen"] == "busy":  # cancelled or failed half-way: never strand anyone
                self._show_message(Text.tr(M_ERROR_TITLE), Text.tr(M_UNEXPECTED))

    def _hall_refused(self, err: HallApiError) -> None:
        log.info("ticket refused: %s", err.code)
        if err.offline:
            self._set_link("offline")
            self._show_message(Text.tr(M_OFFLINE_TITLE), Text.tr(M_OFFLINE_BODY))
        elif err.code == "duplicate_ticket":
            dup = err.details.get("ticket") or {}
            self._dup_ticket = dup if dup.get("number") else None
            self._show_message(Text.tr(M_DUP_TITLE), Text.hall(err.zh, err.en),
                               number=str(dup.get("number", "")), can_reprint=self._dup_ticket is not None)
        elif err.code in ("daily_cap_reached", "slot_cap_reached"):
            self._spawn(self.refresh())
            self._show_message(Text.tr(M_CAP_TITLE), Text.hall(err.zh, err.en))
        elif err.code == "issuing_closed":
            self._spawn(self.refresh())
            self._show_message(Text.tr(M_CLOSED_TITLE), Text.hall(err.zh, err.en))
        else:
            self._show_message(Text.tr(M_ERROR_TITLE), Text.hall(err.zh, err.en))

    async def _print_and_show(self, ticket: dict[str, Any], *, note: Text = EMPTY, green: bool = False,
                              reprint: bool = False) -> None:
        """The ticket exists at the hall: whatever the printer does, the citizen sees the
        number on screen (and hears it)."""
        content = model.ticket_content(ticket, self._catalogue.get("hall", {}))
        self._last = content
        self._set("lastTicket", content.number)
        problem = EMPTY
        printed = False
        self._busy_on(M_BUSY_PRINTING)
        try:
            problem = await self._print(content)
            printed = problem is EMPTY
        finally:
            self._ticket = {
                "number": content.number, "service": content.service_name, "ahead": content.waiting_ahead,
                "waitMinutes": model.wait_minutes(content.estimated_wait_s), "holder": content.holder_name or "",
                "green": green or ticket.get("priority") == "green", "printed": printed, "reprint": reprint,
                "problem": problem, "note": note,
            }
            self.ticketChanged.emit()
            self._go("done")
            self._announce(content.number)

    async def _print(self, content: TicketContent) -> Text:
        """Print; EMPTY when done, else what to tell the citizen (staff are told as well)."""
        if self.devices is None:
            return printer_text("offline")
        try:
            receipt = await self.devices.print_ticket(content, self.timeouts.print)
        except DeviceError as err:
            log.warning("ticket %s not printed: %s", content.number, err.code)
            self._on_health(DeviceHealth("printer", "printer", ConnectionState.DEGRADED, err.code,
                                         err.zh, err.en))
            return printer_text(err.code)
        if receipt.warning_code:
            self._on_health(DeviceHealth("printer", "printer", ConnectionState.DEGRADED, receipt.warning_code,
                                         receipt.warning_zh, receipt.warning_en))
        return EMPTY

    def _show_message(self, title: Text, body: Text, *, number: str = "", can_reprint: bool = False) -> None:
        self._message = {"title": title, "body": body, "number": number, "canReprint": can_reprint}
        self.messageChanged.emit()
        self._go("message")

    @Slot()
    def reprintDuplicate(self) -> None:
        if self._v["screen"] != "message" or self._dup_ticket is None:
            return
        blocked = self._printer_blocked()
        if blocked:
            self._show_message(Text.tr(M_PRINTER_TITLE), printer_text(blocked))
            return
        ticket, self._dup_ticket = self._dup_ticket, None
        self._start_flow(self._reprint(ticket))

    async def _reprint(self, ticket: dict[str, Any]) -> None:
        try:
            await self._print_and_show(ticket, reprint=True)
        finally:
            if self._v["screen"] == "busy":
                self._show_message(Text.tr(M_ERROR_TITLE), Text.tr(M_UNEXPECTED))

    # -- voice ----------------------------------------------------------------------------------
    def _announce(self, number: str) -> None:
        try:
            sentence = [*ticket_clips(number), NUMBER]
        except DeviceError:
            return
        clips = [CHIME, *sentence]
        if self._v["elder"]:
            clips += [PAUSE, *sentence, PAUSE, GUIDE_TAKE]  # said twice, then what to do next
        self._say(tuple(clips))

    def _say(self, clips: tuple[str, ...]) -> None:
        if self.voice is None:
            return
        try:
            self.voice.announce(Announcement(clips))
        except Exception:  # voice is a help, never a reason to fail a ticket
            log.exception("voice announcement failed")

    @Slot()
    def tickClock(self) -> None:
        self._update_clock()

    # -- admin ----------------------------------------------------------------------------------
    @Slot()
    def hallNameTapped(self) -> None:
        if self._taps.tap() and self._v["screen"] in ("home", "message"):
            self.openAdmin()

    @Slot()
    def openAdmin(self) -> None:
        """The hidden gesture (5 taps on the hall name, or a 3 s press in the top-left corner)."""
        if self._v["screen"] == "busy":
            return
        if self._flow is not None and not self._flow.done():
            self._flow.cancel()
        self._set("adminPin", "")
        self._pin_error = EMPTY
        self.adminChanged.emit()
        self._go("admin_pin")

    @Slot(str)
    def adminPinKey(self, key: str) -> None:
        if self._v["screen"] != "admin_pin":
            return
        pin = self._v["adminPin"]
        pin = pin[:-1] if key == "back" else ("" if key == "clear" else (pin + key)[:12] if key.isdigit() else pin)
        self._set("adminPin", pin)
        self._pin_error = EMPTY
        self.adminChanged.emit()
        self.touch()

    @Slot()
    def adminPinSubmit(self) -> None:
        if self._v["screen"] != "admin_pin":
            return
        pin = self._v["adminPin"]
        self._set("adminPin", "")
        if self.admin_pin and hmac.compare_digest(pin.encode(), self.admin_pin.encode()):
            self._pin_failures = 0
            self._admin_note = EMPTY
            self.adminChanged.emit()
            self._go("admin")
            return
        self._pin_failures += 1
        log.warning("admin PIN refused (%d in a row)", self._pin_failures)
        self._pin_error = Text.tr(M_PIN_WRONG)
        self.adminChanged.emit()
        if self._pin_failures >= 3:
            self._pin_failures = 0
            self.goHome()

    @Slot()
    def adminReprintLast(self) -> None:
        if self._v["screen"] != "admin":
            return
        if self._last is None:
            self._admin_note = Text.tr(M_NO_LAST)
            self.adminChanged.emit()
            return
        self._spawn(self._admin_reprint(self._last))

    async def _admin_reprint(self, content: TicketContent) -> None:
        try:
            problem = await self._print(content)
            self._admin_note = Text.tr(M_REPRINTED, number=content.number) if problem is EMPTY else problem
        finally:
            self.adminChanged.emit()
            self.touch()

    @Slot()
    def adminPaperReplaced(self) -> None:
        if self._v["screen"] == "admin":
            self._spawn(self._paper_replaced())

    async def _paper_replaced(self) -> None:
        try:
            if self.devices is None:
                return
            try:
                health = await self.devices.check_printer()
            except DeviceError as err:
                self._admin_note = Text.tr(M_PAPER_STILL, problem=err.en if self.language_code == "en" else err.zh)
                return
            self._on_health(health)
            if model.printer_blocks(health.state.value, health.code):
                msg = health.message_en if self.language_code == "en" else health.message_zh
                self._admin_note = Text.tr(M_PAPER_STILL, problem=msg or health.code)
            else:
                self._admin_note = Text.tr(M_PAPER_OK)
        finally:
            self.adminChanged.emit()
            self.touch()

    @Slot()
    def adminExit(self) -> None:
        if self._v["screen"] == "admin" and self.on_exit is not None:
            log.info("kiosk closed from the admin screen")
            self.on_exit()


def _age_from_id(number: str, today: dt.date) -> int | None:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
