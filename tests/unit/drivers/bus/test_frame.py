"""Hall bus v1 frames: CRC vectors, byte-exact frames, the incremental parser and its resync."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.bus.frame import (
    COMMANDS,
    NAK_REASONS,
    BadFrame,
    Cmd,
    Frame,
    FrameParser,
    crc16_modbus,
    frame_time,
    inter_frame_gap,
)


@pytest.mark.parametrize(("data", "crc"), [
    (b"123456789", 0x4B37),  # the CRC-16/MODBUS check value
    (b"", 0xFFFF),  # init, nothing folded in
    (bytes.fromhex("010300000001"), 0x0A84),  # classic Modbus read-holding frame: ... 84 0A
    (bytes.fromhex("0130000000"), 0xC016),  # PING addr 1 seq 0 (hand computed, see hall-bus.md)
])
def test_crc16_modbus_vectors(data, crc):
    assert crc16_modbus(data) == crc


def test_crc_matches_pymodbus_independent_implementation():
    from pymodbus.framer.rtu import FramerRTU

    for data in (b"123456789", bytes(range(256)), "请 A012 号".encode("gbk")):
        swapped = FramerRTU.compute_CRC(data)  # pymodbus returns it byte-swapped for packing
        assert crc16_modbus(data) == ((swapped & 0xFF) << 8) | (swapped >> 8)


@pytest.mark.parametrize(("frame", "wire"), [
    (Frame(1, Cmd.PING, 0), "02 01 30 00 00 00 16 c0 03"),
    (Frame(3, Cmd.POLL_EVENTS, 7), "02 03 10 07 00 00 d5 01 03"),
    (Frame(3, Cmd.ACK_EVENTS, 8, bytes.fromhex("0065")), "02 03 11 08 00 02 00 65 ab 6b 03"),
    (Frame(3, Cmd.ACK, 8), "02 03 06 08 00 00 e1 4a 03"),
    (Frame(3, Cmd.NAK, 9, b"\x01"), "02 03 15 09 00 01 01 ce 27 03"),
    (Frame(0, Cmd.BRIGHTNESS, 1, b"\x0f"), "02 00 22 01 00 01 0f b8 74 03"),
    (Frame(11, Cmd.SCREEN_TEXT, 2, b"\x00\x00\x02" + "请".encode("gbk")),
     "02 0b 20 02 00 05 00 00 02 c7 eb aa 10 03"),
])
def test_frames_byte_exact(frame, wire):
    assert frame.encode() == bytes.fromhex(wire)
    assert FrameParser().feed(bytes.fromhex(wire)) == [frame]


def test_frame_rejects_bad_fields():
    with pytest.raises(ValueError):
        Frame(256, Cmd.PING, 0)
    with pytest.raises(ValueError):
        Frame(1, Cmd.PING, 300)
    with pytest.raises(ValueError):
        Frame(1, Cmd.SCREEN_TEXT, 0, bytes(2000))


def test_tables_cover_every_request_and_nak_reason():
    assert {c.name for c in COMMANDS} == {
        "IDENTIFY", "POLL_EVENTS", "ACK_EVENTS", "PAD_MODE", "SCREEN_TEXT", "SCREEN_CLEAR",
        "BRIGHTNESS", "PING"}
    assert sorted(NAK_REASONS) == [1, 2, 3, 4, 5]
    assert [r for r, i in NAK_REASONS.items() if i.retry] == [1, 5]


def test_timing():
    assert frame_time(9, 9600) == pytest.approx(9 * 10 / 9600)
    assert inter_frame_gap(9600) == pytest.approx(3.5 * 10 / 9600)
    assert inter_frame_gap(115200) >= 3.5 * 10 / 115200


def test_parser_byte_by_byte_and_between_garbage():
    a, b = Frame(3, Cmd.EVENTS_REPLY, 4, b"\x01\x00\x10\x05"), Frame(4, Cmd.ACK, 5)
    stream = b"\xff\x00" + a.encode() + b"\x55" + b.encode()
    parser = FrameParser()
    got = []
    for byte in stream:
        got += parser.feed(bytes((byte,)))
    assert got == [a, b]
    assert parser.skipped == 3 and parser.pending == 0


def test_parser_resyncs_after_bad_crc_and_finds_frame_inside():
    good = Frame(5, Cmd.PING_REPLY, 9)
    broken = bytearray(Frame(5, Cmd.ACK, 1).encode())
    broken[6] ^= 0xFF  # CRC_L
    got = FrameParser().feed(bytes(broken) + good.encode())
    assert isinstance(got[0], BadFrame) and got[0].reason == "crc"
    assert got[-1] == good


def test_parser_reports_missing_etx():
    raw = bytearray(Frame(5, Cmd.ACK, 1).encode())
    raw[-1] = 0x04
    got = FrameParser().feed(bytes(raw))
    assert [g.reason for g in got if isinstance(g, BadFrame)] == ["etx"]


def test_noise_02_with_bogus_length_is_given_up_on_drain():
    good = Frame(2, Cmd.ACK, 3)
    parser = FrameParser()
    # 02 then a header claiming 0x0300 bytes swallows the good frame until the line goes quiet
    assert parser.feed(b"\x02\x01\x06\x00\x03\x00" + good.encode()) == []
    got = parser.drain()
    assert good in got and parser.pending == 0


def test_impossible_length_or_address_resyncs_at_once():
    good = Frame(2, Cmd.ACK, 3)
    got = FrameParser().feed(b"\x02\x01\x06\x00\xff\xff" + b"\x02\xfa\x06\x00\x00\x00" + good.encode())
    assert got[-1] == good
    assert [g.reason for g in got if isinstance(g, BadFrame)] == ["length", "address"]


frames_st = st.builds(
    Frame,
    addr=st.integers(0, 247),
    cmd=st.integers(0, 255),
    seq=st.integers(0, 255),
    payload=st.binary(max_size=40),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(frames_st, max_size=5), st.binary(max_size=60), st.lists(st.integers(1, 17), max_size=10))
def test_fuzz_garbage_then_frames_all_recovered(frames, garbage, cuts):
    """Whatever noise precedes them and however the bytes are chunked, every frame comes out."""
    stream = garbage + b"".join(f.encode() for f in frames)
    parser = FrameParser()
    got, pos = [], 0
    for n in cuts:
        got += parser.feed(stream[pos : pos + n])
        pos += n
    got += parser.feed(stream[pos:])
    got += parser.drain()
    good = [g for g in got if isinstance(g, Frame)]
    # Frames decoded out of the noise itself would need a valid CRC and 03 by chance; the tail
    # of the output is exactly the frames sent, in order.
    assert good[len(good) - len(frames):] == frames


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes_never_crash_and_only_valid_frames(data):
    parser = FrameParser()
    for item in parser.feed(data) + parser.drain():
        if isinstance(item, Frame):
            raw = item.encode()
            assert raw in data  # only bytes that really were a valid frame
        else:
            assert item.reason in {"crc", "etx", "length", "address", "incomplete"}
    assert parser.pending == 0
