"""The hall's SQL, and nothing else: each function reads or writes rows and returns plain
values; it decides no rule (kiosk/core does, from what these return).

Counts that issuing needs are kept by triggers (migration 4: ``issued_counts``,
``waiting_counts``) or read through an index, so none of them scans the day's queue.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kiosk.core.policy import Candidate
from kiosk.core.tickets import Priority
from kiosk.core.windows import Window, WindowState
from kiosk.hall.tickets_view import TICKET_COLUMNS, ticket_row


def _dict(cur: sqlite3.Cursor, row: Sequence[Any] | None) -> dict[str, Any] | None:
    return None if row is None else dict(zip([c[0] for c in cur.description], row, strict=True))


# -- tickets ------------------------------------------------------------------------------------
def ticket(conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any] | None:
    return ticket_row(conn, ticket_id)


def next_number(conn: sqlite3.Connection, day: str, prefix: str) -> int:
    row = conn.execute("INSERT INTO ticket_counters (day, prefix, last) VALUES (?, ?, 1)"
                       " ON CONFLICT(day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
                       (day, prefix)).fetchone()
    return int(row[0])


def insert_ticket(conn: sqlite3.Connection, fields: Mapping[str, Any]) -> None:
    cols = ", ".join(fields)
    conn.execute(f"INSERT INTO tickets ({cols}) VALUES ({', '.join('?' * len(fields))})",
                 tuple(fields.values()))


def update_ticket_if(conn: sqlite3.Connection, ticket_id: str, from_state: str,
                     sets: Mapping[str, Any]) -> bool:
    """The conditional write: changes the ticket only if it is still in ``from_state`` (what
    keeps two windows from calling one ticket). True if it changed."""
    assignments = ", ".join(f"{k} = ?" for k in sets)
    cur = conn.execute(f"UPDATE tickets SET {assignments} WHERE id = ? AND state = ?",
                       (*sets.values(), ticket_id, from_state))
    return cur.rowcount == 1


def busy_ticket(conn: sqlite3.Connection, day: str, window: int) -> dict[str, Any] | None:
    cur = conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE day = ? AND window = ?"
                       " AND state IN ('called', 'serving') LIMIT 1", (day, window))
    return _dict(cur, cur.fetchone())


def busy_tickets(conn: sqlite3.Connection, day: str) -> dict[int, dict[str, Any]]:
    cur = conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE day = ? AND window IS NOT NULL"
                       " AND state IN ('called', 'serving')", (day,))
    rows = [_dict(cur, r) for r in cur.fetchall()]
    return {r["window"]: r for r in rows if r is not None}


def queue_heads(conn: sqlite3.Connection, day: str, window: int, services: Iterable[str]) -> list[Candidate]:
    """The heads of the queues this window may call: the oldest ticket of each priority class
    among its services' tickets and those targeted at it. One probe each on tickets_heads /
    tickets_targeted: O(log n) however long the queue is."""
    out: list[Candidate] = []
    cols = "id, number, service, priority, issued_ts, target_window"
    probes: list[tuple[str, Any]] = [("target_window IS NULL AND service = ?", code) for code in services]
    probes.append(("target_window = ?", window))
    for prio in Priority:
        for where, arg in probes:
            r = conn.execute(
                f"SELECT {cols} FROM tickets WHERE day = ? AND state = 'waiting' AND priority = ?"
                f" AND {where} ORDER BY issued_ts, number LIMIT 1", (day, prio.value, arg)).fetchone()
            if r is not None:
                out.append(Candidate(r[0], r[1], r[2], Priority(r[3]), r[4], r[5]))
    return out


def issued_count(conn: sqlite3.Connection, day: str, service: str) -> int:
    row = conn.execute("SELECT n FROM issued_counts WHERE day = ? AND service = ?", (day, service)).fetchone()
    return int(row[0]) if row else 0


def issued_counts(conn: sqlite3.Connection, day: str) -> dict[str, int]:
    return {s: int(n) for s, n in conn.execute("SELECT service, n FROM issued_counts WHERE day = ?", (day,))}


def issued_between(conn: sqlite3.Connection, day: str, service: str, start_ts: float, end_ts: float) -> int:
    """Tickets of a service issued in [start, end): a range of the tickets_issued index."""
    return int(conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND original_service = ?"
                            " AND issued_ts >= ? AND issued_ts < ?", (day, service, start_ts, end_ts)).fetchone()[0])


def active_ticket_of(conn: sqlite3.Connection, day: str, citizen_key: str, service: str) -> str | None:
    row = conn.execute("SELECT id FROM tickets WHERE day = ? AND citizen_key = ? AND service = ?"
                       " AND state IN ('waiting', 'called', 'serving') LIMIT 1",
                       (day, citizen_key, service)).fetchone()
    return row[0] if row else None


def waiting_in_queue(conn: sqlite3.Connection, day: str, service: str | None, target_window: int | None) -> int:
    """Tickets waiting in one queue: a service's own (``target_window`` None) or those targeted
    at a window (any service), from the kept counts."""
    if target_window is None:
        row = conn.execute("SELECT n FROM waiting_counts WHERE day = ? AND service = ? AND target_window = 0",
                           (day, service)).fetchone()
    else:
        row = conn.execute("SELECT SUM(n) FROM waiting_counts WHERE day = ? AND target_window = ?",
                           (day, target_window)).fetchone()
    return int(row[0] or 0) if row else 0


def waiting_counts(conn: sqlite3.Connection, day: str) -> list[tuple[str, int, int]]:
    """(service, target window or 0, waiting) for every queue of the day that has a count."""
    return [(s, int(w), int(n)) for s, w, n in conn.execute(
        "SELECT service, target_window, n FROM waiting_counts WHERE day = ? AND n > 0", (day,))]


def ahead_of(conn: sqlite3.Connection, row: Mapping[str, Any]) -> int:
    """People before a waiting ticket in its queue (an index range up to its place)."""
    if row["target_window"] is not None:
        return int(conn.execute(
            "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND target_window = ?"
            " AND (issued_ts < ? OR (issued_ts = ? AND number < ?))",
            (row["day"], row["target_window"], row["issued_ts"], row["issued_ts"], row["number"])).fetchone()[0])
    return int(conn.execute(
        "SELECT COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting' AND service = ?"
        " AND target_window IS NULL AND (issued_ts < ? OR (issued_ts = ? AND number < ?))",
        (row["day"], row["service"], row["issued_ts"], row["issued_ts"], row["number"])).fetchone()[0])


def recent_durations(conn: sqlite3.Connection, day: str, service: str, limit: int = 20) -> list[float]:
    """Service times of the latest finished tickets of a service (the tickets_done index)."""
    rows = conn.execute(
        "SELECT finished_ts - COALESCE(started_ts, called_ts) FROM tickets WHERE day = ? AND"
        " service = ? AND state = 'done' AND finished_ts IS NOT NULL"
        " ORDER BY finished_ts DESC LIMIT ?", (day, service, limit)).fetchall()
    return [r[0] for r in rows if r[0] is not None]


def waiting_ids(conn: sqlite3.Connection, day: str, limit: int) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM tickets WHERE day = ? AND state = 'waiting'"
                                       " ORDER BY issued_ts LIMIT ?", (day, limit))]


def recent_calls(conn: sqlite3.Connection, day: str, limit: int) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT number, window, called_at, service, state, recalls FROM tickets WHERE day = ?"
                        " AND called_ts IS NOT NULL ORDER BY called_ts DESC LIMIT ?", (day, limit)).fetchall()


def served_by_window(conn: sqlite3.Connection, day: str) -> dict[int, int]:
    return {int(w): int(n) for w, n in conn.execute(
        "SELECT window, COUNT(*) FROM tickets WHERE day = ? AND state = 'done' AND window IS NOT NULL"
        " GROUP BY window", (day,))}


def day_tickets(conn: sqlite3.Connection, day: str) -> list[tuple[Any, ...]]:
    return conn.execute("SELECT original_service, service, state, window, issued_ts, called_ts, started_ts,"
                        " finished_ts FROM tickets WHERE day = ?", (day,)).fetchall()


# -- windows ------------------------------------------------------------------------------------
def insert_missing_windows(conn: sqlite3.Connection, windows: Iterable[int], now: str) -> None:
    conn.executemany("INSERT OR IGNORE INTO windows (number, state, updated_at) VALUES (?, ?, ?)",
                     [(n, WindowState.SIGNED_OFF.value, now) for n in windows])


def window_row(conn: sqlite3.Connection, number: int) -> dict[str, Any] | None:
    cur = conn.execute("SELECT number, state, pause_reason, staff, normal_since_priority "
                       "FROM windows WHERE number = ?", (number,))
    return _dict(cur, cur.fetchone())


def window_states(conn: sqlite3.Connection) -> dict[int, WindowState]:
    return {int(n): WindowState(s) for n, s in conn.execute("SELECT number, state FROM windows")}


def set_window(conn: sqlite3.Connection, number: int, state: WindowState, reason: str | None,
               staff: str | None, now: str) -> None:
    conn.execute("UPDATE windows SET state = ?, pause_reason = ?, staff = ?, updated_at = ? WHERE number = ?",
                 (state.value, reason, staff, now, number))


def set_window_counter(conn: sqlite3.Connection, number: int, counter: int) -> None:
    conn.execute("UPDATE windows SET normal_since_priority = ? WHERE number = ?", (counter, number))


def signed_in_windows(conn: sqlite3.Connection, configured: Mapping[int, Window]) -> list[int]:
    return [n for n, s in window_states(conn).items() if s != WindowState.SIGNED_OFF and n in configured]


# -- ratings ------------------------------------------------------------------------------------
def rating_exists(conn: sqlite3.Connection, ticket_id: str) -> bool:
    return conn.execute("SELECT 1 FROM ratings WHERE ticket_id = ?", (ticket_id,)).fetchone() is not None


def insert_rating(conn: sqlite3.Connection, ticket_id: str, day: str, window: int, staff: str | None,
                  level: int | None, reasons: list[str], rated_at: str, source: str) -> None:
    conn.execute("INSERT INTO ratings (ticket_id, day, window, staff, level, reasons, rated_at, source)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (ticket_id, day, window, staff, level, json.dumps(reasons, ensure_ascii=False), rated_at, source))


def rating_levels(conn: sqlite3.Connection, day: str, window: int | None = None) -> list[tuple[int, int | None]]:
    sql = "SELECT window, level FROM ratings WHERE day = ?"
    args: list[Any] = [day]
    if window is not None:
        sql += " AND window = ?"
        args.append(window)
    return conn.execute(sql, args).fetchall()


def callback_ratings(conn: sqlite3.Connection, day_from: str, day_to: str, levels: Sequence[int]) -> list[tuple[Any, ...]]:
    marks = ",".join("?" * len(levels))
    return conn.execute(
        "SELECT r.ticket_id, r.day, r.window, r.staff, r.level, r.reasons, r.rated_at, t.number, t.service,"
        " t.citizen_name, t.citizen_id FROM ratings r JOIN tickets t ON t.id = r.ticket_id"
        f" WHERE r.day BETWEEN ? AND ? AND r.level IN ({marks}) ORDER BY r.rated_at",
        (day_from, day_to, *levels)).fetchall()


# -- devices ------------------------------------------------------------------------------------
def device_health(conn: sqlite3.Connection, device: str) -> tuple[str, str] | None:
    row = conn.execute("SELECT state, code FROM device_health WHERE device = ?", (device,)).fetchone()
    return None if row is None else (row[0], row[1] or "")


def put_device_health(conn: sqlite3.Connection, device: str, kind: str, state: str, code: str,
                      message_zh: str, message_en: str, reported_by: str, since: str) -> None:
    conn.execute("INSERT OR REPLACE INTO device_health VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (device, kind, state, code, message_zh, message_en, reported_by, since))


def devices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cur = conn.execute("SELECT device, kind, state, code, message_zh, message_en, reported_by, since"
                       " FROM device_health ORDER BY device")
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def last_seq(conn: sqlite3.Connection, epoch: int) -> int:
    return int(conn.execute("SELECT MAX(seq) FROM events WHERE epoch = ?", (epoch,)).fetchone()[0] or 0)
