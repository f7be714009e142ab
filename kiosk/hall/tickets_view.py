"""How tickets look to the outside: the JSON a terminal gets, and the reduced form put into
events (no citizen data beyond a flag)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from kiosk.protocol.events import TicketPayload

TICKET_COLUMNS = (
    "id, day, number, service, original_service, priority, state, window, target_window, "
    "issued_at, issued_ts, called_at, called_ts, started_ts, finished_ts, recalls, transfers, "
    "kiosk, staff, citizen_key, citizen_name, citizen_id, birth_year, appointment"
)


def ticket_row(conn: sqlite3.Connection, ticket_id: str) -> dict[str, Any] | None:
    cur = conn.execute(f"SELECT {TICKET_COLUMNS} FROM tickets WHERE id = ?", (ticket_id,))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cur.description], row, strict=True))


def _iso(ts: float | None, tz: dt.tzinfo) -> str | None:
    return None if ts is None else dt.datetime.fromtimestamp(ts, tz).isoformat(timespec="seconds")


def event_ticket(row: dict[str, Any], tz: dt.tzinfo) -> TicketPayload:
    """The ticket as it goes into the event log and the WebSocket: no personal data."""
    return {
        "id": row["id"], "number": row["number"], "service": row["service"],
        "original_service": row["original_service"], "priority": row["priority"],
        "state": row["state"], "window": row["window"], "target_window": row["target_window"],
        "issued_at": row["issued_at"], "called_at": row["called_at"],
        "started_at": _iso(row["started_ts"], tz), "finished_at": _iso(row["finished_ts"], tz),
        "recalls": row["recalls"], "transfers": row["transfers"],
        "has_citizen": row["citizen_key"] is not None,
    }


def public_ticket(row: dict[str, Any], tz: dt.tzinfo, service_name: str, ahead: int,
                  wait_s: int) -> dict[str, Any]:
    out: dict[str, Any] = dict(event_ticket(row, tz))
    del out["has_citizen"]
    out.update({
        "service_name": service_name,
        "waiting_ahead": ahead,
        "estimated_wait_s": wait_s,
        "citizen": None if row["citizen_key"] is None else {
            "name": row["citizen_name"], "id_number": row["citizen_id"],
        },
    })
    return out
