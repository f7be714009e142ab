"""`kiosk demo`: the whole hall in one process — a real hall node (child process, demo clock), the
ticket kiosk (with a simulated printer whose tickets are rendered to PNG), two counters, two
on-screen rating pads and the hall display, all real QML windows.

With a desktop the windows appear and the scenario plays at a watchable pace, then the hall stays
open for you to click around until the windows are closed. Headless (no $DISPLAY/$WAYLAND_DISPLAY,
or --headless) the same apps run offscreen, the scenario runs as fast as the hall answers, a PNG
of each app at its key moments goes to the output directory, a summary is printed, and the exit
code says whether the scenario completed.

Scenario: citizens take tickets (on the kiosk GUI; through the API if the kiosk cannot be
started), the counters of windows 8 and 17 sign in, call and finish through their backends (what
their buttons call), the pads rate through theirs, one citizen does not show after two recalls,
one case is transferred to another service.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.demo.morning import (
    COUNTERS,
    DEMO_CLOCK_SPEED,
    KIOSK_TOKEN,
    HallNodeProcess,
    next_working_morning,
)

log = logging.getLogger("kiosk.demo")

WINDOWS = (8, 17)  # 社保 and 综合窗口 (social security, medical insurance, enquiries ...)
STAFF = {8: "S003", 17: "S005"}
DISPLAY_TOKEN = "display-1-token-change-me"
ADMIN_TOKEN = "admin-token-change-me"
# (service, who) in the order citizens arrive; none needs an ID card, so the kiosk issues at a tap
CITIZENS = ["social-security", "social-security", "social-security", "medical-insurance",
            "social-security", "consultation"]


class DemoFailed(RuntimeError):
    """The scripted scenario did not reach a step in time (the demo exits non-zero)."""


@dataclass
class DemoReport:
    tickets: list[str] = field(default_factory=list)
    kiosk: str = ""  # "gui" or why the API was used instead
    steps: list[str] = field(default_factory=list)
    shots: list[Path] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    no_show: str = ""
    transfer: str = ""
    display_ratings: int = 0
    display_calls: list[str] = field(default_factory=list)


def has_desktop() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


async def until(what: str, predicate: Callable[[], Any], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise DemoFailed(f"等待超时 / timed out waiting for: {what}")
        await asyncio.sleep(0.02)


class Hall:
    """The apps of the demo hall and the steps a person would take on them."""

    def __init__(self, url: str, out: Path, pace: float, report: DemoReport, voice: bool) -> None:
        self.url, self.out, self.pace, self.report, self.voice = url, out, pace, report, voice
        self.counters: dict[int, Any] = {}
        self.pads: dict[int, Any] = {}
        self.display: Any = None
        self.kiosk: Any = None
        self.screens: dict[str, Any] = {}

    def say(self, line: str) -> None:
        self.report.steps.append(line)
        print("  " + line, flush=True)

    async def beat(self) -> None:
        await asyncio.sleep(self.pace)

    async def shot(self, name: str, key: str) -> None:
        await asyncio.sleep(0.08)  # let the scene graph draw the last change
        path = self.screens[key].screenshot(self.out / f"{name}.png")
        self.report.shots.append(path)

    # -- opening the apps -------------------------------------------------------------------------
    def open(self) -> None:
        from kiosk.apps.counter.app import build_counter
        from kiosk.apps.display.app import build_display
        from kiosk.apps.pad.app import build_pad

        self.display, self.screens["display"] = build_display(self.url, DISPLAY_TOKEN, voice=self.voice)
        self.display.start()
        for w in WINDOWS:
            counter_token, pad_token, _ = COUNTERS[w]
            self.counters[w], self.screens[f"counter-{w}"] = build_counter(self.url, counter_token, w)
            self.pads[w], self.screens[f"pad-{w}"] = build_pad(self.url, pad_token, w, timeout_s=60,
                                                               thanks_s=max(1.0, self.pace * 2))
            self.counters[w].start()
            self.pads[w].start()
        self._open_kiosk()

    def _open_kiosk(self) -> None:
        try:
            from drivers.sim.printer import SimPrinter, install
            from kiosk.apps.ticket.app import KioskApp

            (self.out / "tickets").mkdir(parents=True, exist_ok=True)
            install(SimPrinter("demo-kiosk", png_dir=self.out / "tickets"))
            self.kiosk = KioskApp(self.url, KIOSK_TOKEN, "sim:demo-kiosk", None, fullscreen=False, voice=None)
            window = self.kiosk.start()
            self.screens["kiosk"] = _WindowShots(window)
            self.report.kiosk = "gui"
        except Exception as exc:  # the kiosk app is optional: the API issues the tickets then
            log.warning("ticket kiosk not started (%s): tickets go through the API", exc)
            self.kiosk = None
            self.report.kiosk = f"API ({type(exc).__name__}: {exc})"

    async def close(self) -> None:
        apps: list[Any] = [self.display, *self.counters.values(), *self.pads.values()]
        for app in apps:
            if app is not None:
                await app.stop()
        if self.kiosk is not None:
            await self.kiosk.stop()
        for screen in self.screens.values():
            screen.window.close()
            if hasattr(screen, "dispose"):
                screen.dispose()

    async def online(self) -> None:
        apps = [self.display, *self.counters.values(), *self.pads.values()]
        await until("apps online", lambda: all(a.link == "online" and a.resyncs for a in apps), 20)
        if self.kiosk is not None:
            try:
                await until("kiosk online", lambda: self.kiosk.backend.property("link") == "online", 10)
            except DemoFailed as exc:
                self.report.kiosk = f"API ({exc})"
                self.kiosk = None

    # -- the citizens ----------------------------------------------------------------------------
    async def take_ticket(self, service: str) -> str:
        if self.kiosk is not None:
            try:
                return await self._kiosk_ticket(service)
            except Exception as exc:
                log.warning("kiosk did not issue (%s); using the API", exc)
                self.report.kiosk = f"API after a kiosk failure ({exc})"
                self.kiosk = None
        return await self._api_ticket(service)

    async def _kiosk_ticket(self, service: str) -> str:
        b = self.kiosk.backend
        before = b.property("lastTicket")
        b.goHome()
        await until("kiosk home", lambda: b.property("screen") == "home", 5)
        b.chooseService(service)
        await until("kiosk printed", lambda: b.property("lastTicket") not in ("", before)
                    and b.property("screen") == "done", 10)
        number = str(b.property("lastTicket"))
        if len(self.report.tickets) == 0:
            await self.shot("kiosk-1-printed", "kiosk")
        b.goHome()
        return number

    async def _api_ticket(self, service: str) -> str:
        from kiosk.protocol.client import HallClient

        client = HallClient(self.url, KIOSK_TOKEN)
        try:
            t = await client.issue(service)
            hall = (await client.services())["hall"]
        finally:
            await client.close()
        render_ticket_png(t, hall, self.out / "tickets" / f"ticket-{t['number']}.png")
        return str(t["number"])

    # -- the counters and pads ---------------------------------------------------------------------
    async def counter_do(self, w: int, action: str, *args: Any, expect: Callable[[Any], Any]) -> None:
        c = self.counters[w]
        getattr(c, action)(*args)
        try:
            await until(f"window {w}: {action}", lambda: not c.busy and expect(c), 10)
        except DemoFailed:
            raise DemoFailed(f"{w}号窗口 {action} 未完成: {c.error or '?'}") from None
        await self.beat()

    async def call_next(self, w: int) -> str:
        before = self.counters[w].current.get("number")
        await self.counter_do(w, "callNext", expect=lambda c: c.current.get("number") not in (None, before))
        number = self.counters[w].current["number"]
        self.say(f"{w}号窗口叫号 {number} / window {w} calls {number}")
        return str(number)

    async def serve(self, w: int, level: int, reasons: list[str] | None = None, shots: str = "") -> None:
        c, pad = self.counters[w], self.pads[w]
        number = c.current["number"]
        await self.counter_do(w, "startService", expect=lambda c: c.current.get("state") == "serving")
        await self.counter_do(w, "finish", expect=lambda c: not c.current)
        await until(f"pad {w} invites", lambda: pad.screen == "rate" and pad.ticketNumber == number)
        if shots:
            await self.shot(f"pad-{w}-{shots}-rate", f"pad-{w}")
        await self.beat()
        pad.rate(level)
        if level <= 2:
            await until(f"pad {w} reasons", lambda: pad.screen == "reasons")
            if shots:
                await self.shot(f"pad-{w}-{shots}-reasons", f"pad-{w}")
            await self.beat()
            pad.submitReasons(reasons or ["等候时间长"])
        await until(f"pad {w} thanks", lambda: pad.screen == "thanks", 10)
        if shots:
            await self.shot(f"pad-{w}-{shots}-thanks", f"pad-{w}")
        self.say(f"{number} 办结,评价 {level} / finished, rated {level}"
                 + (f"(原因: {', '.join(reasons)})" if reasons else ""))


class _WindowShots:
    """Screenshots of a QQuickWindow we did not build (the kiosk's)."""

    def __init__(self, window: Any) -> None:
        self.window = window

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        image = self.window.grabWindow()
        if image.isNull() or not image.save(str(path)):
            raise RuntimeError(f"cannot save a screenshot to {path}")
        return path


def render_ticket_png(ticket: dict[str, Any], hall: dict[str, Any], path: Path) -> None:
    """What the kiosk's printer would print for ``ticket`` (when the API issued it)."""
    from drivers.printer.layout import TicketContent, ticket_bytes
    from drivers.printer.preview import render_to_png
    from drivers.printer.profiles import get_profile

    issued = dt.datetime.fromisoformat(ticket["issued_at"])
    content = TicketContent(hall_name=hall["name"], number=ticket["number"], service_name=ticket["service_name"],
                            waiting_ahead=ticket["waiting_ahead"], estimated_wait_s=ticket["estimated_wait_s"],
                            issued_at=issued, notice=hall.get("notice"))
    path.parent.mkdir(parents=True, exist_ok=True)
    render_to_png(ticket_bytes(content, get_profile(None)), str(path))


async def scenario(h: Hall) -> None:
    print("— 取号 / citizens take tickets —", flush=True)
    for service in CITIZENS:
        number = await h.take_ticket(service)
        h.report.tickets.append(number)
        h.say(f"取号 {number} ({service})")
        await h.beat()
    print(f"— 窗口签到 / windows {', '.join(map(str, WINDOWS))} sign in —", flush=True)
    for w in WINDOWS:
        await h.counter_do(w, "signIn", STAFF[w], "1234", expect=lambda c: c.state == "open")
    await h.shot("counter-8-signed-in", "counter-8")

    print("— 叫号与办理 / calling and serving —", flush=True)
    first = await h.call_next(8)
    await until("display shows the first call", lambda: h.display.calls and h.display.calls[0]["number"] == first)
    await h.shot("display-1-first-call", "display")
    await h.shot("counter-8-called", "counter-8")
    await h.serve(8, 5, shots="1")

    # window 17: the citizen does not come; two recalls, then no-show
    missing = await h.call_next(17)
    for _ in range(2):
        await h.counter_do(17, "recall", expect=lambda c: (c.current.get("recalls") or 0) >= 1)
        await until("recall counted", lambda: not h.counters[17].busy)
    await until("two recalls", lambda: (h.counters[17].current.get("recalls") or 0) >= 2)
    await h.shot("counter-17-recalled", "counter-17")
    await h.counter_do(17, "noShow", expect=lambda c: not c.current)
    h.report.no_show = missing
    h.say(f"{missing} 两次重呼未到,过号 / no-show after two recalls")

    # window 17: a social security case that is really medical insurance: transfer it
    moved = await h.call_next(17)
    await h.counter_do(17, "startService", expect=lambda c: c.current.get("state") == "serving")
    await h.counter_do(17, "transferToService", "medical-insurance", expect=lambda c: not c.current)
    h.report.transfer = f"{moved} 社保业务 → 医保业务"
    h.say(f"{moved} 转办医保业务(保留取号时间)/ transferred to medical insurance")
    again = await h.call_next(17)
    if again != moved:
        raise DemoFailed(f"转办的 {moved} 应排在医保队首,却叫到了 {again}")
    await h.serve(17, 2, ["等候时间长"], shots="2")

    nxt = await h.call_next(8)
    await h.serve(8, 4)
    await h.call_next(17)
    await h.serve(17, 5)
    await until("display board", lambda: h.display.totalRatings >= 4, 10)
    await until("display calls", lambda: nxt in [c["number"] for c in h.display.calls], 10)
    await h.shot("display-2-board", "display")
    await h.shot("counter-17-end", "counter-17")
    h.report.display_ratings = h.display.totalRatings
    h.report.display_calls = [c["number"] for c in h.display.calls]


def summary(rep: DemoReport) -> str:
    s = rep.stats
    lines = ["", "=== 演示小结 / demo summary ===",
             f"取号 issued: {s.get('issued')}   办结 done: {s.get('done')}   评价 ratings: {s.get('ratings')}   "
             f"满意率 satisfaction: {(s.get('satisfaction_rate') or 0):.1%}",
             f"过号 no-show: {rep.no_show}   转办 transfer: {rep.transfer}",
             f"取号方式 tickets via: {'取号机界面 kiosk GUI' if rep.kiosk == 'gui' else rep.kiosk}",
             f"大厅显示屏 display: {rep.display_ratings} ratings on the board, calls {' '.join(rep.display_calls)}",
             f"截图 screenshots: {len(rep.shots)} in {rep.shots[0].parent if rep.shots else '-'}"]
    for w in s.get("windows", []):
        if w["served"] or w["no_show"]:
            d = w["distribution"]
            rate = "-" if w["satisfaction_rate"] is None else f"{w['satisfaction_rate']:.0%}"
            lines.append(f"  {w['window']:>2}号窗口 办结 {w['served']} 过号 {w['no_show']} 评价 {w['ratings']} "
                         f"满意率 {rate} 分布 5/4/3/2/1 {d['5']}/{d['4']}/{d['3']}/{d['2']}/{d['1']}")
    return "\n".join(lines)


def run_gui_demo(config: Path, out: Path, *, headless: bool, keep_open: bool | None = None) -> int:
    from kiosk.config.hall import load_config

    offscreen = headless or not has_desktop()
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    from kiosk.apps.runtime import application, enable_crash_dump, route_qt_messages, run_event_loop
    from kiosk.apps.voice import QtVoicePlayer  # noqa: F401 - QtMultimedia loads before the windows

    cfg = load_config(config)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo-hall.db"
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), db.with_name(db.name + ".key")):
        p.unlink(missing_ok=True)
    start = next_working_morning(cfg.tz)
    mode = "offscreen (headless)" if offscreen else "windows on the desktop"
    print(f"大厅 {cfg.hall.name}: 演示时钟 / demo clock {start:%Y-%m-%d %H:%M}, {mode}", flush=True)
    app = application()
    route_qt_messages()
    enable_crash_dump()
    report = DemoReport()
    result = {"ok": False}
    node = HallNodeProcess(config, db, start, clock_speed=DEMO_CLOCK_SPEED).start(out / "hall-node.log")

    async def main() -> None:
        from kiosk.protocol.client import HallClient

        hall = Hall(node.url, out, pace=0.0 if offscreen else 1.2, report=report, voice=not offscreen)
        try:
            hall.open()
            await hall.online()
            await scenario(hall)
            admin = HallClient(node.url, ADMIN_TOKEN)
            try:
                report.stats = await admin.stats_today()
            finally:
                await admin.close()
            result["ok"] = True
            print(summary(report), flush=True)
            if not offscreen and (keep_open if keep_open is not None else True):
                print("演示继续运行,关闭窗口即退出 / the hall stays open: close the windows to quit", flush=True)
                await asyncio.Event().wait()
        except DemoFailed as exc:
            print(f"演示失败 / demo failed: {exc}", flush=True)
        finally:
            await hall.close()
            app.quit()

    try:
        run_event_loop(app, main)
    finally:
        node.stop()
    return 0 if result["ok"] else 1
