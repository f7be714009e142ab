"""Benchmark: a busy hall's week offline (>= 250,000 events) catching up to the central server.

The events are generated straight into a hall Store (7,500 tickets a day, five events per
ticket: issued, called, start, finish, rating). A real `kiosk central` process (SQLite file or
a throwaway PostgreSQL) receives them from the hall's own SyncClient over loopback HTTP, with
signing, hash-chain checks, dedup and projections exactly as in production. The naive baseline
sends one request per event (batch_size = 1) on a subset and its rate is extrapolated to the
full backlog.

    .venv/bin/python bench/bench_sync.py                 # writes docs/benchmarks/sync.md
    .venv/bin/python bench/bench_sync.py --events 20000 --baseline-events 1000 --no-write
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.config.hall import load_config  # noqa: E402
from kiosk.store.db import Store  # noqa: E402
from kiosk.sync.client import SyncClient  # noqa: E402
from tests.helpers.central import (  # noqa: E402
    CentralProcess,
    central_events,
    generate_backlog,
    hall_config_with_central,
)
from tests.helpers.postgres import new_postgres_url, unavailable_reason  # noqa: E402


class Node:
    """What SyncClient needs of a hall node (no API server: nothing else writes)."""

    def __init__(self, tmp: Path, db: Path, url: str, batch_size: int) -> None:
        path = tmp / f"hall-{batch_size}.toml"
        path.write_text(hall_config_with_central(url, batch_size=batch_size, interval=0.05), encoding="utf-8")
        self.config = load_config(path)
        self.store = Store(db, self.config.hall.id)
        self.service = None
        self.sync: Any = None


async def catch_up(node: Node, timeout: float) -> float:
    client = SyncClient(node)
    client.pull_every = 1e9  # measure the push only
    t0 = time.perf_counter()
    await client.start()
    try:
        deadline = time.monotonic() + timeout
        while client.status()["pending"] > 0:
            if time.monotonic() > deadline:
                raise TimeoutError(f"not caught up: {client.status()}")
            await asyncio.sleep(0.01)
        return time.perf_counter() - t0
    finally:
        await client.stop()


def run_case(tmp: Path, db_url: str, hall_db: Path, batch_size: int, timeout: float) -> tuple[float, int]:
    central = CentralProcess(tmp, db_url).start()
    try:
        node = Node(tmp, hall_db, central.url, batch_size)
        try:
            seconds = asyncio.run(catch_up(node, timeout))
            last = node.store.last_seq()
        finally:
            node.store.close()
        stored = central_events(db_url)
        assert len(stored) == last and stored[-1][1] == last, "central must hold every event exactly once"
        return seconds, last
    finally:
        central.terminate()


def fresh_db(kind: str, tmp: Path, name: str) -> str | None:
    if kind == "sqlite":
        return str(tmp / f"{name}.db")
    return new_postgres_url()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=262_500, help="backlog size (default: 7 days x 7,500 x 5)")
    ap.add_argument("--baseline-events", type=int, default=5_000, help="subset sent one request per event")
    ap.add_argument("--batch-size", type=int, default=500, help="events per push (the hall default is 500)")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--out", default=str(ROOT / "docs/benchmarks/sync.md"))
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    results: list[dict[str, Any]] = []
    try:
        t0 = time.perf_counter()
        week = tmp / "week.db"
        generate_backlog(week, args.events)
        gen_s = time.perf_counter() - t0
        small = tmp / "small.db"
        generate_backlog(small, args.baseline_events)
        print(f"generated {args.events} events in {gen_s:.1f}s", flush=True)
        for kind in args.backends.split(","):
            url = fresh_db(kind, tmp, "central-batch")
            if url is None:
                print(f"{kind}: skipped ({unavailable_reason()})")
                continue
            hall = tmp / f"week-{kind}.db"
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{week}{suffix}").exists():
                    shutil.copy(f"{week}{suffix}", f"{hall}{suffix}")
            batch_s, n = run_case(tmp, url, hall, args.batch_size, 900)
            print(f"{kind}: {n} events in batches of {args.batch_size}: {batch_s:.1f}s ({n / batch_s:,.0f}/s)",
                  flush=True)
            url = fresh_db(kind, tmp, "central-naive")
            hall = tmp / f"small-{kind}.db"
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{small}{suffix}").exists():
                    shutil.copy(f"{small}{suffix}", f"{hall}{suffix}")
            naive_s, m = run_case(tmp, url, hall, 1, 900)  # type: ignore[arg-type]
            rate = m / naive_s
            extrapolated = n / rate
            print(f"{kind}: naive one-per-request: {m} events in {naive_s:.1f}s ({rate:,.0f}/s) -> "
                  f"{n} would take ~{extrapolated:.0f}s; speed-up {extrapolated / batch_s:.0f}x", flush=True)
            results.append({"backend": kind, "events": n, "batch_s": batch_s, "naive_events": m,
                            "naive_s": naive_s, "naive_rate": rate, "extrapolated_s": extrapolated})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not args.no_write:
        write_report(Path(args.out), args, results, gen_s)
    ok = all(r["extrapolated_s"] / r["batch_s"] >= 50 for r in results) and all(
        r["batch_s"] <= 20 for r in results if r["backend"] == "sqlite")
    return 0 if ok and results else 1


def write_report(out: Path, args: argparse.Namespace, results: list[dict[str, Any]], gen_s: float) -> None:
    cmd = "python bench/bench_sync.py " + " ".join(
        a for a in sys.argv[1:] if a != "--no-write")
    try:
        pg = subprocess.run(["sh", "-c", "ls /usr/lib/postgresql/"], capture_output=True, text=True).stdout.split()
    except OSError:
        pg = []
    lines = [
        "# Sync catch-up benchmark",
        "",
        "A busy hall offline for a week (7,500 tickets a day; issued, called, start, finish and rating",
        "events for each) catches up to the central server through the hall's own `SyncClient` over",
        "loopback HTTP: signed requests, hash-chain verification, dedup, per-day projections, one",
        "transaction and a durable commit per batch. The naive baseline sends one request per event;",
        f"it is measured on the first {args.baseline_events:,} events and its rate extrapolated to the",
        "whole backlog (it would otherwise take most of an hour).",
        "",
        f"- command: `{cmd.strip()}` (results below from `.venv/bin/python bench/bench_sync.py`)",
        f"- machine: nproc {os.cpu_count()}, {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {', '.join(pg) or 'n/a'} (throwaway, fsync on)",
        f"- date: {dt.date.today().isoformat()}",
        f"- backlog generated into the hall Store in {gen_s:.1f} s (not counted)",
        "",
        "| central database | events | batched (batch 500) | rate | naive rate (1 per request) | naive, extrapolated | speed-up |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['backend']} | {r['events']:,} | {r['batch_s']:.1f} s | {r['events'] / r['batch_s']:,.0f}/s | "
            f"{r['naive_rate']:,.0f}/s (measured on {r['naive_events']:,}) | ~{r['extrapolated_s']:,.0f} s | "
            f"{r['extrapolated_s'] / r['batch_s']:.0f}x |")
    lines += ["", "Targets: <= 20 s on SQLite, >= 50x over the naive baseline. After each run the benchmark",
              "checks that central holds every event exactly once.", ""]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    raise SystemExit(main())
