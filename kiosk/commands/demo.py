"""`kiosk demo`: the whole hall with simulated devices. Until the GUI apps land this runs the
scripted hall morning against a real hall node over HTTP and prints a summary."""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from kiosk.demo.morning import run_scripted_morning

    return run_scripted_morning(Path(args.config), Path(args.screenshots or "artifacts/demo"))


def register(sub: argparse._SubParsersAction) -> None:
    from kiosk.demo.morning import SAMPLE_CONFIG

    p = sub.add_parser("demo", help="run the whole hall with simulated devices")
    p.add_argument("--config", default=str(SAMPLE_CONFIG), help="hall config (default: the sample hall)")
    p.add_argument("--screenshots", help="directory for the demo's outputs")
    p.add_argument("--headless", action="store_true", help="no windows: scripted scenario only")
    p.set_defaults(func=run)
