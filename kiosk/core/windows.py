"""Service windows (窗口): a number, a name, the services it serves in order (a comprehensive
window 综合窗口 serves many), and its state through the day."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.core.tickets import TicketState


class WindowState(enum.StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    SIGNED_OFF = "signed_off"


WINDOW_STATE_ZH = {WindowState.OPEN: "办理中", WindowState.PAUSED: "暂停服务",
                   WindowState.SIGNED_OFF: "未签到"}


@dataclass(frozen=True)
class Window:
    number: int
    name: str
    services: tuple[str, ...]
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    @property
    def label(self) -> str:
        return f"{self.number}号窗口"


# -- what a window may do now: the one set of predicates the hall, the counter's buttons and
# its shortcuts all ask. ``current`` is the state of the ticket the window holds (called or
# serving), None when it holds none.
def can_sign_in(state: WindowState) -> bool:
    return state == WindowState.SIGNED_OFF


def can_call(state: WindowState, current: TicketState | None) -> bool:
    """Call next, or call a given ticket: an open window holding no ticket."""
    return state == WindowState.OPEN and current is None


def can_recall(state: WindowState, current: TicketState | None) -> bool:
    return state != WindowState.SIGNED_OFF and current == TicketState.CALLED


def can_start(state: WindowState, current: TicketState | None) -> bool:
    return state != WindowState.SIGNED_OFF and current == TicketState.CALLED


def can_finish(state: WindowState, current: TicketState | None) -> bool:
    return state != WindowState.SIGNED_OFF and current in (TicketState.CALLED, TicketState.SERVING)


def can_no_show(state: WindowState, current: TicketState | None) -> bool:
    return state != WindowState.SIGNED_OFF and current == TicketState.CALLED


def can_transfer(state: WindowState, current: TicketState | None) -> bool:
    return state != WindowState.SIGNED_OFF and current in (TicketState.CALLED, TicketState.SERVING)


def can_pause(state: WindowState, current: TicketState | None) -> bool:
    """A pause needs an open window with nobody at it (finish or mark no-show first)."""
    return state == WindowState.OPEN and current is None


def can_resume(state: WindowState) -> bool:
    return state == WindowState.PAUSED


def can_sign_off(state: WindowState, current: TicketState | None) -> bool:
    """Leaving needs an empty window; whether others can still serve its queue (当日取号、当日受理)
    is decided with the queue's facts by ``sign_off_refusal``."""
    return state != WindowState.SIGNED_OFF and current is None
