"""`kiosk devices ...`: commands for installers, one module per device family."""

from __future__ import annotations

import argparse

DEVICE_COMMANDS = ["printer", "idcard", "bus", "voice"]


def register(sub: argparse._SubParsersAction) -> None:
    from kiosk.cli import _register_all

    parser = sub.add_parser("devices", help="test and set up hall devices (installers)",
                            description="Commands for installers: printers, card readers, "
                                        "rating pads, LED screens, voice.")
    devsub = parser.add_subparsers(dest="device_command", metavar="DEVICE_COMMAND")
    devsub.required = True
    _register_all(devsub, "kiosk.commands.devices", DEVICE_COMMANDS)
