"""Compile the Qt translation sources (resources/i18n/*.ts) into .qm files at install time.
Simplified Chinese is the source language of the UI; English comes from the .ts files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"


def lrelease_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise RuntimeError("找不到 lrelease / pyside6-lrelease not found (install PySide6)")
    return [found]


def build_translations(directory: Path = I18N) -> str:
    sources = sorted(directory.glob("*.ts"))
    if not sources:
        return "translations: none to build"
    built = 0
    for ts in sources:
        qm = ts.with_suffix(".qm")
        if qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        r = subprocess.run([*lrelease_command(), str(ts), "-qm", str(qm)], capture_output=True, text=True)
        if r.returncode != 0 or not qm.exists():
            raise RuntimeError(f"lrelease failed for {ts.name}: {r.stderr.strip() or r.stdout.strip()}")
        built += 1
    return f"translations: {built} built, {len(sources) - built} up to date"
