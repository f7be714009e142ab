"""A real `kiosk central` process for tests, and hall configs that sync to it."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.helpers.hall import TEST_CONFIG
from tests.helpers.process import ROOT, ServerProcess

__all__ = ["ROOT", "CentralProcess", "hall_config_with_central"]
HALL_SECRET = "test-hall-secret-0123456789"
OPERATOR_TOKEN = "test-operator-token-0123456789"
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}

CENTRAL_CONFIG = f"""
[[origins]]
id = "test-hall"
name = "测试政务服务大厅"
secret = "{HALL_SECRET}"

[[origins]]
id = "community-1"
secret = "community-1-secret-0123456789"

[[operators]]
name = "tests"
token = "{OPERATOR_TOKEN}"
"""


def hall_config_with_central(url: str, batch_size: int = 50, interval: float = 0.2) -> str:
    return TEST_CONFIG + f"""
[central]
url = "{url}"
secret = "{HALL_SECRET}"
push_interval_seconds = {interval}
batch_size = {batch_size}
"""


class CentralProcess(ServerProcess):
    """`python -m kiosk central` on a free loopback port, over a SQLite file or a PostgreSQL URL."""

    name = "central"

    def __init__(self, tmp: Path, db: str, config_text: str = CENTRAL_CONFIG, port: int | None = None) -> None:
        super().__init__(tmp, port)
        self.config = tmp / "central.toml"
        self.config.write_text(config_text, encoding="utf-8")
        self.db = db

    def command(self) -> list[str]:
        return ["central", "--config", str(self.config), "--db", self.db]

    def status(self, origin: str = "test-hall") -> dict:
        r = httpx.get(f"{self.url}/api/v1/origins/{origin}/status", headers=OPERATOR, timeout=10)
        r.raise_for_status()
        return r.json()


    def __exit__(self, *exc: object) -> None:
        self.kill()


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Bounded polling: the predicate's truthy value, or TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (httpx.HTTPError, OSError) as exc:
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


SERVICES = ("property", "social", "tax")


def generate_backlog(db_path: Path, events: int, origin: str = "test-hall", start_day: str = "2026-03-02",
                     tickets_per_day: int = 7500, windows: int = 100) -> int:
    """Append about ``events`` events of busy hall days (issue, call, start, finish, rating per
    ticket) straight into a hall's Store, as if the hall had been offline. The hall process must
    not be running (one writer). Returns the last seq."""
    import datetime as dt

    from kiosk.store.db import Store

    store = Store(db_path, origin)
    tz = dt.timezone(dt.timedelta(hours=8))
    day0 = dt.date.fromisoformat(start_day)
    state = {"n": 0}

    def iso(t: dt.datetime) -> str:
        return t.isoformat(timespec="seconds")

    def tx(conn, first: int, count: int) -> None:  # type: ignore[no-untyped-def]
        for k in range(first, first + count):
            day = day0 + dt.timedelta(days=k // tickets_per_day)
            i = k % tickets_per_day
            issued = dt.datetime.combine(day, dt.time(8, 30), tz) + dt.timedelta(seconds=i * 3)
            called = issued + dt.timedelta(seconds=60 + (i * 37) % 1800)
            started = called + dt.timedelta(seconds=30)
            finished = started + dt.timedelta(seconds=120 + (i * 53) % 900)
            window = i % windows + 1
            tid = f"{origin}-{k:08d}"
            base = {"id": tid, "number": f"A{i + 1:04d}", "service": SERVICES[i % 3],
                    "original_service": SERVICES[i % 3], "priority": "normal", "window": None,
                    "target_window": None, "issued_at": iso(issued), "called_at": None, "started_at": None,
                    "finished_at": None, "recalls": 0, "transfers": 0, "has_citizen": i % 2 == 0}
            steps = [
                (issued, "ticket.issued", {"ticket": {**base, "state": "waiting"}}),
                (called, "ticket.called", {"ticket": {**base, "state": "called", "window": window,
                                                      "called_at": iso(called)}, "window": window}),
                (started, "ticket.start", {"ticket": {**base, "state": "serving", "window": window,
                                                      "called_at": iso(called), "started_at": iso(started)},
                                           "window": window, "by": f"counter-{window}"}),
                (finished, "ticket.finish", {"ticket": {**base, "state": "done", "window": window,
                                                        "called_at": iso(called), "started_at": iso(started),
                                                        "finished_at": iso(finished)},
                                             "window": window, "by": f"counter-{window}"}),
                (finished, "rating.recorded", {"ticket": tid, "number": base["number"], "window": window,
                                               "staff": None, "level": 5 - i % 5 if i % 7 else None,
                                               "reasons": ["态度不好"] if i % 5 >= 3 else [],
                                               "rated": bool(i % 7), "rated_at": iso(finished),
                                               "service": base["service"]}),
            ]
            for t, type_, payload in steps:
                if state["n"] >= events:
                    return
                store.append_event(conn, t.isoformat(timespec="milliseconds"), type_, payload)
                state["n"] += 1

    try:
        k = 0
        while state["n"] < events:
            store.write(lambda c, k=k: tx(c, k, 2000)).result()
            k += 2000
        return store.last_seq()
    finally:
        store.close()


def hall_events(db_path: Path) -> list[tuple[int, int, str]]:
    """(epoch, seq, hash) of every event in a hall database (read-only, works while it runs)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute("SELECT epoch, seq, hash FROM events ORDER BY epoch, seq")]
    finally:
        conn.close()


def central_events(db: str, origin: str = "test-hall") -> list[tuple[int, int, str]]:
    from sqlalchemy import select

    from kiosk.central import db as cdb

    engine = cdb.make_engine(db, create=False)
    try:
        with cdb.reading(engine) as c:
            return [tuple(r) for r in c.execute(
                select(cdb.events.c.epoch, cdb.events.c.seq, cdb.events.c.hash).where(
                    cdb.events.c.origin == origin).order_by(cdb.events.c.epoch, cdb.events.c.seq))]
    finally:
        engine.dispose()
