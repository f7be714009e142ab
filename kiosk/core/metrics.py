"""The one definition of every figure the hall reports: hall stats, central stats, the
display's satisfaction board and the reports all compute them here.

- satisfaction rate: ratings that count as satisfied (kiosk.core.ratings.satisfied) over
  ratings given; a declined or timed-out rating is "not rated", not dissatisfied; None when
  nobody rated.
- completion rate (当日办结率): tickets finished over tickets issued; None when none issued.
- waiting time: from issue to the (last) call, in seconds.
- service time: from the start of service to its finish, in seconds. A ticket finished
  straight from "called" (never started) is served from its call: the hall records its start
  as the call time, and ``service_time_s`` falls back to the call for records that lack it.
  Hall and central both use this; neither counts a ticket not finished.
- averages are plain means of the known values (negative values, from clock steps, are
  dropped); p90 is the nearest-rank 90th percentile.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from kiosk.core.ratings import LEVELS, satisfied


def satisfaction_rate(levels: Iterable[int]) -> float | None:
    given = [lv for lv in levels]
    if not given:
        return None
    return round(sum(1 for lv in given if satisfied(lv)) / len(given), 4)


def satisfaction_rate_of(distribution: Mapping[int, int] | Mapping[str, int]) -> float | None:
    """The same rate from a level -> count distribution (keys may be ints or strings)."""
    counts = {int(k): int(v) for k, v in distribution.items()}
    total = sum(counts.get(lv.value, 0) for lv in LEVELS)
    if not total:
        return None
    return round(sum(counts.get(lv.value, 0) for lv in LEVELS if satisfied(lv.value)) / total, 4)


def satisfied_count(distribution: Mapping[int, int] | Mapping[str, int]) -> int:
    return sum(int(v) for k, v in distribution.items() if satisfied(int(k)))


def completion_rate(done: int, issued: int) -> float | None:
    return round(done / issued, 4) if issued else None


def waiting_time_s(issued_ts: float | None, called_ts: float | None) -> float | None:
    if issued_ts is None or called_ts is None:
        return None
    return called_ts - issued_ts


def service_time_s(called_ts: float | None, started_ts: float | None,
                   finished_ts: float | None) -> float | None:
    if finished_ts is None:
        return None
    begin = started_ts if started_ts is not None else called_ts
    return None if begin is None else finished_ts - begin


def mean(values: Iterable[float | None], digits: int = 1) -> float | None:
    clean = [v for v in values if v is not None and v >= 0]
    return round(sum(clean) / len(clean), digits) if clean else None


def p90(values: Iterable[float]) -> float | None:
    s = sorted(values)
    if not s:
        return None
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]
