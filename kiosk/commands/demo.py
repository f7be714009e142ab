"""`kiosk demo`: the whole hall with simulated devices (docs/demo.md).

* default: hall node + ticket kiosk + two counters + two rating pads + the hall display as real
  QML windows; offscreen with a scripted scenario and screenshots when there is no desktop or
  with ``--headless``.
* ``--script``: the scripted hall morning over HTTP only (no Qt), with a readable summary.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    out = Path(args.screenshots or "artifacts/demo")
    if args.script:
        from kiosk.demo.morning import run_scripted_morning

        return run_scripted_morning(Path(args.config), out)
    from kiosk.demo.gui import run_gui_demo

    return run_gui_demo(Path(args.config), out, headless=args.headless,
                        keep_open=False if args.exit else None)


def register(sub: argparse._SubParsersAction) -> None:
    from kiosk.demo.morning import SAMPLE_CONFIG

    p = sub.add_parser("demo", help="run the whole hall with simulated devices",
                       description="A hall node with the sample config and a demo clock at a working "
                                   "morning, the ticket kiosk, two counters, two rating pads and the hall "
                                   "display. Windows on the desktop when there is one; otherwise (or with "
                                   "--headless) offscreen with a scripted scenario, screenshots and a summary.")
    p.add_argument("--config", default=str(SAMPLE_CONFIG), help="hall config (default: the sample hall)")
    p.add_argument("--screenshots", metavar="DIR", help="directory for screenshots, tickets and logs "
                                                      "(default artifacts/demo)")
    p.add_argument("--headless", action="store_true", help="no windows: offscreen scenario, screenshots, summary")
    p.add_argument("--script", action="store_true", help="the scripted morning over HTTP only (no GUI)")
    p.add_argument("--exit", action="store_true", help="with windows: quit when the scenario is done")
    p.set_defaults(func=run)
