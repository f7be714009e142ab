"""Payload layouts: GBK strings, events, IDENTIFY, PAD_MODE, SCREEN_TEXT."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.bus.payloads import (
    Effect,
    Identity,
    PadEvent,
    PadMode,
    TextEncodingError,
    decode_events,
    decode_identity,
    decode_strings,
    encode_events,
    encode_identity,
    encode_pad_mode,
    encode_screen_text,
    encode_string,
)
from drivers.errors import ProtocolError


def test_string_is_length_then_gbk():
    assert encode_string("请 A012") == bytes.fromhex("07 c7eb 20 41303132")


def test_outside_gbk_strict_names_the_character_in_both_languages():
    with pytest.raises(TextEncodingError) as info:
        encode_string("张😀", errors="strict")
    assert info.value.code == "text_not_gbk"
    assert "U+1F600" in info.value.zh and "GBK" in info.value.en


def test_outside_gbk_replace_uses_question_mark():
    assert encode_string("A😀B") == b"\x03A?B"


def test_long_text_cut_at_character_boundary_or_refused():
    data = encode_string("号" * 200)  # 400 bytes of GBK
    assert data[0] == 254 and len(data) == 255  # 127 whole characters, never half of one
    assert decode_strings(data) == ["号" * 127]
    with pytest.raises(TextEncodingError):
        encode_string("号" * 200, errors="strict")


@given(st.text(alphabet=st.characters(codec="gbk"), max_size=100))
def test_gbk_roundtrip(text):
    encoded = encode_string(text)
    if len(text.encode("gbk")) <= 255:
        assert decode_strings(encoded) == [text]


def test_events_roundtrip_and_layout():
    events = [PadEvent(0x0102, 5), PadEvent(0xFFFF, 6)]
    assert encode_events(events) == bytes.fromhex("02 0102 05 ffff 06")
    assert decode_events(encode_events(events)) == events
    assert decode_events(b"\x00") == []


@pytest.mark.parametrize("payload", [b"", b"\x02\x00\x01\x05", b"\x01\x00\x01\x00", b"\x01\x00\x01\x11"])
def test_bad_events_are_protocol_errors(payload):
    with pytest.raises(ProtocolError) as info:
        decode_events(payload)
    assert info.value.zh and info.value.en


def test_identity_layout():
    ident = Identity(1, 0x0102, "MS-PAD5")
    assert encode_identity(ident) == bytes.fromhex("01 0102") + b"MS-PAD5"
    assert decode_identity(encode_identity(ident)) == ident
    assert ident.type_name == "rating_pad" and ident.firmware_text == "1.2"
    with pytest.raises(ProtocolError):
        decode_identity(b"\x01\x00")
    with pytest.raises(ProtocolError):
        decode_identity(b"\x01\x00\x01\xff\xfe")


def test_pad_mode_layouts():
    assert encode_pad_mode(PadMode.IDLE) == b"\x00"
    assert encode_pad_mode(PadMode.THANKS) == b"\x02"
    assert encode_pad_mode(PadMode.INVITE, ("3", "张三", "0371", "A012")) == (
        b"\x01" + b"\x013" + b"\x04" + "张三".encode("gbk") + b"\x040371" + b"\x04A012")
    with pytest.raises(ValueError):
        encode_pad_mode(PadMode.INVITE, ("3",))


def test_screen_text_layout():
    assert encode_screen_text(0, Effect.BLINK, "请") == bytes.fromhex("00 02 02 c7eb")


def test_decode_strings_rejects_overrun_and_bad_gbk():
    with pytest.raises(ProtocolError):
        decode_strings(b"\x05ab")
    with pytest.raises(ProtocolError):
        decode_strings(b"\x01\x81")
    with pytest.raises(ProtocolError):
        decode_strings(b"\x01a\x01b", 1)
