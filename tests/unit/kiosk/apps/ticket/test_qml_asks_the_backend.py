"""The kiosk's QML compares no strings: which screen shows, whether a tile can be taken, what its
status line says and which language is on come from backend properties (``screenIndex``,
``online``, ``english``, the tiles' flags), so each rule lives once, in Python."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.apps.runtime import QML_DIR

# Any comparison with a non-empty string literal; comparing with "" (is there text?) is fine.
COMPARISON = re.compile(r"""(===|!==|==|!=)\s*["']([^"']+)["']|["']([^"']+)["']\s*(===|!==|==|!=)""")
SCREEN_LIST = re.compile(r"""\[\s*["']home["']""")
FILES = sorted((QML_DIR / "ticket").glob("*.qml"))


@pytest.mark.parametrize("qml", FILES, ids=lambda p: p.name)
def test_no_string_is_compared_in_the_kiosk_qml(qml: Path):
    text = qml.read_text(encoding="utf-8")
    found = [(n, m.group(0)) for n, line in enumerate(text.splitlines(), 1) for m in COMPARISON.finditer(line)]
    assert found == [], f"{qml.name} decides from strings: {found}"
    assert not SCREEN_LIST.search(text), f"{qml.name} lists screens by name"


def test_the_check_sees_a_comparison():
    assert COMPARISON.search('readonly property bool open: service.state === "open"')
    assert COMPARISON.search("visible: kiosk.link === 'offline'")
    assert not COMPARISON.search('visible: kiosk.cardHint !== ""')
    assert len(FILES) >= 10
