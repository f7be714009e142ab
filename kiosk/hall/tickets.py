"""Operations on tickets: issue, call (next or a given one), recall / start / finish /
no-show / cancel, transfer. Each is one kernel transaction: the repository loads the facts, a
core rule decides, the repository writes, one event is emitted."""

from __future__ import annotations

import concurrent.futures
import sqlite3
import uuid
from typing import Any

from kiosk.config.hall import Device
from kiosk.core import issuing, roles
from kiosk.core import windows as window_rules
from kiosk.core.citizens import citizen_from
from kiosk.core.errors import bad_request, conflict, forbidden, not_found
from kiosk.core.policy import Candidate, next_counter, pick_next
from kiosk.core.tickets import Priority, TicketState, check_transition, format_number
from kiosk.hall import repo, views
from kiosk.hall.kernel import HallKernel
from kiosk.hall.tickets_view import event_ticket
from kiosk.protocol.events import ACTION_EVENT, EventType
from kiosk.store.eventlog import Event

Future = concurrent.futures.Future


def _changed() -> Exception:
    return conflict("concurrent_change", "票号状态刚刚被改变,请刷新", "the ticket just changed; refresh")


def issue(k: HallKernel, device: Device, service_code: str, citizen: dict[str, Any] | None = None,
          priority: str = "normal", appointment: str | None = None,
          idem_key: str | None = None) -> Future[Any]:
    now = k.clock.now()
    cfg = k.config
    svc = issuing.service_for(cfg.services, service_code)
    prio = issuing.parse_priority(priority)
    who = citizen_from(citizen, k.secret)
    slot = issuing.check_request(svc, prio, who, appointment, cfg.policy, cfg.calendar, now)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        day = now.date().isoformat()
        existing = None
        if who is not None:
            dup = repo.active_ticket_of(conn, day, who.key, svc.code)
            existing = views.ticket(k, conn, dup) if dup is not None else None
        in_slot = 0
        if slot is not None:
            in_slot = repo.issued_between(conn, day, svc.code, *issuing.slot_bounds(slot, now.date(), k.tz))
        issuing.check_counts(svc, slot, issuing.IssueFacts(repo.issued_count(conn, day, svc.code),
                                                           in_slot, existing))
        number = format_number(svc.prefix, repo.next_number(conn, day, svc.prefix))
        tid = str(uuid.uuid4())
        repo.insert_ticket(conn, {
            "id": tid, "day": day, "number": number, "service": svc.code, "original_service": svc.code,
            "priority": prio.value, "state": TicketState.WAITING.value,
            "issued_at": now.isoformat(timespec="seconds"), "issued_ts": now.timestamp(), "kiosk": device.id,
            "citizen_key": who.key if who else None, "citizen_name": who.name if who else None,
            "citizen_id": who.id_masked if who else None, "birth_year": who.birth_year if who else None,
            "appointment": appointment})
        row = views.ticket_row(k, conn, tid)
        k.emit(conn, events, EventType.TICKET_ISSUED, {"ticket": event_ticket(row, k.tz)})
        # A new ticket is last in its service's queue: the people ahead are the kept count.
        ahead = max(0, repo.waiting_in_queue(conn, day, svc.code, None) - 1)
        return views.ticket_view(k, conn, row, ahead)

    return k.run(op, device=device, idem_key=idem_key)


def _window(k: HallKernel, conn: sqlite3.Connection, number: int) -> dict[str, Any]:
    row = repo.window_row(conn, number) if number in k.config.windows else None
    if row is None:
        raise not_found("窗口", "window", number)
    return row


def _ready_to_call(k: HallKernel, conn: sqlite3.Connection, number: int) -> dict[str, Any]:
    w = _window(k, conn, number)
    window_rules.check_open(number, w["state"])
    busy = repo.busy_ticket(conn, k.today(), number)
    window_rules.check_free(busy["number"] if busy else None)
    return w


def _do_call(k: HallKernel, conn: sqlite3.Connection, events: list[Event], w: dict[str, Any],
             ticket: dict[str, Any], counter: int) -> dict[str, Any]:
    now = k.clock.now()
    window = w["number"]
    # The conditional write is what keeps two windows from calling one ticket.
    if not repo.update_ticket_if(conn, ticket["id"], TicketState.WAITING, {
            "state": TicketState.CALLED.value, "window": window, "called_at": now.isoformat(timespec="seconds"),
            "called_ts": now.timestamp(), "recalls": 0, "staff": w["staff"], "target_window": None}):
        raise conflict("already_called", f"票号 {ticket['number']} 已被叫走",
                       f"ticket {ticket['number']} was already called")
    repo.set_window_counter(conn, window, counter)
    row = views.ticket_row(k, conn, ticket["id"])
    k.emit(conn, events, EventType.TICKET_CALLED, {"ticket": event_ticket(row, k.tz), "window": window})
    return views.ticket_view(k, conn, row)


