"""A real `kiosk hall` and a real `kiosk central` with a fault-injecting proxy between them:
drops, resets after the server acted, delays, duplicated requests, the link down for a week's
backlog, and kill -9 of either side mid-batch. Afterwards central holds every event exactly
once (same hashes as the hall) and the hall's acked_seq equals its last_seq. Run on SQLite and
on a real PostgreSQL server."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.helpers.central import (
    CentralProcess,
    central_events,
    generate_backlog,
    hall_config_with_central,
    hall_events,
    wait_for,
)
from tests.helpers.faultproxy import FaultProxy
from tests.helpers.hall import HallProcess, auth
from tests.helpers.postgres import new_postgres_url, unavailable_reason

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(params=["sqlite", "postgresql"])
def central_db(request, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return str(tmp_path / "central.db")
    url = new_postgres_url()
    if url is None:
        pytest.skip(unavailable_reason())
    return url


def sync_status(hall: HallProcess) -> dict:
    r = httpx.get(hall.url + "/api/v1/sync/status", headers=auth("admin"), timeout=5)
    r.raise_for_status()
    return r.json()


def caught_up(hall: HallProcess) -> dict | None:
    s = sync_status(hall)
    return s if s["pending"] == 0 and s["acked_seq"] == s["last_seq"] > 0 else None


def busy_day(hall: HallProcess, tickets: int) -> None:
    """Real queue traffic through the hall API: issue, call, serve, rate."""
    for _ in range(tickets):
        r = httpx.post(hall.url + "/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk"), timeout=5)
        assert r.status_code == 201, r.text
    assert httpx.post(hall.url + "/api/v1/windows/2/sign-in", json={}, headers=auth("counter2"),
                      timeout=5).status_code == 200
    for _ in range(tickets // 2):
        t = httpx.post(hall.url + "/api/v1/windows/2/call-next", headers=auth("counter2"), timeout=5).json()
        for act in ("start", "finish"):
            assert httpx.post(f"{hall.url}/api/v1/tickets/{t['id']}/{act}", headers=auth("counter2"),
                              timeout=5).status_code == 200
        r = httpx.post(f"{hall.url}/api/v1/tickets/{t['id']}/rating", json={"level": 4},
                       headers=auth("pad2"), timeout=5)
        assert r.status_code == 201, r.text


def assert_exactly_once(hall: HallProcess, central: CentralProcess) -> None:
    local = hall_events(hall.db)
    remote = central_events(central.db)
    assert remote == local  # every event once, in order, with the hall's own hashes
    st = caught_up(hall)
    assert st is not None and st["acked_seq"] == st["last_seq"] == local[-1][1]
    cs = central.status()
    assert (cs["epoch"], cs["acked_seq"], cs["events"], cs["quarantined"]) == (local[-1][0], local[-1][1],
                                                                               len(local), 0)


def test_exactly_once_through_faults_outage_and_kill9(tmp_path: Path, central_db: str) -> None:
    hall_db = tmp_path / "hall.db"
    generate_backlog(hall_db, 3000)  # the hall ran offline before it was ever connected
    central = CentralProcess(tmp_path, central_db).start()
    proxy = FaultProxy(central.port).start()
    proxy.down = True
    hall = HallProcess(tmp_path, hall_config_with_central(proxy.url, batch_size=200, interval=0.1), db=hall_db)
    try:
        hall.start()
        # Central unreachable: the hall serves at full speed and says it is disconnected.
        t0 = time.monotonic()
        busy_day(hall, 20)
        assert time.monotonic() - t0 < 15
        s = wait_for(lambda: (s := sync_status(hall))["last_error"] and s, 10, "the hall to notice")
        assert s["connected"] is False and s["acked_seq"] == 0 and s["pending"] == s["last_seq"] > 3000

        # The link comes back, but bad: drops, resets after the server acted, delays, duplicates.
        proxy.set_faults(drop=0.05, reset=0.1, delay=0.01, duplicate=0.15)
        proxy.down = False
        wait_for(lambda: caught_up(hall), 90, "catch-up through the faulty link")
        assert proxy.counts["reset"] > 0 and proxy.counts["duplicated"] > 0, proxy.counts
        assert_exactly_once(hall, central)

        # kill -9 of central mid-batch.
        hall.kill()
        generate_backlog(hall_db, 3000)
        hall.start()
        base = hall_events(hall_db)[-1][1] - 3000
        wait_for(lambda: base < sync_status(hall)["acked_seq"], 30, "a push to start")
        central.kill()
        assert sync_status(hall)["pending"] > 0
        central = CentralProcess(tmp_path, central_db, port=central.port).start()
        wait_for(lambda: caught_up(hall), 90, "catch-up after central was killed")
        assert_exactly_once(hall, central)

        # kill -9 of the hall mid-batch: nothing acknowledged is lost, nothing is sent twice.
        hall.kill()
        generate_backlog(hall_db, 3000)
        hall.start()
        base = hall_events(hall_db)[-1][1] - 3000
        wait_for(lambda: base < sync_status(hall)["acked_seq"], 30, "a push to start")
        hall.kill()
        hall.start()
        busy_day(hall, 4)
        wait_for(lambda: caught_up(hall), 90, "catch-up after the hall was killed")
        assert_exactly_once(hall, central)
    finally:
        hall.kill()
        proxy.close()
        central.kill()


def test_a_stalled_central_never_slows_the_hall(tmp_path: Path) -> None:
    central = CentralProcess(tmp_path, str(tmp_path / "central.db")).start()
    proxy = FaultProxy(central.port, delay=20.0).start()  # every request hangs up to 20 s
    hall = HallProcess(tmp_path, hall_config_with_central(proxy.url, batch_size=10, interval=0.05))
    try:
        hall.start()
        slowest = 0.0
        for _ in range(30):
            t0 = time.monotonic()
            r = httpx.post(hall.url + "/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk"), timeout=5)
            slowest = max(slowest, time.monotonic() - t0)
            assert r.status_code == 201
        assert slowest < 1.0
        assert sync_status(hall)["last_seq"] >= 30
        proxy.set_faults()
        wait_for(lambda: caught_up(hall), 60, "catch-up once the link is healthy")
        assert_exactly_once(hall, central)
    finally:
        hall.kill()
        proxy.close()
        central.kill()
