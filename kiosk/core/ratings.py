"""Satisfaction ratings (好差评): five levels, their words in Chinese and English, which ones
need a reason, and which count as satisfied. GB/T 39734-2020: 非常满意 .. 非常不满意."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.errors import bad_request

MAX_REASONS = 10
MAX_REASON_LENGTH = 100


@dataclass(frozen=True)
class Level:
    value: int
    zh: str
    en: str

    @property
    def needs_reason(self) -> bool:
        return needs_reason(self.value)

    @property
    def satisfied(self) -> bool:
        return satisfied(self.value)


LEVELS: tuple[Level, ...] = (
    Level(5, "非常满意", "Very satisfied"),
    Level(4, "满意", "Satisfied"),
    Level(3, "基本满意", "Mostly satisfied"),
    Level(2, "不满意", "Dissatisfied"),
    Level(1, "非常不满意", "Very dissatisfied"),
)
BY_VALUE = {lv.value: lv for lv in LEVELS}


def valid_level(level: object) -> bool:
    return isinstance(level, int) and not isinstance(level, bool) and level in BY_VALUE


def needs_reason(level: int) -> bool:
    """The two lowest levels (差评) must say why."""
    return level <= 2


def satisfied(level: int) -> bool:
    """基本满意 and above count as satisfied in the satisfaction rate."""
    return level >= 3


def label_zh(level: int) -> str:
    return BY_VALUE[level].zh


def label_en(level: int) -> str:
    return BY_VALUE[level].en


def check_rating(level: object, reasons: object, not_rated: bool = False) -> tuple[int | None, list[str]]:
    """The rating as the hall records it: (level, reasons), or None as the level when the
    citizen did not rate (declined or timed out: no reasons kept). Raises the hall's errors."""
    if not_rated:
        return None, []
    if not valid_level(level):
        raise bad_request("bad_level", "评价等级应为 1-5", "rating level must be 1..5")
    assert isinstance(level, int)
    if not isinstance(reasons, list) or len(reasons) > MAX_REASONS or not all(
            isinstance(r, str) and 0 < len(r.strip()) <= MAX_REASON_LENGTH for r in reasons):
        raise bad_request("bad_reasons", "评价原因格式错误",
                          f"reasons must be up to {MAX_REASONS} short texts")
    if needs_reason(level) and not reasons:
        raise bad_request("reasons_required", f"选择“{label_zh(level)}”时请选择原因",
                          "please give a reason for this rating")
    return level, list(reasons)
