"""Building the counter terminal: backend + QML window (used by `kiosk counter` and the demo)."""

from __future__ import annotations

import asyncio

from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.counter.backend import CounterBackend
from kiosk.apps.counter.devices import CounterDevices, health_reporter
from kiosk.protocol.client import HallClient


def build_counter(url: str, token: str, window: int, *, language: str = "zh",
                  bus: str | None = None, pad_address: int | None = None,
                  screen_address: int | None = None, pad_timeout_s: float = 60.0,
                  ) -> tuple[CounterBackend, QmlScreen]:
    """Call from inside the running asyncio loop (the bus health reports are posted on it)."""
    client = HallClient(url, token)
    devices = None
    if bus:
        devices = CounterDevices(bus, window, pad_address=pad_address, screen_address=screen_address,
                                 pad_timeout_s=pad_timeout_s,
                                 on_health=health_reporter(asyncio.get_event_loop(), client)).start()
    backend = CounterBackend(client, window, language=language, devices=devices)
    return backend, QmlScreen("counter/CounterMain.qml", backend)
