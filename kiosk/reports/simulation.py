"""A discrete-event simulation of one queue in the hall, to check a window plan.

Citizens arrive at given times with given case durations and patience (how long they wait
before giving up; ``math.inf`` for someone who stays). Windows call the longest-waiting
citizen first (first come, first served). The number of windows open may change by slot, as a
plan says: a window that closes finishes the case in hand. The figures it gives are what the
plan is judged by: each citizen's wait until called, and who gave up.

It replays real arrivals (last month's, from the visit facts) as readily as random ones.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    arrival_s: float
    service_s: float
    patience_s: float = math.inf


@dataclass(frozen=True)
class Outcome:
    arrival_s: float
    wait_s: float  # until called, or until giving up
    abandoned: bool


_ARRIVE, _FREE, _CAPACITY = 1, 0, 2  # at equal times: free windows first, then capacity, then arrivals


def simulate(visits: Sequence[Visit], windows_at: Callable[[float], int],
             change_times: Sequence[float] = ()) -> list[Outcome]:
    """Replay ``visits`` (sorted by arrival) against ``windows_at(t)`` open windows; the count
    may change only at ``change_times``. Returns one outcome per visit, in arrival order."""
    events: list[tuple[float, int, int]] = [(v.arrival_s, _ARRIVE, i) for i, v in enumerate(visits)]
    events += [(t, _CAPACITY, -1) for t in change_times]
    heapq.heapify(events)
    capacity = windows_at(0.0 if not visits else min(0.0, visits[0].arrival_s))
    busy = 0
    queue: list[int] = []  # FCFS: visit indexes in arrival order
    head = 0
    out: list[Outcome | None] = [None] * len(visits)

    def start_waiting(now: float) -> None:
        nonlocal busy, head
        while busy < capacity and head < len(queue):
            i = queue[head]
            head += 1
            v = visits[i]
            if v.arrival_s + v.patience_s < now:  # gave up while waiting
                out[i] = Outcome(v.arrival_s, v.patience_s, True)
                continue
            out[i] = Outcome(v.arrival_s, now - v.arrival_s, False)
            busy += 1
            heapq.heappush(events, (now + v.service_s, _FREE, i))

    while events:
        now, kind, i = heapq.heappop(events)
        if kind == _ARRIVE:
            queue.append(i)
        elif kind == _FREE:
            busy -= 1
        else:
            capacity = windows_at(now)
        start_waiting(now)
    for j in queue[head:]:  # still waiting when the hall closed: they gave up at their patience
        v = visits[j]
        out[j] = Outcome(v.arrival_s, v.patience_s, True)
    return [o for o in out if o is not None]


def poisson_visits(rate_per_s: Sequence[float], slot_s: float, mean_service_s: float,
                   mean_patience_s: float | None, rng: random.Random) -> list[Visit]:
    """Random visits: Poisson arrivals at ``rate_per_s[k]`` in slot k, exponential case
    durations and (when given) exponential patience."""
    visits: list[Visit] = []
    for k, rate in enumerate(rate_per_s):
        if rate <= 0:
            continue
        t, end = k * slot_s, (k + 1) * slot_s
        while True:
            t += rng.expovariate(rate)
            if t >= end:
                break
            patience = rng.expovariate(1 / mean_patience_s) if mean_patience_s else math.inf
            visits.append(Visit(t, rng.expovariate(1 / mean_service_s), patience))
    return visits
