"""May this ticket be issued? Pure decisions from small facts.

The hall loads the facts inside its transaction (tickets issued today for the service, in the
current slot, the citizen's active ticket for it) through counters and indexes, so issuing
costs the same with 0 or 20,000 people waiting; these functions decide.

Order of the checks (the first failing one answers): the service exists, the priority class
is known, the citizen's ID is present when required, green-channel eligibility, the
appointment code, issuing hours; then, with the facts, the daily cap, the slot cap and one
active ticket per citizen and service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.core.catalogue import Calendar, Service, SlotCap, issuing_status, slot_cap_for
from kiosk.core.citizens import Citizen, green_channel_eligible
from kiosk.core.errors import bad_request, conflict
from kiosk.core.policy import FairnessPolicy
from kiosk.core.tickets import Priority


def service_for(services: Mapping[str, Service], code: str) -> Service:
    svc = services.get(code)
    if svc is None:
        raise bad_request("unknown_service", f"没有这项服务: {code}", f"unknown service: {code}",
                          service=code)
    return svc


def parse_priority(text: str) -> Priority:
    try:
        return Priority(text)
    except ValueError:
        raise bad_request("bad_priority", f"未知的优先类别: {text}", f"unknown priority: {text}") from None


def check_request(svc: Service, priority: Priority, citizen: Citizen | None, appointment: str | None,
                  policy: FairnessPolicy, calendar: Calendar, now: dt.datetime) -> SlotCap | None:
    """Everything decided without the queue's facts; returns the time slot whose cap applies."""
    if svc.requires_id and citizen is None:
        raise bad_request("id_required", f"办理{svc.name}需要刷身份证",
                          f"{svc.name_en or svc.code} needs an ID card", service=svc.code)
    if priority == Priority.GREEN:
        age = policy.green_channel_age
        if citizen is None or not green_channel_eligible(citizen.born, now.date(), age):
            raise bad_request("green_not_eligible", f"绿色通道仅限 {age} 岁以上,请刷身份证",
                              f"the green channel is for citizens aged {age}+; swipe the ID card")
    if priority == Priority.APPOINTMENT and not appointment:
        raise bad_request("appointment_required", "预约取号需要预约码",
                          "an appointment ticket needs the appointment code")
    status = issuing_status(svc, calendar, now)
    if not status.open:
        if status.reason == "not_yet" and status.opens_at:
            zh = f"{svc.name}今日 {status.opens_at:%H:%M} 开始取号"
            en = f"tickets for this service are issued from {status.opens_at:%H:%M} today"
        elif status.reason == "closed_for_day":
            zh, en = f"{svc.name}今日已停止取号", "ticket issuing for this service has closed for today"
        else:
            zh, en = f"{svc.name}今日不办理", "this service is closed today"
        raise conflict("issuing_closed", zh, en, reason=status.reason, hours=svc.hours_text())
    return slot_cap_for(svc, now)


def slot_bounds(slot: SlotCap, day: dt.date, tz: dt.tzinfo) -> tuple[float, float]:
    """The slot's start and end on ``day`` as timestamps (the range the hall counts in)."""
    return (dt.datetime.combine(day, slot.period.start, tz).timestamp(),
            dt.datetime.combine(day, slot.period.end, tz).timestamp())


@dataclass(frozen=True)
class IssueFacts:
    issued_today: int = 0            # tickets issued today for the service (transfers keep their origin)
    issued_in_slot: int = 0          # of those, issued in the current slot
    existing: Mapping[str, Any] | None = None  # the citizen's active ticket for the service (its view)


def check_counts(svc: Service, slot: SlotCap | None, facts: IssueFacts) -> None:
    if svc.daily_cap is not None and facts.issued_today >= svc.daily_cap:
        raise conflict("daily_cap_reached", f"{svc.name}今日号已取完({svc.daily_cap} 个)",
                       f"today's {svc.daily_cap} tickets for this service are all taken",
                       cap=svc.daily_cap)
    if slot is not None and facts.issued_in_slot >= slot.cap:
        raise conflict("slot_cap_reached", f"{slot.period} 时段的号已取完,请稍后再来",
                       f"tickets for {slot.period} are all taken; please come back later",
                       period=str(slot.period))
    if facts.existing is not None:
        number = facts.existing["number"]
        raise conflict("duplicate_ticket", f"您已取得{svc.name}的号 {number},请等候叫号",
                       f"you already have ticket {number} for this service", ticket=dict(facts.existing))


def cap_reached(svc: Service, issued_today: int) -> bool:
    """For the kiosk's greyed-out button: the daily cap is used up."""
    return svc.daily_cap is not None and issued_today >= svc.daily_cap
