"""The service catalogue: categories of services, each with a ticket letter, opening hours per
weekday, an issuing lead time (tickets from 40 minutes before the windows open), a daily cap and
optional per-time-slot caps; plus the hall calendar (holidays, make-up working days)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Period:
    start: dt.time
    end: dt.time  # dt.time.max stands for 24:00

    def __str__(self) -> str:
        end = "24:00" if self.end == dt.time.max else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


def parse_period(text: str) -> Period:
    """'08:30-12:00' -> Period. Raises ValueError with a readable reason."""
    try:
        a, b = (part.strip() for part in text.split("-"))
        start = dt.time.fromisoformat(a)
        end = dt.time.max if b == "24:00" else dt.time.fromisoformat(b)
    except ValueError:
        raise ValueError(f"bad time period {text!r}, expected like '08:30-12:00'") from None
    if end <= start:
        raise ValueError(f"period {text!r} ends before it starts")
    return Period(start, end)


@dataclass(frozen=True)
class SlotCap:
    period: Period
    cap: int


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    prefix: str
    category: str = "综合"
    name_en: str = ""
    hours: dict[str, tuple[Period, ...]] = field(default_factory=dict)  # weekday -> periods
    issue_lead_minutes: int = 40
    daily_cap: int | None = None
    slot_caps: tuple[SlotCap, ...] = ()
    requires_id: bool = False
    avg_service_minutes: float = 8.0

    def periods_on(self, weekday: str) -> tuple[Period, ...]:
        return self.hours.get(weekday, ())

    def hours_text(self) -> str:
        """Opening hours in a line, for greyed-out buttons: '周一至周五 08:30-12:00 14:00-17:30'."""
        groups: list[tuple[list[int], tuple[Period, ...]]] = []
        for i, day in enumerate(WEEKDAYS):
            periods = self.periods_on(day)
            if not periods:
                continue
            if groups and groups[-1][1] == periods and groups[-1][0][-1] == i - 1:
                groups[-1][0].append(i)
            else:
                groups.append(([i], periods))
        parts = []
        for days, periods in groups:
            label = WEEKDAY_ZH[days[0]] if len(days) == 1 else f"{WEEKDAY_ZH[days[0]]}至{WEEKDAY_ZH[days[-1]]}"
            parts.append(label + " " + " ".join(str(p) for p in periods))
        return ";".join(parts) or "暂停服务"


@dataclass(frozen=True)
class Calendar:
    """Holidays close the hall; a make-up working day (调休) works to another weekday's hours."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: dict[dt.date, str] = field(default_factory=dict)  # date -> weekday schedule to use

    def schedule_day(self, day: dt.date) -> str | None:
        if day in self.workdays:
            return self.workdays[day]
        if day in self.holidays:
            return None
        return WEEKDAYS[day.weekday()]


@dataclass(frozen=True)
class IssuingStatus:
    open: bool
    reason: str  # "" | closed_today | not_yet | closed_for_day
    opens_at: dt.datetime | None = None  # next issuing start today, when not yet open
    closes_at: dt.datetime | None = None


def issuing_status(service: Service, calendar: Calendar, now: dt.datetime) -> IssuingStatus:
    """May a ticket for ``service`` be issued at ``now`` (hall-local, aware)?

    Issuing opens ``issue_lead_minutes`` before the first period of the day and closes at the
    end of the last one (lunch breaks included: citizens may take a ticket and wait)."""
    weekday = calendar.schedule_day(now.date())
    periods = service.periods_on(weekday) if weekday else ()
    if not periods:
        return IssuingStatus(False, "closed_today")
    tz = now.tzinfo
    first = dt.datetime.combine(now.date(), periods[0].start, tz)
    opens = first - dt.timedelta(minutes=service.issue_lead_minutes)
    closes = dt.datetime.combine(now.date(), periods[-1].end, tz)
    if now < opens:
        return IssuingStatus(False, "not_yet", opens_at=opens, closes_at=closes)
    if now >= closes:
        return IssuingStatus(False, "closed_for_day", closes_at=closes)
    return IssuingStatus(True, "", opens_at=opens, closes_at=closes)


def slot_cap_for(service: Service, now: dt.datetime) -> SlotCap | None:
    t = now.timetz().replace(tzinfo=None)
    for slot in service.slot_caps:
        if slot.period.start <= t < slot.period.end:
            return slot
    return None
