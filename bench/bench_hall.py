"""Hall node latency and throughput over loopback against a real `kiosk hall` process.

    .venv/bin/python bench/bench_hall.py [--tickets 3000] [--calls 1000]

Measures issue-ticket and call-next latency (p50/p99) and throughput with 1 and 20 concurrent
clients (aiohttp, one client process). Targets (issue 2): p99 <= 20 ms and >= 300 tickets/s
with 20 clients. The client shares the machine's cores with the server, so figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = 20


def bench_config() -> str:
    lines = ['[hall]\nid = "bench-hall"\nname = "基准测试大厅"\n',
             '[schedules]\nalways = { weekdays = ["00:00-24:00"], weekend = ["00:00-24:00"] }\n']
    for code, prefix in (("social", "C"), ("tax", "G")):
        lines.append(f'[[services]]\ncode = "{code}"\nname = "{code}"\nprefix = "{prefix}"\nhours = "always"\n')
    for w in range(1, WINDOWS + 1):
        lines.append(f'[[windows]]\nnumber = {w}\nservices = ["social", "tax"]\n'
                     'days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n')
        lines.append(f'[[devices]]\nid = "counter-{w}"\nrole = "counter"\ntoken = "counter-token-{w}"\nwindow = {w}\n')
    lines.append('[[devices]]\nid = "kiosk-1"\nrole = "kiosk"\ntoken = "kiosk-token-1"\n')
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def run_clients(url: str, n_clients: int, total: int, make_request) -> tuple[list[float], float]:
    latencies: list[float] = []
    counter = iter(range(total))

    async def client(i: int) -> None:
        async with aiohttp.ClientSession(base_url=url) as session:
            for k in counter:
                t0 = time.perf_counter()
                status = await make_request(session, i, k)
                latencies.append((time.perf_counter() - t0) * 1000)
                if status not in (200, 201, 204):
                    raise RuntimeError(f"unexpected status {status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(n_clients)))
    return latencies, time.perf_counter() - t0


async def run_paced(url: str, n_clients: int, rate: float, total: int, make_request
                    ) -> tuple[list[float], float]:
    """Each client sends on its own schedule so that together they offer ``rate`` req/s; a late
    request is sent at once (no coordinated omission: latency counts from its scheduled time)."""
    latencies: list[float] = []
    per_client = total // n_clients
    interval = n_clients / rate

    async def client(i: int) -> None:
        async with aiohttp.ClientSession(base_url=url) as session:
            start = time.perf_counter() + i * interval / n_clients
            for k in range(per_client):
                due = start + k * interval
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                status = await make_request(session, i, k)
                latencies.append((time.perf_counter() - due) * 1000)
                if status not in (200, 201, 204):
                    raise RuntimeError(f"unexpected status {status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(client(i) for i in range(n_clients)))
    return latencies, time.perf_counter() - t0


async def main_async(args: argparse.Namespace, url: str) -> list[tuple[str, int, list[float], float]]:
    kiosk = {"Authorization": "Bearer kiosk-token-1"}

    async def issue(session: aiohttp.ClientSession, i: int, k: int) -> int:
        async with session.post("/api/v1/tickets", json={"service": "social"}, headers=kiosk) as r:
            await r.read()
            return r.status

    async with aiohttp.ClientSession(base_url=url) as s:
        for w in range(1, WINDOWS + 1):
            async with s.post(f"/api/v1/windows/{w}/sign-in", json={},
                              headers={"Authorization": f"Bearer counter-token-{w}"}) as r:
                assert r.status == 200, await r.text()

    results = []
    await run_clients(url, 4, 200, issue)  # warm-up
    for n in (1, 20):
        lat, wall = await run_clients(url, n, args.tickets if n == 20 else args.tickets // 5, issue)
        results.append(("issue ticket, closed loop (saturation)", n, lat, wall))
    # Open loop: 20 kiosks together issuing at the target rate; latency at that load.
    lat, wall = await run_paced(url, 20, args.rate, args.tickets, issue)
    results.append((f"issue ticket, paced at {args.rate}/s", 20, lat, wall))
    def call_next_timing(into: list[float]):  # type: ignore[no-untyped-def]
        """A window calls the next ticket (timed alone) and then finishes it (not timed)."""
        async def call(session: aiohttp.ClientSession, i: int, k: int) -> int:
            w = i % WINDOWS + 1
            h = {"Authorization": f"Bearer counter-token-{w}"}
            t0 = time.perf_counter()
            async with session.post(f"/api/v1/windows/{w}/call-next", headers=h) as r:
                body = await r.json() if r.status == 200 else None
                status = r.status
            into.append((time.perf_counter() - t0) * 1000)
            if body:
                async with session.post(f"/api/v1/tickets/{body['id']}/finish", headers=h) as r2:
                    await r2.read()
            return status
        return call

    for n in (1, 20):
        timings: list[float] = []
        _, wall = await run_clients(url, n, args.calls if n == 20 else args.calls // 5, call_next_timing(timings))
        results.append(("call next, closed loop (+finish not timed)", n, timings, wall))
    timings = []
    _, wall = await run_paced(url, 20, args.call_rate, args.calls, call_next_timing(timings))
    results.append((f"call next, paced at {args.call_rate}/s (20 windows)", 20, timings, wall))
    return results


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tickets", type=int, default=3000)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=300.0, help="paced issue rate (tickets/s)")
    ap.add_argument("--call-rate", type=float, default=100.0, help="paced call-next rate (calls/s)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "hall.toml"
        cfg.write_text(bench_config(), encoding="utf-8")
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "hall", "--config", str(cfg), "--db",
                                 str(Path(tmp) / "hall.db"), "--listen", f"127.0.0.1:{port}"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            results = asyncio.run(main_async(args, f"http://127.0.0.1:{port}"))
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(20)
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}")
    print("| operation | clients | requests | p50 ms | p99 ms | throughput req/s |")
    print("|---|---|---|---|---|---|")
    for name, n, lat, wall in results:
        print(f"| {name} | {n} | {len(lat)} | {statistics.median(lat):.2f} | {pct(lat, 99):.2f} | "
              f"{len(lat) / wall:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
