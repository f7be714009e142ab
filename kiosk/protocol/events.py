"""Event types of the hall's append-only log, in one tense (what happened), and the names
earlier releases wrote.

Events are hash-chained when they are stored, so a stored name is never rewritten: readers
(apps, sync, central ingest, projections) turn whatever name they meet into an ``EventType``
with ``EventType.parse``, which also accepts the old names.
"""

from __future__ import annotations

import enum


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
