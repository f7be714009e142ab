"""Accepting one pushed batch: dedup on (origin, epoch, seq), hash-chain check, projections, and
the new high-water mark, all in one transaction. The caller answers only after the commit.

Outcomes for each event of a batch, in seq order:
- seq <= acked and the same hash as stored: a duplicate (a retry), skipped;
- seq <= acked and a different event: a conflict, quarantined, processing stops;
- seq == acked + 1, well formed, hash verifies and prev_hash links: stored;
- anything else (bad shape, bad hash, broken link): quarantined, processing stops, because no
  later event of that epoch can link past it.
A batch that starts after acked + 1 is a gap: nothing is written and the client is told the seq
expected, so it rewinds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select, update

from kiosk.central import db
from kiosk.core import metrics
from kiosk.core.errors import ErrorKind
from kiosk.protocol.events import EventType
from kiosk.store.eventlog import GENESIS_HASH, canonical_json, event_hash

log = logging.getLogger("kiosk.central.ingest")

EVENT_KEYS = {"origin", "epoch", "seq", "uuid", "ts", "type", "payload", "prev_hash", "hash"}
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_BATCH = 5000
# Window events counted per window and day, under these keys (window:<n>:<key>).
WINDOW_EVENTS = {EventType.WINDOW_SIGNED_IN: "signed_in", EventType.WINDOW_PAUSED: "paused",
                 EventType.WINDOW_RESUMED: "resumed", EventType.WINDOW_SIGNED_OFF: "signed_off"}


class BatchError(Exception):
    """The request as a whole is unusable (not one event of it is looked at)."""

    def __init__(self, code: str, zh: str, en: str, kind: ErrorKind = ErrorKind.BAD_REQUEST,
                 **details: Any) -> None:
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en, self.kind, self.details = code, zh, en, kind, details


@dataclass
class Problem:
    seq: int
    hash: str
    code: str
    zh: str
    en: str
    event: Any

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "code": self.code, "message_zh": self.zh, "message_en": self.en}


@dataclass
class PushResult:
    epoch: int
    acked_seq: int
    accepted: int = 0
    duplicates: int = 0
    quarantined: list[Problem] = field(default_factory=list)
    gap_expected: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"epoch": self.epoch, "acked_seq": self.acked_seq, "accepted": self.accepted,
                "duplicates": self.duplicates, "quarantined": [p.as_dict() for p in self.quarantined]}


def parse_batch(origin: str, body: Any) -> tuple[int, list[Any]]:
    if not isinstance(body, dict) or set(body) - {"origin", "epoch", "events"}:
        raise BatchError("bad_batch", "批次格式错误,应为 {origin, epoch, events}",
                         "a batch must be an object {origin, epoch, events}")
    if body.get("origin") != origin:
        raise BatchError("origin_mismatch", "批次来源与签名来源不一致",
                         "the batch's origin differs from the signed origin", kind=ErrorKind.FORBIDDEN)
    epoch = body.get("epoch")
    if not isinstance(epoch, int) or isinstance(epoch, bool) or not 0 < epoch < 2**62:
        raise BatchError("bad_epoch", "epoch 应为正整数", "epoch must be a positive integer")
    evs = body.get("events")
    if not isinstance(evs, list) or not evs:
        raise BatchError("bad_batch", "events 应为非空数组", "events must be a non-empty list")
    if len(evs) > MAX_BATCH:
        raise BatchError("batch_too_large", f"一批最多 {MAX_BATCH} 个事件",
                         f"at most {MAX_BATCH} events per batch", kind=ErrorKind.TOO_LARGE)
    return epoch, evs


def check_event(origin: str, epoch: int, ev: Any, expected_seq: int | None) -> Problem | None:
    """Shape and self-hash of one event (no database)."""
    seq = ev.get("seq") if isinstance(ev, dict) else None
    seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else (expected_seq or 0)
    h = ev["hash"] if isinstance(ev, dict) and isinstance(ev.get("hash"), str) else ""

    def bad(code: str, zh: str, en: str) -> Problem:
        return Problem(seq, h[:80], code, zh, en, ev)

    if not isinstance(ev, dict) or set(ev) != EVENT_KEYS:
        return bad("bad_shape", "事件字段不完整或有多余字段", "event must have exactly the fields " +
                   ", ".join(sorted(EVENT_KEYS)))
    if ev["origin"] != origin or ev["epoch"] != epoch:
        return bad("bad_shape", "事件的 origin/epoch 与批次不一致", "event origin/epoch differ from the batch")
    if not isinstance(ev["seq"], int) or isinstance(ev["seq"], bool) or ev["seq"] < 1:
        return bad("bad_shape", "seq 应为正整数", "seq must be a positive integer")
    if expected_seq is not None and ev["seq"] != expected_seq:
        return bad("bad_order", f"seq 不连续,应为 {expected_seq}", f"seq out of order, expected {expected_seq}")
    for key, limit in (("uuid", 64), ("ts", 40), ("type", 60)):
        if not isinstance(ev[key], str) or not 0 < len(ev[key]) <= limit:
            return bad("bad_shape", f"{key} 应为不超过 {limit} 字符的字符串",
                       f"{key} must be a string of at most {limit} characters")
    if not isinstance(ev["payload"], dict):
        return bad("bad_shape", "payload 应为对象", "payload must be an object")
    for key in ("prev_hash", "hash"):
        if not isinstance(ev[key], str) or not _HEX64.match(ev[key]):
            return bad("bad_shape", f"{key} 应为 64 位小写十六进制", f"{key} must be 64 lowercase hex digits")
    if ev["hash"] != event_hash(ev["prev_hash"], ev["origin"], ev["epoch"], ev["seq"], ev["uuid"],
                                ev["ts"], ev["type"], ev["payload"]):
        return bad("bad_hash", "事件哈希校验失败", "event hash does not verify")
    return None


def store_batch(engine: Engine, origin: str, body: Any, now: float | None = None) -> PushResult:
    epoch, evs = parse_batch(origin, body)
    now = time.time() if now is None else now
    # CPU work outside the transaction: the lock is held only for the database part.
    problems: list[Problem | None] = []
    first_seq = evs[0].get("seq") if isinstance(evs[0], dict) else None
    for i, ev in enumerate(evs):
        expected = first_seq + i if isinstance(first_seq, int) and not isinstance(first_seq, bool) else None
        problems.append(check_event(origin, epoch, ev, expected))
    with engine.begin() as conn:
        result = _store(conn, origin, epoch, evs, problems, now)
    for p in result.quarantined:
        log.warning("quarantined event %s/%s/%s: %s (%s)", origin, epoch, p.seq, p.en, p.code)
    return result


def _lock_origin(conn: Connection, origin: str, epoch: int, now: float) -> tuple[int, str]:
    db.insert_ignore(conn, db.origin_epochs, {"origin": origin, "epoch": epoch, "acked_seq": 0,
                                              "last_hash": GENESIS_HASH, "updated_at": now},
                     ["origin", "epoch"])
    q = select(db.origin_epochs.c.acked_seq, db.origin_epochs.c.last_hash).where(
        db.origin_epochs.c.origin == origin, db.origin_epochs.c.epoch == epoch)
    if conn.dialect.name == "postgresql":
        q = q.with_for_update()
    row = conn.execute(q).one()
    return int(row[0]), str(row[1])


def _store(conn: Connection, origin: str, epoch: int, evs: list[Any], problems: list[Problem | None],
           now: float) -> PushResult:
    acked, last_hash = _lock_origin(conn, origin, epoch, now)
    result = PushResult(epoch, acked)
    first = problems[0].seq if problems[0] else evs[0]["seq"]
    if first > acked + 1:
        result.gap_expected = acked + 1
        return result

    # Overlap with what is stored: must be identical (a retry), anything else is a conflict.
    overlap = [(i, ev) for i, ev in enumerate(evs) if problems[i] is None and ev["seq"] <= acked]
    stored: dict[int, str] = {}
    if overlap:
        lo, hi = overlap[0][1]["seq"], overlap[-1][1]["seq"]
        stored = dict(conn.execute(select(db.events.c.seq, db.events.c.hash).where(
            db.events.c.origin == origin, db.events.c.epoch == epoch,
            db.events.c.seq >= lo, db.events.c.seq <= hi)).all())
    new_rows: list[dict[str, Any]] = []
    accepted_events: list[dict[str, Any]] = []
    for i, ev in enumerate(evs):
        p = problems[i]
        seq = p.seq if p else ev["seq"]
        if p is None and seq <= acked:
            if stored.get(seq) == ev["hash"]:
                result.duplicates += 1
                continue
            p = Problem(seq, ev["hash"], "conflict", f"与已存事件 {seq} 不同(同一 origin/epoch/seq)",
                        f"differs from the stored event {seq} of this origin/epoch", ev)
        if p is None and ev["prev_hash"] != last_hash:
            p = Problem(seq, ev["hash"], "broken_chain", "prev_hash 与上一事件的哈希不符",
                        "prev_hash does not match the previous event's hash", ev)
        if p is not None:
            if seq <= acked and p.code not in ("conflict",) and stored.get(seq) == p.hash:
                result.duplicates += 1  # a malformed copy of an event we hold intact
                continue
            result.quarantined.append(p)
            break
        new_rows.append({"origin": origin, "epoch": epoch, "seq": seq, "uuid": ev["uuid"], "ts": ev["ts"],
                         "type": ev["type"], "payload": canonical_json(ev["payload"]),
                         "prev_hash": ev["prev_hash"], "hash": ev["hash"], "received_at": now})
        accepted_events.append(ev)
        last_hash = ev["hash"]
        acked = seq
    if new_rows:
        conn.execute(db.events.insert(), new_rows)
        project(conn, origin, accepted_events)
        updated = conn.execute(update(db.origin_epochs).where(
            db.origin_epochs.c.origin == origin, db.origin_epochs.c.epoch == epoch,
            db.origin_epochs.c.acked_seq == result.acked_seq,
        ).values(acked_seq=acked, last_hash=last_hash, updated_at=now))
        if updated.rowcount != 1:  # another instance moved the mark: roll back, client retries
            raise BatchError("busy", "该来源有另一批次正在写入,请重试",
                             "another batch of this origin is being written; retry", kind=ErrorKind.UNAVAILABLE)
        result.accepted = len(new_rows)
        result.acked_seq = acked
    for p in result.quarantined:
        _quarantine(conn, origin, epoch, p, now)
    return result


def _quarantine(conn: Connection, origin: str, epoch: int, p: Problem, now: float) -> None:
    try:
        text = canonical_json(p.event)
    except (TypeError, ValueError):
        text = repr(p.event)
    db.upsert(conn, db.quarantine, [{
        "origin": origin, "epoch": epoch, "seq": p.seq, "hash": p.hash, "code": p.code,
        "reason": f"{p.zh} / {p.en}", "event": text[:100_000], "first_seen": now, "last_seen": now,
        "times": 1}], ["origin", "epoch", "seq", "hash"], set_cols=["last_seen", "code", "reason"],
        add_cols=["times"])


# -- projections ------------------------------------------------------------------------------
def _ts(text: Any) -> float | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def project(conn: Connection, hall: str, evs: list[dict[str, Any]]) -> None:
    """Fold accepted events into per-ticket facts and per-day counters (same transaction)."""
    facts: dict[str, dict[str, Any]] = {}
    ratings: dict[str, dict[str, Any]] = {}
    counters: dict[tuple[str, str], int] = defaultdict(int)
    for ev in evs:
        day = ev["ts"][:10]
        payload = ev["payload"]
        # Old and new names of one event fold the same (EventType.parse); a name this release
        # does not know is counted under its own name and otherwise left alone.
        type_ = EventType.parse(ev["type"])
        counters[(day, f"events:{type_.value if type_ else ev['type']}")] += 1
        if type_ is None:
            continue
        if type_ in WINDOW_EVENTS:
            w = _int(payload.get("window"))
            if w is not None:
                counters[(day, f"window:{w}:{WINDOW_EVENTS[type_]}")] += 1
        elif type_ == EventType.DEVICE_HEALTH:
            counters[(day, f"device_health:{payload.get('state', '?')}")] += 1
        t = payload.get("ticket")
        if type_.is_ticket and isinstance(t, dict) and isinstance(t.get("id"), str):
            issued = _ts(t.get("issued_at"))
            called, started, finished = _ts(t.get("called_at")), _ts(t.get("started_at")), _ts(t.get("finished_at"))
            issued_at = t.get("issued_at")
            facts[t["id"]] = {
                "hall": hall, "ticket": t["id"][:64],
                "day": issued_at[:10] if isinstance(issued_at, str) and len(issued_at) >= 10 else day,
                "number": str(t.get("number", ""))[:16], "service": str(t.get("service", ""))[:40],
                "window": _int(t.get("window")), "state": str(t.get("state", ""))[:20],
                "priority": str(t.get("priority", ""))[:20],
                "wait_s": metrics.waiting_time_s(issued, called),
                "service_s": metrics.service_time_s(called, started, finished),
            }
        elif type_ == EventType.RATING_RECORDED and isinstance(payload.get("ticket"), str):
            level = _int(payload.get("level"))
            rated_at = payload.get("rated_at")
            ratings[payload["ticket"]] = {
                "hall": hall, "ticket": payload["ticket"][:64],
                "day": rated_at[:10] if isinstance(rated_at, str) and len(rated_at) >= 10 else day,
                "rating_level": level, "rated": 1 if level is not None else 0,
                "rating_window": _int(payload.get("window")),
            }
    db.upsert(conn, db.ticket_facts, list(facts.values()), ["hall", "ticket"],
              set_cols=["number", "service", "window", "state", "priority", "wait_s", "service_s"])
    db.upsert(conn, db.ticket_facts, list(ratings.values()), ["hall", "ticket"],
              set_cols=["rating_level", "rated", "rating_window"])
    db.upsert(conn, db.day_counters, [{"hall": hall, "day": d, "key": k, "n": n}
                                      for (d, k), n in counters.items()],
              ["hall", "day", "key"], add_cols=["n"])


# -- reads ------------------------------------------------------------------------------------
def origin_status(conn: Connection, origin: str) -> dict[str, Any]:
    row = conn.execute(select(db.origin_epochs.c.epoch, db.origin_epochs.c.acked_seq).where(
        db.origin_epochs.c.origin == origin).order_by(db.origin_epochs.c.epoch.desc()).limit(1)).first()
    epoch, acked = (int(row[0]), int(row[1])) if row else (0, 0)
    count = conn.execute(select(func.count()).select_from(db.events).where(
        and_(db.events.c.origin == origin, db.events.c.epoch == epoch))).scalar_one()
    q = conn.execute(select(db.quarantine.c.epoch, db.quarantine.c.seq, db.quarantine.c.code,
                            db.quarantine.c.reason, db.quarantine.c.times, db.quarantine.c.last_seen).where(
        db.quarantine.c.origin == origin).order_by(db.quarantine.c.last_seen.desc()).limit(20)).all()
    nq = conn.execute(select(func.count()).select_from(db.quarantine).where(
        db.quarantine.c.origin == origin)).scalar_one()
    epochs = conn.execute(select(db.origin_epochs.c.epoch, db.origin_epochs.c.acked_seq).where(
        db.origin_epochs.c.origin == origin).order_by(db.origin_epochs.c.epoch)).all()
    return {"origin": origin, "epoch": epoch, "acked_seq": acked, "events": int(count),
            "epochs": [{"epoch": int(e), "acked_seq": int(a)} for e, a in epochs],
            "quarantined": int(nq),
            "quarantine": [{"epoch": int(r[0]), "seq": int(r[1]), "code": r[2], "reason": r[3],
                            "times": int(r[4]), "last_seen": r[5]} for r in q]}


def epoch_status(conn: Connection, origin: str, epoch: int) -> int:
    row = conn.execute(select(db.origin_epochs.c.acked_seq).where(
        db.origin_epochs.c.origin == origin, db.origin_epochs.c.epoch == epoch)).first()
    return int(row[0]) if row else 0


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
