"""`kiosk pad`: the on-screen rating pad (评价器) for one window. See docs/apps/pad.md."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from kiosk.apps.common_backend import run_app
    from kiosk.apps.pad.app import build_pad

    return run_app(lambda: build_pad(args.hall, args.token, args.window, language=args.lang,
                                     timeout_s=args.timeout), language=args.lang)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pad", help="on-screen rating pad for one window (tablet / touch monitor)",
                       description="Waits for its window's finished case, then asks the citizen to rate "
                                   "it (5 非常满意 .. 1 非常不满意; reasons for the two lowest).")
    p.add_argument("--hall", required=True, metavar="URL", help="hall node, e.g. http://10.0.0.2:8470")
    p.add_argument("--token", required=True, help="this pad's device token")
    p.add_argument("--window", required=True, type=int, help="window number")
    p.add_argument("--timeout", type=int, default=30, metavar="S",
                   help="seconds before an unrated case is recorded as not rated (default 30)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)
