"""Run every benchmark in bench/ (`make bench`), one after another, each in its own process.

    .venv/bin/python bench/run_all.py [--only hall,sync] [--list]

Each bench_*.py runs with its defaults and prints its own figures; most write their detail page
under docs/benchmarks/ when asked (see each script's --help). The fuzzers (fuzz_*.py) are not
benchmarks and are not run here. Benchmarks run one at a time: the machines are shared and
small, and two benchmarks side by side would measure each other. Exit status is non-zero when
any benchmark failed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    return sorted(HERE.glob("bench_*.py"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated names, e.g. hall,sync (bench_ prefix optional)")
    ap.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = ap.parse_args()
    chosen = benchmarks()
    if args.only:
        wanted = {n.strip().removeprefix("bench_").removesuffix(".py") for n in args.only.split(",") if n.strip()}
        unknown = wanted - {p.stem.removeprefix("bench_") for p in chosen}
        if unknown:
            print(f"没有这些基准测试 / no such benchmarks: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        chosen = [p for p in chosen if p.stem.removeprefix("bench_") in wanted]
    if args.list:
        for p in chosen:
            print(p.name)
        return 0
    failed: list[str] = []
    summary: list[tuple[str, int, float]] = []
    for script in chosen:
        print(f"\n=== {script.name} ===", flush=True)
        t0 = time.monotonic()
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        summary.append((script.name, rc, time.monotonic() - t0))
        if rc != 0:
            failed.append(script.name)
    print("\n| benchmark | result | seconds |\n|---|---|---|")
    for name, rc, secs in summary:
        print(f"| {name} | {'ok' if rc == 0 else f'FAILED ({rc})'} | {secs:.1f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
