"""The counter, pad and display QML compare no state strings: what may be done and what is
shown comes from backend properties (the core's predicates), so a rule lives once."""

import re
from pathlib import Path

import pytest

from kiosk.apps.pad.backend import SCREENS
from kiosk.apps.runtime import QML_DIR
from kiosk.core.tickets import Priority, TicketState
from kiosk.core.windows import WindowState
from kiosk.protocol.client import LinkState

STATE_WORDS = sorted({*WindowState, *TicketState, *Priority, *LinkState, *SCREENS})
COMPARISON = re.compile(r"""(===|!==|==|!=)\s*["']([a-z_]+)["']|["']([a-z_]+)["']\s*(===|!==|==|!=)""")
FILES = sorted(p for d in ("counter", "pad", "display", "common") for p in (QML_DIR / d).glob("*.qml"))


@pytest.mark.parametrize("qml", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_state_string_is_compared_in_qml(qml: Path):
    found = [(n, m.group(0)) for n, line in enumerate(qml.read_text(encoding="utf-8").splitlines(), 1)
             for m in COMPARISON.finditer(line) if (m.group(2) or m.group(3)) in STATE_WORDS]
    assert found == [], f"{qml.name} decides from state strings: {found}"


def test_the_check_sees_a_state_comparison():
    assert COMPARISON.search('enabled: backend.state === "open"').group(2) in STATE_WORDS
    assert len(FILES) >= 4
