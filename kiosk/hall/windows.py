"""Operations on windows: sign in, pause, resume, sign off. The rules (kiosk/core/windows) are
the same predicates the counter's buttons are bound to."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from typing import Any

from kiosk.config.hall import Device
from kiosk.core import roles
from kiosk.core import windows as rules
from kiosk.core.errors import bad_request, not_found, unauthorized
from kiosk.core.windows import WindowState
from kiosk.hall import repo, views
from kiosk.hall.kernel import HallKernel
from kiosk.hall.tickets import _window
from kiosk.protocol.events import EventType
from kiosk.store.eventlog import Event

Future = concurrent.futures.Future
MAX_REASON_LENGTH = 100           # a pause reason, shown on the window's screen
MAX_OVERRIDE_REASON_LENGTH = 200  # a sign-off override reason, kept in the event
MAX_STAFF_ID_LENGTH = 40


def _check_device(device: Device, window: int) -> None:
    if not roles.may_act_for_window(device.role, device.window, window):
        raise roles.window_forbidden(window)


def _reason(reason: object, limit: int = MAX_REASON_LENGTH) -> str | None:
    """A pause or override reason: non-blank text of bounded length, or None."""
    if not isinstance(reason, str) or not reason.strip() or len(reason) > limit:
        return None
    return reason.strip()


def _set(k: HallKernel, conn: sqlite3.Connection, events: list[Event], number: int, state: WindowState,
         reason: str | None, staff: str | None, type_: EventType, extra: dict[str, Any]) -> dict[str, Any]:
    repo.set_window(conn, number, state, reason, staff, k.now_iso())
    k.emit(conn, events, type_, {"window": number, "state": state.value, "reason": reason, "staff": staff,
                                 **extra})
    return views.window_view(k, conn, number)


def sign_in(k: HallKernel, device: Device, window: int, staff_id: str | None, pin: str | None) -> Future[Any]:
    _check_device(device, window)
    if window not in k.config.windows:
        raise not_found("窗口", "window", window)
    rules.check_sign_in(window, views.window_works_today(k, window))
    if k.config.staff:
        staff = k.config.staff.get(staff_id or "")
        if staff is None or staff.pin != (pin or ""):
            raise unauthorized("工号或密码错误", "wrong staff id or PIN", "bad_credentials")
    elif staff_id is not None and not (isinstance(staff_id, str) and 0 < len(staff_id) <= MAX_STAFF_ID_LENGTH):
        raise bad_request("bad_staff", "工号格式错误", "bad staff id")

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        _window(k, conn, window)
        return _set(k, conn, events, window, WindowState.OPEN, None, staff_id, EventType.WINDOW_SIGNED_IN, {})
    return k.run(op)


def pause(k: HallKernel, device: Device, window: int, reason: str) -> Future[Any]:
    _check_device(device, window)
    why = _reason(reason)
    if why is None:
        raise bad_request("reason_required", "暂停服务需填写原因", "a pause needs a reason")

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        w = _window(k, conn, window)
        busy = repo.busy_ticket(conn, k.today(), window)
        rules.check_pause(WindowState(w["state"]), busy["number"] if busy else None)
        return _set(k, conn, events, window, WindowState.PAUSED, why, w["staff"], EventType.WINDOW_PAUSED, {})
    return k.run(op)


def resume(k: HallKernel, device: Device, window: int) -> Future[Any]:
    _check_device(device, window)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        w = _window(k, conn, window)
        rules.check_resume(WindowState(w["state"]))
        return _set(k, conn, events, window, WindowState.OPEN, None, w["staff"], EventType.WINDOW_RESUMED, {})
    return k.run(op)


def stranded(k: HallKernel, conn: sqlite3.Connection, window: int) -> int:
    """Waiting tickets that no other signed-in window working today could serve."""
    cfg = k.config
    covered = {code for n in repo.signed_in_windows(conn, cfg.windows)
               if n != window and views.window_works_today(k, n) for code in cfg.windows[n].services}
    day = k.today()
    services = cfg.windows[window].services
    waiting = {code: repo.waiting_in_queue(conn, day, code, None) for code in services}
    return rules.stranded_count(services, covered, waiting, repo.waiting_in_queue(conn, day, None, window))


def sign_off(k: HallKernel, device: Device, window: int, override: bool = False,
             reason: str | None = None) -> Future[Any]:
    """当日取号、当日受理: a window may not leave while tickets only it could serve still wait,
    unless an override with a reason is given (and recorded in the event)."""
    _check_device(device, window)
    why = _reason(reason, MAX_OVERRIDE_REASON_LENGTH) if override else None
    if override and why is None:
        raise bad_request("reason_required", "强制签退需填写原因", "an override needs a reason")

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        w = _window(k, conn, window)
        busy = repo.busy_ticket(conn, k.today(), window)
        left = stranded(k, conn, window)
        refusal = rules.sign_off_refusal(WindowState(w["state"]), busy["number"] if busy else None, left, override)
        if refusal is not None:
            raise refusal
        return _set(k, conn, events, window, WindowState.SIGNED_OFF, None, None, EventType.WINDOW_SIGNED_OFF,
                    {"override": bool(override and left), "override_reason": why, "stranded": left,
                     "staff_was": w["staff"]})
    return k.run(op)
