"""Upgrades lose nothing: a database written by the previous release (tests/fixtures/
hall-release-0.1.db: schema 3, made by release 0.1's own HallService on Monday 2026-11-30 at
08:41-08:58, two tickets served and rated, five still waiting) opens in this release with its
events and chain intact and the morning's queue where it was; a database from a newer release
is refused with a clear message."""

import shutil
import sqlite3
import subprocess
import sys

import pytest

from tests.helpers.hall import ROOT, HallProcess, auth

pytestmark = pytest.mark.integration
FIXTURE = ROOT / "tests" / "fixtures" / "hall-release-0.1.db"


class MorningHall(HallProcess):
    """The same Monday morning, a few minutes after the old release stopped."""

    def command(self):
        return [*super().command(), "--start-time", "2026-11-30T09:05:00+08:00"]


def test_a_previous_release_database_upgrades_in_place(tmp_path):
    import httpx

    db = tmp_path / "hall.db"
    shutil.copy(FIXTURE, db)
    before = sqlite3.connect(db).execute("SELECT COUNT(*), MAX(seq) FROM events").fetchone()
    assert before == (16, 16)
    with MorningHall(tmp_path, db=db) as hall:
        with httpx.Client(base_url=hall.url, timeout=10) as http:
            waiting = http.get("/api/v1/tickets", headers=auth("admin")).json()
            assert sorted(t["number"] for t in waiting) == ["A001", "C003", "C004", "C005", "C006"]
            issued = http.post("/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk")).json()
            assert issued["number"] == "C007" and issued["waiting_ahead"] == 4  # numbering and queue go on
            called = http.post("/api/v1/windows/3/call-next", headers=auth("counter3"))
            assert called.status_code == 200 and called.json()["number"] == "C003"  # the oldest first
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] >= 4
    done = subprocess.run([sys.executable, "-m", "kiosk", "hall", "verify", "--db", str(db)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "event chain intact: 18 events" in done.stdout


def test_a_newer_release_database_is_refused(tmp_path):
    db = tmp_path / "hall.db"
    shutil.copy(FIXTURE, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    hall = HallProcess(tmp_path, db=db)
    done = subprocess.run([sys.executable, "-m", "kiosk", *hall.command(), "--listen", "127.0.0.1:0"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "newer than this program" in done.stderr and "不能降级" in done.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM events").fetchone()[0] == 16  # untouched


def test_the_key_must_be_the_one_the_database_was_written_with(tmp_path):
    """A hall whose key file was lost or swapped refuses to start (a new key would silently let
    citizens take a second ticket); a restore refuses a backup of another key."""
    db = tmp_path / "hall.db"
    with HallProcess(tmp_path, db=db):
        pass  # first start: the database records its key's fingerprint
    key = tmp_path / "hall.db.key"
    kept = key.read_bytes()
    key.unlink()
    hall = HallProcess(tmp_path, db=db)
    done = subprocess.run([sys.executable, "-m", "kiosk", *hall.command(), "--listen", "127.0.0.1:0"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "key does not match" in done.stderr and "密钥与数据库不符" in done.stderr
    assert not key.exists()  # no new key was made for it
    key.write_bytes(kept)
    with HallProcess(tmp_path, db=db):
        pass  # the right key is back: it starts

    other = tmp_path / "other"
    other.mkdir()
    with HallProcess(other, db=other / "hall.db"):
        pass
    done = subprocess.run([sys.executable, "-m", "kiosk", "hall", "restore", "--backup", str(other / "hall.db"),
                           "--db", str(db), "--force"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "not restored" in done.stderr
