"""Building the counter terminal: backend + QML window (used by `kiosk counter` and the demo)."""

from __future__ import annotations

from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.counter.backend import CounterBackend
from kiosk.apps.counter.devices import CounterDevices
from kiosk.protocol.client import HallClient


def build_counter(url: str, token: str, window: int, *, language: str = "zh",
                  bus: str | None = None, pad_address: int | None = None,
                  screen_address: int | None = None, pad_timeout_s: float = 60.0,
                  ) -> tuple[CounterBackend, QmlScreen]:
    """The bus devices report their health through the backend's reporter, which sends once
    the backend has started on the running loop."""
    devices = None
    if bus:
        devices = CounterDevices(bus, window, pad_address=pad_address, screen_address=screen_address,
                                 pad_timeout_s=pad_timeout_s)
    backend = CounterBackend(HallClient(url, token), window, language=language, devices=devices)
    if devices is not None:
        devices.start()  # after the backend took its health reports
    return backend, QmlScreen("counter/CounterMain.qml", backend)
