"""`make bench` runs bench/run_all.py, which must find every benchmark script."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_make_bench_runs_the_runner_that_lists_every_benchmark():
    assert "bench/run_all.py" in (ROOT / "Makefile").read_text(encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "bench/run_all.py"), "--list"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == sorted(p.name for p in (ROOT / "bench").glob("bench_*.py"))
    assert "fuzz_idcard.py" not in out


def test_unknown_benchmark_is_refused():
    done = subprocess.run([sys.executable, str(ROOT / "bench/run_all.py"), "--only", "nope"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "no such benchmarks: nope" in done.stderr
