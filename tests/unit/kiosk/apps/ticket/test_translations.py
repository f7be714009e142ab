"""The kiosk's words are Qt translations: every string its code and QML show is in
resources/i18n/ticket_en.ts with its English (the shell's test covers the other apps' files)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.i18n_build import I18N, lupdate_command, unfinished

ROOT = I18N.parent.parent
SOURCES = sorted((ROOT / "kiosk/apps/ticket").rglob("*.py")) + sorted((ROOT / "resources/qml/ticket").glob("*.qml"))


def _messages(ts: Path) -> list[tuple[str, str]]:
    return sorted((ctx.findtext("name") or "", m.findtext("source") or "")
                  for ctx in ET.parse(ts).getroot().iter("context") for m in ctx.iter("message"))


def test_every_kiosk_string_is_in_ticket_en_ts_with_its_english(tmp_path):
    ts = tmp_path / "ticket_en.ts"
    shutil.copy(I18N / "ticket_en.ts", ts)
    subprocess.run([*lupdate_command(), *map(str, SOURCES), "-no-obsolete", "-locations", "none", "-ts", str(ts)],
                   check=True, capture_output=True)
    assert unfinished(ts) == [], "strings without English: run pyside6-lupdate as in this test and translate"
    assert _messages(ts) == _messages(I18N / "ticket_en.ts"), "ticket_en.ts is out of date with the code"


def test_no_hand_typed_api_path_in_the_kiosk():
    """The typed client (kiosk/protocol/client.py) is the only place that knows the hall's paths."""
    mine = [*SOURCES, *(ROOT / "tests/gui/ticket").glob("*.py"), ROOT / "bench/bench_ticket_app.py",
            *(p for p in (ROOT / "tests/unit/kiosk/apps/ticket").glob("*.py") if p.name != Path(__file__).name)]
    assert [p.name for p in mine if "/api/v1" in p.read_text(encoding="utf-8")] == []
