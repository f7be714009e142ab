"""Batch ingest: exactly once on (origin, epoch, seq), chain checks, quarantine, projections."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.central import db, ingest, stats
from kiosk.store.eventlog import GENESIS_HASH, event_hash
from tests.helpers.postgres import new_postgres_url, unavailable_reason

ORIGIN = "test-hall"


def chain(n: int, *, epoch: int = 1, start: int = 1, prev: str = GENESIS_HASH,
          events: list[tuple[str, dict[str, Any]]] | None = None) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        seq = start + i
        type_, payload = events[i] if events else ("device.health", {"device": "k", "state": "ok", "i": seq})
        ts = f"2026-03-02T09:{seq // 60 % 60:02d}:{seq % 60:02d}.000+08:00"
        uid = f"00000000-0000-0000-0000-{epoch % 10**6:06d}{seq:06d}"
        h = event_hash(prev, ORIGIN, epoch, seq, uid, ts, type_, payload)
        out.append({"origin": ORIGIN, "epoch": epoch, "seq": seq, "uuid": uid, "ts": ts, "type": type_,
                    "payload": payload, "prev_hash": prev, "hash": h})
        prev = h
    return out


def batch(evs: list[dict[str, Any]], epoch: int = 1) -> dict[str, Any]:
    return {"origin": ORIGIN, "epoch": epoch, "events": evs}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url = str(tmp_path / "central.db")
    else:
        url = new_postgres_url()
        if url is None:
            pytest.skip(unavailable_reason())
    e = db.make_engine(url)
    yield e
    e.dispose()


def stored(engine, epoch: int = 1) -> list[int]:  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        return [r[0] for r in c.execute(select(db.events.c.seq).where(
            db.events.c.origin == ORIGIN, db.events.c.epoch == epoch).order_by(db.events.c.seq))]


def test_accept_then_retry_is_idempotent(engine) -> None:  # type: ignore[no-untyped-def]
    evs = chain(10)
    r = ingest.store_batch(engine, ORIGIN, batch(evs))
    assert (r.acked_seq, r.accepted, r.duplicates) == (10, 10, 0)
    r = ingest.store_batch(engine, ORIGIN, batch(evs))
    assert (r.acked_seq, r.accepted, r.duplicates) == (10, 0, 10)
    more = chain(5, start=11, prev=evs[-1]["hash"])
    r = ingest.store_batch(engine, ORIGIN, batch(evs[6:] + more))  # overlap + new
    assert (r.acked_seq, r.accepted, r.duplicates) == (15, 5, 4)
    assert stored(engine) == list(range(1, 16))


def test_gap_names_the_expected_seq_and_writes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    evs = chain(10)
    ingest.store_batch(engine, ORIGIN, batch(evs[:3]))
    r = ingest.store_batch(engine, ORIGIN, batch(evs[5:]))
    assert r.gap_expected == 4 and r.acked_seq == 3
    assert stored(engine) == [1, 2, 3]


def test_different_event_at_stored_seq_is_a_quarantined_conflict(engine) -> None:  # type: ignore[no-untyped-def]
    ingest.store_batch(engine, ORIGIN, batch(chain(3)))
    forged = chain(3, events=[("device.health", {"state": "forged"})] * 3)
    r = ingest.store_batch(engine, ORIGIN, batch(forged))
    assert r.acked_seq == 3 and r.accepted == 0
    assert [(p.seq, p.code) for p in r.quarantined] == [(1, "conflict")]
    ingest.store_batch(engine, ORIGIN, batch(forged))  # reported again, stored once
    with db.reading(engine) as c:
        st = ingest.origin_status(c, ORIGIN)
    assert st["quarantined"] == 1 and st["quarantine"][0]["times"] == 2
    assert st["events"] == 3


def test_bad_hash_stops_the_batch_before_it(engine) -> None:  # type: ignore[no-untyped-def]
    evs = chain(6)
    evs[3] = {**evs[3], "payload": {"tampered": True}}
    r = ingest.store_batch(engine, ORIGIN, batch(evs))
    assert r.acked_seq == 3 and r.accepted == 3
    assert [(p.seq, p.code) for p in r.quarantined] == [(4, "bad_hash")]
    assert stored(engine) == [1, 2, 3]


def test_broken_link_and_bad_shape_are_quarantined(engine) -> None:  # type: ignore[no-untyped-def]
    ingest.store_batch(engine, ORIGIN, batch(chain(2)))
    other = chain(2, start=3, prev="f" * 64)  # self-consistent, but does not link to seq 2
    r = ingest.store_batch(engine, ORIGIN, batch(other))
    assert [(p.seq, p.code) for p in r.quarantined] == [(3, "broken_chain")]
    good = chain(3)[2]
    r = ingest.store_batch(engine, ORIGIN, batch([{k: v for k, v in good.items() if k != "uuid"}]))
    assert [(p.seq, p.code) for p in r.quarantined] == [(3, "bad_shape")]
    assert r.acked_seq == 2


@pytest.mark.parametrize("body", [
    [], {"origin": ORIGIN, "epoch": 1, "events": []}, {"origin": "other", "epoch": 1, "events": [{}]},
    {"origin": ORIGIN, "epoch": "1", "events": [{}]}, {"origin": ORIGIN, "epoch": 1, "events": [{}], "x": 1},
])
def test_unusable_batches_are_refused_whole(engine, body) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ingest.BatchError) as exc:
        ingest.store_batch(engine, ORIGIN, body)
    assert exc.value.zh and exc.value.en and exc.value.code


def test_epochs_are_tracked_separately(engine) -> None:  # type: ignore[no-untyped-def]
    ingest.store_batch(engine, ORIGIN, batch(chain(4)))
    r = ingest.store_batch(engine, ORIGIN, batch(chain(2, epoch=2), epoch=2))
    assert r.acked_seq == 2 and r.epoch == 2
    with db.reading(engine) as c:
        st = ingest.origin_status(c, ORIGIN)
    assert (st["epoch"], st["acked_seq"], st["events"]) == (2, 2, 2)
    assert [e["acked_seq"] for e in st["epochs"]] == [4, 2]


def test_concurrent_pushes_of_one_origin_store_each_event_once(engine) -> None:  # type: ignore[no-untyped-def]
    evs = chain(400)
    errors: list[BaseException] = []

    def pusher(offset: int) -> None:
        acked = 0
        try:
            while acked < 400:
                lo = max(0, acked - offset)
                r = ingest.store_batch(engine, ORIGIN, batch(evs[lo:lo + 37]))
                if r.gap_expected is not None:
                    acked = r.gap_expected - 1
                else:
                    assert not r.quarantined
                    acked = r.acked_seq
        except ingest.BatchError as exc:
            if exc.code != "busy":
                errors.append(exc)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=pusher, args=(k,)) for k in (0, 3, 11, 20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    ingest.store_batch(engine, ORIGIN, batch(evs[-37:]))
    assert stored(engine) == list(range(1, 401))


def _ticket(tid: str, service: str, state: str, window: int | None, issued: str,
            called: str | None = None, started: str | None = None, finished: str | None = None) -> dict[str, Any]:
    return {"id": tid, "number": "A001", "service": service, "original_service": service, "priority": "normal",
            "state": state, "window": window, "target_window": None, "issued_at": issued, "called_at": called,
            "started_at": started, "finished_at": finished, "recalls": 0, "transfers": 0, "has_citizen": False}


def test_day_projection_counts_waits_service_times_and_satisfaction(engine) -> None:  # type: ignore[no-untyped-def]
    d = "2026-03-02T"
    evs: list[tuple[str, dict[str, Any]]] = [("window.signed_in", {"window": 1, "state": "open"})]
    # t1: waits 60 s, served 300 s at window 1, rated 5; t2: waits 120 s, served 600 s, rated 2;
    # t3: waits 600 s, no-show; t4: issued, still waiting; t5 (tax): done, not rated.
    for tid, svc, wait, serve, level in (("t1", "social", 60, 300, 5), ("t2", "social", 120, 600, 2),
                                         ("t5", "tax", 30, 30, None)):
        issued = f"{d}09:00:00+08:00"
        called = f"{d}09:{wait // 60:02d}:{wait % 60:02d}+08:00"
        end = wait + serve
        finished = f"{d}09:{end // 60:02d}:{end % 60:02d}+08:00"
        evs.append(("ticket.issued", {"ticket": _ticket(tid, svc, "waiting", None, issued)}))
        evs.append(("ticket.called", {"ticket": _ticket(tid, svc, "called", 1, issued, called), "window": 1}))
        evs.append(("ticket.finish", {"ticket": _ticket(tid, svc, "done", 1, issued, called, called, finished),
                                      "window": 1}))
        evs.append(("rating.recorded", {"ticket": tid, "window": 1, "level": level, "rated": level is not None,
                                        "rated_at": finished, "service": svc, "reasons": []}))
    evs.append(("ticket.issued", {"ticket": _ticket("t3", "social", "waiting", None, f"{d}10:00:00+08:00")}))
    evs.append(("ticket.no_show", {"ticket": _ticket("t3", "social", "no_show", 2, f"{d}10:00:00+08:00",
                                                     f"{d}10:10:00+08:00"), "window": 2}))
    evs.append(("ticket.issued", {"ticket": _ticket("t4", "social", "waiting", None, f"{d}11:00:00+08:00")}))
    evs.append(("window.paused", {"window": 1, "state": "paused", "reason": "lunch"}))
    all_events = chain(len(evs), events=evs)
    ingest.store_batch(engine, ORIGIN, batch(all_events[:5]))  # projections fold across batches
    ingest.store_batch(engine, ORIGIN, batch(all_events[5:]))
    with db.reading(engine) as c:
        s = stats.day_stats(c, ORIGIN, "2026-03-02")
    assert (s["issued"], s["done"], s["no_show"]) == (5, 3, 1)
    assert s["completion_rate"] == 0.6
    assert s["wait_avg_s"] == round((60 + 120 + 600 + 30) / 4, 1) and s["wait_p90_s"] == 600
    assert s["service_avg_s"] == 310 and s["service_p90_s"] == 600
    assert (s["rated"], s["not_rated"], s["satisfied"], s["satisfaction_rate"]) == (2, 1, 1, 0.5)
    assert s["services"]["social"]["issued"] == 4 and s["services"]["tax"]["done"] == 1
    assert s["windows"]["1"]["done"] == 3 and s["windows"]["1"]["paused"] == 1
    assert s["windows"]["1"]["signed_in"] == 1 and s["windows"]["2"]["no_show"] == 1
    assert s["events"]["ticket.issued"] == 5
    with db.reading(engine) as c:
        assert stats.day_stats(c, ORIGIN, "2026-03-03")["issued"] == 0
        n = c.execute(select(func.count()).select_from(db.events)).scalar_one()
    assert n == len(all_events)


def test_payload_is_stored_canonically(engine) -> None:  # type: ignore[no-untyped-def]
    evs = chain(1, events=[("device.health", {"b": 1, "a": "中文"})])
    ingest.store_batch(engine, ORIGIN, batch(evs))
    with engine.connect() as c:
        payload = c.execute(select(db.events.c.payload)).scalar_one()
    assert payload == '{"a":"中文","b":1}' and json.loads(payload) == {"a": "中文", "b": 1}


def test_old_and_new_event_names_ingest_identically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Events already stored and synced under the old names (ticket.finish, ticket.no_show, ...)
    fold exactly like the one-tense names the hall emits now."""
    from kiosk.protocol.events import LEGACY_NAMES, EventType

    d = "2026-03-02T"
    issued, called, started, finished = (f"{d}09:00:00+08:00", f"{d}09:01:00+08:00", f"{d}09:02:00+08:00",
                                         f"{d}09:07:00+08:00")
    old: list[tuple[str, dict[str, Any]]] = [
        ("window.signed_in", {"window": 1, "state": "open"}),
        ("ticket.issued", {"ticket": _ticket("t1", "social", "waiting", None, issued)}),
        ("ticket.called", {"ticket": _ticket("t1", "social", "called", 1, issued, called), "window": 1}),
        ("ticket.recall", {"ticket": _ticket("t1", "social", "called", 1, issued, called), "window": 1}),
        ("ticket.start", {"ticket": _ticket("t1", "social", "serving", 1, issued, called, started), "window": 1}),
        ("ticket.finish", {"ticket": _ticket("t1", "social", "done", 1, issued, called, started, finished),
                           "window": 1}),
        ("ticket.issued", {"ticket": _ticket("t2", "social", "waiting", None, issued)}),
        ("ticket.no_show", {"ticket": _ticket("t2", "social", "no_show", 1, issued, called), "window": 1}),
        ("ticket.issued", {"ticket": _ticket("t3", "tax", "waiting", None, issued)}),
        ("ticket.cancel", {"ticket": _ticket("t3", "tax", "cancelled", None, issued)}),
        ("rating.recorded", {"ticket": "t1", "window": 1, "level": 4, "rated": True, "rated_at": finished,
                             "service": "social", "reasons": []}),
    ]
    assert {name for name, _ in old} >= set(LEGACY_NAMES)  # every old name is exercised
    new = [(EventType.parse(name).value, payload) for name, payload in old]  # type: ignore[union-attr]
    assert [n for n, _ in new if n.startswith("ticket.")][2:5] == ["ticket.recalled", "ticket.started",
                                                                  "ticket.finished"]
    results = []
    for name, evs in (("old", old), ("new", new)):
        e = db.make_engine(str(tmp_path / f"{name}.db"))
        r = ingest.store_batch(e, ORIGIN, batch(chain(len(evs), events=evs)))
        assert r.accepted == len(evs) and not r.quarantined
        with db.reading(e) as c:
            results.append(stats.day_stats(c, ORIGIN, "2026-03-02"))
        e.dispose()
    assert results[0] == results[1]
    s = results[1]
    assert (s["issued"], s["done"], s["no_show"], s["cancelled"]) == (3, 1, 1, 1)
    assert s["service_avg_s"] == 300 and s["wait_avg_s"] == 60
    assert s["events"]["ticket.finished"] == 1 and "ticket.finish" not in s["events"]
