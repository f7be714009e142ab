"""Tickets: daily numbering and the state machine.

    waiting -> called -> serving -> done
    called  -> no_show            (after the configured number of unanswered recalls)
    called | serving -> waiting   (transfer: to another service or window, issue time kept)
    waiting | called -> cancelled
"""

from __future__ import annotations

import enum

from kiosk.core.errors import HallError


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Priority(enum.StrEnum):
    NORMAL = "normal"
    GREEN = "green"  # green channel: citizens aged 70+, disabled, ...
    APPOINTMENT = "appointment"


ACTIVE_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)

# action -> states it may start from, and the state it leads to
TRANSITIONS: dict[str, tuple[frozenset[TicketState], TicketState]] = {
    "call": (frozenset({TicketState.WAITING}), TicketState.CALLED),
    "recall": (frozenset({TicketState.CALLED}), TicketState.CALLED),
    "start": (frozenset({TicketState.CALLED}), TicketState.SERVING),
    "finish": (frozenset({TicketState.SERVING, TicketState.CALLED}), TicketState.DONE),
    "no_show": (frozenset({TicketState.CALLED}), TicketState.NO_SHOW),
    "transfer": (frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING}),
                 TicketState.WAITING),
    "cancel": (frozenset({TicketState.WAITING, TicketState.CALLED}), TicketState.CANCELLED),
}

STATE_ZH = {
    TicketState.WAITING: "等候中", TicketState.CALLED: "已叫号", TicketState.SERVING: "办理中",
    TicketState.DONE: "已办结", TicketState.NO_SHOW: "过号", TicketState.CANCELLED: "已取消",
}
ACTION_ZH = {"call": "叫号", "recall": "重呼", "start": "开始办理", "finish": "办结",
             "no_show": "过号", "transfer": "转办", "cancel": "取消"}


def check_transition(action: str, state: TicketState, number: str) -> TicketState:
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise HallError(
            "bad_state",
            f"票号 {number} 当前{STATE_ZH[state]},不能{ACTION_ZH[action]}",
            f"ticket {number} is {state.value}; cannot {action.replace('_', '-')}",
            details={"state": state.value, "action": action},
        )
    return target


def format_number(prefix: str, n: int) -> str:
    """A001 ... A999, then A1000: never repeats within a day."""
    return f"{prefix}{n:03d}"
