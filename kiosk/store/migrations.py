"""Versioned schema migrations. ``PRAGMA user_version`` holds the version applied; each entry
here moves the schema one step and runs in its own transaction. Never edit a released step:
append a new one."""

from __future__ import annotations

import os
import sqlite3

MIGRATIONS: list[str] = [
    # 1: the hall core
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        epoch INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        uuid TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (epoch, seq)
    );
    -- The log is append-only: the database itself refuses changes to written events.
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

    CREATE TABLE ticket_counters (
        day TEXT NOT NULL, prefix TEXT NOT NULL, last INTEGER NOT NULL,
        PRIMARY KEY (day, prefix)
    );

    CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        number TEXT NOT NULL,
        service TEXT NOT NULL,
        original_service TEXT NOT NULL,
        priority TEXT NOT NULL,
        state TEXT NOT NULL,
        window INTEGER,
        target_window INTEGER,
        issued_at TEXT NOT NULL,
        issued_ts REAL NOT NULL,
        called_at TEXT,
        called_ts REAL,
        started_ts REAL,
        finished_ts REAL,
        recalls INTEGER NOT NULL DEFAULT 0,
        transfers INTEGER NOT NULL DEFAULT 0,
        kiosk TEXT,
        staff TEXT,
        citizen_key TEXT,
        citizen_name TEXT,
        citizen_id TEXT,
        birth_year INTEGER,
        appointment TEXT,
        UNIQUE (day, number)
    );
    CREATE INDEX tickets_waiting ON tickets (day, state, service, issued_ts);
    CREATE INDEX tickets_citizen ON tickets (day, citizen_key, service);
    CREATE INDEX tickets_window ON tickets (day, window, state);

    CREATE TABLE windows (
        number INTEGER PRIMARY KEY,
        state TEXT NOT NULL,
        pause_reason TEXT,
        staff TEXT,
        normal_since_priority INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );

    CREATE TABLE ratings (
        ticket_id TEXT PRIMARY KEY REFERENCES tickets(id),
        day TEXT NOT NULL,
        window INTEGER NOT NULL,
        staff TEXT,
        level INTEGER,            -- NULL: the citizen did not rate (timeout)
        reasons TEXT NOT NULL,    -- JSON list
        rated_at TEXT NOT NULL,
        source TEXT
    );
    CREATE INDEX ratings_day ON ratings (day, window);

    CREATE TABLE idempotency (
        key TEXT PRIMARY KEY, device TEXT NOT NULL, status INTEGER NOT NULL,
        body TEXT NOT NULL, created_ts REAL NOT NULL
    );

    CREATE TABLE device_health (
        device TEXT PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL, code TEXT,
        message_zh TEXT, message_en TEXT, reported_by TEXT, since TEXT NOT NULL
    );
    """,
    # 2: service-time estimates read the latest finished tickets of a service
    """
    CREATE INDEX tickets_done ON tickets (day, service, finished_ts) WHERE state = 'done';
    """,
    # 3: call-next reads the head of each (service, priority) queue and of each window's
    # transferred tickets with one index probe each
    """
    CREATE INDEX tickets_heads ON tickets (day, state, priority, service, issued_ts)
        WHERE target_window IS NULL;
    CREATE INDEX tickets_targeted ON tickets (day, state, priority, target_window, issued_ts)
        WHERE target_window IS NOT NULL;
    """,
    # 4: what issuing counts is kept, not counted: per day and service the tickets issued and,
    # per queue (a service's untargeted tickets, or a window's targeted ones), the tickets
    # waiting. Triggers keep them in the same transaction as the ticket rows, whichever
    # operation writes them, so issuing costs the same with 0 or 20,000 waiting. Slot caps count
    # through an index over the slot's range (bounded by the cap). Existing rows are counted once.
    """
    CREATE TABLE issued_counts (
        day TEXT NOT NULL, service TEXT NOT NULL, n INTEGER NOT NULL,
        PRIMARY KEY (day, service)
    );
    CREATE TABLE waiting_counts (
        day TEXT NOT NULL, service TEXT NOT NULL,
        target_window INTEGER NOT NULL,  -- 0: the service's own queue
        n INTEGER NOT NULL,
        PRIMARY KEY (day, service, target_window)
    );
    INSERT INTO issued_counts (day, service, n)
        SELECT day, original_service, COUNT(*) FROM tickets GROUP BY day, original_service;
    INSERT INTO waiting_counts (day, service, target_window, n)
        SELECT day, service, COALESCE(target_window, 0), COUNT(*) FROM tickets
        WHERE state = 'waiting' GROUP BY day, service, COALESCE(target_window, 0);
    CREATE INDEX tickets_issued ON tickets (day, original_service, issued_ts);
    CREATE TRIGGER tickets_counted_insert AFTER INSERT ON tickets BEGIN
        INSERT INTO issued_counts (day, service, n) VALUES (NEW.day, NEW.original_service, 1)
            ON CONFLICT (day, service) DO UPDATE SET n = n + 1;
        INSERT INTO waiting_counts (day, service, target_window, n)
            SELECT NEW.day, NEW.service, COALESCE(NEW.target_window, 0), 1 WHERE NEW.state = 'waiting'
            ON CONFLICT (day, service, target_window) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER tickets_counted_update AFTER UPDATE OF state, service, target_window, day ON tickets
        WHEN OLD.state = 'waiting' OR NEW.state = 'waiting' BEGIN
        UPDATE waiting_counts SET n = n - 1 WHERE OLD.state = 'waiting' AND day = OLD.day
            AND service = OLD.service AND target_window = COALESCE(OLD.target_window, 0);
        INSERT INTO waiting_counts (day, service, target_window, n)
            SELECT NEW.day, NEW.service, COALESCE(NEW.target_window, 0), 1 WHERE NEW.state = 'waiting'
            ON CONFLICT (day, service, target_window) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER tickets_counted_delete AFTER DELETE ON tickets BEGIN
        UPDATE issued_counts SET n = n - 1 WHERE day = OLD.day AND service = OLD.original_service;
        UPDATE waiting_counts SET n = n - 1 WHERE OLD.state = 'waiting' AND day = OLD.day
            AND service = OLD.service AND target_window = COALESCE(OLD.target_window, 0);
    END;
    """,
]


class SchemaTooNew(RuntimeError):
    """The database was written by a newer release: a downgrade, refused before anything runs."""

    def __init__(self, version: int) -> None:
        super().__init__(f"数据库版本 {version} 比本程序新 / database schema {version} is newer than this "
                         f"program ({len(MIGRATIONS)}): upgrade the program, or restore a backup made by this one")


def check_not_newer(path: str | os.PathLike[str]) -> None:
    """Raise SchemaTooNew for a database file from a newer release (nothing is written)."""
    if not os.path.exists(path):
        return
    conn = sqlite3.connect(f"file:{os.fspath(path)}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version > len(MIGRATIONS):
        raise SchemaTooNew(version)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration not applied yet; returns the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise SchemaTooNew(version)
    for step in range(version, len(MIGRATIONS)):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _split(MIGRATIONS[step]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {step + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def _split(script: str) -> list[str]:
    """Split a migration into statements; triggers keep their inner semicolons."""
    out, buf = [], []
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        joined = "\n".join(buf)
        if stripped.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "".join(buf).strip():
        out.append("\n".join(buf))
    return out
