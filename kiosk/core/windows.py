"""Service windows (窗口): a number, a name, the services it serves in order (a comprehensive
window 综合窗口 serves many), and its state through the day."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kiosk.core.catalogue import Calendar
from kiosk.core.errors import HallError, conflict
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

    def works_on(self, schedule_day: str | None) -> bool:
        """Does the window work on a day run to ``schedule_day``'s hours (None: a holiday)?"""
        return schedule_day is not None and schedule_day in self.days


def works_today(window: Window, calendar: Calendar, day: dt.date) -> bool:
    """A window works on the days it lists, by the calendar's schedule day: a make-up working
    day (调休) run to Monday's hours counts as a Monday; a holiday closes every window."""
    return window.works_on(calendar.schedule_day(day))


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


def can_sign_in_today(state: WindowState, works: bool) -> bool:
    """Sign-in as the counter's button sees it: signed off, on a day the window works."""
    return works and can_sign_in(state)


# -- the same rules as refusals with the hall's bilingual errors ---------------------------------
def check_sign_in(number: int, works: bool) -> None:
    if not works:
        raise conflict("window_not_working_today", f"{number}号窗口今日不开放,不能签到",
                       f"window {number} does not work today; it cannot sign in", window=number)


def check_open(number: int, state: WindowState) -> None:
    """Calling needs an open window."""
    if state == WindowState.PAUSED:
        raise conflict("window_paused", f"{number}号窗口暂停服务中,请先恢复",
                       f"window {number} is paused; resume it first")
    if state == WindowState.SIGNED_OFF:
        raise conflict("window_signed_off", f"{number}号窗口未签到,请先签到",
                       f"window {number} is signed off; sign in first")


def check_free(busy_number: str | None) -> None:
    """Most window actions need nobody at the window (finish or mark no-show first)."""
    if busy_number is not None:
        raise conflict("window_busy", f"请先办结或过号当前票号 {busy_number}",
                       f"finish or mark no-show for {busy_number} first", ticket=busy_number)


def check_pause(state: WindowState, busy_number: str | None) -> None:
    """Raises exactly when ``can_pause`` says no."""
    if state != WindowState.OPEN:
        raise conflict("bad_window_state", "窗口不在办理状态,不能暂停", "the window is not open")
    check_free(busy_number)


def check_resume(state: WindowState) -> None:
    if not can_resume(state):
        raise conflict("bad_window_state", "窗口未暂停", "the window is not paused")


def stranded_count(services: Iterable[str], covered: Iterable[str], waiting_by_service: Mapping[str, int],
                   targeted_waiting: int) -> int:
    """当日取号、当日受理: tickets waiting that nobody else could serve if this window left —
    those targeted at it, and those of its services that no other signed-in window serves.
    ``covered``: the services of the other windows signed in (open or paused) and working today."""
    others = set(covered)
    return targeted_waiting + sum(waiting_by_service.get(code, 0) for code in dict.fromkeys(services)
                                  if code not in others)


def sign_off_refusal(state: WindowState, busy_number: str | None, stranded: int,
                     override: bool) -> HallError | None:
    """Why this window may not sign off now, or None. An override (with a reason, checked by
    the caller) lets a window leave stranded tickets; the event records it."""
    if state == WindowState.SIGNED_OFF:
        return conflict("bad_window_state", "窗口已签退", "the window is already signed off")
    if busy_number is not None:
        return conflict("window_busy", f"请先办结或过号当前票号 {busy_number}",
                        f"finish or mark no-show for {busy_number} first", ticket=busy_number)
    if stranded and not override:
        return conflict("tickets_waiting",
                        f"还有 {stranded} 位群众只能由本窗口办理,当日取号须当日受理,不能签退",
                        f"{stranded} waiting tickets can be served only by this window; "
                        "today's tickets must be served today", waiting=stranded)
    return None


def check_no_show(recalls: int, required: int, may_skip: bool) -> None:
    """A called ticket is marked no-show only after ``required`` unanswered recalls."""
    if recalls < required and not may_skip:
        raise conflict("recalls_required", f"请先重呼 {required} 次再标记过号(已重呼 {recalls} 次)",
                       f"recall {required} times before marking no-show ({recalls} so far)",
                       recalls=recalls, required=required)


def check_call_ticket(number: str, ticket_day: str, today: str, for_window: bool, may_call_any: bool) -> None:
    """Calling a given ticket: only today's, and only one this window serves (an admin may
    have any window call any ticket)."""
    if ticket_day != today:
        raise conflict("not_today", "只能叫今天的号", "only today's tickets can be called")
    if not for_window and not may_call_any:
        raise conflict("not_for_window", f"票号 {number} 不属于本窗口的业务",
                       f"ticket {number} is not for a service of this window")
