"""Byte-exact ESC/POS commands."""

import pytest

from drivers.printer import commands as cmd


def test_qr_native_sequence():
    assert cmd.qr_native("AB", module=6, error_level="M") == bytes.fromhex(
        "1d286b0400314132 00"  # model 2
        "1d286b03003143 06"  # module 6 dots
        "1d286b03003145 31"  # error level M
        "1d286b0500315030 4142"  # store "AB" (pL = 2 + 3)
        "1d286b03003151 30"  # print
    )


def test_cut_and_feed():
    assert cmd.cut(partial=False) == b"\x1dV\x00"
    assert cmd.cut(partial=True) == b"\x1dV\x01"
    assert cmd.feed_lines(4) == b"\x1bd\x04"


def test_char_size_packs_width_high_nibble():
    assert cmd.char_size(1, 1) == b"\x1d!\x00"
    assert cmd.char_size(2, 2) == b"\x1d!\x11"
    assert cmd.char_size(4, 4) == b"\x1d!\x33"
    with pytest.raises(ValueError):
        cmd.char_size(9, 1)


def test_status_request():
    assert [cmd.status_request(n) for n in (1, 2, 3, 4)] == [
        b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04"]
    with pytest.raises(ValueError):
        cmd.status_request(5)


def test_raster_header_and_bits():
    data = cmd.raster([[True, False, False, False, False, False, False, False, True],
                       [False] * 9])
    # width 9 dots -> 2 bytes per row, height 2
    assert data == bytes.fromhex("1d763000 0200 0200 8080 0000")


def test_qr_raster_draws_the_same_symbol_as_native():
    modules = cmd.qr_matrix("https://hall.example.cn/q/A012")
    data = cmd.qr_raster("https://hall.example.cn/q/A012", module=2)
    width = len(modules) * 2
    assert data[4:8] == bytes([(width + 7) // 8, 0, width & 0xFF, width >> 8])
    first_row = data[8:8 + (width + 7) // 8]
    assert first_row[0] == 0xFF  # the finder pattern's top edge: 7 modules x 2 dots, dark
