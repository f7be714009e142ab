"""The one way a terminal tells the hall how its devices are: a :class:`HealthReporter`.

Drivers report ``drivers.supervision.DeviceHealth`` from their I/O threads; the reporter keeps
the latest health per device, sends only changes (state or code), coalesces a burst (a device
that flaps while a report is in flight is sent once more, with its latest health, not once
per flap), and keeps whatever the hall did not take for the next reconnect. It is plain
asyncio (no Qt), so any app, the demo and the tests can use it::

    from kiosk.apps.health import HealthReporter

    reporter = HealthReporter(client)             # the app's HallClient
    bus = HallBus(url, on_device_health=reporter.update)
    supervisor = bus.supervise(on_health=reporter.update)    # any thread may call update()
    reporter.start()                              # on the running loop (Backend.start does it)
    ...
    reporter.retry()                              # after the hall link came back (Backend._resync)
    reporter.close()                              # before the client closes

Apps built on :class:`kiosk.apps.common_backend.Backend` get one as ``backend.health``: pass
``backend.health.update`` to the drivers; the base class starts, retries and closes it.
A transient ``connecting`` is not reported: the hall needs to know whether a device works,
not each attempt to open it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any, Protocol

from drivers.supervision import ConnectionState, DeviceHealth

log = logging.getLogger("kiosk.apps.health")

MESSAGE_LIMIT = 200  # the hall's limit for each message (kiosk/hall/api.py HealthIn)


class HealthSink(Protocol):
    async def report_health(self, health: dict[str, Any]) -> Any: ...


def health_body(health: DeviceHealth) -> dict[str, Any]:
    """What the hall's health endpoint takes for one device."""
    return {"device": health.device, "kind": health.kind, "state": health.state.value,
            "code": health.code, "message_zh": health.message_zh[:MESSAGE_LIMIT],
            "message_en": health.message_en[:MESSAGE_LIMIT]}


class HealthReporter:
    """Device health changes to the hall: coalesced, one report in flight, retried after a
    reconnect. ``update`` may be called from any thread; the rest from the loop's thread."""

    def __init__(self, client: HealthSink) -> None:
        self.client = client
        self._lock = threading.Lock()  # update() runs on device I/O threads
        self._latest: dict[str, DeviceHealth] = {}  # device -> last health seen
        self._pending: dict[str, DeviceHealth] = {}  # device -> health the hall has not taken yet
        self._told: dict[str, tuple[ConnectionState, str]] = {}  # device -> last (state, code) queued
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.delivered: list[dict[str, Any]] = []  # what the hall took, for tests and logs

    # -- any thread -------------------------------------------------------------------------
    def update(self, health: DeviceHealth) -> None:
        """A device's health now. Only a change of state or code is reported."""
        with self._lock:
            if self._closed:
                return
            self._latest[health.device] = health
            if health.state == ConnectionState.CONNECTING:
                return
            key = (health.state, health.code)
            if self._told.get(health.device) == key:  # same as the last one queued: no news
                return
            self._told[health.device] = key
            self._pending[health.device] = health
            loop = self._loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._kick)
            except RuntimeError:  # the loop closed under us: the app is going away
                pass

    # -- loop thread --------------------------------------------------------------------------
    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Bind to the running loop and send what was reported before it ran."""
        if loop is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:  # started from plain code on a loop that runs later (qasync)
                loop = asyncio.get_event_loop_policy().get_event_loop()
        with self._lock:
            self._loop = loop
        self._kick()

    def retry(self) -> None:
        """The hall is reachable again: send every report it has not taken."""
        self._kick()

    def close(self) -> None:
        """Nothing more is sent (the client is about to close); an in-flight report is cancelled."""
        with self._lock:
            self._closed = True
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def latest(self, device: str) -> DeviceHealth | None:
        with self._lock:
            return self._latest.get(device)

    @property
    def pending(self) -> list[DeviceHealth]:
        with self._lock:
            return list(self._pending.values())

    async def drain(self) -> None:
        """Wait until the current sending round is over (tests, orderly shutdown)."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def _kick(self) -> None:
        if self._closed or self._loop is None or (self._task is not None and not self._task.done()):
            return
        if not self.pending:
            return
        self._task = self._loop.create_task(self._send_all())

    async def _send_all(self) -> None:
        while True:
            with self._lock:
                if self._closed or not self._pending:
                    return
                device, health = next(iter(self._pending.items()))
            body = health_body(health)
            try:
                await self.client.report_health(body)
            except asyncio.CancelledError:
                raise
            except Exception as err:  # the hall is away: retry() after the reconnect sends it
                log.info("health report for %s not delivered: %s", device, getattr(err, "code", err))
                return
            with self._lock:
                if self._pending.get(device) is health:  # not superseded while in flight
                    del self._pending[device]
            self.delivered.append(body)
