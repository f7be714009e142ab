"""What a call sounds like: tickets and windows turned into an ordered list of clip names.

A clip name is the word it says (``请``, ``号``, ``窗口``, ``A``, ``零``) or one of the two
non-speech clips ``chime`` and ``pause``. The clip table in :mod:`drivers.voice.clips` maps
names to files.

Tickets are read letter by letter and digit by digit (``A012`` → ``A 零 一 二``), the way halls
read ticket numbers so that leading zeros are heard; windows are read as numbers
(``12`` → ``十二``, ``105`` → ``一百零五``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from drivers.errors import DeviceError

CHIME = "chime"
PAUSE = "pause"
PLEASE = "请"
NUMBER = "号"
GO_TO = "到"
WINDOW = "窗口"
SERVE = "办理"
RECALL = "再次呼叫"
TEN = "十"
HUNDRED = "百"
# Guidance for citizens at the kiosk (elder mode speaks each screen's instruction)
GUIDE_CHOOSE = "请选择您要办理的业务"
GUIDE_SWIPE = "请将身份证放在感应区"
GUIDE_KEYPAD = "请输入身份证号码"
GUIDE_TAKE = "请取走号票,留意叫号"
GUIDE_HELP = "请到服务台咨询"
GUIDES = (GUIDE_CHOOSE, GUIDE_SWIPE, GUIDE_KEYPAD, GUIDE_TAKE, GUIDE_HELP)
DIGITS = ("零", "一", "二", "三", "四", "五", "六", "七", "八", "九")
LETTERS = tuple(chr(c) for c in range(ord("A"), ord("Z") + 1))

MAX_WINDOW = 199
MAX_REPEAT = 5
_TICKET = re.compile(r"([A-Z]{0,3})([0-9]{1,6})")


class BadAnnouncement(DeviceError):
    """A ticket or window number that cannot be announced."""

    code = "bad_announcement"


@dataclass(frozen=True)
class Announcement:
    """One announcement: clip names played in order, as one sound."""

    clips: tuple[str, ...]

    def __iter__(self) -> Iterator[str]:
        return iter(self.clips)

    def __len__(self) -> int:
        return len(self.clips)

    @property
    def text(self) -> str:
        """The clip names separated by spaces, for logs and tests."""
        return " ".join(self.clips)


def ticket_clips(ticket: str) -> list[str]:
    """``A012`` → ``A 零 一 二``. Letters (up to 3) then digits (up to 6)."""
    if not isinstance(ticket, str):
        raise BadAnnouncement(f"票号无效: {ticket!r}", f"bad ticket number: {ticket!r}")
    norm = ticket.strip().upper()
    match = _TICKET.fullmatch(norm)
    if match is None:
        raise BadAnnouncement(
            f"票号无效 {ticket!r}: 应为 0-3 个字母加 1-6 位数字,如 A012",
            f"bad ticket number {ticket!r}: expected 0-3 letters then 1-6 digits, e.g. A012",
        )
    letters, digits = match.groups()
    return [*letters, *(DIGITS[int(d)] for d in digits)]


def window_number(window: int | str) -> int:
    """Validate a window number (1..199) given as int or decimal string."""
    value: int | None = None
    if isinstance(window, bool):
        value = None
    elif isinstance(window, int):
        value = window
    elif isinstance(window, str) and window.strip().isascii() and window.strip().isdigit():
        value = int(window.strip())
    if value is None or not 1 <= value <= MAX_WINDOW:
        raise BadAnnouncement(
            f"窗口号无效 {window!r}: 应为 1-{MAX_WINDOW} 的整数",
            f"bad window number {window!r}: expected a whole number 1-{MAX_WINDOW}",
        )
    return value


def number_clips(n: int) -> list[str]:
    """Read 1..199 as a Mandarin number: 3 三, 10 十, 12 十二, 20 二十, 105 一百零五, 110 一百一十."""
    if not 1 <= n <= MAX_WINDOW:
        raise ValueError(f"{n} out of 1..{MAX_WINDOW}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out: list[str] = []
    if hundreds:
        out += [DIGITS[hundreds], HUNDRED]
        if rest == 0:
            return out
        if tens == 0:
            return [*out, DIGITS[0], DIGITS[ones]]
        out += [DIGITS[tens], TEN]  # 110 一百一十: after 百 the 一 of 十 is spoken
    elif tens:
        if tens > 1:
            out.append(DIGITS[tens])
        out.append(TEN)
    if ones:
        out.append(DIGITS[ones])
    return out


def compose_call(ticket: str, window: int | str, *, recall: bool = False,
                 repeat: int = 1) -> Announcement:
    """``chime 请 A 零 一 二 号 到 三 号 窗口 办理``; a recall puts ``再次呼叫`` after the chime;
    ``repeat`` > 1 says the sentence again after a pause (the chime plays once)."""
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= MAX_REPEAT:
        raise BadAnnouncement(
            f"重复次数无效 {repeat!r}: 应为 1-{MAX_REPEAT}",
            f"bad repeat count {repeat!r}: expected 1-{MAX_REPEAT}",
        )
    sentence = [PLEASE, *ticket_clips(ticket), NUMBER, GO_TO,
                *number_clips(window_number(window)), NUMBER, WINDOW, SERVE]
    clips = [CHIME]
    for i in range(repeat):
        if i:
            clips.append(PAUSE)
        if recall:
            clips.append(RECALL)
        clips += sentence
    return Announcement(tuple(clips))


def compose_recall(ticket: str, window: int | str, *, repeat: int = 1) -> Announcement:
    return compose_call(ticket, window, recall=True, repeat=repeat)


def all_clip_names() -> tuple[str, ...]:
    """Every clip an announcement can use."""
    return (CHIME, PAUSE, PLEASE, NUMBER, GO_TO, WINDOW, SERVE, RECALL, TEN, HUNDRED,
            *DIGITS, *LETTERS, *GUIDES)
