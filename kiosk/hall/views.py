"""The hall's public read model: how a ticket, a window, a window's waiting list and the
queues look from outside. The API, the statistics and the operations' answers all build their
JSON here; nothing outside kiosk/hall reaches the kernel's rows directly.

Every function runs on the store's owner thread with the connection it is given (inside an
operation's transaction, or a read).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from kiosk.core import estimate
from kiosk.core.citizens import mask_name
from kiosk.core.errors import not_found
from kiosk.core.policy import Candidate, eligible
from kiosk.core.tickets import Priority, TicketState
from kiosk.core.windows import WindowState, works_today
from kiosk.hall import repo
from kiosk.hall.tickets_view import public_ticket

if TYPE_CHECKING:
    from kiosk.hall.kernel import HallKernel

DEFAULT_SERVICE_S = 480.0


def ticket_row(k: HallKernel, conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any]:
    row = repo.ticket(conn, ticket_id)
    if row is None:
        raise not_found("票号", "ticket", ticket_id)
    return row


def window_works_today(k: HallKernel, number: int) -> bool:
    w = k.config.windows.get(number)
    return w is not None and works_today(w, k.config.calendar, k.clock.now().date())


def open_windows_for(k: HallKernel, conn: sqlite3.Connection, service: str,
                     states: dict[int, WindowState] | None = None) -> int:
    """Windows serving ``service`` that are open now and work today (a window signed in on a
    day it does not work does not count for estimates)."""
    states = repo.window_states(conn) if states is None else states
    return sum(1 for w in k.config.windows_serving(service)
               if states.get(w.number) == WindowState.OPEN and window_works_today(k, w.number))


def avg_service_s(k: HallKernel, conn: sqlite3.Connection, service: str) -> float:
    svc = k.config.services.get(service)
    default = svc.avg_service_minutes * 60 if svc else DEFAULT_SERVICE_S
    return estimate.average_service_s(repo.recent_durations(conn, k.today(), service), default)


def ticket_view(k: HallKernel, conn: sqlite3.Connection, row: dict[str, Any], ahead: int | None = None,
                estimates: dict[str, tuple[int, float]] | None = None) -> dict[str, Any]:
    """The ticket as a terminal sees it, with the people ahead and the estimated wait.
    ``ahead`` may be given when the caller already knows it (a ticket just issued is last in
    its queue); ``estimates`` caches (open windows, average service s) per service."""
    wait = 0
    if row["state"] == TicketState.WAITING:
        if ahead is None:
            ahead = repo.ahead_of(conn, row)
        svc = row["service"]
        if estimates is not None and svc in estimates:
            open_windows, avg = estimates[svc]
        else:
            open_windows, avg = open_windows_for(k, conn, svc), avg_service_s(k, conn, svc)
            if estimates is not None:
                estimates[svc] = (open_windows, avg)
        wait = estimate.ticket_wait_s(ahead, avg, open_windows)
    else:
        ahead = 0
    cfg = k.config.services.get(row["service"])
    return public_ticket(row, k.tz, cfg.name if cfg else row["service"], ahead, wait)


def ticket(k: HallKernel, conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any]:
    return ticket_view(k, conn, ticket_row(k, conn, ticket_id))


def window_view(k: HallKernel, conn: sqlite3.Connection, number: int,
                busy: dict[str, Any] | bool | None = True) -> dict[str, Any]:
    """A window: state, staff (masked), what it serves, whether it works today, and the ticket
    it holds. ``busy``: the held ticket's row if the caller has it, None for none, True to look."""
    cfg = k.config.windows.get(number)
    w = repo.window_row(conn, number) if cfg is not None else None
    if cfg is None or w is None:
        raise not_found("窗口", "window", number)
    held = repo.busy_ticket(conn, k.today(), number) if busy is True else busy
    staff = k.config.staff.get(w["staff"] or "")
    return {"number": number, "name": cfg.name, "services": list(cfg.services), "state": w["state"],
            "pause_reason": w["pause_reason"], "staff": w["staff"],
            "staff_name": mask_name(staff.name) if staff else None,
            "staff_number": staff.number if staff else None,
            "works_today": window_works_today(k, number),
            "current": ticket_view(k, conn, held) if isinstance(held, dict) else None}


def windows(k: HallKernel, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    busy = repo.busy_tickets(conn, k.today())
    return [window_view(k, conn, n, busy.get(n)) for n in k.config.windows]


def waiting_list(k: HallKernel, conn: sqlite3.Connection, window: int | None,
                 limit: int = 200) -> list[dict[str, Any]]:
    """Waiting tickets in call order (of one window's queues, or all). People ahead are counted
    while reading the day's waiting tickets in order, so the list costs one index walk."""
    services = k.config.windows[window].services if window in k.config.windows else None
    seen: dict[tuple[str, int | None], int] = defaultdict(int)
    estimates: dict[str, tuple[int, float]] = {}
    out: list[dict[str, Any]] = []
    day = k.today()
    cur = conn.execute("SELECT id FROM tickets WHERE day = ? AND state = 'waiting'"
                       " ORDER BY issued_ts, number LIMIT ?", (day, limit * 4))
    for (tid,) in cur.fetchall():
        row = ticket_row(k, conn, tid)
        queue = (row["service"] if row["target_window"] is None else "", row["target_window"])
        ahead = seen[queue]
        seen[queue] += 1
        if window is not None and services is not None and not eligible_row(row, window, services):
            continue
        out.append(ticket_view(k, conn, row, ahead, estimates))
        if len(out) >= limit:
            break
    return out


def eligible_row(row: dict[str, Any], window: int, services: tuple[str, ...]) -> bool:
    """May ``window`` call this ticket (targeted at it, or of one of its services)?"""
    return eligible(Candidate(row["id"], row["number"], row["service"], Priority(row["priority"]),
                              row["issued_ts"], row["target_window"]), window, services)


def queue_view(k: HallKernel, conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Per service: waiting (its own queue and tickets transferred to it at a window), windows
    open for it, the average service time and the wait a new ticket would be told."""
    waiting: dict[str, int] = defaultdict(int)
    own: dict[str, int] = defaultdict(int)
    for service, target, n in repo.waiting_counts(conn, k.today()):
        waiting[service] += n
        if not target:
            own[service] += n
    states = repo.window_states(conn)
    out = []
    for s in k.config.services.values():
        open_w = open_windows_for(k, conn, s.code, states)
        avg = avg_service_s(k, conn, s.code)
        out.append({"service": s.code, "name": s.name, "name_en": s.name_en, "prefix": s.prefix,
                    "waiting": waiting.get(s.code, 0), "open_windows": open_w,
                    "estimated_wait_s": estimate.estimated_wait_s(waiting.get(s.code, 0), avg, open_w),
                    "avg_service_s": round(avg)})
    return out
