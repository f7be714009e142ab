"""The monthly window review (窗口调整): from last month's visits, how many windows each service
needs next month, weekday by weekday and hour by hour, beside what was open.

Forecast arrivals for a (service, weekday, hour) are the mean over last month's days that
worked to that weekday's schedule (调休 make-up days count as the weekday they copy; holidays
count as nothing). Case durations and patience come from the same visits: the mean service time,
and an exponential patience estimated as (visits that gave up) / (total time spent waiting),
the maximum-likelihood estimate when waiting is cut short by the call. The windows needed are
Erlang A on the lagged load (kiosk/core/staffing). The opening hour is different: tickets
issued in the 40 minutes before opening are all waiting at once, a transient that steady-state
formulas miss, so its windows are found by simulating that hour (kiosk/reports/simulation, fixed
seed, a few hundred replications). A citizen who took a ticket before opening is counted as
waiting from the opening: the windows cannot call anyone earlier.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.core.catalogue import WEEKDAY_ZH, WEEKDAYS, Calendar
from kiosk.core.staffing import SlotPlan, plan_slots
from kiosk.reports.segments import Outcome, Segment
from kiosk.reports.simulation import Visit, simulate

HOUR_S = 3600


@dataclass(frozen=True)
class Target:
    """Called within ``wait_s`` for at least ``level`` of citizens (e.g. 90 % within 15 min)."""

    wait_s: float = 15 * 60
    level: float = 0.9


@dataclass(frozen=True)
class ServiceModel:
    service: str
    mean_service_s: float
    patience_s: float | None  # None when nobody gave up last month
    visits: int


@dataclass(frozen=True)
class HourAdvice:
    weekday: str
    hour: int
    arrivals: float  # forecast per day
    needed: int
    open_now: float  # mean windows open for the service in that hour last month
    predicted_level: float
    predicted_wait_s: float


@dataclass(frozen=True)
class ServicePlan:
    service: str
    model: ServiceModel
    hours: tuple[HourAdvice, ...]

    def peak(self) -> HourAdvice | None:
        """The hour where the plan asks most beyond what was open."""
        if not self.hours:
            return None
        return max(self.hours, key=lambda h: (h.needed - h.open_now, h.needed))


def schedule_days(calendar: Calendar, first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """Each working day in [first, last] and the weekday schedule it works to."""
    out: dict[dt.date, str] = {}
    day = first
    while day <= last:
        weekday = calendar.schedule_day(day)
        if weekday is not None:
            out[day] = weekday
        day += dt.timedelta(days=1)
    return out


def service_models(segments: Iterable[Segment]) -> dict[str, ServiceModel]:
    served: dict[str, list[float]] = defaultdict(list)
    waited: dict[str, float] = defaultdict(float)
    gave_up: dict[str, int] = defaultdict(int)
    visits: dict[str, int] = defaultdict(int)
    for s in segments:
        visits[s.service] += 1
        if s.service_s is not None and s.service_s > 0:
            served[s.service].append(s.service_s)
        if s.wait_s is not None:
            waited[s.service] += max(0.0, s.wait_s)
        if s.outcome in (Outcome.NO_SHOW, Outcome.NOT_SERVED):
            gave_up[s.service] += 1
    models = {}
    for code, n in visits.items():
        durations = served.get(code, [])
        mean = sum(durations) / len(durations) if durations else 8 * 60.0
        patience = waited[code] / gave_up[code] if gave_up.get(code) and waited[code] > 0 else None
        models[code] = ServiceModel(code, mean, patience, n)
    return models


def arrivals_by_hour(segments: Iterable[Segment], days: Mapping[dt.date, str]) -> dict[
        tuple[str, str], list[float]]:
    """(service, weekday) -> mean arrivals per hour 0..23 over the days that worked to it."""
    per_weekday_days: dict[str, int] = defaultdict(int)
    for weekday in days.values():
        per_weekday_days[weekday] += 1
    counts: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0] * 24)
    for s in segments:
        works_as = days.get(dt.date.fromisoformat(s.day))
        if works_as is not None:
            counts[(s.service, works_as)][s.joined_hour] += 1
    return {key: [c / per_weekday_days[key[1]] for c in hours] for key, hours in counts.items()}


def plan_service(service: str, model: ServiceModel, arrivals: Mapping[str, Sequence[float]],
                 open_now: Mapping[tuple[str, int], float], target: Target,
                 opening_hour: int) -> ServicePlan:
    """Per weekday, the windows each hour needs from ``opening_hour`` on; arrivals before it
    (tickets issued ahead of opening) are the backlog at opening."""
    advice: list[HourAdvice] = []
    for weekday in WEEKDAYS:
        hours = arrivals.get(weekday)
        if not hours or not any(hours):
            continue
        backlog = sum(hours[:opening_hour])
        last = max(h for h, n in enumerate(hours) if n > 0)
        span = list(hours[opening_hour:last + 1])
        plans: list[SlotPlan] = plan_slots(span, HOUR_S, model.mean_service_s, target.wait_s,
                                           target.level, model.patience_s, backlog=backlog)
        if plans and backlog > 0:
            after = plans[1].windows if len(plans) > 1 else plans[0].windows
            plans[0] = opening_plan(plans[0], after, backlog, span, model, target)
        for p in plans:
            hour = opening_hour + p.slot
            advice.append(HourAdvice(weekday, hour, hours[hour], p.windows,
                                     open_now.get((weekday, hour), 0.0), p.service_level, p.mean_wait_s))
    return ServicePlan(service, model, tuple(advice))


def opening_share(windows: int, next_windows: int, backlog: float, hour_arrivals: float,
                  model: ServiceModel, target: Target, replications: int = 300,
                  seed: int = 20161) -> float:
    """Share of the opening hour's citizens (the backlog and that hour's arrivals) called within
    the target, by simulation with ``windows`` in the first hour and ``next_windows`` after."""
    rng = random.Random(seed)
    ok = total = 0
    patience = model.patience_s or math.inf
    for _ in range(replications):
        visits = [Visit(0.0, rng.expovariate(1 / model.mean_service_s),
                        rng.expovariate(1 / patience) if model.patience_s else math.inf)
                  for _ in range(_poisson(rng, backlog))]
        t = 0.0
        while hour_arrivals > 0:
            t += rng.expovariate(hour_arrivals / HOUR_S)
            if t >= HOUR_S:
                break
            visits.append(Visit(t, rng.expovariate(1 / model.mean_service_s),
                                rng.expovariate(1 / patience) if model.patience_s else math.inf))
        for o in simulate(visits, lambda now: windows if now < HOUR_S else next_windows, [HOUR_S]):
            total += 1
            ok += (not o.abandoned) and o.wait_s <= target.wait_s
    return ok / total if total else 1.0


def opening_plan(first: SlotPlan, nxt: int, backlog: float, span: Sequence[float],
                 model: ServiceModel, target: Target) -> SlotPlan:
    """The opening hour's windows: the steady-state answer, raised until the simulated opening
    surge meets the target (``nxt`` windows work the hour after)."""
    n = max(first.windows, 1)
    level = opening_share(n, nxt, backlog, span[0], model, target)
    while level < target.level and n < 500:
        n += 1
        level = opening_share(n, max(nxt, n), backlog, span[0], model, target)
    return SlotPlan(first.slot, first.arrivals, first.load, n, level, first.mean_wait_s, first.p_abandon)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method, in steps so large means do not underflow)."""
    count, left = 0, mean
    while left > 0:
        step = min(left, 500.0)
        left -= step
        limit, p = math.exp(-step), 1.0
        while True:
            p *= rng.random()
            if p <= limit:
                break
            count += 1
    return count


def summary_zh(plan: ServicePlan, service_name: str) -> str:
    """One line a manager reads: the hour that needs most beyond what was open, and the advice."""
    peak = plan.peak()
    if peak is None:
        return f"{service_name}: 上月无办件,无需调整"
    gap = peak.needed - round(peak.open_now)
    day = WEEKDAY_ZH[WEEKDAYS.index(peak.weekday)]
    head = (f"{service_name}: {day} {peak.hour:02d}-{peak.hour + 1:02d} 时需 {peak.needed} 个窗口,"
            f"本月平均开 {peak.open_now:.0f} 个")
    if gap > 0:
        return head + f" -> 建议增设 {gap} 个"
    spare = round(max(h.open_now - h.needed for h in plan.hours))
    if spare > 0:
        return head + f" -> 高峰已够用,其他时段可减少 {spare} 个"
    return head + " -> 维持现有窗口"
