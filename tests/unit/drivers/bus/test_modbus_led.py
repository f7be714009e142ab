"""Modbus LED register encoding (pure)."""

import pytest

from drivers.bus.modbus_led import LedRegisterMap, decode_text_registers, encode_text_registers
from drivers.bus.payloads import TextEncodingError


def test_text_registers_high_byte_first_nul_padded():
    regs, length = encode_text_registers("请A1")
    assert length == 4
    assert regs[:3] == [0xC7EB, 0x4131, 0x0000] and len(regs) == 64
    assert decode_text_registers(regs, length=length) == "请A1"


def test_low_byte_first_boards_and_odd_length():
    regmap = LedRegisterMap(text_registers=4, high_byte_first=False)
    regs, length = encode_text_registers("ABC", regmap)
    assert regs == [0x4241, 0x0043, 0, 0] and length == 3
    assert decode_text_registers(regs, regmap) == "ABC"


def test_long_text_cut_whole_characters_or_refused():
    regmap = LedRegisterMap(text_registers=2)  # 4 bytes
    regs, length = encode_text_registers("A号号", regmap)
    assert length == 3 and decode_text_registers(regs, regmap, length) == "A号"
    with pytest.raises(TextEncodingError):
        encode_text_registers("A号号", regmap, errors="strict")
