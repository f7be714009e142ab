"""Who may do what: the roles a device has in the hall, and the one set of permission
predicates that the API's gate (role only, before any data is read) and the hall's operations
(with the ticket's or window's facts) both ask.

An admin may do everything. A counter acts for its own window and the tickets at it; a pad
rates what its window served; a kiosk issues and may cancel (a citizen changing their mind);
a display only reads.
"""

from __future__ import annotations

import enum

from kiosk.core.errors import HallError, forbidden


class Role(enum.StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    PAD = "pad"
    DISPLAY = "display"
    ADMIN = "admin"


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


class Action(enum.StrEnum):
    ISSUE = "issue"
    CANCEL = "cancel"
    HANDLE_TICKET = "handle_ticket"  # recall, start, finish, no-show at the window
    TRANSFER = "transfer"
    RATE = "rate"
    ACT_FOR_WINDOW = "act_for_window"  # call, sign in, pause, resume, sign off
    READ_CALLBACKS = "read_callbacks"
    REPORT_HEALTH = "report_health"


# Roles that may attempt each action at all (admin always may); the per-ticket and per-window
# predicates below narrow this with the facts.
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.ISSUE: frozenset({Role.KIOSK}),
    Action.CANCEL: frozenset({Role.KIOSK, Role.COUNTER}),
    Action.HANDLE_TICKET: frozenset({Role.COUNTER}),
    Action.TRANSFER: frozenset({Role.COUNTER}),
    Action.RATE: frozenset({Role.PAD, Role.COUNTER}),
    Action.ACT_FOR_WINDOW: frozenset({Role.COUNTER}),
    Action.READ_CALLBACKS: frozenset(),
    Action.REPORT_HEALTH: frozenset(Role),
}


def as_role(role: str) -> Role | None:
    try:
        return Role(role)
    except ValueError:
        return None


def permitted(role: str, action: Action) -> bool:
    """May a device of ``role`` attempt ``action`` at all (before looking at any data)?"""
    r = as_role(role)
    return r is not None and (r == Role.ADMIN or r in ALLOWED[action])


def check_permitted(role: str, action: Action) -> None:
    if not permitted(role, action):
        raise forbidden(f"{role} 设备无权执行此操作", f"a {role} device may not do this")


def may_act_for_window(role: str, device_window: int | None, window: int) -> bool:
    return role == Role.ADMIN or (permitted(role, Action.ACT_FOR_WINDOW) and device_window == window)


def may_handle_ticket(role: str, device_window: int | None, ticket_window: int | None) -> bool:
    """Recall, start, finish, mark no-show: only at the window that holds the ticket."""
    return role == Role.ADMIN or (permitted(role, Action.HANDLE_TICKET) and ticket_window is not None
                                  and device_window == ticket_window)


def may_cancel(role: str, device_window: int | None, ticket_window: int | None) -> bool:
    if role in (Role.ADMIN, Role.KIOSK):
        return True
    return role == Role.COUNTER and device_window == ticket_window


def may_transfer_waiting(role: str) -> bool:
    """A waiting ticket belongs to no window yet: only an admin moves it."""
    return role == Role.ADMIN


def may_rate(role: str, device_window: int | None, ticket_window: int | None) -> bool:
    return role == Role.ADMIN or (permitted(role, Action.RATE) and device_window is not None
                                  and device_window == ticket_window)


def may_skip_recalls(role: str) -> bool:
    """An admin may mark no-show without the configured recalls (e.g. the citizen left)."""
    return role == Role.ADMIN


def may_call_any_ticket(role: str) -> bool:
    """An admin may have a window call a ticket of a service it does not serve."""
    return role == Role.ADMIN


def window_forbidden(window: int) -> HallError:
    return forbidden(f"此设备不能操作 {window} 号窗口", f"this device may not act for window {window}")


def ticket_forbidden(number: str) -> HallError:
    return forbidden(f"票号 {number} 不在本窗口办理", f"ticket {number} is not at this device's window")
