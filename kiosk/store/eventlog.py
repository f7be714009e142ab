"""The append-only event log: the hall's audit trail and the source of sync to the city.

Every state change appends exactly one event in the same transaction as its rows. An event is
identified by (origin, epoch, seq): ``seq`` is gapless from 1 within an epoch; a reinstalled or
restored node starts a new epoch. Each event's ``hash`` chains to the previous one:

    hash = sha256(prev_hash + "\\n" + canonical_json([origin, epoch, seq, uuid, ts, type, payload]))

with ``prev_hash`` = 64 zeros for the first event of an epoch. ``canonical_json`` is
``json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` encoded UTF-8, so
any party (the central server, an auditor) can recompute the chain.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def event_hash(prev_hash: str, origin: str, epoch: int, seq: int, uuid: str, ts: str,
               type_: str, payload: dict[str, Any]) -> str:
    body = canonical_json([origin, epoch, seq, uuid, ts, type_, payload])
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Event:
    origin: str
    epoch: int
    seq: int
    uuid: str
    ts: str  # ISO 8601 with offset
    type: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "origin": self.origin, "epoch": self.epoch, "seq": self.seq, "uuid": self.uuid,
            "ts": self.ts, "type": self.type, "payload": self.payload,
            "prev_hash": self.prev_hash, "hash": self.hash,
        }

    def verify(self) -> bool:
        return self.hash == event_hash(self.prev_hash, self.origin, self.epoch, self.seq,
                                       self.uuid, self.ts, self.type, self.payload)


def verify_chain(events: list[Event], prev_hash: str | None = None) -> int | None:
    """Index of the first event that breaks the chain (or the seq order), else None."""
    for i, ev in enumerate(events):
        if prev_hash is not None and ev.prev_hash != prev_hash:
            return i
        if i and ev.seq != events[i - 1].seq + 1:
            return i
        if not ev.verify():
            return i
        prev_hash = ev.hash
    return None


def append_event(conn: sqlite3.Connection, origin: str, epoch: int, ts: str, type_: str,
                 payload: dict[str, Any]) -> Event:
    """Append one event. Must run inside the caller's write transaction."""
    row = conn.execute(
        "SELECT seq, hash FROM events WHERE epoch = ? ORDER BY seq DESC LIMIT 1", (epoch,)
    ).fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS_HASH)
    uid = str(uuidlib.uuid4())
    h = event_hash(prev, origin, epoch, seq, uid, ts, type_, payload)
    conn.execute(
        "INSERT INTO events (origin, epoch, seq, uuid, ts, type, payload, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (origin, epoch, seq, uid, ts, type_, canonical_json(payload), prev, h),
    )
    return Event(origin, epoch, seq, uid, ts, type_, payload, prev, h)


def row_to_event(row: sqlite3.Row | tuple[Any, ...]) -> Event:
    origin, epoch, seq, uid, ts, type_, payload, prev, h = tuple(row)
    return Event(origin, epoch, seq, uid, ts, type_, json.loads(payload), prev, h)


EVENT_COLUMNS = "origin, epoch, seq, uuid, ts, type, payload, prev_hash, hash"


def events_after(conn: sqlite3.Connection, epoch: int, after_seq: int, limit: int = 1000) -> list[Event]:
    rows = conn.execute(
        f"SELECT {EVENT_COLUMNS} FROM events WHERE epoch = ? AND seq > ? ORDER BY seq LIMIT ?",
        (epoch, after_seq, limit),
    ).fetchall()
    return [row_to_event(r) for r in rows]
