import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.voice.announcement import (
    DIGITS,
    BadAnnouncement,
    all_clip_names,
    compose_call,
    compose_recall,
    number_clips,
)
from drivers.voice.clips import CLIP_FILES


def test_call_reads_ticket_by_digit_and_window_as_number():
    assert compose_call("A012", 3).text == "chime 请 A 零 一 二 号 到 三 号 窗口 办理"


@pytest.mark.parametrize(("window", "spoken"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"),
    (115, "一百一十五"), (120, "一百二十"), (199, "一百九十九"), ("12", "十二"), (" 7 ", "七"),
])
def test_window_numbers_are_read_naturally(window, spoken):
    text = compose_call("B7", window).text
    assert text == f"chime 请 B 七 号 到 {' '.join(spoken)} 号 窗口 办理"


@pytest.mark.parametrize(("ticket", "spoken"), [
    ("A012", "A 零 一 二"), ("a012", "A 零 一 二"), ("012", "零 一 二"), ("AB100", "A B 一 零 零"),
    ("Z9", "Z 九"), ("XYZ999999", "X Y Z 九 九 九 九 九 九"),
])
def test_tickets_letter_by_letter(ticket, spoken):
    assert compose_call(ticket, 1).text == f"chime 请 {spoken} 号 到 一 号 窗口 办理"


def test_recall_has_prefix_after_chime():
    assert compose_recall("A012", 10).text == "chime 再次呼叫 请 A 零 一 二 号 到 十 号 窗口 办理"


def test_repeat_says_the_sentence_again_after_a_pause_with_one_chime():
    clips = compose_call("A1", 2, repeat=2).clips
    sentence = ("请", "A", "一", "号", "到", "二", "号", "窗口", "办理")
    assert clips == ("chime", *sentence, "pause", *sentence)
    recall = compose_recall("A1", 2, repeat=3).clips
    assert recall.count("chime") == 1 and recall.count("再次呼叫") == 3 and recall.count("pause") == 2


@pytest.mark.parametrize("ticket", ["", "A", "A-1", "ABCD1", "A1234567", "甲12", "A 12", "１２", None, 12])
def test_bad_ticket_is_a_bilingual_error(ticket):
    with pytest.raises(BadAnnouncement) as err:
        compose_call(ticket, 3)
    assert "票号无效" in err.value.zh and "bad ticket" in err.value.en
    assert err.value.code == "bad_announcement"


@pytest.mark.parametrize("window", [0, 200, -1, "3a", "", "３", True, None, 2.0, "1e2"])
def test_bad_window_is_a_bilingual_error(window):
    with pytest.raises(BadAnnouncement) as err:
        compose_call("A1", window)
    assert "窗口号无效" in err.value.zh and "bad window" in err.value.en


@pytest.mark.parametrize("repeat", [0, 6, True, "2"])
def test_bad_repeat(repeat):
    with pytest.raises(BadAnnouncement):
        compose_call("A1", 1, repeat=repeat)


def _read_back(clips: list[str]) -> int:
    """A reader of spoken numbers, independent of number_clips, to check it round-trips."""
    total, current = 0, 0
    for c in clips:
        if c in DIGITS:
            current = DIGITS.index(c)
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += current * 100
            current = 0
        else:
            raise AssertionError(c)
    return total + current


@given(st.integers(min_value=1, max_value=199))
def test_every_window_number_reads_back(n):
    clips = number_clips(n)
    assert _read_back(clips) == n
    assert clips[-1] != "零" and clips[0] != "零"


def test_every_clip_has_a_file_name():
    assert set(all_clip_names()) == set(CLIP_FILES)
    stems = list(CLIP_FILES.values())
    assert len(set(stems)) == len(stems) and all(s.isascii() for s in stems)
