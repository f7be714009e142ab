import pytest

from kiosk.core import ratings
from kiosk.core.errors import ErrorKind, HallError


def test_levels_and_labels() -> None:
    assert [lv.value for lv in ratings.LEVELS] == [5, 4, 3, 2, 1]
    assert ratings.label_zh(3) == "基本满意" and ratings.label_en(1) == "Very dissatisfied"
    assert [lv.value for lv in ratings.LEVELS if lv.needs_reason] == [2, 1]
    assert [lv.value for lv in ratings.LEVELS if lv.satisfied] == [5, 4, 3]


@pytest.mark.parametrize("level", [0, 6, True, "5", None, 2.0])
def test_bad_levels(level: object) -> None:
    with pytest.raises(HallError) as e:
        ratings.check_rating(level, ["x"])
    assert e.value.code == "bad_level" and e.value.kind == ErrorKind.BAD_REQUEST


def test_low_levels_need_a_reason_in_the_levels_own_words() -> None:
    with pytest.raises(HallError) as e:
        ratings.check_rating(2, [])
    assert e.value.code == "reasons_required" and "不满意" in e.value.zh
    assert ratings.check_rating(2, ["排队太久"]) == (2, ["排队太久"])
    assert ratings.check_rating(3, []) == (3, [])


@pytest.mark.parametrize("reasons", [["x"] * (ratings.MAX_REASONS + 1), [" "], ["y" * 101], "text", [3]])
def test_bad_reasons(reasons: object) -> None:
    with pytest.raises(HallError) as e:
        ratings.check_rating(4, reasons)
    assert e.value.code == "bad_reasons"


def test_not_rated_keeps_nothing() -> None:
    assert ratings.check_rating(None, ["ignored"], not_rated=True) == (None, [])
