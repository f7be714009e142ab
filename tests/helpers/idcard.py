"""Helpers for the ID card reader tests: a text-block builder that uses the literal offsets of
PROTOCOLS.md (not the driver's layout tables, so a wrong table cannot agree with itself), the
sample numbers, and a check that no clear ID number shows anywhere."""

from __future__ import annotations

import re

# Every clear number the tests and the simulator use.
SAMPLE_NUMBERS = ("11010519491231002X", "360426199101010071", "81000019940823003X",
                  "USA110078091203")
_ID_RUN = re.compile(r"(?<![0-9A-Za-z])\d{15,17}[\dXx](?![0-9A-Za-z])")


def ucs2(value: str, size: int) -> bytes:
    raw = value.encode("utf-16-le")
    assert len(raw) <= size, (value, size)
    return raw + b" \x00" * ((size - len(raw)) // 2)


def block_at(fields: dict[int, tuple[str, int]], type_letter: str = " ") -> bytes:
    """256 bytes with ``{offset: (value, size)}`` written at the literal byte offsets."""
    block = bytearray(b" \x00" * 128)
    for offset, (value, size) in fields.items():
        block[offset : offset + size] = ucs2(value, size)
    block[248:250] = ucs2(type_letter, 2)
    return bytes(block)


def resident_block(**over: str) -> bytes:
    f = {"name": "王小明", "gender": "1", "ethnic": "25", "birth": "19910101",
         "address": "江西省九江市德安县蒲亭镇八一路1号", "number": "360426199101010071",
         "authority": "德安县公安局", "from": "20110101", "until": "20310101"}
    f.update(over)
    return block_at({0: (f["name"], 30), 30: (f["gender"], 2), 32: (f["ethnic"], 4),
                     36: (f["birth"], 16), 52: (f["address"], 70), 122: (f["number"], 36),
                     158: (f["authority"], 30), 188: (f["from"], 16), 204: (f["until"], 16)})


def foreign_block(number: str = "USA110078091203", letter: str = "I") -> bytes:
    return block_at({0: ("SMITH, JOHN", 120), 120: ("1", 2), 122: (number, 30),
                     152: ("USA", 6), 158: ("史密斯", 30), 188: ("20180601", 16),
                     204: ("20280601", 16), 220: ("19780912", 16), 236: ("20", 4),
                     240: ("1100", 8)}, letter)


def hkmt_block() -> bytes:
    return block_at({0: ("陈大文", 30), 30: ("2", 2), 36: ("19940823", 16),
                     52: ("广东省深圳市福田区福华一路1号", 70), 122: ("81000019940823003X", 36),
                     158: ("深圳市公安局", 30), 188: ("20230101", 16), 204: ("20280101", 16),
                     220: ("H12345678", 18), 238: ("03", 4)}, "J")


def assert_no_clear_id(text: str) -> None:
    """No sample number and nothing shaped like an 18-digit ID number in ``text``."""
    for number in SAMPLE_NUMBERS:
        assert number not in text, "a clear ID number leaked"
    assert not _ID_RUN.search(text), "an ID-number-like run leaked"
