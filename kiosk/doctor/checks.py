"""What `kiosk doctor` checks, one function per thing an installer would look at. Each returns
one or more ``Finding``s in Chinese and English; none raises for a fault it is looking for (a
fault is a finding, not a crash)."""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.paths import SAMPLE_HALL_CONFIG
from kiosk.store.eventlog import EVENT_COLUMNS, row_to_event, verify_chain


class Verdict(enum.IntEnum):
    OK = 0
    WARN = 1
    FAIL = 2

    @property
    def label(self) -> str:
        return {0: "正常 OK", 1: "注意 WARN", 2: "故障 FAIL"}[self.value]


@dataclass(frozen=True)
class Finding:
    check: str  # stable name, e.g. "hall.token"
    verdict: Verdict
    zh: str
    en: str

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "verdict": self.verdict.name.lower(), "message_zh": self.zh,
                "message_en": self.en}


def ok(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Verdict.OK, zh, en)


def warn(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Verdict.WARN, zh, en)


def fail(check: str, zh: str, en: str) -> Finding:
    return Finding(check, Verdict.FAIL, zh, en)


# -- config ------------------------------------------------------------------------------------
SAMPLE_CONFIG = SAMPLE_HALL_CONFIG


def hall_config(path: Path) -> tuple[list[Finding], Any]:
    from kiosk.config.hall import load_config
    from kiosk.config.toml import ConfigError

    try:
        config = load_config(path)
    except ConfigError as exc:
        return [fail("config", f"配置文件有误: {exc}", f"the config is broken: {exc}")], None
    except OSError as exc:
        return [fail("config", f"无法读取配置文件 {path}: {exc.strerror}", f"cannot read {path}: {exc.strerror}")], None
    found = [ok("config", f"配置文件正确: {path}", f"config is valid: {path}")]
    found += sample_tokens(config)
    return found, config


def sample_tokens(config: Any) -> list[Finding]:
    """Tokens copied from the sample config are known to everyone who has the sources."""
    from kiosk.config.hall import load_config

    try:
        sample = {d.token for d in load_config(SAMPLE_CONFIG).devices}
    except Exception:  # no sample shipped: nothing to compare with
        return []
    same = sorted(d.id for d in config.devices if d.token in sample)
    if not same:
        return [ok("config.tokens", "设备令牌均已更换", "no device uses a sample token")]
    names = ", ".join(same[:5]) + (f" 等 {len(same)} 个" if len(same) > 5 else "")
    names_en = ", ".join(same[:5]) + (f" and {len(same) - 5} more" if len(same) > 5 else "")
    return [fail("config.tokens", f"这些设备仍在使用样例令牌,请更换: {names}",
                 f"these devices still use a sample token; replace them: {names_en}")]


# -- the hall, seen from a terminal -------------------------------------------------------------
def hall_link(url: str, token: str, max_skew_s: float = 2.0, timeout: float = 3.0) -> list[Finding]:
    return asyncio.run(_hall_link(url, token, max_skew_s, timeout))


async def _hall_link(url: str, token: str, max_skew_s: float, timeout: float) -> list[Finding]:
    from kiosk.protocol.client import HallApiError, HallClient

    client = HallClient(url, token, timeout=timeout)
    try:
        try:
            who = await client.whoami()
        except HallApiError as err:
            if err.offline:
                return [fail("hall.reachable", f"无法连接大厅服务器 {url}", f"cannot reach the hall at {url}")]
            if err.status in (401, 403):
                return [ok("hall.reachable", f"大厅服务器可连接: {url}", f"the hall answers at {url}"),
                        fail("hall.token", "设备令牌无效或无权限", f"the device token is refused ({err.status})")]
            return [fail("hall.reachable", f"大厅服务器返回错误: {err.zh}", f"the hall answered an error: {err.en}")]
        found = [ok("hall.reachable", f"大厅服务器可连接: {url}", f"the hall answers at {url}"),
                 ok("hall.token", f"令牌有效: {who.get('id', '?')} ({who.get('role', '?')})",
                    f"token accepted: {who.get('id', '?')} ({who.get('role', '?')})")]
        sent = time.time()
        data = await client.services()
        got = time.time()
        found.append(clock_skew(data.get("now") or (data.get("hall") or {}).get("now"), (sent + got) / 2,
                                max_skew_s, rtt_s=got - sent))
        return found
    finally:
        await client.close()


