"""A scripted hall morning against a real hall node, through the typed hall client: citizens take tickets for
several services (with ID cards, one elder on the green channel), counters sign in, call,
serve and finish, pads rate (one 不满意 with a reason), one citizen does not show, one case is
transferred. Prints a readable summary. Used by `kiosk demo --script` and the tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core.citizens import id_check_char
from kiosk.core.ratings import needs_reason
from kiosk.paths import SAMPLE_HALL_CONFIG
from kiosk.protocol.client import HallApiError, HallClient

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CONFIG = SAMPLE_HALL_CONFIG


def make_id(region: str, born: dt.date, serial: int) -> str:
    head = f"{region}{born:%Y%m%d}{serial:03d}"
    return head + id_check_char(head)


CITIZENS = [
    ("property-registration", "林建国", make_id("350102", dt.date(1978, 3, 14), 113), "normal"),
    ("social-security", None, None, "normal"),
    ("exit-entry", "陈美玲", make_id("350103", dt.date(1995, 7, 2), 224), "normal"),
    ("social-security", None, None, "normal"),
    ("exit-entry", "王秀英", make_id("350104", dt.date(1948, 5, 20), 342), "green"),
    ("housing-fund", "黄志强", make_id("350105", dt.date(1986, 11, 9), 451), "normal"),
    ("social-security", None, None, "normal"),
    ("tax", None, None, "normal"),
    ("property-registration", "郑小红", make_id("350111", dt.date(1990, 1, 30), 562), "normal"),
    ("business-startup", None, None, "normal"),
    ("housing-fund", "吴国华", make_id("350121", dt.date(1972, 9, 18), 673), "normal"),
    ("social-security", None, None, "normal"),
]

# window -> (counter token, pad token, staff id)
COUNTERS = {
    1: ("counter-1-token-change-me", "pad-1-token-change-me", "S001"),
    5: ("counter-5-token-change-me", "pad-5-token-change-me", "S002"),
    8: ("counter-8-token-change-me", "pad-8-token-change-me", "S003"),
    11: ("counter-11-token-change-me", "pad-11-token-change-me", "S004"),
    17: ("counter-17-token-change-me", "pad-17-token-change-me", "S005"),
}
KIOSK_TOKEN = "kiosk-1-token-change-me"
ADMIN_TOKEN = "admin-token-change-me"
RATINGS = [5, 5, 4, 5, 3, 5, 2, 5, 4, 5, 5]
DEMO_CLOCK_SPEED = 120.0  # one real second is two minutes in the demo hall


@dataclass
class MorningReport:
    issued: list[dict[str, Any]] = field(default_factory=list)
    served: list[tuple[int, str, int | None]] = field(default_factory=list)
    no_show: str = ""
    transfer: tuple[str, str, str] = ("", "", "")
    stats: dict[str, Any] = field(default_factory=dict)
    events: int = 0
    log: list[str] = field(default_factory=list)


def next_working_morning(tz: zoneinfo.ZoneInfo) -> dt.datetime:
    """08:20 on today's date if it is a weekday, else the next Monday: ticket issuing is open
    (from 07:50) and the windows open at 08:30."""
    day = dt.datetime.now(tz).date()
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8, 20), tz)


async def run_morning(url: str, say: Any = print, pace: float = 0.0) -> MorningReport:
    rep = MorningReport()
    kiosk = HallClient(url, KIOSK_TOKEN)
    admin = HallClient(url, ADMIN_TOKEN)
    counters = {w: HallClient(url, c) for w, (c, _, _) in COUNTERS.items()}
    pads = {w: HallClient(url, p) for w, (_, p, _) in COUNTERS.items()}
    try:
        say("— 07:50 起取号 / ticket issuing opens 40 minutes before the windows —")
        for service, name, id_number, prio in CITIZENS:
            citizen = {"id_number": id_number, "name": name} if id_number else None
            t = await kiosk.issue(service, citizen=citizen, priority=prio)
            rep.issued.append(t)
            who = f" {t['citizen']['name']} {t['citizen']['id_number']}" if t.get("citizen") else ""
            say(f"  取号 {t['number']:>5}  {t['service_name']:<10} 前面 {t['waiting_ahead']} 人"
                f"{' 绿色通道' if t['priority'] == 'green' else ''}{who}")
        try:  # the same citizen again for the same service: refused with the first ticket's number
            first = CITIZENS[0]
            await kiosk.issue(first[0], citizen={"id_number": first[2]}, retry_safe=False)
        except HallApiError as err:
            say(f"  重复取号被拒绝 / duplicate refused: {err.zh}")

        await asyncio.sleep(pace * 2)  # citizens wait for the windows to open
        say("— 08:30 窗口签到 / windows sign in —")
        for w, (_, _, staff) in COUNTERS.items():
            await counters[w].sign_in(w, staff, "1234")
        ratings = iter(RATINGS)
        no_show_done = transfer_done = False
        for _ in range(4):
            for w in COUNTERS:
                c = counters[w]
                called = await c.call_next(w)
                if called is None:
                    continue
                t = called
                say(f"  请 {t['number']} 号到 {w} 号窗口办理 ({t['service_name']})")
                if not no_show_done and t["service"] == "social-security" and w == 8:
                    for _ in range(2):
                        await c.recall(t["id"])
                        say(f"  重呼 {t['number']} / recall")
                    await c.no_show(t["id"])
                    rep.no_show = t["number"]
                    no_show_done = True
                    say(f"  {t['number']} 过号 / no-show after 2 recalls")
                    continue
                await c.start(t["id"])
                if not transfer_done and t["service"] == "social-security" and w == 17:
                    moved = await c.transfer(t["id"], service="medical-insurance")
                    rep.transfer = (t["number"], t["service_name"], moved["service_name"])
                    transfer_done = True
                    say(f"  {t['number']} 转办 {t['service_name']} → {moved['service_name']}(保留取号时间)")
                    continue
                await asyncio.sleep(pace)  # the case takes a while (minutes on the demo clock)
                await c.finish(t["id"])
                level = next(ratings, 5)
                reasons = ["等候时间长"] if needs_reason(level) else []
                r = await pads[w].rate(t["id"], level, reasons)
                rep.served.append((w, t["number"], r["level"]))
                say(f"  {t['number']} 办结,评价 {r['level']}" + (f"(原因: {reasons[0]})" if reasons else ""))
        rep.stats = await admin.stats_today()
        status = await admin.sync_status()
        rep.events = status["last_seq"]
        rep.log.append(f"{len(rep.issued)} tickets")
        return rep
    finally:
        for client in (kiosk, admin, *counters.values(), *pads.values()):
            await client.close()


def summary(rep: MorningReport) -> str:
    s = rep.stats
    lines = ["", "=== 上午小结 / morning summary ===",
             f"取号 issued: {s['issued']}   办结 done: {s['done']}   当日办结率 completion: "
             f"{(s['completion_rate'] or 0):.0%}   评价 ratings: {s['ratings']}   满意率 satisfaction: "
             f"{(s['satisfaction_rate'] or 0):.1%}",
             f"过号 no-show: {rep.no_show}   转办 transfer: {rep.transfer[0]} {rep.transfer[1]} → {rep.transfer[2]}",
             "", f"{'窗口':<6}{'办结':>6}{'评价':>6}{'满意率':>8}   分布 5/4/3/2/1"]
    for w in s["windows"]:
        if not w["served"] and not w["no_show"]:
            continue
        d = w["distribution"]
        rate = "-" if w["satisfaction_rate"] is None else f"{w['satisfaction_rate']:.0%}"
        lines.append(f"{w['window']:<8}{w['served']:>6}{w['ratings']:>7}{rate:>9}   "
                     f"{d['5']}/{d['4']}/{d['3']}/{d['2']}/{d['1']}")
    lines += ["", f"{'业务':<12}{'取号':>5}{'等候':>5}{'办结':>5}{'平均等候(秒)':>12}"]
    for sv in s["services"]:
        if sv["issued"] or sv["waiting"] or sv["done"]:
            lines.append(f"{sv['name']:<12}{sv['issued']:>5}{sv['waiting']:>5}{sv['done']:>5}"
                         f"{sv['avg_wait_s'] if sv['avg_wait_s'] is not None else '-':>12}")
    lines.append(f"\n事件日志 event log: {rep.events} events, hash-chained")
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HallNodeProcess:
    """A real `kiosk hall` child process for demos."""

    def __init__(self, config: Path, db: Path, start_time: dt.datetime | None = None, port: int | None = None,
                 clock_speed: float = 1.0) -> None:
        self.config, self.db, self.port = config, db, port or free_port()
        self.clock_speed = clock_speed
        self.url = f"http://127.0.0.1:{self.port}"
        self.start_time = start_time
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, log_path: Path | None = None) -> HallNodeProcess:
        cmd = [sys.executable, "-m", "kiosk", "hall", "--config", str(self.config), "--db", str(self.db),
               "--listen", f"127.0.0.1:{self.port}"]
        if self.start_time is not None:
            cmd += ["--start-time", self.start_time.isoformat(), "--clock-speed", str(self.clock_speed)]
        out = open(log_path, "ab") if log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"大厅服务启动失败 / hall node exited with {self.proc.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("hall node did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def run_scripted_morning(config: Path, workdir: Path) -> int:
    from kiosk.config.hall import load_config

    cfg = load_config(config)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "demo-hall.db"
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    start = next_working_morning(cfg.tz)
    print(f"大厅 {cfg.hall.name}: 演示时钟 / demo clock starts at {start:%Y-%m-%d %H:%M} ({cfg.hall.timezone})")
    node = HallNodeProcess(config, db, start, clock_speed=DEMO_CLOCK_SPEED).start(workdir / "hall-node.log")
    try:
        rep = asyncio.run(run_morning(node.url, pace=0.25))
    finally:
        node.stop()
    print(summary(rep))
    from kiosk.store.db import Store
    from kiosk.store.eventlog import GENESIS_HASH, verify_chain

    store = Store(db, cfg.hall.id)
    try:
        broken = verify_chain(store.events_after(0, limit=1_000_000), GENESIS_HASH)
    finally:
        store.close()
    print("事件链校验 / event chain check:", "完好 intact" if broken is None else f"断在 broken at #{broken}")
    ok = bool(rep.no_show and rep.transfer[0] and rep.stats["done"] >= 6 and rep.stats["ratings"] >= 6
              and broken is None)
    return 0 if ok else 1
