"""How many windows a service needs: queueing maths for the monthly window review.

Citizens arrive at random (Poisson within an hour), windows serve them one at a time, and some
give up (no-shows, tickets not served at close). Three pieces:

- **Erlang C** (M/M/N): no one gives up. ``erlang_c`` is the chance an arrival waits at all;
  ``service_level_c`` the share called within a target. It is the textbook model and the one
  published tables pin.
- **Erlang A** (M/M/N+M): citizens who wait too long leave, at ``1 / patience_s`` per second of
  waiting. With abandonment the same windows give shorter waits, so Erlang C over-staffs a hall
  where no-shows are common. ``erlang_a`` solves the birth-death chain numerically and gives the
  share called within the target (a citizen who gave up first missed it), the abandonment
  share and the mean wait.
- **Lagged offered load**: with 10-30 minute cases the load at 10:00 still holds citizens who
  came at 09:40, so staffing each hour on its own arrivals misses the hour after a peak.
  ``lagged_load`` carries the load forward (an infinite-server recursion, per minute), and a
  backlog at opening (tickets issued in the 40 minutes before the windows open) enters as a batch.

Loads are in Erlangs (arrival rate x mean service time). Pure Python, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

_EPS = 1e-12


def erlang_b(servers: int, load: float) -> float:
    """Blocking probability of M/M/N/N, by the stable recurrence B(n) = aB(n-1)/(n + aB(n-1))."""
    if servers < 0 or load < 0:
        raise ValueError("servers and load must be non-negative")
    b = 1.0
    for n in range(1, servers + 1):
        b = load * b / (n + load * b)
    return b


def erlang_c(servers: int, load: float) -> float:
    """P(an arrival waits) in M/M/N with ``load`` Erlangs; 1.0 when the windows cannot keep up."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    b = erlang_b(servers, load)
    return servers * b / (servers - load * (1 - b))


def service_level_c(servers: int, load: float, service_s: float, target_s: float) -> float:
    """Share of arrivals called within ``target_s`` seconds (Erlang C)."""
    if load <= 0:
        return 1.0
    if servers <= load:
        return 0.0
    return 1.0 - erlang_c(servers, load) * math.exp(-(servers - load) * target_s / service_s)


def mean_wait_c(servers: int, load: float, service_s: float) -> float:
    """Mean wait in seconds over all arrivals (Erlang C); infinite when overloaded."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return math.inf
    return erlang_c(servers, load) * service_s / (servers - load)


@dataclass(frozen=True)
class QueueFigures:
    servers: int
    p_wait: float  # an arrival finds every window busy
    p_abandon: float  # an arrival gives up before being called
    service_level: float  # share of arrivals called within the target (those who gave up missed it)
    mean_wait_s: float  # mean wait of all arrivals until called or given up


def erlang_a(servers: int, load: float, service_s: float, patience_s: float | None,
             target_s: float) -> QueueFigures:
    """M/M/N+M figures for ``load`` Erlangs. ``patience_s`` None means nobody gives up, and the
    figures then equal Erlang C's."""
    if servers < 1:
        raise ValueError("at least one window")
    if load <= 0:
        return QueueFigures(servers, 0.0, 0.0, 1.0, 0.0)
    mu = 1.0 / service_s
    lam = load * mu
    theta = 0.0 if not patience_s else 1.0 / patience_s
    if theta == 0.0:
        if servers <= load:
            return QueueFigures(servers, 1.0, 0.0, 0.0, math.inf)
        return QueueFigures(servers, erlang_c(servers, load), 0.0,
                            service_level_c(servers, load, service_s, target_s),
                            mean_wait_c(servers, load, service_s))
    # Stationary distribution of the number in the hall, truncated where the tail is negligible.
    probs = [1.0]
    k = 0
    while True:
        k += 1
        death = min(k, servers) * mu + max(k - servers, 0) * theta
        probs.append(probs[-1] * lam / death)
        if probs[-1] > 1e250:
            probs = [p / 1e250 for p in probs]
        if k > servers and probs[-1] < _EPS * sum(probs) and lam < death:
            break
    total = sum(probs)
    pi = [p / total for p in probs]
    p_wait = sum(pi[servers:])
    mean_queue = sum((j - servers) * p for j, p in enumerate(pi) if j > servers)
    p_abandon = theta * mean_queue / lam
    mean_wait = mean_queue / lam  # Little's law on the queue
    level = 1.0 - p_wait + p_wait * _called_within(pi[servers:], servers * mu, theta, target_s) \
        if p_wait > 0 else 1.0
    return QueueFigures(servers, p_wait, p_abandon, min(1.0, level), mean_wait)


