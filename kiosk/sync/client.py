"""The hall side of sync: one background task per hall node that

- pushes the event log to the central server in batches, one batch in flight, and records the
  central server's acknowledged high-water mark per epoch in the store's meta table (through
  the store's own writer);
- pulls the centrally authored catalogue, validates it merged with the local config, and
  swaps it in atomically on the store's owner thread.

Nothing here can stop or slow the hall's API: the task only awaits network I/O and store calls
that go through the owner thread like any request. A failure is logged, reported in
``status()`` and retried on a timer with jittered exponential backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import sqlite3
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx

from kiosk.config.hall import HallConfig, config_from_dict
from kiosk.config.toml import ConfigError
from kiosk.protocol import central as central_paths
from kiosk.store.eventlog import Event, events_after
from kiosk.sync.signing import sign_headers

log = logging.getLogger("kiosk.sync")
logging.getLogger("httpx").setLevel(logging.WARNING)  # one INFO line per push is noise

CATALOGUE_KEYS = ("services", "windows", "schedules", "categories", "calendar")
META_ACKED = "sync_acked:{epoch}"     # per epoch: the central server's ack
META_ACKED_SEQ = "sync_acked_seq"     # the current epoch's ack (for people and tools)
META_EPOCH = "sync_epoch"
META_CAT_VERSION = "catalogue_version"
META_CAT_DOC = "catalogue_doc"


class SyncFailure(Exception):
    """The central server refused or could not be reached; retried with backoff."""


def merge_catalogue(local: dict[str, Any], catalogue: dict[str, Any]) -> dict[str, Any]:
    merged = {k: v for k, v in local.items() if k not in CATALOGUE_KEYS}
    merged.update({k: v for k, v in catalogue.items() if k in CATALOGUE_KEYS})
    return merged


class SyncClient:
    def __init__(self, node: Any, *, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.node = node
        self.store = node.store
        self.link = node.config.central
        assert self.link is not None, "sync needs a [central] section"
        self.origin: str = node.config.hall.id
        self.batch_size = max(1, min(int(self.link.batch_size), 5000))
        self.interval = max(0.05, float(self.link.push_interval_s))
        self.backoff_cap = min(60.0, max(2.0, self.interval * 10))
        self.pull_every = max(1.0, self.interval * 5)
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        self.last_seq: dict[int, int] = {}
        self.acked: dict[int, int] = {}
        self.connected = False
        self.last_error: dict[str, Any] | None = None
        self.last_push_at: float | None = None
        self.quarantined: list[dict[str, Any]] = []
        self.config_version = 0
        self.config_error: dict[str, Any] | None = None
        self._rejected_version = 0
        self._last_pull = 0.0
        self._local_doc: dict[str, Any] | None = None

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        def load(conn: sqlite3.Connection) -> tuple[list[tuple[int, int]], dict[str, str]]:
            tops = conn.execute("SELECT epoch, MAX(seq) FROM events GROUP BY epoch").fetchall()
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'sync%' OR key LIKE 'catalogue%'"))
            return tops, meta
        tops, meta = await self.store.aread(load)
        for epoch, top in tops:
            self.last_seq[int(epoch)] = max(self.last_seq.get(int(epoch), 0), int(top))
            self.acked[int(epoch)] = int(meta.get(META_ACKED.format(epoch=epoch), 0))
        self.acked.setdefault(self.store.epoch, int(meta.get(META_ACKED.format(epoch=self.store.epoch), 0)))
        self.last_seq.setdefault(self.store.epoch, 0)
        self._load_local_doc()
        if META_CAT_DOC in meta and self._local_doc is not None:
            version = int(meta.get(META_CAT_VERSION, 0))
            try:
                doc = json.loads(meta[META_CAT_DOC])
                await self._apply(version, doc, persist=False)
                log.info("re-applied central catalogue v%d", version)
            except ConfigError as exc:
                self._reject(version, exc)
            except ValueError as exc:  # the stored document itself is unreadable
                self._reject(version, ConfigError(META_CAT_DOC, None, "已存目录无法解析", f"stored catalogue unreadable: {exc}"))
        service = self.node.service
        if service is not None:
            service.add_listener(self._on_events)
        self._http = httpx.AsyncClient(base_url=self.link.url, transport=self._transport, trust_env=False,
                                       timeout=httpx.Timeout(30.0, connect=5.0))
        self._task = asyncio.create_task(self._run(), name=f"sync-{self.origin}")

    def _on_events(self, events: list[Event]) -> None:
        """The kernel's listener (owner thread, right after each commit): what is there to push."""
        for ev in events:
            if ev.seq > self.last_seq.get(ev.epoch, 0):
                self.last_seq[ev.epoch] = ev.seq

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._http is not None:
            await self._http.aclose()

    def kick(self) -> None:
        """Push now instead of at the next tick (tests, an operator's "sync now")."""
        self._wake.set()

    def status(self) -> dict[str, Any]:
        epoch = self.store.epoch
        last = self.last_seq.get(epoch, 0)
        acked = self.acked.get(epoch, 0)
        pending = sum(max(0, top - self.acked.get(e, 0)) for e, top in self.last_seq.items())
        return {"last_seq": last, "acked_seq": acked, "pending": pending, "connected": self.connected,
                "epoch": epoch, "origin": self.origin, "central": self.link.url,
                "last_push_at": self.last_push_at, "last_error": self.last_error,
                "quarantined": self.quarantined[-20:], "config_version": self.config_version,
                "config_error": self.config_error}

    # -- the loop ---------------------------------------------------------------------------
    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            try:
                await self._push_all()
                if time.monotonic() - self._last_pull >= self.pull_every:
                    await self._pull()
                    self._last_pull = time.monotonic()
                self.connected = True
                if not self.quarantined or self.pending_now() == 0:
                    self.last_error = None
                failures = 0
                delay = self.interval
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the loop survives everything; the next tick retries
                failures += 1
                self.connected = not isinstance(exc, httpx.TransportError) and not (
                    isinstance(exc, SyncFailure) and "unreachable" in str(exc))
                self._set_error(exc)
                delay = min(self.backoff_cap, self.interval * 2 ** min(failures, 10))
                delay *= random.uniform(0.5, 1.0)
                if failures in (1, 5) or failures % 50 == 0:
                    log.warning("sync to %s failed (%d in a row): %s: %s", self.link.url, failures,
                                exc.__class__.__name__, exc)
            self._wake.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    def pending_now(self) -> int:
        return sum(max(0, top - self.acked.get(e, 0)) for e, top in self.last_seq.items())

    def _set_error(self, exc: BaseException) -> None:
        if isinstance(exc, httpx.TransportError):
            self.last_error = {"code": "unreachable", "message_zh": "无法连接中心服务器",
                               "message_en": f"central server unreachable: {exc.__class__.__name__}",
                               "at": time.time()}
        elif isinstance(exc, SyncFailure) and isinstance(exc.args[0], dict):
            self.last_error = {**exc.args[0], "at": time.time()}
        else:
            self.last_error = {"code": "error", "message_zh": "同步出错", "message_en": str(exc)[:300],
                               "at": time.time()}

    async def _request(self, method: str, path: str, body: bytes = b"") -> httpx.Response:
        assert self._http is not None
        headers = sign_headers(self.origin, self.link.secret, method, path, body)
        if body:
            headers["Content-Type"] = "application/json"
        return await self._http.request(method, path, content=body, headers=headers)

    @staticmethod
    def _error_of(resp: httpx.Response) -> dict[str, Any]:
        try:
            err = resp.json().get("error") or {}
        except ValueError:
            err = {}
        return {"code": err.get("code", f"http_{resp.status_code}"),
                "message_zh": err.get("message_zh", f"中心服务器返回 {resp.status_code}"),
                "message_en": err.get("message_en", f"central server answered {resp.status_code}"),
                "details": err.get("details"), "status": resp.status_code}

    # -- push ------------------------------------------------------------------------------
    async def _push_all(self) -> None:
        tops = await self.store.aread(
            lambda c: c.execute("SELECT epoch, MAX(seq) FROM events GROUP BY epoch").fetchall())
        for epoch, top in tops:
            epoch, top = int(epoch), int(top)
            if top > self.last_seq.get(epoch, 0):
                self.last_seq[epoch] = top
        for epoch in sorted(self.last_seq):  # older epochs first: a restored node drains its past
            while self.acked.get(epoch, 0) < self.last_seq[epoch] and not self._stopping:
                await self._push_batch(epoch)

    async def _push_batch(self, epoch: int) -> None:
        acked = self.acked.get(epoch, 0)
        events = await self.store.aread(lambda c: events_after(c, epoch, acked, self.batch_size))
        if not events:
            return
        body = json.dumps({"origin": self.origin, "epoch": epoch, "events": [e.as_dict() for e in events]},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        resp = await self._request("POST", central_paths.SYNC_EVENTS, body)
        if resp.status_code == 409:
            err = self._error_of(resp)
            if err["code"] == "gap" and isinstance(err.get("details"), dict):
                expected = int(err["details"].get("expected_seq", 1))
                log.warning("central expects %s/%d from seq %d (we had %d acked): rewinding",
                            self.origin, epoch, expected, acked)
                await self._set_acked(epoch, max(0, min(acked, expected - 1)))
                return
            raise SyncFailure(err)
        if resp.status_code != 200:
            raise SyncFailure(self._error_of(resp))
        data = resp.json()
        new_acked = min(int(data["acked_seq"]), events[-1].seq)
        self.last_push_at = time.time()
        if data.get("quarantined"):
            for q in data["quarantined"]:
                entry = {"epoch": epoch, **q}
                if entry not in self.quarantined:
                    self.quarantined.append(entry)
                log.error("central quarantined event %s/%d/%s: %s", self.origin, epoch, q.get("seq"),
                          q.get("message_en"))
        if new_acked > acked:
            await self._set_acked(epoch, new_acked)
        if data.get("quarantined") and new_acked < events[-1].seq:
            q = data["quarantined"][0]
            raise SyncFailure({"code": "quarantined", "message_zh": f"事件 {q.get('seq')} 被中心隔离: "
                               f"{q.get('message_zh')}", "message_en": f"event {q.get('seq')} quarantined "
                               f"by central: {q.get('message_en')}", "details": q})
        if new_acked <= acked:
            raise SyncFailure({"code": "no_progress", "message_zh": "中心未确认任何事件",
                               "message_en": "central acknowledged nothing"})

    async def _set_acked(self, epoch: int, seq: int) -> None:
        current = epoch == self.store.epoch

        def tx(conn: sqlite3.Connection) -> None:
            rows = [(META_ACKED.format(epoch=epoch), str(seq))]
            if current:
                rows += [(META_ACKED_SEQ, str(seq)), (META_EPOCH, str(epoch))]
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value", rows)
        await self.store.awrite(tx)
        self.acked[epoch] = seq

    # -- pull ------------------------------------------------------------------------------
    def _load_local_doc(self) -> None:
        path = getattr(self.node.config, "path", "")
        try:
            self._local_doc = tomllib.loads(Path(path).read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError) as exc:
            log.warning("cannot re-read %s for catalogue merges: %s", path, exc)
            self._local_doc = None

    async def _pull(self) -> None:
        if self._local_doc is None:
            return
        after = max(self.config_version, self._rejected_version)
        path = central_paths.catalogue(self.origin, after)
        resp = await self._request("GET", path)
        if resp.status_code != 200:
            raise SyncFailure(self._error_of(resp))
        data = resp.json()
        if not data.get("changed"):
            return
        version = int(data["version"])
        try:
            await self._apply(version, data["catalogue"], persist=True)
            log.info("applied central catalogue v%d", version)
        except ConfigError as exc:
            self._reject(version, exc)

    def _reject(self, version: int, exc: ConfigError) -> None:
        self._rejected_version = max(self._rejected_version, version)
        self.config_error = {"version": version, "code": "invalid_catalogue",
                             "message_zh": f"中心目录 v{version} 无效,继续使用 v{self.config_version}: {exc.zh}",
                             "message_en": f"central catalogue v{version} is invalid, keeping "
                                           f"v{self.config_version}: {exc.en}"}
        log.error("rejected central catalogue v%d: %s", version, exc)

    def build_config(self, version: int, catalogue: Any) -> HallConfig:
        if not isinstance(catalogue, dict):
            raise ConfigError(f"central catalogue v{version}", None, "目录应为对象", "catalogue must be an object")
        assert self._local_doc is not None
        merged = merge_catalogue(self._local_doc, catalogue)
        return config_from_dict(merged, f"{self.node.config.path} + central catalogue v{version}")

    async def _apply(self, version: int, catalogue: Any, *, persist: bool) -> None:
        new = self.build_config(version, catalogue)
        new = HallConfig(new.hall, new.services, new.windows, new.devices, new.categories, new.policy,
                         new.calendar, new.staff, new.central, self.node.config.path)
        doc_text = json.dumps(catalogue, ensure_ascii=False)
        node = self.node

        def swap(conn: sqlite3.Connection) -> None:
            # On the owner thread, between two requests: none sees half of the old and new config.
            if persist:
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                 [(META_CAT_VERSION, str(version)), (META_CAT_DOC, doc_text)])
            service = node.service
            if service is not None:
                service.reload(new, conn)  # the kernel's one handle; rows for windows it adds
            else:
                node.config = new
        await self.store.awrite(swap)
        self.config_version = version
        if self.config_error and self.config_error.get("version", 0) <= version:
            self.config_error = None
