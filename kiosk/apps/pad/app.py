"""Building the on-screen rating pad (used by `kiosk pad` and the demo)."""

from __future__ import annotations

from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.pad.backend import PadBackend
from kiosk.protocol.client import HallClient


def build_pad(url: str, token: str, window: int, *, language: str = "zh", timeout_s: int = 30,
              thanks_s: float = 3.0) -> tuple[PadBackend, QmlScreen]:
    backend = PadBackend(HallClient(url, token), window, language=language, timeout_s=timeout_s,
                         thanks_s=thanks_s)
    return backend, QmlScreen("pad/PadMain.qml", backend)
