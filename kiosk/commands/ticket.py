"""`kiosk ticket`: the ticket kiosk (取号机) touchscreen app; with --embedded-hall, the
community self-service terminal that runs its own hall node."""

from __future__ import annotations

import argparse
import logging
import os
import sys

log = logging.getLogger("kiosk.ticket")

DEFAULT_PIN = "2580"


def run(args: argparse.Namespace) -> int:
    from kiosk.apps.ticket.embedded import EmbeddedHall, EmbeddedHallError

    hall = None
    url, token = args.hall, args.token
    if args.embedded_hall:
        if not args.config or not args.db:
            print("--embedded-hall 需要 --config 和 --db / --embedded-hall needs --config and --db",
                  file=sys.stderr)
            return 2
        try:
            hall = EmbeddedHall(args.config, args.db).start()
        except EmbeddedHallError as exc:
            print(f"{exc.zh} / {exc.en}", file=sys.stderr)
            return 1
        except Exception as exc:  # config errors come from the hall's own loader
            print(f"内置大厅服务无法启动 / cannot start the embedded hall node: {exc}", file=sys.stderr)
            return 2
        url, token = hall.url, args.token or hall.token
    elif not url or not token:
        print("需要 --hall 和 --token(或 --embedded-hall)/ --hall and --token are required "
              "(or --embedded-hall)", file=sys.stderr)
        return 2
    pin = args.admin_pin or os.environ.get("MASHANG_ADMIN_PIN") or DEFAULT_PIN
    if pin == DEFAULT_PIN:
        log.warning("admin PIN is the default; set --admin-pin or MASHANG_ADMIN_PIN")
    try:
        from kiosk.apps.ticket.app import KioskApp, run_kiosk

        return run_kiosk(lambda: KioskApp(
            url, token, args.printer, args.reader or None, language=args.lang,
            fullscreen=not args.windowed, admin_pin=pin,
            voice=None if args.no_voice else "auto"))
    finally:
        if hall is not None:
            hall.stop(timeout=3.0)  # every acknowledged ticket is committed; a kill loses nothing


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ticket", help="run the ticket kiosk (取号机) / community terminal")
    p.add_argument("--hall", help="hall node URL, e.g. http://10.0.0.2:8470")
    p.add_argument("--token", help="this kiosk's device token (from the hall config)")
    p.add_argument("--printer", default="sim:kiosk-printer",
                   help="ticket printer URL: usb://VID:PID, serial://..., tcp://HOST:9100, sim:NAME")
    p.add_argument("--reader", default="",
                   help="ID card reader URL: serial:///dev/ttyUSB0?baudrate=115200, usb://VID:PID, sim:NAME")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="default language (zh)")
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--admin-pin", help="PIN of the admin screen (or $MASHANG_ADMIN_PIN)")
    p.add_argument("--no-voice", action="store_true", help="no spoken ticket numbers")
    p.add_argument("--embedded-hall", action="store_true",
                   help="community terminal: run a hall node on this machine (needs --config, --db)")
    p.add_argument("--config", help="hall config (TOML) for --embedded-hall")
    p.add_argument("--db", help="hall database file for --embedded-hall")
    p.set_defaults(func=run)