def call_next(k: HallKernel, device: Device, window: int) -> Future[Any]:
    if not roles.may_act_for_window(device.role, device.window, window):
        raise roles.window_forbidden(window)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any] | None:
        w = _ready_to_call(k, conn, window)
        services = k.config.windows[window].services
        picked = pick_next(repo.queue_heads(conn, k.today(), window, services), window, services,
                           w["normal_since_priority"], k.config.policy, k.clock.ts())
        if picked is None:
            return None
        counter = next_counter(picked, w["normal_since_priority"])
        return _do_call(k, conn, events, w, views.ticket_row(k, conn, picked.id), counter)
    return k.run(op)


def call_ticket(k: HallKernel, device: Device, window: int, ticket_id: str) -> Future[Any]:
    if not roles.may_act_for_window(device.role, device.window, window):
        raise roles.window_forbidden(window)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        w = _ready_to_call(k, conn, window)
        t = views.ticket_row(k, conn, ticket_id)
        check_transition("call", TicketState(t["state"]), t["number"])
        window_rules.check_call_ticket(t["number"], t["day"], k.today(),
                                       views.eligible_row(t, window, k.config.windows[window].services),
                                       roles.may_call_any_ticket(device.role))
        counter = next_counter(
            Candidate(t["id"], t["number"], t["service"], Priority(t["priority"]), t["issued_ts"]),
            w["normal_since_priority"])
        return _do_call(k, conn, events, w, t, counter)
    return k.run(op)


def ticket_action(k: HallKernel, device: Device, ticket_id: str, action: str) -> Future[Any]:
    """recall, start, finish, no_show, cancel: the state machine's steps at a window."""
    if action not in ACTION_EVENT or action in ("call", "transfer"):
        raise bad_request("bad_action", f"未知操作: {action}", f"unknown action: {action}")

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        t = views.ticket_row(k, conn, ticket_id)
        if action == "cancel":
            if not roles.may_cancel(device.role, device.window, t["window"]):
                raise forbidden("此设备不能取消该票号", "this device may not cancel this ticket")
        elif not roles.may_handle_ticket(device.role, device.window, t["window"]):
            raise roles.ticket_forbidden(t["number"])
        target = check_transition(action, TicketState(t["state"]), t["number"])
        now = k.clock.now()
        sets: dict[str, Any] = {"state": target.value}
        if action == "recall":
            sets["recalls"] = t["recalls"] + 1
            sets["called_at"] = now.isoformat(timespec="seconds")
        elif action == "start":
            sets["started_ts"] = now.timestamp()
        elif action == "finish":
            sets["finished_ts"] = now.timestamp()
            if t["started_ts"] is None:  # served straight from the call (kiosk.core.metrics)
                sets["started_ts"] = t["called_ts"]
        elif action == "no_show":
            window_rules.check_no_show(t["recalls"], k.config.policy.no_show_after_recalls,
                                       roles.may_skip_recalls(device.role))
        if not repo.update_ticket_if(conn, ticket_id, t["state"], sets):
            raise _changed()
        row = views.ticket_row(k, conn, ticket_id)
        k.emit(conn, events, ACTION_EVENT[action],
               {"ticket": event_ticket(row, k.tz), "window": row["window"], "by": device.id})
        return views.ticket_view(k, conn, row)
    return k.run(op)


def transfer(k: HallKernel, device: Device, ticket_id: str, service: str | None,
             window: int | None) -> Future[Any]:
    if (service is None) == (window is None):
        raise bad_request("bad_transfer", "转办需指定业务或窗口之一", "give exactly one of service or window")
    if service is not None:
        issuing.service_for(k.config.services, service)
    if window is not None and window not in k.config.windows:
        raise not_found("窗口", "window", window)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        t = views.ticket_row(k, conn, ticket_id)
        if t["state"] == TicketState.WAITING:
            if not roles.may_transfer_waiting(device.role):
                raise forbidden("只有管理员可转办等候中的票号", "only an admin may transfer a waiting ticket")
        elif not roles.may_handle_ticket(device.role, device.window, t["window"]):
            raise roles.ticket_forbidden(t["number"])
        check_transition("transfer", TicketState(t["state"]), t["number"])
        # Back to waiting, original issue time kept, so it goes to the head of its new queue.
        if not repo.update_ticket_if(conn, ticket_id, t["state"], {
                "state": TicketState.WAITING.value, "service": service or t["service"], "target_window": window,
                "window": None, "called_at": None, "called_ts": None, "started_ts": None, "recalls": 0,
                "transfers": t["transfers"] + 1}):
            raise _changed()
        row = views.ticket_row(k, conn, ticket_id)
        k.emit(conn, events, EventType.TICKET_TRANSFERRED,
               {"ticket": event_ticket(row, k.tz), "from_window": t["window"], "from_service": t["service"],
                "to_service": service, "to_window": window})
        return views.ticket_view(k, conn, row)
    return k.run(op)
