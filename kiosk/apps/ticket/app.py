"""Wiring of the ticket kiosk: Qt app, QML engine, translations, devices, voice, backend.

:class:`KioskApp` is what ``kiosk ticket``, the GUI tests and the benchmark all build, so the
tests drive the same object graph the hall runs.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.apps.common_backend import QmlScreen
from kiosk.apps.runtime import Translations, application
from kiosk.apps.ticket import model
from kiosk.apps.ticket.backend import KioskBackend
from kiosk.apps.ticket.devices import KioskDevices
from kiosk.protocol.client import HallClient

log = logging.getLogger("kiosk.apps.ticket")

MAIN_QML = "ticket/Main.qml"


def default_voice() -> Any:
    """Announcer over QtVoicePlayer, or None when the clips are not built (the kiosk works
    without sound; `kiosk build-resources` builds them)."""
    from drivers.voice import Announcer, ClipLibrary
    from drivers.voice.announcement import all_clip_names

    library = ClipLibrary()
    missing = library.missing(all_clip_names())
    if missing:
        log.warning("voice off: %d clips missing (run `kiosk build-resources`)", len(missing))
        return None
    from kiosk.apps.voice import QtVoicePlayer

    return Announcer(QtVoicePlayer(), library).start()


class KioskApp:
    def __init__(self, hall_url: str, token: str, printer_url: str, reader_url: str | None, *,
                 language: str = "zh", fullscreen: bool = True, admin_pin: str = "",
                 voice: Any = "auto", timeouts: model.Timeouts = model.NORMAL_TIMEOUTS,
                 elder_timeouts: model.Timeouts | None = None, poll_interval: float = 10.0,
                 device_poll: float = 2.0) -> None:
        self.app = application()
        self.engine = QQmlApplicationEngine()
        self.translations = Translations(self.app, self.engine)
        self.client = HallClient(hall_url, token, timeout=4.0)
        self.voice = default_voice() if voice == "auto" else voice
        self.backend = KioskBackend(
            self.client, None, translations=self.translations, voice=self.voice, admin_pin=admin_pin,
            language=language, timeouts=timeouts, elder_timeouts=elder_timeouts,
            poll_interval=poll_interval, on_exit=lambda: self.app.exit(0), fullscreen=fullscreen)
        self.devices = KioskDevices(printer_url, reader_url, on_health=self.backend.health_listener,
                                    poll_interval=device_poll)
        self.backend.devices = self.devices
        self.window: QQuickWindow | None = None
        self.screen: QmlScreen | None = None
        if language != "zh":
            self.translations.set_language(language)

    def start(self) -> QQuickWindow:
        """Open devices, load the QML and follow the hall (on a running asyncio loop)."""
        self.devices.start()
        # The apps' one window wrapper; the kiosk's QML calls its backend ``kiosk``.
        self.screen = QmlScreen(MAIN_QML, self.backend, {"kiosk": self.backend}, engine=self.engine)
        root = self.screen.root
        assert isinstance(root, QQuickWindow)
        self.window = root
        self.backend.start()
        return root

    async def stop(self) -> None:
        await self.backend.stop()
        await asyncio.get_running_loop().run_in_executor(None, self.devices.stop)
        # The devices call the backend (health) and the backend drives the devices: untie them,
        # so the stopped kiosk is freed by reference counting on this thread, not by the cyclic
        # collector on whatever thread it next runs (a QObject must die on its own thread).
        self.backend.devices = None
        if self.voice is not None and hasattr(self.voice, "stop"):
            self.voice.stop(2.0)
        if self.window is not None:
            self.window.hide()  # close() is refused by the QML (locked down)
        # The QML goes before the backend it binds to (interpreter exit order is arbitrary;
        # QML reading a deleted backend logs a TypeError per binding).
        self.window = None
        if self.screen is not None:
            self.screen.dispose()


def run_kiosk(kapp_factory: Any) -> int:
    """Run a KioskApp on the Qt loop until the admin exits (or SIGTERM)."""
    import signal

    from kiosk.apps.runtime import enable_crash_dump, route_qt_messages, run_event_loop
    from kiosk.apps.watchdog import Watchdog

    route_qt_messages()
    enable_crash_dump()
    kapp: KioskApp = kapp_factory()

    async def main() -> None:
        # Leave in order: stop the backend and devices on the running loop, then quit Qt.
        # Python signal handlers run the next time Python runs on the loop (1 s tick at most).
        leave = asyncio.Event()

        def on_signal(signum: int, _frame: object) -> None:
            log.info("signal %d: closing the kiosk", signum)
            leave.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, on_signal)
        kapp.backend.on_exit = leave.set
        kapp.start()
        watchdog = Watchdog()
        watchdog.ready()  # systemd: the screen is up; pings follow from the Qt loop
        try:
            await leave.wait()
        finally:
            watchdog.stop()
            await kapp.stop()
            kapp.app.exit(0)  # not quit(): Qt 6 asks the windows, and ours refuses to close

    return run_event_loop(kapp.app, main)
