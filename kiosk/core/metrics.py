"""The one definition of every figure the hall reports: hall stats, central stats, the
display's satisfaction board and the reports all compute them here.

- satisfaction rate: ratings that count as satisfied (kiosk.core.ratings.satisfied) over
  ratings given; a declined or timed-out rating is "not rated", not dissatisfied; None when
  nobody rated.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.core.ratings import LEVELS, satisfied


def satisfaction_rate(levels: Iterable[int]) -> float | None:
    given = [lv for lv in levels]
    if not given:
        return None
    return round(sum(1 for lv in given if satisfied(lv)) / len(given), 4)


def satisfaction_rate_of(distribution: Mapping[int | str, int]) -> float | None:
    """The same rate from a level -> count distribution (keys may be ints or strings)."""
    counts = {int(k): int(v) for k, v in distribution.items()}
    total = sum(counts.get(lv.value, 0) for lv in LEVELS)
    if not total:
        return None
    return round(sum(counts.get(lv.value, 0) for lv in LEVELS if satisfied(lv.value)) / total, 4)