def clock_skew(hall_now: Any, local_ts: float, max_skew_s: float, rtt_s: float = 0.0) -> Finding:
    if not isinstance(hall_now, str):
        return warn("hall.clock", "大厅服务器未报告时间", "the hall did not say its time")
    try:
        hall_ts = dt.datetime.fromisoformat(hall_now).timestamp()
    except ValueError:
        return warn("hall.clock", f"大厅时间格式错误: {hall_now}", f"bad hall time: {hall_now}")
    # the hall reports whole seconds: allow that rounding and half the round trip
    skew = abs(hall_ts + 0.5 - local_ts)
    allowed = max_skew_s + 0.5 + rtt_s / 2
    if skew > allowed:
        return fail("hall.clock", f"本机时钟与大厅相差 {skew:.0f} 秒(允许 {max_skew_s:.0f} 秒),请检查时间同步",
                    f"this machine's clock is {skew:.0f} s off the hall's (allowed {max_skew_s:.0f} s); check time sync")
    return ok("hall.clock", f"时钟与大厅一致(相差 {skew:.1f} 秒以内)", f"clock agrees with the hall (within {skew:.1f} s)")


# -- devices -------------------------------------------------------------------------------------
def printer(url: str, test_print: bool = False) -> list[Finding]:
    from drivers.errors import DeviceError
    from drivers.printer import TicketPrinter, get_profile

    try:
        p = TicketPrinter(url, get_profile())
        p.open()
        try:
            status = p.status()
            receipt = None
            if test_print and status.problem is None:
                from drivers.printer.layout import sample_content

                receipt = p.print_ticket(sample_content(dt.datetime.now().astimezone()))
        finally:
            p.close()
    except DeviceError as err:
        return [fail("printer", f"打印机 {url}: {err.zh}", f"printer {url}: {err.en}")]
    problem = status.problem
    if problem is not None:
        bad = fail if problem.blocks_printing else warn
        return [bad("printer", f"打印机: {problem.zh}", f"printer: {problem.en}")]
    if not status.checked:
        return [warn("printer", f"打印机 {url} 无状态通道,无法确认纸张", f"printer {url} reports no status")]
    found = [ok("printer", f"打印机正常: {url}", f"printer is ready: {url}")]
    if receipt is not None:
        found.append(ok("printer.test", f"已打印测试票 {receipt.number}", f"test ticket {receipt.number} printed"))
    return found


def card_reader(url: str) -> list[Finding]:
    from drivers.errors import DeviceError
    from drivers.idcard import CardReader

    try:
        with CardReader(url) as reader:
            sam = reader.sam_id()
    except DeviceError as err:
        return [fail("reader", f"身份证阅读器 {url}: {err.zh}", f"card reader {url}: {err.en}")]
    return [ok("reader", f"身份证阅读器正常,安全模块 {sam}", f"card reader is ready, SAM {sam}")]


def bus(port: str, expected: Iterable[int]) -> list[Finding]:
    from drivers.bus.master import HallBus
    from drivers.errors import DeviceError

    wanted = sorted(set(expected))
    try:
        with HallBus(port) as master:
            found = {addr for addr, _ in master.scan(wanted)}
    except DeviceError as err:
        return [fail("bus", f"RS-485 总线 {port}: {err.zh}", f"RS-485 bus {port}: {err.en}")]
    missing = [a for a in wanted if a not in found]
    if missing:
        return [fail("bus", f"总线上缺少设备地址: {', '.join(map(str, missing))}",
                     f"no answer from bus addresses: {', '.join(map(str, missing))}")]
    return [ok("bus", f"总线设备均应答: {', '.join(map(str, wanted))}",
               f"every bus address answers: {', '.join(map(str, wanted))}")]


