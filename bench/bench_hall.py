"""Hall node latency and throughput over loopback against a real `kiosk hall` process.

    .venv/bin/python bench/bench_hall.py [--tickets 3000] [--calls 1000]
    .venv/bin/python bench/bench_hall.py --growth [--backlogs 0,5000,20000] [--samples 300]

Measures issue-ticket and call-next latency (p50/p99) and throughput with 1 and 20 concurrent
clients (aiohttp, one client process). Targets (issue 2): p99 <= 20 ms and >= 300 tickets/s
with 20 clients. The client shares the machine's cores with the server, so figures are a floor.

``--growth`` (issue 11) measures whether cost grows with the queue: in one run and one hall, it
fills the same service's queue to each backlog in turn and times, at each, ``--samples`` issues
and call-nexts from one client (one request at a time, so the figures are service time, not
queueing). ``--root`` runs another checkout's hall node (e.g. the code before a change) with
the same client, for a side-by-side table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
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


KIOSK = {"Authorization": "Bearer kiosk-token-1"}


async def issue(session: aiohttp.ClientSession, i: int, k: int) -> int:
    """One ticket for the social-security queue, as a kiosk asks for it."""
    async with session.post("/api/v1/tickets", json={"service": "social"}, headers=KIOSK) as r:
        await r.read()
        return r.status


def call_next_timing(into: list[float], window: int | None = None):  # type: ignore[no-untyped-def]
    """A window calls the next ticket (timed alone) and then finishes it (not timed); with no
    ``window`` the clients take the 20 windows in turn."""
    async def call(session: aiohttp.ClientSession, i: int, k: int) -> int:
        w = window if window is not None else i % WINDOWS + 1
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


async def main_async(args: argparse.Namespace, url: str) -> list[tuple[str, int, list[float], float]]:
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

    for n in (1, 20):
        timings: list[float] = []
        _, wall = await run_clients(url, n, args.calls if n == 20 else args.calls // 5, call_next_timing(timings))
        results.append(("call next, closed loop (+finish not timed)", n, timings, wall))
    timings = []
    _, wall = await run_paced(url, 20, args.call_rate, args.calls, call_next_timing(timings))
    results.append((f"call next, paced at {args.call_rate}/s (20 windows)", 20, timings, wall))
    return results


async def growth_async(args: argparse.Namespace, url: str) -> list[tuple[int, list[float], list[float]]]:
    async with aiohttp.ClientSession(base_url=url) as s:
        # one window signed in: call-next has one queue owner, the others stay signed off
        async with s.post("/api/v1/windows/1/sign-in", json={},
                          headers={"Authorization": "Bearer counter-token-1"}) as r:
            assert r.status == 200, await r.text()
    async def warm(session: aiohttp.ClientSession, i: int, k: int) -> int:
        async with session.post("/api/v1/tickets", json={"service": "tax"}, headers=KIOSK) as r:
            await r.read()
            return r.status

    await run_clients(url, 2, 100, warm)  # warm-up on another service: social's queue starts empty
    waiting = 0
    out = []
    for backlog in sorted(int(b) for b in args.backlogs.split(",")):
        if backlog > waiting:
            await run_clients(url, 20, backlog - waiting, issue)
            waiting = backlog
        issue_lat, _ = await run_clients(url, 1, args.samples, issue)
        waiting += args.samples
        calls: list[float] = []

        await run_clients(url, 1, args.samples, call_next_timing(calls, window=1))
        waiting -= args.samples
        out.append((backlog, issue_lat, calls))
    return out


# Run in a child process inside the checkout under test (``--root``), so the code before a change
# can be measured by the same harness: the hall's own cost per issue and call-next, without HTTP
# or a client sharing the cores.
IN_PROCESS = r"""
import json, pathlib, statistics, sys, tempfile, time
from kiosk.config.hall import parse_config
from kiosk.hall.service import HallService
from kiosk.store.db import Store
cfg = parse_config(sys.argv[1]); backlogs = json.loads(sys.argv[2]); samples = int(sys.argv[3])
store = Store(pathlib.Path(tempfile.mkdtemp()) / "hall.db", cfg.hall.id)
s = HallService(cfg, store, b"k" * 32)
dev = {d.id: d for d in cfg.devices}
s.sign_in(dev["counter-1"], 1, None, None).result()
for _ in range(100):
    s.issue_ticket(dev["kiosk-1"], "tax").result()
