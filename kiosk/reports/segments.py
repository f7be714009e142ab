"""Visit segments: one row per ticket x queue it passed through, folded from the event log.

A visit that is transferred passes through two queues (or a queue and a window); each part is
a segment that ends with exactly one outcome. Waiting in a segment runs from the moment the
ticket joined that queue (issue, or the transfer) to its last call (a recalled citizen was
still waiting until the call they answered); service runs from the start (or, when the clerk
finished without pressing start, the last call) to the finish. Tickets still waiting when the
day closes end as ``not_served``, the outcome of 当日取号、当日受理 failing.

The fold is pure: it takes events in log order (the hall's own log, or central's store of
every origin) and can be run again from the start whenever a definition changes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from kiosk.protocol.events import EventType


class Outcome(enum.StrEnum):
    SERVED = "served"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED_SERVICE = "transferred_service"
    TRANSFERRED_WINDOW = "transferred_window"
    NOT_SERVED = "not_served"  # still waiting (or at a window) when the day closed


@dataclass(frozen=True)
class Segment:
    ticket: str
    index: int  # 0 for the queue the ticket was issued to, +1 per transfer
    day: str
    service: str
    priority: str
    joined_ts: float
    issued_ts: float
    first_call_ts: float | None = None
    last_call_ts: float | None = None
    start_ts: float | None = None
    finish_ts: float | None = None
    window: int | None = None
    target_window: int | None = None
    staff: str | None = None
    recalls: int = 0
    outcome: Outcome | None = None
    result: str | None = None  # 办理结果 chosen at finish, when the hall records one
    joined_hour: int = 0  # hour of day, hall time, it joined this queue (arrivals per hour)

    @property
    def wait_s(self) -> float | None:
        return None if self.last_call_ts is None else self.last_call_ts - self.joined_ts

    @property
    def service_s(self) -> float | None:
        if self.finish_ts is None:
            return None
        began = self.start_ts if self.start_ts is not None else self.last_call_ts
        return None if began is None else self.finish_ts - began



def _ts(text: Any) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _hour_of(text: str) -> int:
    try:
        return dt.datetime.fromisoformat(text).hour
    except ValueError:
        return 0


class SegmentFold:
    """Feed events in log order with ``add``; ``segments`` holds every segment seen, open ones
    (outcome None) included; ``close_day`` ends what is still open on a day that is over."""

    def __init__(self) -> None:
        self.segments: dict[tuple[str, int], Segment] = {}
        self._open: dict[str, tuple[str, int]] = {}  # ticket -> its open segment
        self._staff: dict[int, str | None] = {}  # window -> staff signed in now

    def add(self, ts: str, type_name: str, payload: Mapping[str, Any]) -> None:
        kind = EventType.parse(type_name)
        if kind is None:
            return
        at = _ts(ts)
        if at is None:
            return
        if kind in (EventType.WINDOW_SIGNED_IN, EventType.WINDOW_SIGNED_OFF):
            window = payload.get("window")
            if isinstance(window, int):
                self._staff[window] = payload.get("staff") if kind == EventType.WINDOW_SIGNED_IN else None
            return
        ticket = payload.get("ticket")
        if not kind.is_ticket or not isinstance(ticket, Mapping) or not isinstance(ticket.get("id"), str):
            return
        tid = ticket["id"]
        if kind == EventType.TICKET_ISSUED:
            raw = ticket.get("issued_at")
            issued_at: str = raw if isinstance(raw, str) else ts
            issued = _ts(issued_at) or at
            self._begin(tid, 0, Segment(
                tid, 0, issued_at[:10], str(ticket.get("service", "")), str(ticket.get("priority", "normal")),
                issued, issued, target_window=ticket.get("target_window"), joined_hour=_hour_of(issued_at)))
            return
        key = self._open.get(tid)
        if key is None:
            return  # an event for a ticket issued before the fold began
        seg = self.segments[key]
        if kind == EventType.TICKET_CALLED:
            window = payload.get("window", ticket.get("window"))
            window = window if isinstance(window, int) else None
            self._put(replace(seg, first_call_ts=seg.first_call_ts or at, last_call_ts=at, window=window,
                              staff=self._staff.get(window) if window is not None else None))
        elif kind == EventType.TICKET_RECALLED:
            self._put(replace(seg, last_call_ts=at, recalls=seg.recalls + 1))
        elif kind == EventType.TICKET_STARTED:
            self._put(replace(seg, start_ts=at))
        elif kind == EventType.TICKET_FINISHED:
            result = payload.get("result")
            self._end(replace(seg, finish_ts=at, result=result if isinstance(result, str) else None),
                      Outcome.SERVED)
        elif kind == EventType.TICKET_NO_SHOW:
            self._end(seg, Outcome.NO_SHOW)
        elif kind == EventType.TICKET_CANCELLED:
            self._end(seg, Outcome.CANCELLED)
        elif kind == EventType.TICKET_TRANSFERRED:
            to_window = payload.get("to_window")
            outcome = Outcome.TRANSFERRED_WINDOW if isinstance(to_window, int) else Outcome.TRANSFERRED_SERVICE
            self._end(seg, outcome)
            nxt = seg.index + 1
            service = payload.get("to_service") or ticket.get("service") or seg.service
            self._begin(tid, nxt, Segment(
                tid, nxt, seg.day, str(service), seg.priority, at, seg.issued_ts,
                target_window=to_window if isinstance(to_window, int) else None,
                joined_hour=_hour_of(ts)))

    def add_all(self, events: Iterable[Mapping[str, Any]]) -> SegmentFold:
        for ev in events:
            self.add(ev["ts"], ev["type"], ev["payload"])
        return self

    def close_day(self, day: str) -> None:
        """The day is over: whatever is still open on ``day`` was not served."""
        for key in list(self._open.values()):
            seg = self.segments[key]
            if seg.day <= day:
                self._end(seg, Outcome.NOT_SERVED)

    def closed(self) -> list[Segment]:
        return [s for s in self.segments.values() if s.outcome is not None]

    # -- internals ---------------------------------------------------------------------------
    def _begin(self, tid: str, index: int, seg: Segment) -> None:
        self.segments[(tid, index)] = seg
        self._open[tid] = (tid, index)

    def _put(self, seg: Segment) -> None:
        self.segments[(seg.ticket, seg.index)] = seg

    def _end(self, seg: Segment, outcome: Outcome) -> None:
        self._put(replace(seg, outcome=outcome))
        self._open.pop(seg.ticket, None)
