"""`kiosk display`: the hall display for a LED wall or TV. See docs/apps/display.md."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    from kiosk.apps.common_backend import run_app
    from kiosk.apps.display.app import build_display

    return run_app(lambda: build_display(
        args.hall, args.token, language=args.lang, voice=not args.no_voice, strip_bus=args.strip_bus,
        strip_address=args.strip_address, fullscreen=not args.windowed), language=args.lang)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("display", help="hall display: calls, waiting, live satisfaction board",
                       description="Fullscreen hall display (designed at 1920x1080): latest calls announced "
                                   "by voice, waiting per service, the live satisfaction board per window.")
    p.add_argument("--hall", required=True, metavar="URL", help="hall node, e.g. http://10.0.0.2:8470")
    p.add_argument("--token", required=True, help="this display's device token")
    p.add_argument("--strip-bus", metavar="URL", help="hall bus port of the hall LED strip")
    p.add_argument("--strip-address", type=int, default=30, metavar="A", help="hall strip address (default 30)")
    p.add_argument("--no-voice", action="store_true", help="do not announce calls")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of fullscreen")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.set_defaults(func=run)
