"""The hall's promises, proven against a real `kiosk hall` process over loopback."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from kiosk.store.db import Store
from kiosk.store.eventlog import GENESIS_HASH, verify_chain
from tests.helpers.hall import HallProcess, auth

pytestmark = pytest.mark.integration


def test_two_counters_calling_at_once_never_get_the_same_ticket(tmp_path):
    with HallProcess(tmp_path) as hall:
        with httpx.Client(base_url=hall.url, timeout=10) as c:
            issued = [c.post("/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk")).json()["id"]
                      for _ in range(60)]
            for w in (2, 3):
                assert c.post(f"/api/v1/windows/{w}/sign-in", json={}, headers=auth(f"counter{w}")).status_code == 200
        barrier = threading.Barrier(2)

        def counter(window):
            got = []
            with httpx.Client(base_url=hall.url, timeout=10) as c:
                barrier.wait()
                while True:
                    r = c.post(f"/api/v1/windows/{window}/call-next", headers=auth(f"counter{window}"))
                    if r.status_code == 204:
                        return got
                    assert r.status_code == 200, r.text
                    t = r.json()
                    got.append(t["id"])
                    assert c.post(f"/api/v1/tickets/{t['id']}/finish",
                                  headers=auth(f"counter{window}")).status_code == 200

        with ThreadPoolExecutor(2) as pool:
            a, b = pool.map(counter, (2, 3))
    assert not set(a) & set(b)
    assert sorted(a + b) == sorted(issued)
    assert a and b  # both windows really competed


def test_acknowledged_tickets_survive_kill_9_and_numbers_never_repeat(tmp_path):
    acked: list[dict] = []
    lock = threading.Lock()
    stop = threading.Event()
    hall = HallProcess(tmp_path).start()

    def kiosk(service):
        with httpx.Client(base_url=hall.url, timeout=5) as c:
            while not stop.is_set():
                try:
                    r = c.post("/api/v1/tickets", json={"service": service}, headers=auth("kiosk"))
                except httpx.HTTPError:
                    return  # the node died under us: whatever was not acknowledged may be lost
                if r.status_code == 201:
                    with lock:
                        acked.append(r.json())

    threads = [threading.Thread(target=kiosk, args=(s,)) for s in ("social", "social", "tax", "social")]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 20
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    hall.kill()  # SIGKILL mid-load
    stop.set()
    for t in threads:
        t.join(10)
    assert len(acked) >= 150

    with HallProcess(tmp_path, db=hall.db) as hall2:
        with httpx.Client(base_url=hall2.url, timeout=10) as c:
            for t in acked:
                r = c.get(f"/api/v1/tickets/{t['id']}", headers=auth("admin"))
                assert r.status_code == 200, t
                assert r.json()["number"] == t["number"]
            after = [c.post("/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk")).json()
                     for _ in range(5)]
    numbers = [t["number"] for t in acked + after]
    assert len(numbers) == len(set(numbers)), "a ticket number was issued twice in one day"
    store = Store(hall.db, "test-hall")
    try:
        events = store.events_after(0, limit=100000)
        assert verify_chain(events, GENESIS_HASH) is None
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
    finally:
        store.close()


def test_restart_keeps_todays_queue_and_sigterm_is_clean(tmp_path):
    with HallProcess(tmp_path) as hall:
        with httpx.Client(base_url=hall.url, timeout=10) as c:
            waiting = [c.post("/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk")).json()
                       for _ in range(3)]
            c.post("/api/v1/windows/3/sign-in", json={}, headers=auth("counter3"))
            called = c.post("/api/v1/windows/3/call-next", headers=auth("counter3")).json()
        assert hall.terminate() == 0
    with HallProcess(tmp_path, db=hall.db) as hall2:
        with httpx.Client(base_url=hall2.url, timeout=10) as c:
            q = {s["service"]: s for s in c.get("/api/v1/queue", headers=auth("display")).json()}
            assert q["social"]["waiting"] == 2
            w3 = c.get("/api/v1/windows/3", headers=auth("display")).json()
            assert w3["state"] == "open" and w3["current"]["id"] == called["id"] == waiting[0]["id"]
            nxt = c.post("/api/v1/tickets", json={"service": "social"}, headers=auth("kiosk")).json()
            assert nxt["number"] == "C004"


def test_broken_config_refused_at_start_with_file_and_line(tmp_path):
    import subprocess
    import sys

    from tests.helpers.hall import ROOT, TEST_CONFIG

    bad = tmp_path / "bad.toml"
    bad.write_text(TEST_CONFIG.replace('prefix = "C"', 'prefix = 7'), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "kiosk", "hall", "--config", str(bad), "--db", str(tmp_path / "x.db")],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    line = next(i for i, t in enumerate(TEST_CONFIG.replace('prefix = "C"', 'prefix = 7').splitlines(), 1)
                if t == "prefix = 7")
    assert f"bad.toml:{line}" in r.stderr
    assert "prefix" in r.stderr and "配置错误" in r.stderr


def test_sigterm_is_prompt_with_event_stream_clients_connected(tmp_path):
    """Displays and kiosks keep WebSockets open all day; a stop must not wait for them."""
    import asyncio

    import aiohttp

    from tests.helpers.hall import TOKENS

    hall = HallProcess(tmp_path).start()

    async def main():
        async with aiohttp.ClientSession() as s:
            sockets = [await s.ws_connect(f"{hall.url}/api/v1/events?token={TOKENS['display']}") for _ in range(3)]
            for ws in sockets:
                assert (await ws.receive_json(timeout=5))["type"] == "hello"
            t0 = time.monotonic()
            code = await asyncio.to_thread(hall.terminate)
            elapsed = time.monotonic() - t0
            for ws in sockets:
                await ws.close()
            return code, elapsed

    try:
        code, elapsed = asyncio.run(main())
    finally:
        hall.kill()
    assert code == 0
    assert elapsed < 3, f"SIGTERM took {elapsed:.1f}s with WebSocket clients connected"
