"""Read-only views the terminals pull: the queue per service, today's statistics, the whole
hall state for displays (notify, then pull), waiting lists for counters."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.core import estimate
from kiosk.core.catalogue import issuing_status

LEVELS = (5, 4, 3, 2, 1)


def service_catalogue(svc_: Any, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Services for the kiosk: issuing status now, hours, waiting count and estimate."""
    now = svc_.clock.now()
    queue = {q["service"]: q for q in queue_view(svc_, conn)}
    out = []
    for s in svc_.config.services.values():
        st = issuing_status(s, svc_.config.calendar, now)
        issued = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND original_service = ?",
                              (now.date().isoformat(), s.code)).fetchone()[0]
        out.append({
            "code": s.code, "name": s.name, "name_en": s.name_en, "prefix": s.prefix,
            "category": s.category, "requires_id": s.requires_id,
            "issuing_open": st.open, "issuing_reason": st.reason,
            "opens_at": st.opens_at.strftime("%H:%M") if st.opens_at else None,
            "hours": s.hours_text(),
            "daily_cap": s.daily_cap, "issued_today": issued,
            "cap_reached": s.daily_cap is not None and issued >= s.daily_cap,
            "waiting": queue[s.code]["waiting"], "estimated_wait_s": queue[s.code]["estimated_wait_s"],
        })
    return out


