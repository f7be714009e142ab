"""DLE EOT replies decoded from tables (bit layout from the Epson ESC/POS reference)."""

import pytest

from drivers.errors import ProtocolError
from drivers.printer.status import PROBLEMS, decode, valid_reply

ALL_OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}

# (replies for n=1..4, expected problem code or None, can print)
TABLE = [
    ({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}, None, True),
    ({1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}, None, True),  # drawer pin high: still fine
    ({1: 0x1E, 2: 0x16, 3: 0x12, 4: 0x12}, "cover_open", False),
    ({1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}, "paper_out", False),
    ({1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x72}, "paper_out", False),
    ({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}, "paper_near_end", True),
    ({1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12}, "cutter_error", False),
    ({1: 0x1A, 2: 0x52, 3: 0x32, 4: 0x12}, "printer_fault", False),  # unrecoverable
    ({1: 0x1A, 2: 0x52, 3: 0x52, 4: 0x12}, "printer_fault", False),  # auto-recoverable
    ({1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12}, "offline", False),
    ({1: 0x1A, 2: 0x1A, 3: 0x12, 4: 0x12}, "offline", False),  # feed button held
    ({1: 0x1E, 2: 0x16, 3: 0x12, 4: 0x72}, "cover_open", False),  # cover wins over paper
]


@pytest.mark.parametrize(("replies", "code", "ready"), TABLE)
def test_replies_decode_to_one_problem(replies, code, ready):
    status = decode(replies)
    assert (status.problem.code if status.problem else None) == code
    assert status.ready is ready
    assert status.raw == tuple(replies[n] for n in (1, 2, 3, 4))


def test_offline_quirk_ignores_only_the_offline_bit():
    false_offline = {1: 0x1A, 2: 0x12, 3: 0x12, 4: 0x12}
    assert decode(false_offline).problem.code == "offline"
    assert decode(false_offline, ignore_offline_bit=True).problem is None
    paper_out = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x72}
    assert decode(paper_out, ignore_offline_bit=True).problem.code == "paper_out"


@pytest.mark.parametrize("byte", [0x00, 0xFF, 0x13, 0x92, 0x02, 0x10])
def test_garbage_is_a_protocol_error_in_both_languages(byte):
    assert not valid_reply(byte)
    with pytest.raises(ProtocolError) as info:
        decode({**ALL_OK, 2: byte})
    assert "打印机状态回复无效" in info.value.zh and "invalid status reply" in info.value.en


def test_every_problem_has_both_languages():
    for problem in PROBLEMS.values():
        assert problem.zh and problem.en and problem.zh != problem.en
