"""The hall's transaction kernel: every operation runs here as one SQLite write transaction
on the store's owner thread (one writer), appends its events through ``emit`` and, after the
commit, hands them to the listeners in commit order.

It holds the one handle on the hall's config: operations read ``kernel.config`` when they run,
and ``reload`` swaps it between two transactions (catalogue updates from central), so no
operation sees half of an old and half of a new config.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.config.hall import Device, HallConfig
from kiosk.hall import repo
from kiosk.hall.clock import Clock
from kiosk.protocol.events import EventType
from kiosk.store.db import Store
from kiosk.store.eventlog import Event

log = logging.getLogger("kiosk.hall")
T = TypeVar("T")
Op = Callable[[sqlite3.Connection, list[Event]], T]
Listener = Callable[[list[Event]], None]


class HallKernel:
    def __init__(self, config: HallConfig, store: Store, secret: bytes, clock: Clock | None = None) -> None:
        self.config = config
        self.store = store
        self.secret = secret
        self.clock = clock or Clock(config.tz)
        self._listeners: list[Listener] = []
        self.store.write(self._init_windows).result()

    # -- config ---------------------------------------------------------------------------
    def _init_windows(self, conn: sqlite3.Connection) -> None:
        repo.insert_missing_windows(conn, self.config.windows, self.now_iso())

    def reload(self, config: HallConfig, conn: sqlite3.Connection | None = None) -> None:
        """Swap in a new config (e.g. a catalogue from central). Call it inside a write on the
        owner thread (``conn``) to make it part of that transaction; without ``conn`` it runs
        as a write of its own. Windows the new config adds get their rows."""
        def swap(c: sqlite3.Connection) -> None:
            self.config = config
            self._init_windows(c)
        if conn is not None:
            swap(conn)
        else:
            self.store.write(swap).result()

    @property
    def tz(self) -> Any:
        return self.config.tz

    def today(self) -> str:
        return self.clock.now().date().isoformat()

    def now_iso(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    # -- listeners ------------------------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        """``fn(events)`` runs on the owner thread right after each commit that wrote events,
        in commit order. A failing listener is logged; it cannot undo the commit."""
        self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        self._listeners.remove(fn)

    def _publish(self, result: tuple[Any, list[Event]]) -> None:
        events = result[1]
        if not events:
            return
        for fn in list(self._listeners):
            try:
                fn(events)
            except Exception:
                log.exception("event listener failed")

    # -- transactions ---------------------------------------------------------------------
    def run(self, op: Op[T], *, device: Device | None = None,
            idem_key: str | None = None) -> concurrent.futures.Future[T]:
        """Run ``op(conn, events)`` as one write transaction. With ``idem_key`` a retried
        request gets the stored answer of the first one instead of acting twice."""
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

        fut: concurrent.futures.Future[T] = concurrent.futures.Future()
        inner = self.store.write(tx, after_commit=self._publish)

        def done(f: concurrent.futures.Future[tuple[Any, list[Event]]]) -> None:
            exc = f.exception()
            if exc is not None:
                fut.set_exception(exc)
            else:
                fut.set_result(f.result()[0])
        inner.add_done_callback(done)
        return fut

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> concurrent.futures.Future[T]:
        return self.store.read(fn)

    def emit(self, conn: sqlite3.Connection, events: list[Event], type_: EventType,
             payload: dict[str, Any]) -> Event:
        """Append one event inside the running transaction."""
        now = self.clock.now().isoformat(timespec="milliseconds")
        ev = self.store.append_event(conn, now, type_.value, payload)
        events.append(ev)
        return ev
