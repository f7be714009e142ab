import sqlite3

import pytest

from kiosk.store.db import Store, load_or_create_secret
from kiosk.store.eventlog import GENESIS_HASH, verify_chain


def test_events_are_chained_gapless_and_append_only(tmp_path):
    store = Store(tmp_path / "h.db", "hall-x")
    try:
        def write(conn):
            for i in range(5):
                store.append_event(conn, f"2026-11-26T09:00:0{i}+08:00", "test.event", {"i": i, "名": "张*"})
        store.write(write).result()
        events = store.events_after(0)
        assert [e.seq for e in events] == [1, 2, 3, 4, 5]
        assert events[0].prev_hash == GENESIS_HASH
        assert verify_chain(events, GENESIS_HASH) is None
        tampered = [events[0], events[1].__class__(**{**events[1].__dict__, "payload": {"i": 99}}), *events[2:]]
        assert verify_chain(tampered, GENESIS_HASH) == 1
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.write(lambda c: c.execute("UPDATE events SET type = 'x' WHERE seq = 1")).result()
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.write(lambda c: c.execute("DELETE FROM events")).result()
    finally:
        store.close()


def test_failed_transaction_leaves_no_event(tmp_path):
    store = Store(tmp_path / "h.db", "hall-x")
    try:
        def boom(conn):
            store.append_event(conn, "2026-11-26T09:00:00+08:00", "test.event", {})
            raise ValueError("rejected")
        with pytest.raises(ValueError):
            store.write(boom).result()
        assert store.last_seq() == 0
    finally:
        store.close()


def test_reopen_keeps_epoch_and_refuses_other_hall(tmp_path):
    s1 = Store(tmp_path / "h.db", "hall-x")
    epoch = s1.epoch
    s1.close()
    s2 = Store(tmp_path / "h.db", "hall-x")
    assert s2.epoch == epoch
    assert s2.new_epoch() > epoch
    s2.close()
    with pytest.raises(RuntimeError, match="hall-x"):
        Store(tmp_path / "h.db", "hall-y")


def test_pragmas(tmp_path):
    store = Store(tmp_path / "h.db", "hall-x")
    try:
        assert store.read(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0]).result() == "wal"
        assert store.read(lambda c: c.execute("PRAGMA synchronous").fetchone()[0]).result() == 2  # FULL
    finally:
        store.close()


def test_secret_file_is_private_and_stable(tmp_path):
    a = load_or_create_secret(tmp_path / "k")
    assert load_or_create_secret(tmp_path / "k") == a
    assert (tmp_path / "k").stat().st_mode & 0o077 == 0
