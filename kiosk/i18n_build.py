"""Compile the Qt translation sources (resources/i18n/*.ts) into .qm files at install time.
Simplified Chinese is the source language of the UI; English comes from the .ts files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kiosk.paths import RESOURCES

I18N = RESOURCES / "i18n"


def lrelease_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-lrelease")
    if exe.exists():
        # run the script with this interpreter: in a package build its shebang names the
        # virtualenv's final place, which does not exist yet
        return [sys.executable, str(exe)]
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


# Which sources each translation file covers: Python backends (QCoreApplication.translate with
# an explicit context) and QML (qsTr, context = the file's name). The kiosk's file is its own.
SOURCES: dict[str, list[str]] = {
    "common_en.ts": ["kiosk/apps/common_backend.py", "kiosk/apps/health.py", "resources/qml/common"],
    "counter_en.ts": ["kiosk/apps/counter", "resources/qml/counter"],
    "pad_en.ts": ["kiosk/apps/pad", "resources/qml/pad"],
    "display_en.ts": ["kiosk/apps/display", "resources/qml/display"],
}


def lupdate_command() -> list[str]:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pyside6-lupdate") or shutil.which("lupdate")
    if not found:
        raise RuntimeError("找不到 lupdate / pyside6-lupdate not found (install PySide6)")
    return [found]


def update_sources(directory: Path = I18N, names: list[str] | None = None) -> list[Path]:
    """Refresh the .ts files from the code (new strings appear as unfinished, removed ones go);
    a developer then writes the English and commits. Returns the files written."""
    root = I18N.parent.parent
    written = []
    for name, sources in SOURCES.items():
        if names is not None and name not in names:
            continue
        files = []
        for src in sources:
            path = root / src
            files += sorted(path.rglob("*.py")) + sorted(path.rglob("*.qml")) if path.is_dir() else [path]
        ts = directory / name
        r = subprocess.run([*lupdate_command(), *map(str, files), "-no-obsolete", "-locations", "none",
                            "-ts", str(ts)], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"lupdate failed for {name}: {r.stderr.strip() or r.stdout.strip()}")
        written.append(ts)
    return written


def unfinished(ts: Path) -> list[str]:
    """Source strings of ``ts`` that have no English yet."""
    import xml.etree.ElementTree as ET

    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
            out.append(msg.findtext("source") or "")
    return out
