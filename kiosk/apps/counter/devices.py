"""The counter PC's hall bus devices: its window LED screen and hardware rating pad.

All device I/O happens on the bus Supervisor's thread (``drivers.bus``); these methods only hand
work over and never wait, so the Qt thread never blocks on a serial port. Failures are logged and
reported to the hall as device health (``on_health``: the backend's
kiosk.apps.health.HealthReporter); the counter keeps working without its devices.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from drivers.bus import HallBus, RatingPad, RatingResult, WindowScreen
from drivers.supervision import Backoff, DeviceHealth, Supervisor

log = logging.getLogger("kiosk.apps.counter.devices")


class CounterDevices:
    def __init__(self, bus_url: str, window: int, *, pad_address: int | None = None,
                 screen_address: int | None = None, pad_timeout_s: float = 60.0,
                 on_health: Callable[[DeviceHealth], None] | None = None) -> None:
        self.window = window
        self.pad_timeout_s = pad_timeout_s
        self.on_pad_result: Callable[[RatingResult], Any] | None = None
        self.on_health = on_health
        self.bus = HallBus(bus_url, name=f"window-{window}-bus", on_device_health=self._health)
        self.pad = RatingPad(self.bus, pad_address, window=window, on_result=self._result) \
            if pad_address is not None else None
        self.screen = WindowScreen(self.bus, screen_address, window=window) \
            if screen_address is not None else None
        self._supervisor: Supervisor | None = None

    @property
    def has_pad(self) -> bool:
        return self.pad is not None

    def start(self) -> CounterDevices:
        self._supervisor = self.bus.supervise(on_health=self._health,
                                              backoff=Backoff(initial=0.2, maximum=5.0))
        return self

    def stop(self) -> None:
        if self._supervisor is not None:
            self._supervisor.stop()
            self._supervisor = None

    # -- called from the Qt thread: hand over, never wait -----------------------------------
    def _watch(self, what: str, fut: concurrent.futures.Future[Any]) -> None:
        def done(f: concurrent.futures.Future[Any]) -> None:
            exc = f.exception()
            if exc is not None:
                log.warning("window %s: %s failed: %s", self.window, what, exc)
        fut.add_done_callback(done)

    def show_call(self, number: str) -> None:
        if self.screen is not None:
            self._watch("screen call", self.screen.show_call(number))

    def idle(self) -> None:
        if self.screen is not None:
            self._watch("screen idle", self.screen.show_idle())

    def show_idle_closed(self) -> None:
        if self.screen is not None:
            self._watch("screen closed", self.screen.show_idle("暂停服务"))

    def show_paused(self, reason: str) -> None:
        if self.screen is not None:
            self._watch("screen paused", self.screen.show_paused(f"暂停服务 {reason}"[:20]))
        if self.pad is not None:
            self._watch("pad paused", self.pad.pause())

    def resumed(self) -> None:
        self.idle()
        if self.pad is not None:
            self._watch("pad resume", self.pad.resume())

    def invite(self, window: int, staff_name: str, staff_no: str, number: str) -> None:
        if self.pad is not None:
            self._watch("pad invite", self.pad.invite(window, staff_name, staff_no, number,
                                                      timeout_s=self.pad_timeout_s))

    # -- bus thread -------------------------------------------------------------------------
    def _result(self, result: RatingResult) -> None:
        if self.on_pad_result is not None:
            self.on_pad_result(result)  # a Qt signal: queued into the Qt thread

    def _health(self, health: DeviceHealth) -> None:
        if self.on_health is not None:
            try:
                self.on_health(health)
            except Exception:
                log.exception("health listener failed")