def voice() -> list[Finding]:
    from drivers.voice.clips import ClipLibrary

    library = ClipLibrary()
    missing = library.missing()
    if missing:
        return [fail("voice", f"缺少 {len(missing)} 个语音片段({', '.join(missing[:5])}…),请运行 kiosk build-resources",
                     f"{len(missing)} voice clips are missing ({', '.join(missing[:5])}...); run kiosk build-resources")]
    return [ok("voice", f"语音片段齐全: {library.dirs[0].parent}", f"every voice clip is present in {library.dirs[0].parent}")]


# -- the machine and the database ----------------------------------------------------------------
def disk(path: Path, min_free_bytes: int = 1 << 30, min_free_share: float = 0.05) -> list[Finding]:
    target = path if path.exists() else path.parent
    try:
        usage = shutil.disk_usage(target)
    except OSError as exc:
        return [fail("disk", f"无法查看磁盘空间: {exc.strerror}", f"cannot read free disk space: {exc.strerror}")]
    free_gib = usage.free / (1 << 30)
    if usage.free < min_free_bytes or usage.free < min_free_share * usage.total:
        return [fail("disk", f"磁盘剩余空间不足: {free_gib:.1f} GiB", f"low disk space: {free_gib:.1f} GiB free")]
    return [ok("disk", f"磁盘剩余 {free_gib:.1f} GiB", f"{free_gib:.1f} GiB free")]


def database(path: Path, batch: int = 5000) -> list[Finding]:
    """PRAGMA quick_check, then the hash chain of every epoch, read-only (works while the node
    runs: WAL readers do not block the writer)."""
    if not path.exists():
        return [fail("db", f"数据库不存在: {path}", f"no database at {path}")]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return [fail("db", f"无法打开数据库: {exc}", f"cannot open the database: {exc}")]
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return [fail("db.integrity", f"数据库损坏: {check}", f"the database is damaged: {check}")]
        found = [ok("db.integrity", "数据库完整性检查通过", "database integrity check passed")]
        found.append(_chain(conn, batch))
        return found
    except sqlite3.Error as exc:
        return [fail("db", f"读取数据库失败: {exc}", f"cannot read the database: {exc}")]
    finally:
        conn.close()


def _chain(conn: sqlite3.Connection, batch: int) -> Finding:
    cols = EVENT_COLUMNS
    epochs = [r[0] for r in conn.execute("SELECT DISTINCT epoch FROM events ORDER BY epoch")]
    total = 0
    for epoch in epochs:
        prev: str | None = None
        after = 0
        while True:
            rows = conn.execute(f"SELECT {cols} FROM events WHERE epoch = ? AND seq > ? ORDER BY seq LIMIT ?",
                                (epoch, after, batch)).fetchall()
            if not rows:
                break
            events = [row_to_event(r) for r in rows]
            if after == 0 and events[0].seq != 1:
                return fail("db.chain", f"事件链缺少开头: 第 {epoch} 期从 {events[0].seq} 号开始",
                            f"the event chain of epoch {epoch} starts at seq {events[0].seq}")
            bad = verify_chain(events, prev)
            if bad is not None:
                seq = events[bad].seq
                return fail("db.chain", f"事件链在第 {epoch} 期第 {seq} 号事件处断开(被改动或缺失)",
                            f"the event chain breaks at epoch {epoch} seq {seq} (altered or missing)")
            prev, after = events[-1].hash, events[-1].seq
            total += len(events)
    return ok("db.chain", f"事件链完整: {total} 个事件", f"event chain intact: {total} events")


def sync_backlog(path: Path, max_pending: int = 50_000) -> list[Finding]:
    """Events not yet acknowledged by the central server (only where sync is configured)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return []
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        tops = dict(conn.execute("SELECT epoch, MAX(seq) FROM events GROUP BY epoch").fetchall())
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    pending = sum(max(0, int(top) - int(meta.get(f"sync_acked:{epoch}", 0) or 0)) for epoch, top in tops.items())
    if pending > max_pending:
        return [fail("sync", f"待同步事件积压 {pending} 个,请检查与市级服务器的连接",
                     f"{pending} events wait for the central server; check the link")]
    return [ok("sync", f"待同步事件 {pending} 个", f"{pending} events wait for sync")]
