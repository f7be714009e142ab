"""One SQLite file, one writer.

All access goes through a single worker thread (the store's owner), so there is exactly one
writer and no connection is ever shared between threads. Every write runs inside
``BEGIN IMMEDIATE ... COMMIT``; a failure rolls the whole transaction back, so a rejected
request changes nothing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kiosk.store import eventlog
from kiosk.store.migrations import migrate

log = logging.getLogger("kiosk.store")
T = TypeVar("T")


class Store:
    def __init__(self, path: str | os.PathLike[str], origin: str) -> None:
        self.path = Path(path)
        self.origin = origin
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="db-owner")
        self._thread_id: int | None = None
        self.conn: sqlite3.Connection
        self.epoch = 0
        self._executor.submit(self._open).result()

    # -- owner thread -------------------------------------------------------------------
    def _open(self) -> None:
        self._thread_id = threading.get_ident()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=True)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=5000")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
        self.conn = conn
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
            if "origin" not in meta:
                self.conn.execute("INSERT INTO meta VALUES ('origin', ?)", (self.origin,))
                meta["origin"] = self.origin
            if "epoch" not in meta:
                # A new database is a new epoch: milliseconds since 1970 are unique per install.
                meta["epoch"] = str(int(time.time() * 1000))
                self.conn.execute("INSERT INTO meta VALUES ('epoch', ?)", (meta["epoch"],))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        if meta["origin"] != self.origin:
            raise RuntimeError(
                f"数据库属于大厅 {meta['origin']},不是 {self.origin} / database belongs to hall "
                f"{meta['origin']!r}, not {self.origin!r}"
            )
        self.epoch = int(meta["epoch"])

    def _assert_owner(self) -> None:
        assert threading.get_ident() == self._thread_id, "database touched off its owner thread"

    def _in_tx(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        self._assert_owner()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            result = fn(self.conn)
            self.conn.execute("COMMIT")
            return result
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # -- any thread ---------------------------------------------------------------------
    def write(self, fn: Callable[[sqlite3.Connection], T],
              after_commit: Callable[[T], None] | None = None) -> concurrent.futures.Future[T]:
        """Run ``fn(conn)`` in one write transaction on the owner thread. ``after_commit`` runs
        on the owner thread right after the commit, so successive calls see results in commit
        order (the hall publishes its events from there)."""
        def run() -> T:
            result = self._in_tx(fn)
            if after_commit is not None:
                try:
                    after_commit(result)
                except Exception:
                    log.exception("after-commit hook failed")
            return result
        return self._executor.submit(run)

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> concurrent.futures.Future[T]:
        """Run ``fn(conn)`` on the owner thread (reads see every committed write)."""
        def run() -> T:
            self._assert_owner()
            return fn(self.conn)
        return self._executor.submit(run)

    async def awrite(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.wrap_future(self.write(fn))

    async def aread(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.wrap_future(self.read(fn))

    def append_event(self, conn: sqlite3.Connection, ts: str, type_: str,
                     payload: dict[str, Any]) -> eventlog.Event:
        """Append an event inside a transaction started by :meth:`write`."""
        return eventlog.append_event(conn, self.origin, self.epoch, ts, type_, payload)

    def last_seq(self) -> int:
        def q(conn: sqlite3.Connection) -> int:
            row = conn.execute("SELECT MAX(seq) FROM events WHERE epoch = ?", (self.epoch,)).fetchone()
            return int(row[0] or 0)
        return self.read(q).result()

    def events_after(self, after_seq: int, limit: int = 1000) -> list[eventlog.Event]:
        return self.read(lambda c: eventlog.events_after(c, self.epoch, after_seq, limit)).result()

    def meta_get(self, key: str) -> str | None:
        row = self.read(lambda c: c.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()).result()
        return row[0] if row else None

    def meta_set(self, key: str, value: str) -> None:
        self.write(lambda c: c.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))).result()

    def new_epoch(self) -> int:
        """Start a new epoch (after a restore from backup): seq restarts at 1."""
        epoch = max(int(time.time() * 1000), self.epoch + 1)
        self.meta_set("epoch", str(epoch))
        self.epoch = epoch
        return epoch

    def close(self) -> None:
        def shut() -> None:
            self.conn.close()
        try:
            self._executor.submit(shut).result(10)
        finally:
            self._executor.shutdown(wait=True)


def stored_origin(path: str | os.PathLike[str]) -> str | None:
    """The hall a database file belongs to (its meta ``origin``), read without opening a Store;
    None when the file is not a hall database."""
    p = Path(path)
    if not p.exists():
        return None
    conn = sqlite3.connect(f"file:{p.resolve()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'origin'").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return str(row[0]) if row else None


def open_store(path: str | os.PathLike[str], origin: str) -> Store:
    return Store(path, origin)


def load_or_create_secret(path: str | os.PathLike[str]) -> bytes:
    """The hall's secret for keyed citizen hashes, kept in a 0600 file beside the database
    (not inside it, so a copied database alone cannot be brute-forced back to ID numbers)."""
    p = Path(path)
    if p.exists():
        data = p.read_bytes().strip()
        if len(data) < 32:
            raise RuntimeError(f"密钥文件过短 / secret file too short: {p}")
        return data
    p.parent.mkdir(parents=True, exist_ok=True)
    data = secrets.token_hex(32).encode()
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data + b"\n")
        f.flush()
        os.fsync(f.fileno())
    return data


KEY_CHECK = "key_check"


class KeyMismatch(RuntimeError):
    def __init__(self, db: object) -> None:
        super().__init__(f"密钥与数据库不符: {db} 不是用这把 hall.db.key 写的,请放回与它一起保管的密钥 / "
                         f"the key does not match: {db} was not written with this hall.db.key; put back the key "
                         "kept for it")


def key_fingerprint(secret: bytes) -> str:
    """What the database keeps to recognise its key: an HMAC of a constant, which says nothing
    of the key itself."""
    return hmac.new(secret, b"mashang key check", hashlib.sha256).hexdigest()[:32]


def check_key(store: Store, secret: bytes) -> None:
    """Record the key's fingerprint on first use; refuse a different key afterwards (a new key
    would silently break the one-ticket-per-citizen rule for the rest of the day)."""
    stored = store.meta_get(KEY_CHECK)
    mine = key_fingerprint(secret)
    if stored is None:
        store.meta_set(KEY_CHECK, mine)
    elif not hmac.compare_digest(stored, mine):
        raise KeyMismatch(store.path)


def key_matches(db: str | os.PathLike[str], key: str | os.PathLike[str]) -> bool | None:
    """Does the key file fit the database file (read-only)? None when the database records no
    key yet (new, or written by release 0.1); False when it records one and the key file is
    missing or different."""
    if not os.path.exists(db):
        return None
    conn = sqlite3.connect(f"file:{os.fspath(db)}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_CHECK,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    p = Path(key)
    if not p.exists():
        return False
    return hmac.compare_digest(row[0], key_fingerprint(p.read_bytes().strip()))