def _called_within(pi_waiting: Sequence[float], full_rate: float, theta: float,
                   target_s: float) -> float:
    """P(called within the target, before giving up | all windows busy on arrival). An arrival
    finding ``m`` already queued moves up as windows free (``full_rate``) or those ahead give up
    (``m * theta``), is called after m+1 such steps, and gives up itself at ``theta``. Solved by
    uniformisation of that pure-death chain with a cemetery for giving up."""
    norm = sum(pi_waiting)
    if norm <= 0:
        return 1.0
    dist = [p / norm for p in pi_waiting]  # index m: citizens ahead in the queue
    uni = full_rate + len(dist) * theta
    mean = uni * target_s
    if mean == 0:
        return 0.0
    steps = int(mean + 12 * math.sqrt(mean) + 20)  # the Poisson tail beyond is below 1e-10
    log_weight = -mean
    called = 0.0  # mass called after j uniformised steps
    within = 0.0
    for j in range(steps + 1):
        if j > 0:
            new = [0.0] * len(dist)
            for m, mass in enumerate(dist):
                if mass == 0.0:
                    continue
                move = (full_rate + m * theta) / uni
                stay = 1.0 - move - theta / uni  # the rest gives up
                new[m] += mass * stay
                if m == 0:
                    called += mass * move
                else:
                    new[m - 1] += mass * move
            dist = new
            log_weight += math.log(mean) - math.log(j)
        within += math.exp(log_weight) * called
    return min(1.0, within)


def windows_needed(load: float, service_s: float, target_s: float, target_level: float,
                   patience_s: float | None = None, max_windows: int = 500) -> int:
    """Fewest windows whose share called within ``target_s`` reaches ``target_level``."""
    if load <= 0:
        return 0
    n = max(1, math.floor(load) + (1 if patience_s is None else 0))
    while n <= max_windows:
        if erlang_a(n, load, service_s, patience_s, target_s).service_level >= target_level:
            return n
        n += 1
    raise ValueError(f"more than {max_windows} windows needed for a load of {load:.1f} Erlangs")


def lagged_load(arrivals_per_slot: Sequence[float], slot_s: float, service_s: float,
                backlog: float = 0.0, steps_per_slot: int = 60) -> list[float]:
    """Mean offered load (Erlangs) in each slot, carried forward between slots.

    The infinite-server load L obeys dL/dt = arrival rate - L / service time; arrivals spread
    evenly over their slot, ``backlog`` citizens (already waiting at opening) start the first
    slot. The mean of L over each slot is the load to staff for."""
    dt = slot_s / steps_per_slot
    load = backlog * 1.0  # each waiting citizen is one Erlang of work until served
    out: list[float] = []
    decay = math.exp(-dt / service_s)
    for arrivals in arrivals_per_slot:
        rate = arrivals / slot_s
        steady = rate * service_s
        acc = 0.0
        for _ in range(steps_per_slot):
            # exact solution of the linear ODE over one step
            load = steady + (load - steady) * decay
            acc += load
        out.append(acc / steps_per_slot)
    return out


@dataclass(frozen=True)
class SlotPlan:
    slot: int
    arrivals: float
    load: float
    windows: int
    service_level: float
    mean_wait_s: float
    p_abandon: float


def plan_slots(arrivals_per_slot: Sequence[float], slot_s: float, service_s: float, target_s: float,
               target_level: float, patience_s: float | None = None, backlog: float = 0.0,
               lagged: bool = True) -> list[SlotPlan]:
    """Windows per slot to meet the target, on the lagged load (or, with ``lagged=False``, on
    each slot's own arrivals: the naive method the review compares against)."""
    loads = (lagged_load(arrivals_per_slot, slot_s, service_s, backlog) if lagged
             else [a * service_s / slot_s for a in arrivals_per_slot])
    plans = []
    for i, (arr, load) in enumerate(zip(arrivals_per_slot, loads, strict=True)):
        n = windows_needed(load, service_s, target_s, target_level, patience_s)
        fig = erlang_a(max(n, 1), load, service_s, patience_s, target_s)
        plans.append(SlotPlan(i, arr, load, n, fig.service_level if n else 1.0,
                              fig.mean_wait_s if n else 0.0, fig.p_abandon if n else 0.0))
    return plans
