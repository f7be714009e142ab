"""Golden bytes for the sample ticket on each paper width, with native and raster QR.

A change to the layout or the command bytes fails here. When the change is wanted, regenerate
with ``PRINTER_GOLDEN_UPDATE=1 pytest tests/unit/drivers/printer/test_golden.py`` and review the
diff of the .hex files.
"""

import os
import pathlib

import pytest

from drivers.printer import get_profile, ticket_bytes
from tests.helpers.printer import ticket

GOLDEN = pathlib.Path(__file__).parent / "golden"
CASES = ["generic-80", "generic-80-noqr", "generic-58", "generic-58-noqr"]


def to_hex(data: bytes) -> str:
    return "\n".join(data[i:i + 32].hex(" ") for i in range(0, len(data), 32)) + "\n"


@pytest.mark.parametrize("profile", CASES)
def test_ticket_bytes_match_golden(profile):
    data = ticket_bytes(ticket(), get_profile(profile))
    path = GOLDEN / f"ticket-{profile}.hex"
    if os.environ.get("PRINTER_GOLDEN_UPDATE"):
        path.write_text(to_hex(data))
    expected = bytes.fromhex(path.read_text())
    assert data == expected


def test_goldens_differ_where_the_profiles_differ():
    native = bytes.fromhex((GOLDEN / "ticket-generic-80.hex").read_text())
    raster = bytes.fromhex((GOLDEN / "ticket-generic-80-noqr.hex").read_text())
    narrow = bytes.fromhex((GOLDEN / "ticket-generic-58.hex").read_text())
    assert b"\x1d(k" in native and b"\x1dv0" not in native
    assert b"\x1dv0" in raster and b"\x1d(k" not in raster
    assert native.endswith(b"\x1bd\x04\x1dV\x01")  # feed to the blade, partial cut
    assert raster.endswith(b"\x1bd\x04\x1dV\x00")  # this profile cuts fully
    assert narrow.endswith(b"\x1bd\x04") and b"\x1dV" not in narrow  # tear bar: feed only
    assert native.startswith(b"\x1b@\x1c&")  # init, then Chinese (GB18030) mode
    assert "马上办政务服务中心".encode("gb18030") in native
    assert b"\x1d!\x33A012\n" in native  # the number at 4x4 (bold carried over)
