"""The hall config file (TOML).

Minimum keys: ``[hall] id, name``; ``[[services]] code, name, prefix``; ``[[windows]] number,
services``; ``[[devices]] id, role, token, window``. Everything else has a default; see
docs/config.md. A broken config is refused with the file, the line and the reason; unknown keys
are refused too, so a typo never silently becomes a default.
"""

from __future__ import annotations

import datetime as dt
import hmac
import itertools
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config.toml import ConfigError, locate, parse_toml, read_text
from kiosk.core.catalogue import WEEKDAYS, Calendar, Period, Service, SlotCap, parse_period
from kiosk.core.policy import FairnessPolicy
from kiosk.core.roles import ROLES, Role
from kiosk.core.windows import Window

_CODE = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,39}$")
_PREFIX = re.compile(r"^[A-Z]{1,2}$")

DEFAULT_HOURS = {"weekdays": ["08:30-12:00", "14:00-17:30"]}


@dataclass(frozen=True)
class Device:
    id: str
    role: str
    token: str
    window: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Staff:
    id: str
    name: str
    pin: str
    number: str = ""  # 工号 shown on the rating pad


@dataclass(frozen=True)
class HallInfo:
    id: str
    name: str
    name_en: str = ""
    timezone: str = "Asia/Shanghai"
    status_url: str = "http://127.0.0.1:8470/t/{number}"
    notice: str = "请留意叫号,过号请重新取号。当日取号,当日受理。"


@dataclass(frozen=True)
class CentralLink:
    url: str
    secret: str
    push_interval_s: float = 5.0
    batch_size: int = 500


@dataclass(frozen=True)
class Category:
    name: str
    name_en: str = ""
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class HallConfig:
    hall: HallInfo
    services: dict[str, Service]
    windows: dict[int, Window]
    devices: tuple[Device, ...]
    categories: tuple[Category, ...] = ()
    policy: FairnessPolicy = field(default_factory=FairnessPolicy)
    calendar: Calendar = field(default_factory=Calendar)
    staff: dict[str, Staff] = field(default_factory=dict)
    central: CentralLink | None = None
    path: str = ""

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.hall.timezone)

    def device_by_token(self, token: str) -> Device | None:
        found = None
        for d in self.devices:  # constant time per token: no timing hint of a near miss
            if hmac.compare_digest(d.token.encode(), token.encode()):
                found = d
        return found

    def windows_serving(self, service: str) -> list[Window]:
        return [w for w in self.windows.values() if service in w.services]


