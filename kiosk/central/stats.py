"""Day statistics of one hall, read from the projections (kiosk.central.ingest.project).

- issued: tickets issued that day; done: of those, finished (当日办结率 = done / issued)
- wait, service time, completion and satisfaction rates: as defined once in kiosk/core/metrics
  (the hall's own statistics use the same definitions); averages and p90 (nearest rank)
Broken down per service and per window.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select

from kiosk.central import db
from kiosk.core import metrics
from kiosk.core.ratings import LEVELS


def _r(v: float | None, nd: int = 1) -> float | None:
    return None if v is None else round(v, nd)


class _Acc:
    def __init__(self) -> None:
        self.issued = self.done = self.no_show = self.cancelled = 0
        self.waits: list[float] = []
        self.services: list[float] = []
        self.levels: list[int] = []
        self.not_rated = 0

    def out(self) -> dict[str, Any]:
        levels = {str(lv.value): sum(1 for x in self.levels if x == lv.value) for lv in LEVELS}
        return {
            "issued": self.issued, "done": self.done, "no_show": self.no_show, "cancelled": self.cancelled,
            "completion_rate": metrics.completion_rate(self.done, self.issued),
            "wait_avg_s": metrics.mean(self.waits), "wait_p90_s": _r(metrics.p90(self.waits)),
            "service_avg_s": metrics.mean(self.services), "service_p90_s": _r(metrics.p90(self.services)),
            "rated": len(self.levels), "not_rated": self.not_rated,
            "rating_avg": metrics.mean([float(x) for x in self.levels], 2),
            "satisfied": metrics.satisfied_count(levels),
            "satisfaction_rate": metrics.satisfaction_rate_of(levels),
            "levels": levels,
        }


def day_stats(conn: Connection, hall: str, day: str) -> dict[str, Any]:
    t = db.ticket_facts
    rows = conn.execute(select(t.c.service, t.c.window, t.c.state, t.c.wait_s, t.c.service_s,
                               t.c.rating_level, t.c.rated, t.c.rating_window, t.c.number).where(
        t.c.hall == hall, t.c.day == day)).all()
    total = _Acc()
    by_service: dict[str, _Acc] = defaultdict(_Acc)
    by_window: dict[int, _Acc] = defaultdict(_Acc)
    for service, window, state, wait_s, service_s, level, rated, rating_window, number in rows:
        ticket_known = number is not None
        accs = [total, by_service[service or "?"]]
        if ticket_known:
            wacc = [by_window[window]] if window is not None else []
            for a in accs + wacc:
                a.issued += 1
                a.done += state == "done"
                a.no_show += state == "no_show"
                a.cancelled += state == "cancelled"
                if wait_s is not None:
                    a.waits.append(wait_s)
                if service_s is not None:
                    a.services.append(service_s)
        rate_accs = [total] + ([by_service[service]] if service else []) + (
            [by_window[rating_window]] if rating_window is not None else [])
        for a in rate_accs:
            if rated == 1 and level is not None:
                a.levels.append(level)
            elif rated == 0:
                a.not_rated += 1
    counters = dict(conn.execute(select(db.day_counters.c.key, db.day_counters.c.n).where(
        db.day_counters.c.hall == hall, db.day_counters.c.day == day)).all())
    windows_out = {}
    for n, acc in sorted(by_window.items()):
        w = acc.out()
        for k in ("signed_in", "paused", "resumed", "signed_off"):
            w[k] = int(counters.get(f"window:{n}:{k}", 0))
        windows_out[str(n)] = w
    return {
        "hall": hall, "day": day, **total.out(),
        "services": {k: v.out() for k, v in sorted(by_service.items())},
        "windows": windows_out,
        "events": {k[7:]: int(v) for k, v in sorted(counters.items()) if k.startswith("events:")},
        "device_health": {k[14:]: int(v) for k, v in sorted(counters.items())
                          if k.startswith("device_health:")},
    }
