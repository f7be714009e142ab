"""Operation on ratings: a citizen rates the service a window gave (or does not)."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from typing import Any

from kiosk.config.hall import Device
from kiosk.core import roles
from kiosk.core.errors import conflict, forbidden
from kiosk.core.ratings import check_rating
from kiosk.core.tickets import TicketState
from kiosk.hall import repo, views
from kiosk.hall.kernel import HallKernel
from kiosk.protocol.events import EventType
from kiosk.store.eventlog import Event


def rate(k: HallKernel, device: Device, ticket_id: str, level: int | None, reasons: list[str],
         not_rated: bool = False, idem_key: str | None = None) -> concurrent.futures.Future[Any]:
    level, reasons = check_rating(level, reasons, not_rated)

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        t = views.ticket_row(k, conn, ticket_id)
        if not roles.may_rate(device.role, device.window, t["window"]):
            raise forbidden("只能评价本窗口办理的业务", "a pad may rate only tickets served at its window")
        if t["state"] != TicketState.DONE:
            raise conflict("not_served", f"票号 {t['number']} 尚未办结,不能评价",
                           f"ticket {t['number']} has not been served yet")
        if repo.rating_exists(conn, ticket_id):
            raise conflict("already_rated", f"票号 {t['number']} 已评价", f"ticket {t['number']} was already rated")
        now = k.now_iso()
        repo.insert_rating(conn, ticket_id, t["day"], t["window"], t["staff"], level, reasons, now, device.id)
        rating = {"ticket": t["id"], "number": t["number"], "window": t["window"], "staff": t["staff"],
                  "level": level, "reasons": reasons, "rated": level is not None, "rated_at": now,
                  "service": t["service"]}
        k.emit(conn, events, EventType.RATING_RECORDED, rating)
        return rating
    return k.run(op, device=device, idem_key=idem_key)
