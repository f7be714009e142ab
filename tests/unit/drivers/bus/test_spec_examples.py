"""Every example frame in docs/protocols/hall-bus.md is a valid frame (the doc cannot drift)."""

import re
from pathlib import Path

from drivers.bus.frame import Frame, FrameParser

DOC = Path(__file__).resolve().parents[4] / "docs" / "protocols" / "hall-bus.md"


def test_doc_example_frames_parse():
    examples = re.findall(r"\b02(?: [0-9A-F]{2})+ 03\b", DOC.read_text(encoding="utf-8"))
    assert len(examples) >= 15
    for text in examples:
        got = FrameParser().feed(bytes.fromhex(text))
        assert len(got) == 1 and isinstance(got[0], Frame), text
        assert got[0].encode() == bytes.fromhex(text)
