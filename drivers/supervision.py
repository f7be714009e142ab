"""Device supervision shared by every driver: one I/O owner thread per device, a connection
state, reconnect with backoff, and health reported upward.

A driver implements :class:`SupervisedDevice` (open, close, poll). :class:`Supervisor` runs it on
its own thread: everything that touches the device runs there, either in ``poll()`` or as a job
handed in with :meth:`Supervisor.submit`, so no two threads ever talk to one port.
"""

from __future__ import annotations

import concurrent.futures
import enum
import logging
import queue
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from drivers.errors import DeviceDisconnected, DeviceError

log = logging.getLogger("drivers.supervision")
T = TypeVar("T")


class ConnectionState(enum.Enum):
    DISCONNECTED = "disconnected"  # not open; will retry after a backoff
    CONNECTING = "connecting"
    CONNECTED = "connected"  # open and answering
    DEGRADED = "degraded"  # answering, but reports a problem (paper out, cover open, ...)
    STOPPED = "stopped"  # supervisor shut down

    @property
    def usable(self) -> bool:
        return self in (ConnectionState.CONNECTED, ConnectionState.DEGRADED)


@dataclass(frozen=True)
class DeviceHealth:
    device: str  # config id, e.g. "kiosk-1-printer" or "window-3-pad"
    kind: str  # printer | idcard | rating_pad | window_screen | hall_strip | ...
    state: ConnectionState
    code: str = ""  # stable reason code, "" when all is well
    message_zh: str = ""
    message_en: str = ""
    since: float = field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {
            "device": self.device, "kind": self.kind, "state": self.state.value,
            "code": self.code, "message_zh": self.message_zh, "message_en": self.message_en,
            "since": self.since,
        }


class Backoff:
    """Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... capped at ``maximum``."""

    def __init__(self, initial: float = 0.5, factor: float = 2.0, maximum: float = 30.0,
                 jitter: float = 0.2, rng: random.Random | None = None) -> None:
        if initial <= 0 or factor < 1 or maximum < initial:
            raise ValueError("bad backoff parameters")
        self.initial, self.factor, self.maximum, self.jitter = initial, factor, maximum, jitter
        self._rng = rng or random.Random()
        self._next = initial

    def next_delay(self) -> float:
        base = self._next
        self._next = min(self._next * self.factor, self.maximum)
        return base * (1 + self._rng.uniform(-self.jitter, self.jitter))

    def reset(self) -> None:
        self._next = self.initial


class SupervisedDevice(Protocol):
    def open(self) -> None: ...
    def close(self) -> None: ...
    def poll(self) -> DeviceHealth | None:
        """One unit of background work (status check, event poll). May return a new health."""
        ...


