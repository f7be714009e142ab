"""Event types of the hall's append-only log, in one tense (what happened), and the names
earlier releases wrote.

Events are hash-chained when they are stored, so a stored name is never rewritten: readers
(apps, sync, central ingest, projections) turn whatever name they meet into an ``EventType``
with ``EventType.parse``, which also accepts the old names.
"""

from __future__ import annotations

import enum
from typing import NotRequired, TypedDict


class EventType(enum.StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_STARTED = "ticket.started"
    TICKET_FINISHED = "ticket.finished"
    TICKET_CANCELLED = "ticket.cancelled"
    TICKET_NO_SHOW = "ticket.marked_no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    RATING_RECORDED = "rating.recorded"
    WINDOW_SIGNED_IN = "window.signed_in"
    WINDOW_PAUSED = "window.paused"
    WINDOW_RESUMED = "window.resumed"
    WINDOW_SIGNED_OFF = "window.signed_off"
    DEVICE_HEALTH = "device.health"

    @classmethod
    def parse(cls, name: str) -> EventType | None:
        """The type of a stored or received event name, old names included; None for a name
        this release does not know (a newer origin's event: keep it, act on nothing)."""
        try:
            return cls(name)
        except ValueError:
            return LEGACY_NAMES.get(name)

    @property
    def is_ticket(self) -> bool:
        return self.value.startswith("ticket.")


# Names written before the one-tense rule (events in existing logs and in central's store).
LEGACY_NAMES: dict[str, EventType] = {
    "ticket.recall": EventType.TICKET_RECALLED,
    "ticket.start": EventType.TICKET_STARTED,
    "ticket.finish": EventType.TICKET_FINISHED,
    "ticket.cancel": EventType.TICKET_CANCELLED,
    "ticket.no_show": EventType.TICKET_NO_SHOW,
}

# The ticket action that leads to each ticket event (the state machine's words, kiosk/core/tickets).
ACTION_EVENT: dict[str, EventType] = {
    "call": EventType.TICKET_CALLED,
    "recall": EventType.TICKET_RECALLED,
    "start": EventType.TICKET_STARTED,
    "finish": EventType.TICKET_FINISHED,
    "cancel": EventType.TICKET_CANCELLED,
    "no_show": EventType.TICKET_NO_SHOW,
    "transfer": EventType.TICKET_TRANSFERRED,
}


# -- payloads, as the hall writes them (readers of old events stay defensive: fields were added
# over time, never renamed) -------------------------------------------------------------------
class TicketPayload(TypedDict):
    """A ticket inside an event: no personal data beyond ``has_citizen``."""

    id: str
    number: str
    service: str
    original_service: str
    priority: str
    state: str
    window: int | None
    target_window: int | None
    issued_at: str
    called_at: str | None
    started_at: str | None
    finished_at: str | None
    recalls: int
    transfers: int
    has_citizen: bool


class TicketEvent(TypedDict):
    """ticket.*: the ticket after the change, and for steps at a window which window and device."""

    ticket: TicketPayload
    window: NotRequired[int | None]
    by: NotRequired[str]
    from_window: NotRequired[int | None]      # ticket.transferred
    from_service: NotRequired[str]
    to_service: NotRequired[str | None]
    to_window: NotRequired[int | None]


class RatingEvent(TypedDict):
    ticket: str
    number: str
    window: int
    staff: str | None
    level: int | None   # None: not rated (declined or timed out)
    reasons: list[str]
    rated: bool
    rated_at: str
    service: str


class WindowEvent(TypedDict):
    window: int
    state: str
    reason: str | None
    staff: str | None
    override: NotRequired[bool]               # window.signed_off
    override_reason: NotRequired[str | None]
    stranded: NotRequired[int]
    staff_was: NotRequired[str | None]


class DeviceHealthEvent(TypedDict):
    device: str
    state: str
    reported_by: str
    window: int | None
    since: str
    kind: str
    code: str
    message_zh: str
    message_en: str
