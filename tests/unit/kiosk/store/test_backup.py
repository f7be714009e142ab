"""Online backup of a real store while it is being written, retention, and no key alongside."""

import datetime as dt
import sqlite3
import stat
import threading

import pytest

from kiosk.store.backup import BackupError, backup, prune
from kiosk.store.db import Store, load_or_create_secret


def write_events(store, n):
    for i in range(n):
        store.write(lambda c, i=i: store.append_event(c, f"2026-12-01T09:00:{i % 60:02d}.000+08:00",
                                                       "ticket.issued", {"i": i})).result()


def test_a_backup_taken_while_the_hall_writes_is_whole(tmp_path):
    db = tmp_path / "hall.db"
    store = Store(db, "test-hall")
    load_or_create_secret(tmp_path / "hall.db.key")
    write_events(store, 200)
    writer = threading.Thread(target=write_events, args=(store, 300))
    writer.start()
    made = backup(db, tmp_path / "backups", now=dt.datetime(2026, 12, 1, 21, 30))
    writer.join()
    store.close()
    assert made.path.name == "hall-20261201-213000.db" and 200 <= made.events <= 500
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    conn = sqlite3.connect(made.path)
    seqs = [r[0] for r in conn.execute("SELECT seq FROM events ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == made.events  # a prefix, no gaps
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list((tmp_path / "backups").glob("*.key"))  # the key stays with the live database


def test_retention_keeps_the_newest(tmp_path):
    db = tmp_path / "hall.db"
    Store(db, "test-hall").close()
    for day in range(1, 6):
        made = backup(db, tmp_path / "b", keep=3, now=dt.datetime(2026, 12, day, 21, 30))
    assert [p.name for p in made.pruned] == ["hall-20261202-213000.db"]
    assert sorted(p.name for p in (tmp_path / "b").glob("*.db")) == [
        "hall-20261203-213000.db", "hall-20261204-213000.db", "hall-20261205-213000.db"]
    assert prune(tmp_path / "b", 3) == []


def test_refusals(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        backup(tmp_path / "none.db", tmp_path / "b")
    with pytest.raises(BackupError, match="at least one"):
        backup(tmp_path / "none.db", tmp_path / "b", keep=0)
