"""Views of the hall as a whole: the service catalogue for kiosks (issuing status now), today's
statistics, the whole hall state for displays (notify, then pull). Every figure is defined
once, in kiosk/core/metrics; tickets and windows look as the read model (views) shows them."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from kiosk.core import metrics
from kiosk.core.catalogue import issuing_status
from kiosk.core.issuing import cap_reached
from kiosk.core.ratings import LEVELS
from kiosk.hall import repo, views

if TYPE_CHECKING:
    from kiosk.hall.kernel import HallKernel

LEVEL_KEYS = tuple(str(lv.value) for lv in LEVELS)
CALLBACK_LEVELS = (1, 2, 3)  # 回访: every 差评 and 基本满意


def service_catalogue(k: HallKernel, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Services for the kiosk: issuing status now, hours, waiting count and estimate."""
    now = k.clock.now()
    queue = {q["service"]: q for q in views.queue_view(k, conn)}
    issued_today = repo.issued_counts(conn, now.date().isoformat())
    out = []
    for s in k.config.services.values():
        st = issuing_status(s, k.config.calendar, now)
        issued = issued_today.get(s.code, 0)
        out.append({
            "code": s.code, "name": s.name, "name_en": s.name_en, "prefix": s.prefix,
            "category": s.category, "requires_id": s.requires_id,
            "issuing_open": st.open, "issuing_reason": st.reason,
            "opens_at": st.opens_at.strftime("%H:%M") if st.opens_at else None,
            "hours": s.hours_text(),
            "daily_cap": s.daily_cap, "issued_today": issued, "cap_reached": cap_reached(s, issued),
            "waiting": queue[s.code]["waiting"], "estimated_wait_s": queue[s.code]["estimated_wait_s"],
        })
    return out


def empty_satisfaction() -> dict[str, Any]:
    return {"ratings": 0, "not_rated": 0, "distribution": dict.fromkeys(LEVEL_KEYS, 0), "satisfaction_rate": None}


def window_satisfaction(conn: sqlite3.Connection, day: str, window: int | None = None) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for w, level in repo.rating_levels(conn, day, window):
        entry = out.setdefault(w, empty_satisfaction())
        if level is None:
            entry["not_rated"] += 1
        else:
            entry["ratings"] += 1
            entry["distribution"][str(level)] += 1
    for entry in out.values():
        entry["satisfaction_rate"] = metrics.satisfaction_rate_of(entry["distribution"])
    return out


def stats_today(k: HallKernel, conn: sqlite3.Connection) -> dict[str, Any]:
    day = k.today()
    cfg = k.config
    per_service: dict[str, dict[str, Any]] = {
        s: {"service": s, "name": c.name, "issued": 0, "waiting": 0, "done": 0, "no_show": 0, "cancelled": 0,
            "_waits": [], "_service": []} for s, c in cfg.services.items()}
    per_window: dict[int, dict[str, Any]] = {
        n: {"window": n, "name": w.name, "served": 0, "no_show": 0, "_waits": [], "_service": []}
        for n, w in cfg.windows.items()}
    for orig, cur, state, window, issued, called, started, finished in repo.day_tickets(conn, day):
        wait = metrics.waiting_time_s(issued, called)
        served = metrics.service_time_s(called, started, finished)
        s = per_service.get(orig)
        if s is not None:
            s["issued"] += 1
        c = per_service.get(cur)
        if c is not None:
            if state == "waiting":
                c["waiting"] += 1
            elif state in ("done", "no_show", "cancelled"):
                c[state] += 1
            c["_waits"].append(wait)
            c["_service"].append(served)
        w = per_window.get(window) if window is not None else None
        if w is not None:
            if state == "done":
                w["served"] += 1
            elif state == "no_show":
                w["no_show"] += 1
            w["_waits"].append(wait)
            w["_service"].append(served)
    sat = window_satisfaction(conn, day)
    for group in (per_service.values(), per_window.values()):
        for entry in group:
            entry["avg_wait_s"] = metrics.mean(entry.pop("_waits"))
            entry["avg_service_s"] = metrics.mean(entry.pop("_service"))
    for n, entry in per_window.items():
        entry.update(sat.get(n, empty_satisfaction()))
    issued_n = sum(s["issued"] for s in per_service.values())
    done = sum(s["done"] for s in per_service.values())
    distribution = {key: sum(e["distribution"][key] for e in sat.values()) for key in LEVEL_KEYS}
    return {
        "day": day,
        "issued": issued_n, "done": done,
        "completion_rate": metrics.completion_rate(done, issued_n),
        "ratings": sum(e["ratings"] for e in sat.values()),
        "satisfaction_rate": metrics.satisfaction_rate_of(distribution),
        "services": list(per_service.values()), "windows": list(per_window.values()),
    }


def recent_calls(k: HallKernel, conn: sqlite3.Connection, limit: int = 10) -> list[dict[str, Any]]:
    services = k.config.services
    return [{"number": r[0], "window": r[1], "called_at": r[2], "service": r[3],
             "service_name": services[r[3]].name if r[3] in services else r[3],
             "state": r[4], "recalls": r[5]} for r in repo.recent_calls(conn, k.today(), limit)]


def hall_state(k: HallKernel, conn: sqlite3.Connection) -> dict[str, Any]:
    """Everything a display or counter needs after (re)connecting, with the seq it reflects."""
    day = k.today()
    sat = window_satisfaction(conn, day)
    served = repo.served_by_window(conn, day)
    windows = []
    for v in views.windows(k, conn):
        if v["current"]:
            v["current"] = {key: v["current"][key] for key in ("id", "number", "service", "service_name", "state")}
        v["satisfaction"] = sat.get(v["number"], empty_satisfaction())
        v["served_today"] = served.get(v["number"], 0)
        windows.append(v)
    return {
        "seq": repo.last_seq(conn, k.store.epoch), "epoch": k.store.epoch,
        "hall": {"id": k.config.hall.id, "name": k.config.hall.name, "name_en": k.config.hall.name_en},
        "now": k.clock.now().isoformat(timespec="seconds"),
        "windows": windows, "recent_calls": recent_calls(k, conn), "queue": views.queue_view(k, conn),
        "devices": repo.devices(conn),
    }


def devices_view(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return repo.devices(conn)


def ratings_for_callback(conn: sqlite3.Connection, day_from: str, day_to: str) -> list[dict[str, Any]]:
    """回访 list: every 不满意 / 基本满意 (and 非常不满意) rating in a date range."""
    return [{"ticket": r[0], "day": r[1], "window": r[2], "staff": r[3], "level": r[4],
             "reasons": json.loads(r[5]), "rated_at": r[6], "number": r[7], "service": r[8],
             "citizen_name": r[9], "citizen_id": r[10]}
            for r in repo.callback_ratings(conn, day_from, day_to, CALLBACK_LEVELS)]
