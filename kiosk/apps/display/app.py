"""Building the hall display (used by `kiosk display` and the demo): backend, QML window, voice
announcements (QtVoicePlayer behind drivers.voice.Announcer: queued, never overlapping) and the
hall LED strip (on the hall bus Supervisor's thread)."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.display.backend import DisplayBackend
from kiosk.protocol.client import HallClient

log = logging.getLogger("kiosk.apps.display")


def _log_failure(what: str) -> Callable[[concurrent.futures.Future[Any]], None]:
    def done(f: concurrent.futures.Future[Any]) -> None:
        if f.exception() is not None:
            log.warning("%s failed: %s", what, f.exception())
    return done


def make_voice(closers: list[Callable[[], Any]]) -> Callable[[str, int, bool], None]:
    from drivers.voice import Announcer, ClipLibrary
    from kiosk.apps.voice import QtVoicePlayer

    player = QtVoicePlayer()
    announcer = Announcer(player, ClipLibrary()).start()
    closers.append(lambda: (player.stop(), announcer.stop(timeout=2.0)))

    def announce(number: str, window: int, recall: bool) -> None:
        fut = announcer.recall(number, window) if recall else announcer.call(number, window)
        fut.add_done_callback(_log_failure(f"announcement {number}"))
    return announce


def make_strip(bus_url: str, address: int, closers: list[Callable[[], Any]],
               notice: str = "") -> Callable[[list[tuple[str, int]]], None]:
    from drivers.bus import HallBus, HallStrip
    from drivers.supervision import Backoff

    bus = HallBus(bus_url, name="hall-strip-bus")
    strip = HallStrip(bus, address)
    supervisor = bus.supervise(backoff=Backoff(initial=0.2, maximum=5.0))
    closers.append(supervisor.stop)

    def show(calls: list[tuple[str, int]]) -> None:
        strip.show_calls(calls, notice=notice).add_done_callback(_log_failure("hall strip"))
    return show


def build_display(url: str, token: str, *, language: str = "zh", voice: bool = True,
                  strip_bus: str | None = None, strip_address: int | None = None,
                  fullscreen: bool = False, page_seconds: float = 10.0) -> tuple[DisplayBackend, QmlScreen]:
    closers: list[Callable[[], Any]] = []
    announce = make_voice(closers) if voice else None
    strip = make_strip(strip_bus, strip_address or 30, closers) if strip_bus else None
    backend = DisplayBackend(HallClient(url, token), language=language, announce=announce, strip=strip,
                             page_seconds=page_seconds)
    backend.closers.extend(closers)
    screen = QmlScreen("display/DisplayMain.qml", backend)
    screen.root.setProperty("fullscreen", fullscreen)
    return backend, screen