class Supervisor:
    """Owns one device on one thread; see the module docstring."""

    def __init__(self, device: SupervisedDevice, *, name: str, kind: str,
                 on_health: Callable[[DeviceHealth], None] | None = None,
                 poll_interval: float = 1.0, backoff: Backoff | None = None) -> None:
        self.device = device
        self.name, self.kind = name, kind
        self.poll_interval = poll_interval
        self._on_health = on_health
        self._backoff = backoff or Backoff()
        self._jobs: queue.Queue[tuple[Callable[[], Any], concurrent.futures.Future[Any]] | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"io-{name}", daemon=True)
        self._health = DeviceHealth(name, kind, ConnectionState.DISCONNECTED)
        self._lock = threading.Lock()
        self._wake = threading.Event()  # set by kick() and stop(): end a backoff wait early

    # -- public API (any thread) -------------------------------------------------------
    @property
    def health(self) -> DeviceHealth:
        with self._lock:
            return self._health

    def start(self) -> Supervisor:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._jobs.put(None)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def submit(self, job: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run ``job`` on the device's I/O thread; the future carries its result or error."""
        fut: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self._stop.is_set():
            fut.set_exception(DeviceDisconnected("设备已停止", "device supervisor stopped"))
            return fut
        self._jobs.put((job, fut))
        return fut

    def call(self, job: Callable[[], T], timeout: float | None = None) -> T:
        return self.submit(job).result(timeout)

    def kick(self) -> None:
        """Retry opening now instead of waiting out the backoff, e.g. because hot-plug saw
        the device come back. Later retries start again from the initial backoff delay (a
        device node may need a moment for udev to set its permissions). No effect while
        connected."""
        if not self.health.state.usable:
            self._wake.set()

    def assert_io_thread(self) -> None:
        assert threading.current_thread() is self._thread, "device touched off its I/O thread"

    # -- I/O thread ------------------------------------------------------------------
    def _set_health(self, health: DeviceHealth) -> None:
        with self._lock:
            old = self._health
            if (old.state, old.code) == (health.state, health.code):
                return
            self._health = health
        log.info("%s: %s %s", self.name, health.state.value, health.code)
        if self._on_health is not None:
            try:
                self._on_health(health)
            except Exception:  # a broken listener must not kill the device
                log.exception("health listener failed")

    def _state(self, state: ConnectionState, err: DeviceError | None = None) -> None:
        if err is None:
            self._set_health(DeviceHealth(self.name, self.kind, state))
        else:
            self._set_health(DeviceHealth(self.name, self.kind, state, err.code, err.zh, err.en))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._state(ConnectionState.CONNECTING)
            try:
                self.device.open()
            except DeviceError as err:
                self._state(ConnectionState.DISCONNECTED, err)
                self._fail_jobs(err)
                self._wait_backoff()
                continue
            except Exception as exc:  # supervisor survives everything
                log.exception("%s: open failed", self.name)
                failure = DeviceError(f"设备打开失败: {exc}", f"device open failed: {exc}")
                self._state(ConnectionState.DISCONNECTED, failure)
                self._fail_jobs(failure)
                self._wait_backoff()
                continue
            self._backoff.reset()
            self._wake.clear()  # a kick that came while connecting is used up
            self._state(ConnectionState.CONNECTED)
            try:
                self._serve()
            except DeviceError as err:
                self._state(ConnectionState.DISCONNECTED, err)
            except Exception as exc:
                log.exception("%s: I/O loop failed", self.name)
                self._state(ConnectionState.DISCONNECTED,
                            DeviceError(f"设备异常: {exc}", f"device failure: {exc}"))
            finally:
                try:
                    self.device.close()
                except Exception:
                    log.debug("%s: close failed", self.name, exc_info=True)
            if not self._stop.is_set():
                self._wait_backoff()
        self._fail_jobs(DeviceDisconnected("设备已停止", "device supervisor stopped"))
        self._state(ConnectionState.STOPPED)

    def _wait_backoff(self) -> None:
        if self._wake.wait(self._backoff.next_delay()) and not self._stop.is_set():
            self._backoff.reset()
        self._wake.clear()

    def _serve(self) -> None:
        next_poll = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_poll:
                health = self.device.poll()
                if health is not None:
                    self._set_health(health)
                next_poll = time.monotonic() + self.poll_interval
            try:
                item = self._jobs.get(timeout=max(0.0, next_poll - time.monotonic()))
            except queue.Empty:
                continue
            if item is None:
                return
            job, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                fut.set_result(job())
            except DeviceDisconnected as err:
                fut.set_exception(err)
                raise
            except BaseException as exc:  # the caller gets the error; the loop goes on
                fut.set_exception(exc)

    def _fail_jobs(self, err: Exception) -> None:
        while True:
            try:
                item = self._jobs.get_nowait()
            except queue.Empty:
                return
            if item is not None and item[1].set_running_or_notify_cancel():
                item[1].set_exception(err)


def submit_or_run(supervisor: Supervisor | None, job: Callable[[], T]) -> concurrent.futures.Future[T]:
    """Run ``job`` on the device's I/O thread when a supervisor owns the device, or right here
    when none does (one-shot installer tools that open, act and close on one thread)."""
    if supervisor is not None:
        return supervisor.submit(job)
    fut: concurrent.futures.Future[T] = concurrent.futures.Future()
    try:
        fut.set_result(job())
    except BaseException as exc:
        fut.set_exception(exc)
    return fut
