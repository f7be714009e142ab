"""Migrations: an existing database moves to the new schema with its counts right."""

import sqlite3

from kiosk.store.migrations import MIGRATIONS, _split, migrate


def _at_version(conn: sqlite3.Connection, version: int) -> None:
    for step in range(version):
        for statement in _split(MIGRATIONS[step]):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")


def _ticket(conn: sqlite3.Connection, tid: str, service: str, state: str, target: int | None = None,
            original: str | None = None) -> None:
    conn.execute("INSERT INTO tickets (id, day, number, service, original_service, priority, state, target_window,"
                 " issued_at, issued_ts) VALUES (?, '2026-11-26', ?, ?, ?, 'normal', ?, ?, 'x', 1)",
                 (tid, tid, service, original or service, state, target))


def test_version_3_database_gets_its_issue_and_waiting_counts() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _at_version(conn, 3)
    _ticket(conn, "a", "social", "waiting")
    _ticket(conn, "b", "social", "waiting")
    _ticket(conn, "c", "social", "done")
    _ticket(conn, "d", "tax", "waiting", target=3, original="social")
    assert migrate(conn) == len(MIGRATIONS) >= 4
    assert conn.execute("SELECT service, n FROM issued_counts ORDER BY service").fetchall() == [("social", 4)]
    assert sorted(conn.execute("SELECT service, target_window, n FROM waiting_counts").fetchall()) == [
        ("social", 0, 2), ("tax", 3, 1)]
    # from now on the triggers keep them
    conn.execute("UPDATE tickets SET state = 'called' WHERE id = 'a'")
    _ticket(conn, "e", "tax", "waiting")
    assert sorted(conn.execute("SELECT service, target_window, n FROM waiting_counts").fetchall()) == [
        ("social", 0, 1), ("tax", 0, 1), ("tax", 3, 1)]
    assert conn.execute("SELECT n FROM issued_counts WHERE service = 'tax'").fetchone() == (1,)
