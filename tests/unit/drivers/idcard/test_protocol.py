"""Byte-exact GA 467 frames (the CHK column of PROTOCOLS.md) and the incremental receiver."""

import pytest

from drivers.errors import ProtocolError
from drivers.idcard import protocol as p

# (command, CMD PARA, CHK) straight from the PROTOCOLS.md table.
TABLE = [
    (p.RESET_SAM, "10 FF", "EC"),
    (p.SAM_STATUS, "11 FF", "ED"),
    (p.SAM_ID, "12 FF", "EE"),
    (p.FIND_CARD, "20 01", "22"),
    (p.SELECT_CARD, "20 02", "21"),
    (p.READ_BASE, "30 01", "32"),
    (p.READ_NEW_ADDRESS, "30 03", "30"),
    (p.READ_FINGERPRINT, "30 10", "23"),
]


@pytest.mark.parametrize(("command", "cmd_para", "chk"), TABLE, ids=[t[0].name for t in TABLE])
def test_command_frames_are_byte_exact(command, cmd_para, chk):
    assert command.frame() == bytes.fromhex(f"AA AA AA 96 69 00 03 {cmd_para} {chk}")


def test_every_command_is_in_the_table():
    assert {c.name for c in p.COMMANDS} == {t[0].name for t in TABLE}


@pytest.mark.parametrize(("baud", "n"), [(115200, 0), (57600, 1), (38400, 2), (19200, 3), (9600, 4)])
def test_set_baud_frames(baud, n):
    chk = 0x00 ^ 0x03 ^ 0x60 ^ n
    assert p.set_baud_command(baud).frame() == bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69, 0, 3, 0x60, n, chk])


def test_set_baud_refuses_other_speeds_in_both_languages():
    with pytest.raises(ProtocolError) as info:
        p.set_baud_command(4800)
    assert info.value.code == "bad_baudrate" and "波特率" in info.value.zh and "baud" in info.value.en


def test_timeouts_follow_the_usual_values():
    assert p.FIND_CARD.timeout == p.SELECT_CARD.timeout == 0.1
    assert p.READ_BASE.timeout == 2.0 and p.READ_FINGERPRINT.timeout == 3.0


@pytest.mark.parametrize(("tail", "sw3", "data"), [
    ("00 04 00 00 90 94", 0x90, b""),
    ("00 08 00 00 9F 00 00 00 00 97", 0x9F, bytes(4)),
    ("00 04 00 00 80 84", 0x80, b""),
])
def test_sample_replies_parse_and_rebuild(tail, sw3, data):
    raw = p.PREAMBLE + bytes.fromhex(tail)
    [frame] = p.FrameReceiver().feed(raw)
    reply = p.Reply.from_frame(frame)
    assert (reply.sw3, reply.data) == (sw3, data)
    assert reply.frame() == raw == p.reply_frame(sw3, data)


SW3_TABLE = {0x90: "ok", 0x9F: "card_found", 0x91: "no_such_item", 0x10: "checksum_error",
             0x11: "length_error", 0x21: "bad_command", 0x23: "not_authorised",
             0x24: "unknown_error", 0x31: "card_auth_failed", 0x32: "sam_auth_failed",
             0x33: "verification_failed", 0x37: "fingerprint_error", 0x3F: "info_length_error",
             0x40: "unknown_card_type", 0x41: "read_failed", 0x47: "random_failed",
             0x60: "sam_self_test_failed", 0x66: "sam_unauthorised", 0x80: "no_card",
             0x81: "select_failed"}


def test_every_sw3_code_has_a_meaning_in_both_languages():
    assert {k: v.code for k, v in p.STATUS.items()} == SW3_TABLE
    for status in p.STATUS.values():
        assert status.zh and status.en and status.zh != status.en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in status.zh)


def test_unknown_sw3_is_still_described():
    s = p.status_of(0x55)
    assert s.code == "status_55" and "55" in s.zh and "55" in s.en and not s.ok


def base_reply() -> bytes:
    data = (256).to_bytes(2, "big") + (1024).to_bytes(2, "big") + bytes(256) + bytes(1024)
    return p.reply_frame(0x90, data)


def test_base_reply_has_the_documented_shape():
    raw = base_reply()
    assert len(raw) == 1295 and raw[5:7] == b"\x05\x08" and raw[7:10] == b"\x00\x00\x90"
    assert raw[10:12] == b"\x01\x00" and raw[12:14] == b"\x04\x00"


def test_receiver_handles_one_byte_at_a_time():
    raw = base_reply()
    rx = p.FrameReceiver()
    frames = []
    for i in range(len(raw)):
        assert rx.wanted() >= 1
        frames += rx.feed(raw[i : i + 1])
    assert len(frames) == 1 and isinstance(frames[0], p.Frame) and frames[0].size == 1295
    assert rx.pending == 0


def test_receiver_wanted_never_reads_past_the_frame():
    raw = base_reply()
    rx = p.FrameReceiver()
    assert rx.wanted() == 7
    rx.feed(raw[:3])
    assert rx.wanted() == 4
    rx.feed(raw[3:7])
    assert rx.wanted() == 1288 and rx.expected() == 1295
    rx.feed(raw[7:1000])
    assert rx.wanted() == 295


def test_receiver_resyncs_after_noise_and_partial_preambles():
    ok = p.reply_frame(0x90)
    noise = b"\x00\xaa\xaa\x13\xaa\xaa\xaa\x96\x00garbage\xaa\xaa"
    rx = p.FrameReceiver()
    out = rx.feed(noise) + rx.feed(ok + b"\xaa\xaa\xaa") + rx.feed(ok[3:])
    assert [type(x) for x in out] == [p.Frame, p.Frame]
    assert rx.discarded == len(noise)


def test_receiver_reports_bad_checksum_and_goes_on():
    bad = bytearray(p.reply_frame(0x90, b"abc"))
    bad[-1] ^= 0xFF
    out = p.FrameReceiver().feed(bytes(bad) + p.reply_frame(0x9F, bytes(4)))
    assert isinstance(out[0], p.BadFrame) and out[0].reason == "checksum"
    assert isinstance(out[1], p.Frame) and out[1].payload[2] == 0x9F


def test_receiver_takes_an_impossible_length_as_a_false_preamble():
    junk = p.PREAMBLE + b"\xff\xff"  # LEN 65535: beyond any reply
    out = p.FrameReceiver().feed(junk + p.reply_frame(0x90))
    assert isinstance(out[0], p.BadFrame) and out[0].reason == "length"
    assert isinstance(out[-1], p.Frame)


def test_reply_too_short_is_a_protocol_error():
    with pytest.raises(ProtocolError):
        p.Reply.from_frame(p.Frame(b"\x00\x00", 9))
