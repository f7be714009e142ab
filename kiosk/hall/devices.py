"""Operation on device health: terminals report their devices' connection state; the hall
keeps the latest per device and emits an event only when it changes."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from typing import Any

from drivers.supervision import ConnectionState
from kiosk.config.hall import Device
from kiosk.core.errors import bad_request
from kiosk.hall import repo
from kiosk.hall.kernel import HallKernel
from kiosk.protocol.events import EventType
from kiosk.store.eventlog import Event

STATES = frozenset(s.value for s in ConnectionState)  # the supervisors' own words
MAX_NAME_LENGTH = 80
MAX_FIELD_LENGTH = 200


def report_health(k: HallKernel, device: Device, health: dict[str, Any]) -> concurrent.futures.Future[Any]:
    name = health.get("device")
    state = health.get("state")
    if not isinstance(name, str) or not name or len(name) > MAX_NAME_LENGTH or state not in STATES:
        raise bad_request("bad_health", "设备状态格式错误", "bad device health report")
    record = {key: str(health.get(key) or "")[:MAX_FIELD_LENGTH] for key in ("kind", "code", "message_zh", "message_en")}

    def op(conn: sqlite3.Connection, events: list[Event]) -> dict[str, Any]:
        full = f"{device.id}/{name}"
        prev = repo.device_health(conn, full)
        now = k.now_iso()
        out = {"device": full, "state": state, "reported_by": device.id, "window": device.window,
               "since": now, **record}
        if prev == (state, record["code"]):
            return out  # nothing changed: no event
        repo.put_device_health(conn, full, record["kind"], str(state), record["code"], record["message_zh"],
                               record["message_en"], device.id, now)
        k.emit(conn, events, EventType.DEVICE_HEALTH, out)
        return out
    return k.run(op)
