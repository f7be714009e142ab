"""`kiosk counter`: the counter terminal (窗口叫号) for one window. See docs/apps/counter.md."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from kiosk.apps.common_backend import run_app
    from kiosk.apps.counter.app import build_counter

    return run_app(lambda: build_counter(
        args.hall, args.token, args.window, language=args.lang, bus=args.bus,
        pad_address=args.pad_address, screen_address=args.screen_address,
        pad_timeout_s=args.pad_timeout), language=args.lang)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("counter", help="counter terminal for one window (call, serve, rate)",
                       description="The counter terminal: sign in, call next / a chosen ticket, recall, "
                                   "start, finish, no-show, transfer, pause, resume, sign off. F-keys "
                                   "are shown on the buttons.")
    p.add_argument("--hall", required=True, metavar="URL", help="hall node, e.g. http://10.0.0.2:8470")
    p.add_argument("--token", required=True, help="this counter's device token")
    p.add_argument("--window", required=True, type=int, help="window number")
    p.add_argument("--bus", metavar="URL", help="hall bus port for the window screen and rating pad")
    p.add_argument("--pad-address", type=int, metavar="A", help="rating pad address on the bus")
    p.add_argument("--screen-address", type=int, metavar="S", help="window LED screen address on the bus")
    p.add_argument("--pad-timeout", type=float, default=60.0, metavar="S",
                   help="seconds the pad waits for a rating before recording 'not rated' (default 60)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)
