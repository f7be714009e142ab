"""The ``kiosk`` command. Each subcommand lives in its own module under ``kiosk/commands`` and
adds itself through ``register(subparsers)``; ``kiosk devices ...`` does the same one level down
under ``kiosk/commands/devices``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from kiosk import __version__

# Order here is the order in `kiosk --help`.
COMMANDS = [
    "hall", "ticket", "counter", "pad", "display", "central", "demo", "devices",
    "build_resources", "setup", "doctor",
]


def _register_all(sub: argparse._SubParsersAction, package: str, names: list[str]) -> None:
    for name in names:
        module_name = f"{package}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # that part of the product is not installed in this build
            raise
        module.register(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="马上办 Mashang: government service hall queue, tickets and satisfaction",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more logging (-vv for device traffic)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    _register_all(sub, "kiosk.commands", COMMANDS)
    return parser


def setup_logging(verbose: int) -> None:
    from kiosk.core.citizens import MaskingFilter

    level = logging.WARNING - 10 * min(verbose, 2) if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # python-escpos announces every printer it opens at INFO on its own logger; not news to staff
    logging.getLogger("escpos").setLevel(max(level, logging.WARNING))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.verbose)
    result = args.func(args)
    return int(result or 0)
