"""`kiosk build-resources`: files made from sources at install time (Qt .qm translations,
voice clips). Each builder is optional and reports what it did."""

from __future__ import annotations

import argparse
import importlib
import logging

log = logging.getLogger("kiosk.build")

# module:function pairs; each takes no argument and returns a short report line.
BUILDERS = [
    "kiosk.i18n_build:build_translations",
    "drivers.voice.clips:build_default_clips",
]


def run(args: argparse.Namespace) -> int:
    failed = 0
    for spec in BUILDERS:
        module_name, func_name = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        try:
            print(getattr(module, func_name)())
        except Exception as exc:
            failed += 1
            print(f"构建失败 / build failed: {spec}: {exc}")
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build-resources", help="build translations and voice clips")
    p.set_defaults(func=run)
