"""The hall's queue operations. Each operation is one SQLite transaction that checks the rules,
writes its rows and appends one event; a rejected operation raises HallError and writes nothing.

All of it runs on the store's owner thread (one writer). Events are handed to ``on_events``
right after the commit, in commit order.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.config.hall import Device, HallConfig
from kiosk.core import estimate
from kiosk.core.catalogue import issuing_status, slot_cap_for
from kiosk.core.citizens import citizen_key, id_number_valid, mask_id_number, mask_name
from kiosk.core.errors import HallError, bad_request, conflict, not_found
from kiosk.core.policy import Candidate, pick_next
from kiosk.core.policy import next_counter as policy_next_counter
from kiosk.core.tickets import Priority, TicketState, check_transition, format_number
from kiosk.core.windows import WindowState
from kiosk.hall.clock import Clock
from kiosk.hall.tickets_view import event_ticket, public_ticket, ticket_row
from kiosk.store.db import Store
from kiosk.store.eventlog import Event

RATING_ZH = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@dataclass
class Citizen:
    """What the hall keeps of a citizen: masked name and ID, keyed hash, birth year."""

    key: str
    name: str | None
    id_masked: str
    birth_year: int | None


def forbidden(zh: str, en: str) -> HallError:
    return HallError("forbidden", zh, en, status=403)


class HallService:
    def __init__(self, config: HallConfig, store: Store, secret: bytes,
                 clock: Clock | None = None,
                 on_events: Callable[[list[Event]], None] | None = None) -> None:
        self.config = config
        self.store = store
        self.secret = secret
        self.clock = clock or Clock(config.tz)
        self.tz = config.tz
        self.on_events = on_events
        self.store.write(self._init_windows).result()

    # -- plumbing -------------------------------------------------------------------------
    def _init_windows(self, conn: sqlite3.Connection) -> None:
        now = self.clock.now().isoformat(timespec="seconds")
        for number in self.config.windows:
            conn.execute("INSERT OR IGNORE INTO windows (number, state, updated_at) VALUES (?, ?, ?)",
                         (number, WindowState.SIGNED_OFF.value, now))

    def _publish(self, result: tuple[Any, list[Event]]) -> None:
        events = result[1]
        if events and self.on_events is not None:
            self.on_events(events)

    def run(self, op: Callable[[sqlite3.Connection, list[Event]], Any], *,
            device: Device | None = None, idem_key: str | None = None) -> concurrent.futures.Future[Any]:
        """Run ``op`` as one write transaction. With ``idem_key`` a retried request gets the
        stored answer of the first one instead of acting twice."""
        def tx(conn: sqlite3.Connection) -> tuple[Any, list[Event]]:
            events: list[Event] = []
            if idem_key:
                row = conn.execute("SELECT device, body FROM idempotency WHERE key = ?",
                                   (idem_key,)).fetchone()
                if row is not None and (device is None or row[0] == device.id):
                    return json.loads(row[1]), []
            result = op(conn, events)
            if idem_key:
                conn.execute(
                    "INSERT OR REPLACE INTO idempotency (key, device, status, body, created_ts)"
                    " VALUES (?, ?, 200, ?, ?)",
                    (idem_key, device.id if device else "", json.dumps(result, ensure_ascii=False),
                     time.time()))
            return result, events

        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        inner = self.store.write(tx, after_commit=self._publish)

        def done(f: concurrent.futures.Future[tuple[Any, list[Event]]]) -> None:
            exc = f.exception()
            if exc is not None:
                fut.set_exception(exc)
            else:
                fut.set_result(f.result()[0])
        inner.add_done_callback(done)
        return fut

    def read(self, fn: Callable[[sqlite3.Connection], Any]) -> concurrent.futures.Future[Any]:
        return self.store.read(fn)

    def _event(self, conn: sqlite3.Connection, events: list[Event], type_: str,
               payload: dict[str, Any]) -> None:
        now = self.clock.now().isoformat(timespec="milliseconds")
        events.append(self.store.append_event(conn, now, type_, payload))

    def today(self) -> str:
        return self.clock.now().date().isoformat()

    def _ticket(self, conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any]:
        row = ticket_row(conn, ticket_id)
        if row is None:
            raise not_found("票号", "ticket", ticket_id)
        return row

    def _service(self, code: str) -> Any:
        svc = self.config.services.get(code)
        if svc is None:
            raise bad_request("unknown_service", f"没有这项服务: {code}", f"unknown service: {code}",
                              service=code)
        return svc

    def _window_row(self, conn: sqlite3.Connection, number: int) -> dict[str, Any]:
        if number not in self.config.windows:
            raise not_found("窗口", "window", number)
        cur = conn.execute("SELECT number, state, pause_reason, staff, normal_since_priority "
                           "FROM windows WHERE number = ?", (number,))
        return dict(zip([c[0] for c in cur.description], cur.fetchone(), strict=True))

    # -- views ------------------------------------------------------------------------------
    def _avg_service_s(self, conn: sqlite3.Connection, service: str) -> float:
        rows = conn.execute(
            "SELECT finished_ts - COALESCE(started_ts, called_ts) FROM tickets WHERE day = ? AND"
            " service = ? AND state = 'done' AND finished_ts IS NOT NULL"
            " ORDER BY finished_ts DESC LIMIT 20", (self.today(), service)).fetchall()
        default = self.config.services[service].avg_service_minutes * 60 if service in self.config.services else 480
        return estimate.average_service_s([r[0] for r in rows if r[0] is not None], default)

    def _open_windows_for(self, conn: sqlite3.Connection, service: str) -> int:
        numbers = [w.number for w in self.config.windows_serving(service)]
        if not numbers:
            return 0
        marks = ",".join("?" * len(numbers))
        return conn.execute(f"SELECT COUNT(*) FROM windows WHERE state = 'open' AND number IN ({marks})",
                            numbers).fetchone()[0]

    def _ahead(self, conn: sqlite3.Connection, row: dict[str, Any]) -> int:
        if row["state"] != TicketState.WAITING:
            return 0
        if row["target_window"] is not None:
            return conn.execute(
                "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND target_window = ?"
                " AND (issued_ts < ? OR (issued_ts = ? AND number < ?))",
                (row["day"], row["target_window"], row["issued_ts"], row["issued_ts"], row["number"])).fetchone()[0]
        return conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND service = ?"
            " AND target_window IS NULL AND (issued_ts < ? OR (issued_ts = ? AND number < ?))",
            (row["day"], row["service"], row["issued_ts"], row["issued_ts"], row["number"])).fetchone()[0]

    def view(self, conn: sqlite3.Connection, row: dict[str, Any]) -> dict[str, Any]:
        ahead = self._ahead(conn, row)
        wait = 0
        if row["state"] == TicketState.WAITING:
            svc = row["service"]
            open_windows = self._open_windows_for(conn, svc)
            # with a window open and nobody ahead, the wait is the rest of the current case: ~0
            wait = 0 if open_windows and ahead == 0 else estimate.estimated_wait_s(
                ahead + 1, self._avg_service_s(conn, svc), open_windows)
        name = self.config.services[row["service"]].name if row["service"] in self.config.services else row["service"]
        return public_ticket(row, self.tz, name, ahead, wait)

    def get_ticket(self, ticket_id: str) -> dict[str, Any]:
        return self.read(lambda c: self.view(c, self._ticket(c, ticket_id))).result()

    # -- issuing ------------------------------------------------------------------------------
    def citizen_from(self, data: dict[str, Any] | None, now: dt.datetime) -> Citizen | None:
        if not data:
            return None
        number = str(data.get("id_number") or "").strip().upper()
        if not id_number_valid(number):
            raise bad_request("bad_id_number", "身份证号码无效,请核对后重新输入",
                              "the ID number is not valid; please check it")
        birth_year = int(number[6:10])
        name = data.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 60):
            raise bad_request("bad_name", "姓名格式错误", "bad name")
        return Citizen(citizen_key(number, self.secret), mask_name(name) if name else None,
                       mask_id_number(number), birth_year)

    def issue_ticket(self, device: Device, service_code: str, citizen: dict[str, Any] | None = None,
                     priority: str = "normal", appointment: str | None = None,
                     idem_key: str | None = None) -> concurrent.futures.Future[Any]:
        now = self.clock.now()
        svc = self._service(service_code)
        try:
            prio = Priority(priority)
        except ValueError:
            raise bad_request("bad_priority", f"未知的优先类别: {priority}",
                              f"unknown priority: {priority}") from None
        who = self.citizen_from(citizen, now)
        if svc.requires_id and who is None:
            raise bad_request("id_required", f"办理{svc.name}需要刷身份证",
                              f"{svc.name_en or svc.code} needs an ID card", service=svc.code)
        if prio == Priority.GREEN:
            age_limit = self.config.policy.green_channel_age
            if who is None or not self._is_elder(citizen or {}, now, age_limit):
                raise bad_request("green_not_eligible",
                                  f"绿色通道仅限 {age_limit} 岁以上,请刷身份证",
                                  f"the green channel is for citizens aged {age_limit}+; swipe the ID card")
        if prio == Priority.APPOINTMENT and not appointment:
            raise bad_request("appointment_required", "预约取号需要预约码",
                              "an appointment ticket needs the appointment code")
        status = issuing_status(svc, self.config.calendar, now)
        if not status.open:
            if status.reason == "not_yet" and status.opens_at:
                zh = f"{svc.name}今日 {status.opens_at:%H:%M} 开始取号"
                en = f"tickets for this service are issued from {status.opens_at:%H:%M} today"
            elif status.reason == "closed_for_day":
                zh, en = f"{svc.name}今日已停止取号", "ticket issuing for this service has closed for today"
            else:
                zh, en = f"{svc.name}今日不办理", "this service is closed today"
            raise conflict("issuing_closed", zh, en, reason=status.reason, hours=svc.hours_text())

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            day = now.date().isoformat()
            if svc.daily_cap is not None:
                issued = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND original_service = ?",
                                      (day, svc.code)).fetchone()[0]
                if issued >= svc.daily_cap:
                    raise conflict("daily_cap_reached", f"{svc.name}今日号已取完({svc.daily_cap} 个)",
                                   f"today's {svc.daily_cap} tickets for this service are all taken",
                                   cap=svc.daily_cap)
            slot = slot_cap_for(svc, now)
            if slot is not None:
                start = dt.datetime.combine(now.date(), slot.period.start, self.tz).timestamp()
                end = dt.datetime.combine(now.date(), slot.period.end, self.tz).timestamp()
                n = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND original_service = ?"
                                 " AND issued_ts >= ? AND issued_ts < ?", (day, svc.code, start, end)).fetchone()[0]
                if n >= slot.cap:
                    raise conflict("slot_cap_reached", f"{slot.period} 时段的号已取完,请稍后再来",
                                   f"tickets for {slot.period} are all taken; please come back later",
                                   period=str(slot.period))
            if who is not None:
                dup = conn.execute(
                    "SELECT id FROM tickets WHERE day = ? AND citizen_key = ? AND service = ?"
                    " AND state IN ('waiting', 'called', 'serving') LIMIT 1",
                    (day, who.key, svc.code)).fetchone()
                if dup is not None:
                    existing = self.view(conn, self._ticket(conn, dup[0]))
                    raise conflict("duplicate_ticket",
                                   f"您已取得{svc.name}的号 {existing['number']},请等候叫号",
                                   f"you already have ticket {existing['number']} for this service",
                                   ticket=existing)
            row = conn.execute("INSERT INTO ticket_counters (day, prefix, last) VALUES (?, ?, 1)"
                               " ON CONFLICT(day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
                               (day, svc.prefix)).fetchone()
            number = format_number(svc.prefix, row[0])
            tid = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO tickets (id, day, number, service, original_service, priority, state,"
                " issued_at, issued_ts, kiosk, citizen_key, citizen_name, citizen_id, birth_year,"
                " appointment) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?)",
                (tid, day, number, svc.code, svc.code, prio.value, now.isoformat(timespec="seconds"),
                 now.timestamp(), device.id,
                 who.key if who else None, who.name if who else None,
                 who.id_masked if who else None, who.birth_year if who else None, appointment))
            ticket = self._ticket(conn, tid)
            self._event(conn, events, "ticket.issued", {"ticket": event_ticket(ticket, self.tz)})
            return self.view(conn, ticket)

        return self.run(op, device=device, idem_key=idem_key)

    @staticmethod
    def _is_elder(citizen: dict[str, Any], now: dt.datetime, age: int) -> bool:
        number = str(citizen.get("id_number") or "")
        try:
            born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            return False
        today = now.date()
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        return years >= age

    # -- calling ------------------------------------------------------------------------------
    def _check_window_device(self, device: Device, window: int) -> None:
        if device.role == "admin":
            return
        if device.role != "counter" or device.window != window:
            raise forbidden(f"此设备不能操作 {window} 号窗口", f"this device may not act for window {window}")

    def _check_ticket_device(self, device: Device, ticket: dict[str, Any]) -> None:
        if device.role == "admin":
            return
        if device.role != "counter" or ticket["window"] is None or device.window != ticket["window"]:
            raise forbidden(f"票号 {ticket['number']} 不在本窗口办理",
                            f"ticket {ticket['number']} is not at this device's window")

    def _require_open(self, w: dict[str, Any]) -> None:
        if w["state"] == WindowState.PAUSED:
            raise conflict("window_paused", f"{w['number']}号窗口暂停服务中,请先恢复",
                           f"window {w['number']} is paused; resume it first")
        if w["state"] == WindowState.SIGNED_OFF:
            raise conflict("window_signed_off", f"{w['number']}号窗口未签到,请先签到",
                           f"window {w['number']} is signed off; sign in first")

    def _busy_ticket(self, conn: sqlite3.Connection, window: int) -> dict[str, Any] | None:
        row = conn.execute("SELECT id FROM tickets WHERE day = ? AND window = ? AND state IN ('called', 'serving')"
                           " LIMIT 1", (self.today(), window)).fetchone()
        return self._ticket(conn, row[0]) if row else None

    def _do_call(self, conn: sqlite3.Connection, events: list[Event], window: int,
                 ticket: dict[str, Any], counter: int) -> dict[str, Any]:
        now = self.clock.now()
        w = self._window_row(conn, window)
        # The conditional write is what keeps two windows from calling one ticket.
        cur = conn.execute(
            "UPDATE tickets SET state = 'called', window = ?, called_at = ?, called_ts = ?,"
            " recalls = 0, staff = ?, target_window = NULL WHERE id = ? AND state = 'waiting'",
            (window, now.isoformat(timespec="seconds"), now.timestamp(), w["staff"], ticket["id"]))
        if cur.rowcount != 1:
            raise conflict("already_called", f"票号 {ticket['number']} 已被叫走",
                           f"ticket {ticket['number']} was already called")
        conn.execute("UPDATE windows SET normal_since_priority = ? WHERE number = ?", (counter, window))
        row = self._ticket(conn, ticket["id"])
        self._event(conn, events, "ticket.called", {"ticket": event_ticket(row, self.tz), "window": window})
        return self.view(conn, row)

    def _candidates(self, conn: sqlite3.Connection, window: int) -> list[Candidate]:
        """The heads of the queues this window may call: the oldest normal and the oldest
        priority ticket, among tickets targeted at it and tickets of its services. Only heads
        matter to the fairness rule, so call-next costs a few index lookups however long the
        queue is."""
        services = self.config.windows[window].services
        day = self.today()
        out: list[Candidate] = []
        cols = "id, number, service, priority, issued_ts, target_window"
        for prio in Priority:
            # one equality probe per (service, class) on the tickets_heads index: O(log n)
            probes = [("target_window IS NULL AND service = ?", code) for code in services]
            probes.append(("target_window = ?", window))
            for where, arg in probes:
                r = conn.execute(
                    f"SELECT {cols} FROM tickets WHERE day = ? AND state = 'waiting' AND priority = ?"
                    f" AND {where} ORDER BY issued_ts, number LIMIT 1", (day, prio.value, arg)).fetchone()
                if r is not None:
                    out.append(Candidate(r[0], r[1], r[2], Priority(r[3]), r[4], r[5]))
        return out

    def call_next(self, device: Device, window: int) -> concurrent.futures.Future[Any]:
        self._check_window_device(device, window)

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any] | None:
            w = self._window_row(conn, window)
            self._require_open(w)
            self._refuse_if_busy(conn, window)
            cfg = self.config.windows[window]
            picked = pick_next(self._candidates(conn, window), window, cfg.services, w["normal_since_priority"],
                               self.config.policy, self.clock.ts())
            if picked is None:
                return None
            counter = policy_next_counter(picked, w["normal_since_priority"])
            return self._do_call(conn, events, window, self._ticket(conn, picked.id), counter)
        return self.run(op)

    def _refuse_if_busy(self, conn: sqlite3.Connection, window: int) -> None:
        busy = self._busy_ticket(conn, window)
        if busy is not None:
            raise conflict("window_busy", f"请先办结或过号当前票号 {busy['number']}",
                           f"finish or mark no-show for {busy['number']} first", ticket=busy["number"])

    def call_ticket(self, device: Device, window: int, ticket_id: str) -> concurrent.futures.Future[Any]:
        self._check_window_device(device, window)

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            w = self._window_row(conn, window)
            self._require_open(w)
            self._refuse_if_busy(conn, window)
            t = self._ticket(conn, ticket_id)
            check_transition("call", TicketState(t["state"]), t["number"])
            if t["day"] != self.today():
                raise conflict("not_today", "只能叫今天的号", "only today's tickets can be called")
            services = self.config.windows[window].services
            if device.role != "admin" and not (
                    t["target_window"] == window or (t["target_window"] is None and t["service"] in services)):
                raise conflict("not_for_window", f"票号 {t['number']} 不属于本窗口的业务",
                               f"ticket {t['number']} is not for a service of this window")
            counter = policy_next_counter(
                Candidate(t["id"], t["number"], t["service"], Priority(t["priority"]), t["issued_ts"]),
                w["normal_since_priority"])
            return self._do_call(conn, events, window, t, counter)
        return self.run(op)

    # -- ticket actions at the window ----------------------------------------------------------
    def ticket_action(self, device: Device, ticket_id: str, action: str) -> concurrent.futures.Future[Any]:
        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            t = self._ticket(conn, ticket_id)
            if action == "cancel":
                if device.role not in ("admin", "counter", "kiosk") or (
                        device.role == "counter" and t["window"] != device.window):
                    raise forbidden("此设备不能取消该票号", "this device may not cancel this ticket")
            else:
                self._check_ticket_device(device, t)
            target = check_transition(action, TicketState(t["state"]), t["number"])
            now = self.clock.now()
            sets = {"state": target.value}
            if action == "recall":
                sets["recalls"] = t["recalls"] + 1
                sets["called_at"] = now.isoformat(timespec="seconds")
            elif action == "start":
                sets["started_ts"] = now.timestamp()
            elif action == "finish":
                sets["finished_ts"] = now.timestamp()
                if t["started_ts"] is None:
                    sets["started_ts"] = t["called_ts"]
            elif action == "no_show":
                need = self.config.policy.no_show_after_recalls
                if t["recalls"] < need and device.role != "admin":
                    raise conflict("recalls_required", f"请先重呼 {need} 次再标记过号(已重呼 {t['recalls']} 次)",
                                   f"recall {need} times before marking no-show ({t['recalls']} so far)",
                                   recalls=t["recalls"], required=need)
            assignments = ", ".join(f"{k} = ?" for k in sets)
            cur = conn.execute(f"UPDATE tickets SET {assignments} WHERE id = ? AND state = ?",
                               (*sets.values(), ticket_id, t["state"]))
            if cur.rowcount != 1:
                raise conflict("concurrent_change", "票号状态刚刚被改变,请刷新", "the ticket just changed; refresh")
            row = self._ticket(conn, ticket_id)
            self._event(conn, events, f"ticket.{action}" if action != "no_show" else "ticket.no_show",
                        {"ticket": event_ticket(row, self.tz), "window": row["window"],
                         "by": device.id})
            return self.view(conn, row)
        return self.run(op)

    def transfer(self, device: Device, ticket_id: str, service: str | None,
                 window: int | None) -> concurrent.futures.Future[Any]:
        if (service is None) == (window is None):
            raise bad_request("bad_transfer", "转办需指定业务或窗口之一", "give exactly one of service or window")
        if service is not None:
            self._service(service)
        if window is not None and window not in self.config.windows:
            raise not_found("窗口", "window", window)

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            t = self._ticket(conn, ticket_id)
            if t["state"] != TicketState.WAITING:
                self._check_ticket_device(device, t)
            elif device.role != "admin":
                raise forbidden("只有管理员可转办等候中的票号", "only an admin may transfer a waiting ticket")
            check_transition("transfer", TicketState(t["state"]), t["number"])
            from_window = t["window"]
            # Back to waiting, original issue time kept, so it goes to the head of its new queue.
            cur = conn.execute(
                "UPDATE tickets SET state = 'waiting', service = ?, target_window = ?, window = NULL,"
                " called_at = NULL, called_ts = NULL, started_ts = NULL, recalls = 0,"
                " transfers = transfers + 1 WHERE id = ? AND state = ?",
                (service or t["service"], window, ticket_id, t["state"]))
            if cur.rowcount != 1:
                raise conflict("concurrent_change", "票号状态刚刚被改变,请刷新", "the ticket just changed; refresh")
            row = self._ticket(conn, ticket_id)
            self._event(conn, events, "ticket.transferred",
                        {"ticket": event_ticket(row, self.tz), "from_window": from_window,
                         "from_service": t["service"], "to_service": service, "to_window": window})
            return self.view(conn, row)
        return self.run(op)

    # -- ratings ------------------------------------------------------------------------------
    def rate(self, device: Device, ticket_id: str, level: int | None, reasons: list[str],
             not_rated: bool = False, idem_key: str | None = None) -> concurrent.futures.Future[Any]:
        if not_rated:
            level, reasons = None, []
        elif not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            raise bad_request("bad_level", "评价等级应为 1-5", "rating level must be 1..5")
        if not isinstance(reasons, list) or len(reasons) > 10 or not all(
                isinstance(r, str) and 0 < len(r.strip()) <= 100 for r in reasons):
            raise bad_request("bad_reasons", "评价原因格式错误", "reasons must be up to 10 short texts")
        if level in (1, 2) and not reasons:
            raise bad_request("reasons_required", f"选择“{RATING_ZH[level]}”时请选择原因",
                              "please give a reason for this rating")

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            t = self._ticket(conn, ticket_id)
            if device.role not in ("admin",) and not (
                    device.role in ("pad", "counter") and device.window == t["window"]):
                raise forbidden("只能评价本窗口办理的业务", "a pad may rate only tickets served at its window")
            if t["state"] != TicketState.DONE:
                raise conflict("not_served", f"票号 {t['number']} 尚未办结,不能评价",
                               f"ticket {t['number']} has not been served yet")
            if conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone():
                raise conflict("already_rated", f"票号 {t['number']} 已评价", f"ticket {t['number']} was already rated")
            now = self.clock.now().isoformat(timespec="seconds")
            conn.execute("INSERT INTO ratings (ticket_id, day, window, staff, level, reasons, rated_at, source)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (ticket_id, t["day"], t["window"], t["staff"], level,
                          json.dumps(reasons, ensure_ascii=False), now, device.id))
            rating = {"ticket": t["id"], "number": t["number"], "window": t["window"], "staff": t["staff"],
                      "level": level, "reasons": reasons, "rated": level is not None, "rated_at": now,
                      "service": t["service"]}
            self._event(conn, events, "rating.recorded", rating)
            return rating
        return self.run(op, device=device, idem_key=idem_key)

    # -- windows ------------------------------------------------------------------------------
    def _set_window(self, conn: sqlite3.Connection, events: list[Event], number: int, state: WindowState,
                    reason: str | None, staff: str | None, type_: str, extra: dict[str, Any]) -> dict[str, Any]:
        now = self.clock.now().isoformat(timespec="seconds")
        conn.execute("UPDATE windows SET state = ?, pause_reason = ?, staff = ?, updated_at = ? WHERE number = ?",
                     (state.value, reason, staff, now, number))
        payload = {"window": number, "state": state.value, "reason": reason, "staff": staff, **extra}
        self._event(conn, events, type_, payload)
        return self.window_view(conn, number)

    def window_view(self, conn: sqlite3.Connection, number: int) -> dict[str, Any]:
        w = self._window_row(conn, number)
        cfg = self.config.windows[number]
        busy = self._busy_ticket(conn, number)
        staff = self.config.staff.get(w["staff"] or "")
        return {"number": number, "name": cfg.name, "services": list(cfg.services), "state": w["state"],
                "pause_reason": w["pause_reason"], "staff": w["staff"],
                "staff_name": mask_name(staff.name) if staff else None,
                "staff_number": staff.number if staff else None,
                "current": self.view(conn, busy) if busy else None}

    def sign_in(self, device: Device, window: int, staff_id: str | None, pin: str | None) -> concurrent.futures.Future[Any]:
        self._check_window_device(device, window)
        if self.config.staff:
            staff = self.config.staff.get(staff_id or "")
            if staff is None or staff.pin != (pin or ""):
                raise HallError("bad_credentials", "工号或密码错误", "wrong staff id or PIN", status=401)
        elif staff_id is not None and not (isinstance(staff_id, str) and 0 < len(staff_id) <= 40):
            raise bad_request("bad_staff", "工号格式错误", "bad staff id")

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            return self._set_window(conn, events, window, WindowState.OPEN, None, staff_id,
                                    "window.signed_in", {})
        return self.run(op)

    def pause(self, device: Device, window: int, reason: str) -> concurrent.futures.Future[Any]:
        self._check_window_device(device, window)
        if not isinstance(reason, str) or not reason.strip() or len(reason) > 100:
            raise bad_request("reason_required", "暂停服务需填写原因", "a pause needs a reason")

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            w = self._window_row(conn, window)
            if w["state"] != WindowState.OPEN:
                raise conflict("bad_window_state", "窗口不在办理状态,不能暂停", "the window is not open")
            self._refuse_if_busy(conn, window)
            return self._set_window(conn, events, window, WindowState.PAUSED, reason.strip(), w["staff"],
                                    "window.paused", {})
        return self.run(op)

    def resume(self, device: Device, window: int) -> concurrent.futures.Future[Any]:
        self._check_window_device(device, window)

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            w = self._window_row(conn, window)
            if w["state"] != WindowState.PAUSED:
                raise conflict("bad_window_state", "窗口未暂停", "the window is not paused")
            return self._set_window(conn, events, window, WindowState.OPEN, None, w["staff"], "window.resumed", {})
        return self.run(op)

    def sign_off(self, device: Device, window: int, override: bool = False,
                 reason: str | None = None) -> concurrent.futures.Future[Any]:
        """当日取号、当日受理: a window may not leave while tickets only it could serve still wait,
        unless an override with a reason is given (and recorded in the event)."""
        self._check_window_device(device, window)
        if override and not (isinstance(reason, str) and reason.strip()):
            raise bad_request("reason_required", "强制签退需填写原因", "an override needs a reason")

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            w = self._window_row(conn, window)
            if w["state"] == WindowState.SIGNED_OFF:
                raise conflict("bad_window_state", "窗口已签退", "the window is already signed off")
            self._refuse_if_busy(conn, window)
            stranded = self._stranded(conn, window)
            if stranded and not override:
                raise conflict("tickets_waiting",
                               f"还有 {stranded} 位群众只能由本窗口办理,当日取号须当日受理,不能签退",
                               f"{stranded} waiting tickets can be served only by this window; "
                               "today's tickets must be served today", waiting=stranded)
            return self._set_window(conn, events, window, WindowState.SIGNED_OFF, None, None, "window.signed_off",
                                    {"override": bool(override and stranded), "override_reason":
                                     reason.strip() if override and reason else None, "stranded": stranded,
                                     "staff_was": w["staff"]})
        return self.run(op)

    def _stranded(self, conn: sqlite3.Connection, window: int) -> int:
        """Waiting tickets that no other signed-in window could serve."""
        others = {r[0] for r in conn.execute("SELECT number FROM windows WHERE state IN ('open', 'paused')"
                                             " AND number != ?", (window,)).fetchall()}
        covered = {code for n in others if n in self.config.windows for code in self.config.windows[n].services}
        alone = [code for code in self.config.windows[window].services if code not in covered]
        count = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND target_window = ?",
                             (self.today(), window)).fetchone()[0]
        if alone:
            marks = ",".join("?" * len(alone))
            count += conn.execute(f"SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting'"
                                  f" AND target_window IS NULL AND service IN ({marks})",
                                  (self.today(), *alone)).fetchone()[0]
        return count

    # -- device health ----------------------------------------------------------------------------
    def report_health(self, device: Device, health: dict[str, Any]) -> concurrent.futures.Future[Any]:
        name = health.get("device")
        state = health.get("state")
        if not isinstance(name, str) or not name or len(name) > 80 or state not in (
                "disconnected", "connecting", "connected", "degraded", "stopped"):
            raise bad_request("bad_health", "设备状态格式错误", "bad device health report")
        record = {k: str(health.get(k) or "")[:200] for k in ("kind", "code", "message_zh", "message_en")}

        def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
            full = f"{device.id}/{name}"
            prev = conn.execute("SELECT state, code FROM device_health WHERE device = ?", (full,)).fetchone()
            now = self.clock.now().isoformat(timespec="seconds")
            out = {"device": full, "state": state, "reported_by": device.id, "window": device.window,
                   "since": now, **record}
            if prev is not None and (prev[0], prev[1] or "") == (state, record["code"]):
                return out  # nothing changed: no event
            conn.execute("INSERT OR REPLACE INTO device_health VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (full, record["kind"], state, record["code"], record["message_zh"],
                          record["message_en"], device.id, now))
            self._event(conn, events, "device.health", out)
            return out
        return self.run(op)