waiting, rows = 0, []
def timed(fn):
    t0 = time.perf_counter(); out = fn(); return (time.perf_counter() - t0) * 1000, out
for backlog in backlogs:
    while waiting < backlog:
        futs = [s.issue_ticket(dev["kiosk-1"], "social") for _ in range(min(1000, backlog - waiting))]
        for f in futs: f.result()
        waiting += len(futs)
    issue = [timed(lambda: s.issue_ticket(dev["kiosk-1"], "social").result())[0] for _ in range(samples)]
    calls = []
    for _ in range(samples):
        ms, t = timed(lambda: s.call_next(dev["counter-1"], 1).result())
        calls.append(ms)
        s.ticket_action(dev["counter-1"], t["id"], "finish").result()
    rows.append([backlog, issue, calls])
store.close()
print(json.dumps(rows))
"""


def growth_in_process(args: argparse.Namespace) -> list[tuple[int, list[float], list[float]]]:
    backlogs = sorted(int(b) for b in args.backlogs.split(","))
    out = subprocess.run([sys.executable, "-c", IN_PROCESS, bench_config(), json.dumps(backlogs),
                          str(args.samples)], cwd=Path(args.root).resolve(), check=True,
                         capture_output=True, text=True).stdout
    return [(int(b), i, c) for b, i, c in json.loads(out)]


def start_hall(root: Path, tmp: str) -> tuple[subprocess.Popen[bytes], int]:
    cfg = Path(tmp) / "hall.toml"
    cfg.write_text(bench_config(), encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "hall", "--config", str(cfg), "--db",
                             str(Path(tmp) / "hall.db"), "--listen", f"127.0.0.1:{port}"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, port
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)


def growth(args: argparse.Namespace) -> int:
    if args.in_process:
        rows = growth_in_process(args)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            proc, port = start_hall(Path(args.root).resolve(), tmp)
            try:
                rows = asyncio.run(growth_async(args, f"http://127.0.0.1:{port}"))
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(20)
    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}; hall code: {args.root}; "
          f"{'in process (HallService, no HTTP)' if args.in_process else 'HTTP, one client'}")
    print("| waiting (same service) | issue p50 ms | issue p99 ms | call-next p50 ms | call-next p99 ms |")
    print("|---|---|---|---|---|")
    for backlog, issue_lat, calls in rows:
        print(f"| {backlog:,} | {statistics.median(issue_lat):.2f} | {pct(issue_lat, 99):.2f} | "
              f"{statistics.median(calls):.2f} | {pct(calls, 99):.2f} |")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--growth", action="store_true", help="cost against queue length (issue 11)")
    ap.add_argument("--backlogs", default="0,5000,20000", help="waiting tickets to measure at (--growth)")
    ap.add_argument("--samples", type=int, default=300, help="timed requests per backlog (--growth)")
    ap.add_argument("--root", default=str(ROOT), help="checkout whose hall node to run")
    ap.add_argument("--in-process", action="store_true",
                    help="--growth without HTTP: time the hall service itself in a child process")
    ap.add_argument("--tickets", type=int, default=3000)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=300.0, help="paced issue rate (tickets/s)")
    ap.add_argument("--call-rate", type=float, default=100.0, help="paced call-next rate (calls/s)")
    args = ap.parse_args()
    if args.growth:
        return growth(args)
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "hall.toml"
        cfg.write_text(bench_config(), encoding="utf-8")
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", "hall", "--config", str(cfg), "--db",
                                 str(Path(tmp) / "hall.db"), "--listen", f"127.0.0.1:{port}"],
                                cwd=Path(args.root).resolve(),
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
