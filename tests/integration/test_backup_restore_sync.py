"""Backup, wipe, restore: a real hall syncing to a real central server is backed up while it
runs, loses its disk, is restored into a new epoch, and syncs on: every ticket acknowledged
before the backup is back, central holds each event exactly once and quarantines nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.central import (
    CentralProcess,
    central_events,
    hall_config_with_central,
    hall_events,
    wait_for,
)
from tests.helpers.hall import HallProcess, auth

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done


def issue(hall: HallProcess, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        r = httpx.post(hall.url + "/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk"), timeout=5)
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


def caught_up(hall: HallProcess) -> bool:
    s = httpx.get(hall.url + "/api/v1/sync/status", headers=auth("admin"), timeout=5).json()
    return s["pending"] == 0 and s["acked_seq"] == s["last_seq"] > 0


def test_backup_wipe_restore_and_sync_exactly_once(tmp_path: Path) -> None:
    central = CentralProcess(tmp_path, str(tmp_path / "central.db")).start()
    db = tmp_path / "hall.db"
    hall = HallProcess(tmp_path, hall_config_with_central(central.url, batch_size=20, interval=0.05), db=db)
    try:
        hall.start()
        before = issue(hall, 8)
        wait_for(lambda: caught_up(hall), 30, "the first sync")
        kiosk("hall", "backup", "--db", str(db), str(tmp_path / "backups"))
        issue(hall, 3)  # after the backup: these the restore cannot bring back
        wait_for(lambda: caught_up(hall), 30, "the second sync")
        old_epoch = hall_events(db)[-1][0]
        hall.terminate()

        for suffix in ("", "-wal", "-shm"):  # the disk dies (the key file is kept apart)
            Path(str(db) + suffix).unlink(missing_ok=True)
        (backup,) = (tmp_path / "backups").glob("hall-*.db")
        kiosk("hall", "restore", "--backup", str(backup), "--db", str(db))

        hall.start()
        waiting = {t["id"] for t in httpx.get(hall.url + "/api/v1/tickets", headers=auth("admin"), timeout=5).json()}
        assert set(before) <= waiting  # every ticket acknowledged before the backup is back
        after = issue(hall, 2)
        wait_for(lambda: caught_up(hall), 30, "the sync after the restore")
        local = hall_events(db)
        remote = central_events(central.db)
        new_epoch = local[-1][0]
        assert new_epoch != old_epoch
        assert [e for e in remote if e[0] == new_epoch] == [e for e in local if e[0] == new_epoch]
        old_local = [e for e in local if e[0] == old_epoch]
        old_remote = [e for e in remote if e[0] == old_epoch]
        assert old_remote[:len(old_local)] == old_local  # the restored history is what central had
        assert len(remote) == len({(e[0], e[1]) for e in remote})  # nothing twice
        assert central.status()["quarantined"] == 0 and len(after) == 2
    finally:
        hall.kill()
        central.kill()


def test_central_on_sqlite_backs_up_and_postgresql_is_pointed_to_its_tools(tmp_path: Path) -> None:
    central = CentralProcess(tmp_path, str(tmp_path / "central.db")).start()
    hall = HallProcess(tmp_path, hall_config_with_central(central.url, batch_size=20, interval=0.05))
    try:
        hall.start()
        issue(hall, 3)
        wait_for(lambda: caught_up(hall), 30, "a sync")
        done = kiosk("central", "backup", "--db", str(tmp_path / "central.db"), str(tmp_path / "cb"))
        assert "central-" in done.stdout
        (copy,) = (tmp_path / "cb").glob("central-*.db")
        assert len(central_events(str(copy))) == 3 and central_events(str(copy)) == central_events(central.db)
    finally:
        hall.kill()
        central.kill()
    done = subprocess.run([sys.executable, "-m", "kiosk", "central", "backup", "--db", "postgresql://x@h/db",
                           str(tmp_path / "cb")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "pg_dump" in done.stderr