class _Reader:
    """Typed access to the parsed document with errors that carry file and line."""

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text = path, text

    def fail(self, table: str, index: int | None, key: str | None, zh: str, en: str) -> ConfigError:
        return ConfigError(self.path, locate(self.text, table, index, key), zh, en)

    def check_keys(self, tbl: dict[str, Any], allowed: set[str], table: str, index: int | None) -> None:
        for key in tbl:
            if key not in allowed:
                raise self.fail(table, index, key, f"未知配置项 {key!r}",
                                f"unknown key {key!r} in [{table}]")

    def get(self, tbl: dict[str, Any], key: str, kind: type | tuple[type, ...], table: str,
            index: int | None = None, default: Any = ..., ) -> Any:
        if key not in tbl:
            if default is ...:
                raise self.fail(table, index, None, f"[{table}] 缺少必填项 {key!r}",
                                f"[{table}] is missing required key {key!r}")
            return default
        value = tbl[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            names = "/".join(k.__name__ for k in kinds)
            raise self.fail(table, index, key, f"{key} 应为 {names},实际为 {value!r}",
                            f"{key} must be {names}, got {value!r}")
        return value


def load_config(path: str | Path) -> HallConfig:
    return parse_config(read_text(path), str(path))


def parse_config(text: str, path: str = "<config>") -> HallConfig:
    return config_from_dict(parse_toml(text, path), path, text)


def config_from_dict(doc: dict[str, Any], path: str = "<config>", text: str = "") -> HallConfig:
    """Validate an already-parsed document (e.g. local config merged with a catalogue pulled
    from the central server). ``text`` is used only to point errors at lines."""
    r = _Reader(path, text)
    r.check_keys(doc, {"hall", "policy", "calendar", "schedules", "categories", "services",
                       "windows", "devices", "staff", "central"}, "", None)

    hall_t = r.get(doc, "hall", dict, "hall")
    r.check_keys(hall_t, {"id", "name", "name_en", "timezone", "status_url", "notice"}, "hall", None)
    hall = HallInfo(
        id=r.get(hall_t, "id", str, "hall"),
        name=r.get(hall_t, "name", str, "hall"),
        name_en=r.get(hall_t, "name_en", str, "hall", default=""),
        timezone=r.get(hall_t, "timezone", str, "hall", default="Asia/Shanghai"),
        status_url=r.get(hall_t, "status_url", str, "hall", default=HallInfo.status_url),
        notice=r.get(hall_t, "notice", str, "hall", default=HallInfo.notice),
    )
    if not _CODE.match(hall.id):
        raise r.fail("hall", None, "id", "大厅编号只能用小写字母、数字、-、_",
                     "hall id may use only a-z, 0-9, '-' and '_'")
    if not hall.name.strip():
        raise r.fail("hall", None, "name", "大厅名称为空", "hall name is empty")
    try:
        zoneinfo.ZoneInfo(hall.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise r.fail("hall", None, "timezone", f"未知时区 {hall.timezone!r}",
                     f"unknown timezone {hall.timezone!r}") from None

    policy = _policy(r, doc.get("policy", {}))
    calendar = _calendar(r, doc.get("calendar", {}))
    schedules = _schedules(r, doc.get("schedules", {}))
    services = _services(r, doc, schedules)
    categories = _categories(r, doc, services)
    windows = _windows(r, doc, services)
    staff = _staff(r, doc)
    devices = _devices(r, doc, windows)
    central = _central(r, doc.get("central"))
    return HallConfig(hall, services, windows, devices, categories, policy, calendar, staff,
                      central, path)


def _policy(r: _Reader, t: dict[str, Any]) -> FairnessPolicy:
    r.check_keys(t, {"normal_per_priority", "aging_limit_minutes", "no_show_after_recalls",
                     "green_channel_age"}, "policy", None)
    p = FairnessPolicy(
        normal_per_priority=r.get(t, "normal_per_priority", int, "policy", default=2),
        aging_limit_s=60 * r.get(t, "aging_limit_minutes", (int, float), "policy", default=30),
        no_show_after_recalls=r.get(t, "no_show_after_recalls", int, "policy", default=2),
        green_channel_age=r.get(t, "green_channel_age", int, "policy", default=70),
    )
    for key, value in (("normal_per_priority", p.normal_per_priority),
                       ("no_show_after_recalls", p.no_show_after_recalls),
                       ("aging_limit_minutes", p.aging_limit_s)):
        if value < 0:
            raise r.fail("policy", None, key, f"{key} 不能为负", f"{key} must not be negative")
    return p


def _date(r: _Reader, value: Any, table: str, key: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise r.fail(table, None, key, f"日期格式错误 {value!r}(应为 2026-10-01)",
                     f"bad date {value!r} (expected like 2026-10-01)") from None


def _calendar(r: _Reader, t: dict[str, Any]) -> Calendar:
    r.check_keys(t, {"holidays", "workdays"}, "calendar", None)
    holidays = frozenset(_date(r, v, "calendar", "holidays")
                         for v in r.get(t, "holidays", list, "calendar", default=[]))
    workdays: dict[dt.date, str] = {}
    for item in r.get(t, "workdays", list, "calendar", default=[]):
        if not isinstance(item, dict) or "date" not in item:
            raise r.fail("calendar", None, "workdays", "调休工作日应写作 {date = ..., as = \"mon\"}",
                         "workdays entries must look like {date = ..., as = \"mon\"}")
        as_day = item.get("as", "mon")
        if as_day not in WEEKDAYS:
            raise r.fail("calendar", None, "workdays", f"未知星期 {as_day!r}", f"unknown weekday {as_day!r}")
        workdays[_date(r, item["date"], "calendar", "workdays")] = as_day
    return Calendar(holidays, workdays)


def _hours(r: _Reader, value: Any, table: str, index: int | None, key: str) -> dict[str, tuple[Period, ...]]:
    if not isinstance(value, dict):
        raise r.fail(table, index, key, "营业时间应为按星期的表,如 mon = [\"08:30-12:00\"]",
                     "hours must be a table by weekday, e.g. mon = [\"08:30-12:00\"]")
    out: dict[str, tuple[Period, ...]] = {}
    for day, periods in value.items():
        days = WEEKDAYS[:5] if day == "weekdays" else WEEKDAYS[5:] if day == "weekend" else (day,)
        if days[0] not in WEEKDAYS:
            raise r.fail(table, index, key, f"未知星期 {day!r}(可用 mon..sun, weekdays, weekend)",
                         f"unknown weekday {day!r} (use mon..sun, weekdays, weekend)")
        if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
            raise r.fail(table, index, key, f"{day} 的时段应为字符串列表", f"{day} must be a list of strings")
        try:
            parsed = tuple(sorted((parse_period(p) for p in periods), key=lambda p: p.start))
        except ValueError as exc:
            raise r.fail(table, index, key, f"时段格式错误: {exc}", f"bad period: {exc}") from None
        for a, b in itertools.pairwise(parsed):
            if b.start < a.end:
                raise r.fail(table, index, key, f"{day} 的时段重叠", f"periods on {day} overlap")
        for d in days:
            out[d] = parsed
    return out


def _schedules(r: _Reader, t: dict[str, Any]) -> dict[str, dict[str, tuple[Period, ...]]]:
    named = {"weekdays": _hours(r, DEFAULT_HOURS, "schedules", None, "weekdays")}
    for name, value in t.items():
        named[name] = _hours(r, value, "schedules", None, name)
    return named


def _services(r: _Reader, doc: dict[str, Any], schedules: dict[str, Any]) -> dict[str, Service]:
    items = r.get(doc, "services", list, "services")
    if not items:
        raise r.fail("services", None, None, "至少需要一项服务", "at least one service is required")
    out: dict[str, Service] = {}
    allowed = {"code", "name", "name_en", "prefix", "category", "hours", "issue_lead_minutes",
               "daily_cap", "slot_caps", "requires_id", "avg_service_minutes"}
    for i, t in enumerate(items):
        r.check_keys(t, allowed, "services", i)
        code = r.get(t, "code", str, "services", i)
        if not _CODE.match(code):
            raise r.fail("services", i, "code", f"服务编码 {code!r} 只能用小写字母、数字、-、_",
                         f"service code {code!r} may use only a-z, 0-9, '-' and '_'")
        if code in out:
            raise r.fail("services", i, "code", f"服务编码重复: {code}", f"duplicate service code: {code}")
        name = r.get(t, "name", str, "services", i)
        if not name.strip():
            raise r.fail("services", i, "name", "服务名称为空", "service name is empty")
        prefix = r.get(t, "prefix", str, "services", i)
        if not _PREFIX.match(prefix):
            raise r.fail("services", i, "prefix", f"票号字母 {prefix!r} 应为 1-2 个大写字母",
                         f"ticket prefix {prefix!r} must be 1-2 capital letters")
        hours_v = t.get("hours", "weekdays")
        if isinstance(hours_v, str):
            if hours_v not in schedules:
                raise r.fail("services", i, "hours", f"未定义的时间表 {hours_v!r}",
                             f"undefined schedule {hours_v!r} (define it under [schedules])")
            hours = schedules[hours_v]
        else:
            hours = _hours(r, hours_v, "services", i, "hours")
        cap = r.get(t, "daily_cap", int, "services", i, default=None)
        if cap is not None and cap <= 0:
            raise r.fail("services", i, "daily_cap", "每日限额须为正数", "daily_cap must be positive")
        slots = []
        for s in r.get(t, "slot_caps", list, "services", i, default=[]):
            if not isinstance(s, dict) or set(s) != {"period", "cap"} or not isinstance(s["cap"], int):
                raise r.fail("services", i, "slot_caps", "时段限额应写作 {period = \"08:30-10:00\", cap = 100}",
                             "slot_caps entries must look like {period = \"08:30-10:00\", cap = 100}")
            try:
                slots.append(SlotCap(parse_period(s["period"]), s["cap"]))
            except ValueError as exc:
                raise r.fail("services", i, "slot_caps", f"时段格式错误: {exc}", f"bad period: {exc}") from None
        lead = r.get(t, "issue_lead_minutes", int, "services", i, default=40)
        if not 0 <= lead <= 240:
            raise r.fail("services", i, "issue_lead_minutes", "提前取号分钟数应在 0-240",
                         "issue_lead_minutes must be 0..240")
        avg = r.get(t, "avg_service_minutes", (int, float), "services", i, default=8.0)
        if avg <= 0:
            raise r.fail("services", i, "avg_service_minutes", "平均办理时长须为正数",
                         "avg_service_minutes must be positive")
        out[code] = Service(
            code=code, name=name, prefix=prefix,
            category=r.get(t, "category", str, "services", i, default="综合服务"),
            name_en=r.get(t, "name_en", str, "services", i, default=""),
            hours=hours, issue_lead_minutes=lead, daily_cap=cap, slot_caps=tuple(slots),
            requires_id=r.get(t, "requires_id", bool, "services", i, default=False),
            avg_service_minutes=float(avg),
        )
    return out


def _categories(r: _Reader, doc: dict[str, Any], services: dict[str, Service]) -> tuple[Category, ...]:
    cats: list[Category] = []
    for i, t in enumerate(r.get(doc, "categories", list, "categories", default=[])):
        r.check_keys(t, {"name", "name_en"}, "categories", i)
        name = r.get(t, "name", str, "categories", i)
        cats.append(Category(name, r.get(t, "name_en", str, "categories", i, default="")))
    known = {c.name for c in cats}
    for s in services.values():  # categories used by services but not listed come last
        if s.category not in known:
            cats.append(Category(s.category))
            known.add(s.category)
    return tuple(Category(c.name, c.name_en, tuple(s.code for s in services.values()
                                                   if s.category == c.name)) for c in cats)


def _windows(r: _Reader, doc: dict[str, Any], services: dict[str, Service]) -> dict[int, Window]:
    out: dict[int, Window] = {}
    for i, t in enumerate(r.get(doc, "windows", list, "windows")):
        r.check_keys(t, {"number", "name", "services", "days"}, "windows", i)
        number = r.get(t, "number", int, "windows", i)
        if not 1 <= number <= 999:
            raise r.fail("windows", i, "number", "窗口号应在 1-999", "window number must be 1..999")
        if number in out:
            raise r.fail("windows", i, "number", f"窗口号重复: {number}", f"duplicate window number: {number}")
        codes = r.get(t, "services", list, "windows", i)
        if not codes:
            raise r.fail("windows", i, "services", f"{number}号窗口没有服务", f"window {number} serves nothing")
        for code in codes:
            if code not in services:
                raise r.fail("windows", i, "services", f"{number}号窗口引用了未定义的服务 {code!r}",
                             f"window {number} refers to unknown service {code!r}")
        days = r.get(t, "days", list, "windows", i, default=list(WEEKDAYS[:5]))
        for d in days:
            if d not in WEEKDAYS:
                raise r.fail("windows", i, "days", f"未知星期 {d!r}", f"unknown weekday {d!r}")
        out[number] = Window(number, r.get(t, "name", str, "windows", i, default=f"{number}号窗口"),
                             tuple(codes), tuple(days))
    if not out:
        raise r.fail("windows", None, None, "至少需要一个窗口", "at least one window is required")
    return out


def _staff(r: _Reader, doc: dict[str, Any]) -> dict[str, Staff]:
    out: dict[str, Staff] = {}
    for i, t in enumerate(r.get(doc, "staff", list, "staff", default=[])):
        r.check_keys(t, {"id", "name", "pin", "number"}, "staff", i)
        sid = r.get(t, "id", str, "staff", i)
        if sid in out:
            raise r.fail("staff", i, "id", f"工作人员编号重复: {sid}", f"duplicate staff id: {sid}")
        pin = r.get(t, "pin", str, "staff", i)
        if not (pin.isdigit() and 4 <= len(pin) <= 8):
            raise r.fail("staff", i, "pin", "PIN 应为 4-8 位数字", "pin must be 4-8 digits")
        out[sid] = Staff(sid, r.get(t, "name", str, "staff", i), pin,
                         r.get(t, "number", str, "staff", i, default=sid))
    return out


def _devices(r: _Reader, doc: dict[str, Any], windows: dict[int, Window]) -> tuple[Device, ...]:
    out: list[Device] = []
    ids, tokens = set(), set()
    for i, t in enumerate(r.get(doc, "devices", list, "devices")):
        r.check_keys(t, {"id", "role", "token", "window", "name"}, "devices", i)
        did = r.get(t, "id", str, "devices", i)
        role = r.get(t, "role", str, "devices", i)
        token = r.get(t, "token", str, "devices", i)
        if role not in ROLES:
            raise r.fail("devices", i, "role", f"未知角色 {role!r}(可用 {', '.join(ROLES)})",
                         f"unknown role {role!r} (use {', '.join(ROLES)})")
        if len(token) < 8:
            raise r.fail("devices", i, "token", "令牌至少 8 个字符", "token must be at least 8 characters")
        if did in ids:
            raise r.fail("devices", i, "id", f"设备编号重复: {did}", f"duplicate device id: {did}")
        if token in tokens:
            raise r.fail("devices", i, "token", "令牌重复", "duplicate token")
        window = r.get(t, "window", int, "devices", i, default=None)
        if role in (Role.COUNTER, Role.PAD) and window is None:
            raise r.fail("devices", i, None, f"{role} 设备必须指定 window", f"a {role} device needs a window")
        if window is not None and window not in windows:
            raise r.fail("devices", i, "window", f"窗口 {window} 不存在", f"window {window} does not exist")
        ids.add(did)
        tokens.add(token)
        out.append(Device(did, role, token, window, r.get(t, "name", str, "devices", i, default="")))
    return tuple(out)


def _central(r: _Reader, t: dict[str, Any] | None) -> CentralLink | None:
    if t is None:
        return None
    r.check_keys(t, {"url", "secret", "push_interval_seconds", "batch_size"}, "central", None)
    url = r.get(t, "url", str, "central")
    if not url.startswith(("http://", "https://")):
        raise r.fail("central", None, "url", "中心地址应以 http:// 或 https:// 开头",
                     "central url must start with http:// or https://")
    secret = r.get(t, "secret", str, "central")
    if len(secret) < 16:
        raise r.fail("central", None, "secret", "密钥至少 16 个字符", "secret must be at least 16 characters")
    return CentralLink(url.rstrip("/"), secret,
                       float(r.get(t, "push_interval_seconds", (int, float), "central", default=5.0)),
                       r.get(t, "batch_size", int, "central", default=500))