def queue_view(svc_: Any, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    day = svc_.today()
    counts = dict(conn.execute("SELECT service, COUNT(*) FROM tickets WHERE day = ? AND state = 'waiting'"
                               " GROUP BY service", (day,)).fetchall())
    out = []
    for s in svc_.config.services.values():
        waiting = counts.get(s.code, 0)
        open_w = svc_._open_windows_for(conn, s.code)
        avg = svc_._avg_service_s(conn, s.code)
        out.append({"service": s.code, "name": s.name, "name_en": s.name_en, "prefix": s.prefix,
                    "waiting": waiting, "open_windows": open_w,
                    "estimated_wait_s": estimate.estimated_wait_s(waiting, avg, open_w),
                    "avg_service_s": round(avg)})
    return out


def _mean(values: list[float]) -> float | None:
    clean = [v for v in values if v is not None and v >= 0]
    return round(sum(clean) / len(clean), 1) if clean else None


def window_satisfaction(conn: sqlite3.Connection, day: str, window: int | None = None) -> dict[int, dict[str, Any]]:
    sql = "SELECT window, level FROM ratings WHERE day = ?"
    args: list[Any] = [day]
    if window is not None:
        sql += " AND window = ?"
        args.append(window)
    out: dict[int, dict[str, Any]] = {}
    for w, level in conn.execute(sql, args).fetchall():
        entry = out.setdefault(w, {"ratings": 0, "not_rated": 0, "distribution": {str(k): 0 for k in LEVELS}})
        if level is None:
            entry["not_rated"] += 1
        else:
            entry["ratings"] += 1
            entry["distribution"][str(level)] += 1
    for entry in out.values():
        d = entry["distribution"]
        satisfied = d["5"] + d["4"] + d["3"]
        # 满意率: share of ratings at 基本满意 or better, as the hall's live board reports it.
        entry["satisfaction_rate"] = round(satisfied / entry["ratings"], 4) if entry["ratings"] else None
    return out


def empty_satisfaction() -> dict[str, Any]:
    return {"ratings": 0, "not_rated": 0, "distribution": {str(k): 0 for k in LEVELS}, "satisfaction_rate": None}


def stats_today(svc_: Any, conn: sqlite3.Connection) -> dict[str, Any]:
    day = svc_.today()
    rows = conn.execute("SELECT original_service, service, state, window, issued_ts, called_ts, started_ts,"
                        " finished_ts FROM tickets WHERE day = ?", (day,)).fetchall()
    per_service: dict[str, dict[str, Any]] = {
        s: {"service": s, "name": cfg.name, "issued": 0, "waiting": 0, "done": 0, "no_show": 0, "cancelled": 0,
            "_waits": [], "_service": []} for s, cfg in svc_.config.services.items()}
    per_window: dict[int, dict[str, Any]] = {
        n: {"window": n, "name": w.name, "served": 0, "no_show": 0, "_waits": [], "_service": []}
        for n, w in svc_.config.windows.items()}
    for orig, cur, state, window, issued, called, started, finished in rows:
        s = per_service.get(orig)
        if s is not None:
            s["issued"] += 1
        c = per_service.get(cur)
        if c is not None:
            if state == "waiting":
                c["waiting"] += 1
            elif state in ("done", "no_show", "cancelled"):
                c[state] += 1
            if called is not None:
                c["_waits"].append(called - issued)
            if finished is not None:
                c["_service"].append(finished - (started or called or finished))
        w = per_window.get(window) if window is not None else None
        if w is not None:
            if state == "done":
                w["served"] += 1
            elif state == "no_show":
                w["no_show"] += 1
            if called is not None:
                w["_waits"].append(called - issued)
            if finished is not None:
                w["_service"].append(finished - (started or called or finished))
    sat = window_satisfaction(conn, day)
    for group in (per_service.values(), per_window.values()):
        for entry in group:
            entry["avg_wait_s"] = _mean(entry.pop("_waits"))
            entry["avg_service_s"] = _mean(entry.pop("_service"))
    for n, entry in per_window.items():
        entry.update(sat.get(n, empty_satisfaction()))
    issued = sum(s["issued"] for s in per_service.values())
    done = sum(s["done"] for s in per_service.values())
    all_sat = [e for e in sat.values()]
    rated = sum(e["ratings"] for e in all_sat)
    satisfied = sum(e["distribution"]["5"] + e["distribution"]["4"] + e["distribution"]["3"] for e in all_sat)
    return {
        "day": day,
        "issued": issued, "done": done,
        "completion_rate": round(done / issued, 4) if issued else None,
        "ratings": rated, "satisfaction_rate": round(satisfied / rated, 4) if rated else None,
        "services": list(per_service.values()), "windows": list(per_window.values()),
    }


def recent_calls(svc_: Any, conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    rows = conn.execute("SELECT number, window, called_at, service, state, recalls FROM tickets WHERE day = ?"
                        " AND called_ts IS NOT NULL ORDER BY called_ts DESC LIMIT ?",
                        (svc_.today(), limit)).fetchall()
    return [{"number": r[0], "window": r[1], "called_at": r[2], "service": r[3],
             "service_name": svc_.config.services[r[3]].name if r[3] in svc_.config.services else r[3],
             "state": r[4], "recalls": r[5]} for r in rows]


def hall_state(svc_: Any, conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything a display or counter needs after (re)connecting, with the seq it reflects."""
    seq = conn.execute("SELECT MAX(seq) FROM events WHERE epoch = ?", (svc_.store.epoch,)).fetchone()[0] or 0
    day = svc_.today()
    sat = window_satisfaction(conn, day)
    windows = []
    for n in svc_.config.windows:
        v = svc_.window_view(conn, n)
        if v["current"]:
            v["current"] = {k: v["current"][k] for k in ("id", "number", "service", "service_name", "state")}
        v["satisfaction"] = sat.get(n, empty_satisfaction())
        v["served_today"] = conn.execute("SELECT COUNT(*) FROM tickets WHERE day = ? AND window = ? AND state = 'done'",
                                         (day, n)).fetchone()[0]
        windows.append(v)
    return {
        "seq": seq, "epoch": svc_.store.epoch,
        "hall": {"id": svc_.config.hall.id, "name": svc_.config.hall.name, "name_en": svc_.config.hall.name_en},
        "now": svc_.clock.now().isoformat(timespec="seconds"),
        "windows": windows, "recent_calls": recent_calls(svc_, conn), "queue": queue_view(svc_, conn),
        "devices": devices_view(conn),
    }


def waiting_list(svc_: Any, conn: sqlite3.Connection, window: int | None, limit: int = 200) -> list[dict[str, Any]]:
    day = svc_.today()
    rows = conn.execute("SELECT id FROM tickets WHERE day = ? AND state = 'waiting' ORDER BY issued_ts LIMIT ?",
                        (day, limit * 4)).fetchall()
    out = []
    services = svc_.config.windows[window].services if window in svc_.config.windows else None
    for (tid,) in rows:
        row = svc_._ticket(conn, tid)
        if services is not None and not (row["target_window"] == window or
                                         (row["target_window"] is None and row["service"] in services)):
            continue
        out.append(svc_.view(conn, row))
        if len(out) >= limit:
            break
    return out


def devices_view(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    cur = conn.execute("SELECT device, kind, state, code, message_zh, message_en, reported_by, since"
                       " FROM device_health ORDER BY device")
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def ratings_for_callback(conn: sqlite3.Connection, day_from: str, day_to: str) -> list[dict[str, Any]]:
    """回访 list: every 不满意 / 基本满意 (and 非常不满意) rating in a date range."""
    rows = conn.execute(
        "SELECT r.ticket_id, r.day, r.window, r.staff, r.level, r.reasons, r.rated_at, t.number, t.service,"
        " t.citizen_name, t.citizen_id FROM ratings r JOIN tickets t ON t.id = r.ticket_id"
        " WHERE r.day BETWEEN ? AND ? AND r.level IN (1, 2, 3) ORDER BY r.rated_at", (day_from, day_to)).fetchall()
    return [{"ticket": r[0], "day": r[1], "window": r[2], "staff": r[3], "level": r[4],
             "reasons": json.loads(r[5]), "rated_at": r[6], "number": r[7], "service": r[8],
             "citizen_name": r[9], "citizen_id": r[10]} for r in rows]

