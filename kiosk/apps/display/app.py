"""Building the hall display (used by `kiosk display` and the demo): backend, QML window, voice
announcements (QtVoicePlayer behind drivers.voice.Announcer: queued, never overlapping) and the
hall LED strip (on the hall bus Supervisor's thread). The strip's bus and the voice report
their health to the hall through the backend's HealthReporter, like every other device."""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any

from drivers.supervision import ConnectionState, DeviceHealth
from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.display.backend import DisplayBackend
from kiosk.protocol.client import HallClient

log = logging.getLogger("kiosk.apps.display")

Health = Callable[[DeviceHealth], None]
VOICE_DEVICE = "display-voice"


def _log_failure(what: str) -> Callable[[concurrent.futures.Future[Any]], None]:
    def done(f: concurrent.futures.Future[Any]) -> None:
        if f.exception() is not None:
            log.warning("%s failed: %s", what, f.exception())
    return done


def voice_health(on_health: Health) -> Callable[[concurrent.futures.Future[Any]], None]:
    """An announcement's outcome as the voice's health: a clip that would not play is a
    degraded voice (staff should know the hall hears nothing), the next one that plays clears it."""
    def done(f: concurrent.futures.Future[Any]) -> None:
        err = f.exception()
        if err is None:
            on_health(DeviceHealth(VOICE_DEVICE, "voice", ConnectionState.CONNECTED))
        else:
            on_health(DeviceHealth(VOICE_DEVICE, "voice", ConnectionState.DEGRADED,
                                   getattr(err, "code", "announcement_failed"),
                                   getattr(err, "zh", "语音播报失败"), getattr(err, "en", str(err))))
    return done


def make_voice(closers: list[Callable[[], Any]], on_health: Health | None = None) -> Callable[[str, int, bool], None]:
    from drivers.voice import Announcer, ClipLibrary
    from kiosk.apps.voice import QtVoicePlayer

    player = QtVoicePlayer()
    announcer = Announcer(player, ClipLibrary()).start()
    def close() -> None:
        player.stop()
        announcer.stop(timeout=2.0)
    closers.append(close)

    def announce(number: str, window: int, recall: bool) -> None:
        fut = announcer.recall(number, window) if recall else announcer.call(number, window)
        fut.add_done_callback(_log_failure(f"announcement {number}"))
        if on_health is not None:
            fut.add_done_callback(voice_health(on_health))
    return announce


def make_strip(bus_url: str, address: int, closers: list[Callable[[], Any]],
               notice: str = "", on_health: Health | None = None) -> Callable[[list[tuple[str, int]]], None]:
    from drivers.bus import HallBus, HallStrip
    from drivers.supervision import Backoff

    bus = HallBus(bus_url, name="hall-strip-bus", on_device_health=on_health)
    strip = HallStrip(bus, address)
    supervisor = bus.supervise(on_health=on_health, backoff=Backoff(initial=0.2, maximum=5.0))
    closers.append(supervisor.stop)

    def show(calls: list[tuple[str, int]]) -> None:
        strip.show_calls(calls, notice=notice).add_done_callback(_log_failure("hall strip"))
    return show


def build_display(url: str, token: str, *, language: str = "zh", voice: bool = True,
                  strip_bus: str | None = None, strip_address: int | None = None,
                  fullscreen: bool = False, page_seconds: float = 10.0) -> tuple[DisplayBackend, QmlScreen]:
    backend = DisplayBackend(HallClient(url, token), language=language, page_seconds=page_seconds)
    closers: list[Callable[[], Any]] = []
    if voice:
        backend.announce = make_voice(closers, backend.health.update)
    if strip_bus:
        backend.strip = make_strip(strip_bus, strip_address or 30, closers, on_health=backend.health.update)
    backend.closers.extend(closers)
    screen = QmlScreen("display/DisplayMain.qml", backend)
    screen.root.setProperty("fullscreen", fullscreen)
    return backend, screen
