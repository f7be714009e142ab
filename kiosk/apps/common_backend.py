"""What the counter, pad and display backends share: a QObject base with change-notified
properties, async commands that never leave a screen "loading", error text in the chosen
language, the hall link (commands + event stream with resync), and loading/grabbing a QML window.

Each screen has one backend QObject. Properties are declared in the subclasses, each ``xChanged``
signal right above its ``Property``; setters go through :meth:`Backend._set`, which emits only on
a change.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QWindow
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuickControls2 import QQuickStyle

from kiosk.apps.health import HealthReporter
from kiosk.apps.runtime import QML_DIR, language_notifier, load_qml
from kiosk.protocol.client import EventFollower, HallApiError, HallClient, LinkState

log = logging.getLogger("kiosk.apps")


def qprop(type_: Any, name: str, notify: Signal) -> Property:
    """A read-only QML property backed by ``self._<name>``."""
    attr = "_" + name
    return Property(type_, lambda self: getattr(self, attr), notify=notify)


class Backend(QObject):
    """Base for one screen's backend: busy/error/link state and the hall link."""

    busyChanged = Signal()
    busy = qprop(bool, "busy", busyChanged)
    errorChanged = Signal()
    error = qprop(str, "error", errorChanged)
    infoChanged = Signal()
    info = qprop(str, "info", infoChanged)
    linkChanged = Signal()
    link = qprop(str, "link", linkChanged)  # online | connecting | offline
    # The link as QML reads it: screens compare no state strings.
    online = Property(bool, lambda self: self._link == LinkState.ONLINE.value, notify=linkChanged)
    connecting = Property(bool, lambda self: self._link == LinkState.CONNECTING.value, notify=linkChanged)
    languageChanged = Signal()
    language = qprop(str, "language", languageChanged)
    english = Property(bool, lambda self: self._language == "en", notify=languageChanged)

    def __init__(self, client: HallClient, *, language: str = "zh", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self._busy = False
        self._error = ""
        self._info = ""
        self._link = LinkState.CONNECTING.value
        self._language = language
        self._tasks: set[asyncio.Task[Any]] = set()
        self.stopped = False
        self._follower: EventFollower | None = None
        self._refreshing = False
        self._refresh_again = False
        self.resyncs = 0  # full re-fetches after (re)connecting, for tests and logs
        self.closers: list[Callable[[], Any]] = []  # device threads etc. to stop with the app
        # Every device this app drives reports here (any thread): ``backend.health.update``.
        self.health = HealthReporter(client)
        language_notifier().changed.connect(self._on_translator_changed)

    # -- property plumbing ----------------------------------------------------------------
    def _set(self, name: str, value: Any) -> bool:
        attr = "_" + name
        if getattr(self, attr) == value:
            return False
        setattr(self, attr, value)
        getattr(self, name + "Changed").emit()
        return True

    def text(self, zh: str, en: str) -> str:
        """Bilingual *data* in the screen's language (the hall's error messages, names with a
        ``name_en``). The screen's own words go through Qt translation (.ts files) instead."""
        return en if self._language == "en" else zh

    def error_text(self, err: BaseException) -> str:
        if isinstance(err, HallApiError):
            return self.text(err.zh or err.en, err.en or err.zh)
        log.exception("unexpected failure", exc_info=err)
        return QCoreApplication.translate("Backend", "操作失败,请重试")

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        if self._set("language", "en" if language == "en" else "zh"):
            self.retranslate()

    @Slot()
    def toggleLanguage(self) -> None:
        self.setLanguage("zh" if self._language == "en" else "en")

    def retranslate(self) -> None:
        """Recompute every translated text this backend shows (subclasses). Called when the
        language changes and again when the new translator is installed."""

    @Slot()
    def _on_translator_changed(self) -> None:
        if not self.stopped:
            self.retranslate()

    @Slot()
    def clearMessages(self) -> None:
        self._set("error", "")
        self._set("info", "")

    # -- async commands -------------------------------------------------------------------
    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Run ``coro`` on the app's loop; after stop() nothing new starts (a timer that fires
        late on a closed screen must not send anything to the hall)."""
        if self.stopped:
            coro.close()
            return None
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def command(self, action: Callable[[], Awaitable[Any]], *, busy: bool = True) -> asyncio.Task[Any] | None:
        """Run one user command: busy while it runs, its error on screen after, never stuck busy."""
        async def run() -> Any:
            if busy:
                self._set("busy", True)
            self._set("error", "")
            try:
                return await action()
            except asyncio.CancelledError:
                raise
            except Exception as err:  # every failure reads clearly on screen
                self._set("error", self.error_text(err))
                return None
            finally:
                if busy:
                    self._set("busy", False)
        return self.spawn(run())

    # -- hall link ------------------------------------------------------------------------
    def start(self) -> None:
        """Follow the hall's events; re-fetch everything after each (re)connect."""
        self._follower = EventFollower(self.client, self._on_event, self._resync, self._on_link)
        self._follower.start()
        self.health.start()

    async def stop(self) -> None:
        self.stopped = True
        for timer in self.findChildren(QTimer):
            timer.stop()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._follower is not None:
            await self._follower.stop()
        self.health.close()  # no report through a client about to close
        await self.client.close()
        for close in self.closers:
            try:
                close()
            except Exception:
                log.exception("closing %s failed", close)

    def _on_link(self, state: LinkState) -> None:
        self._set("link", state.value)

    async def _resync(self) -> None:
        self.resyncs += 1
        self.health.retry()  # what the hall missed while it was away
        try:
            await self.pull()
        except HallApiError as err:
            log.info("resync failed: %s", err)

    async def pull(self) -> None:
        """Fetch the whole state this screen shows (subclasses)."""

    def refresh_soon(self) -> None:
        """Coalesced pull: at most one in flight and one queued behind it."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True

        async def run() -> None:
            try:
                while True:
                    self._refresh_again = False
                    try:
                        await self.pull()
                    except HallApiError as err:
                        log.info("refresh failed: %s", err)
                    if not self._refresh_again:
                        break
            finally:
                self._refreshing = False
        self.spawn(run())

    def _on_event(self, ev: dict[str, Any]) -> Any:
        """One hall event (subclasses)."""


class QmlScreen:
    """One app window: a QML engine with its backend as context property ``backend``."""

    def __init__(self, qml: str, backend: QObject, extra: dict[str, QObject] | None = None,
                 engine: QQmlApplicationEngine | None = None) -> None:
        if QQuickStyle.name() != "Basic":
            QQuickStyle.setStyle("Basic")  # our own high-contrast look; no native style warnings
        self.engine = engine or QQmlApplicationEngine()
        self.engine.addImportPath(str(QML_DIR))
        self.backend = backend
        self.root = load_qml(self.engine, QML_DIR / qml, {"backend": backend, **(extra or {})})
        if not isinstance(self.root, QWindow):
            raise RuntimeError(f"{qml}: the root item must be a Window")
        self.window: QWindow = self.root

    def find(self, name: str) -> QObject | None:
        """An object by objectName: the QObject tree first, then the visual item tree (items
        made by a Repeater or a ListView have no QObject parent)."""
        found = self.root.findChild(QObject, name)
        if found is not None:
            return found
        todo = [self.window.contentItem()]  # type: ignore[attr-defined]
        while todo:
            item = todo.pop()
            if item.objectName() == name:
                return item
            todo.extend(item.childItems())
        return None

    def dispose(self) -> None:
        """Destroy the window and the engine now, before the backend goes: QML bindings that
        outlive their backend would each log 'Cannot read property of null' on the way out."""
        import shiboken6

        for obj in self.engine.rootObjects():
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)
        if shiboken6.isValid(self.engine):
            shiboken6.delete(self.engine)

    def screenshot(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        image = self.window.grabWindow()  # type: ignore[attr-defined]
        if image.isNull() or not image.save(str(path)):
            raise RuntimeError(f"cannot save a screenshot to {path}")
        return path


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


def run_app(build: Callable[[], tuple[Backend, QmlScreen]], language: str = "zh",
            on_started: Callable[[Backend], Any] | None = None) -> int:
    """The standalone app: Qt + asyncio, translations, crash dump, then ``build()`` the screen,
    follow the hall until the window closes."""
    from kiosk.apps.runtime import (
        Translations,
        application,
        enable_crash_dump,
        route_qt_messages,
        run_event_loop,
    )
    from kiosk.apps.watchdog import Watchdog

    app = application()
    route_qt_messages()
    enable_crash_dump()
    holder: dict[str, Any] = {}

    async def main() -> None:
        backend, screen = build()
        holder["screen"] = screen
        translations = Translations(app, screen.engine)  # type: ignore[arg-type]
        if language != "zh" and not translations.set_language(language):
            log.warning("no %s translation installed (run `kiosk build-resources`)", language)
        backend.languageChanged.connect(lambda: translations.set_language(str(backend.property("language"))))
        backend.start()
        if on_started is not None:
            on_started(backend)
        watchdog = Watchdog()
        watchdog.ready()  # systemd: the screen is up; pings follow from the Qt loop
        try:
            await asyncio.Event().wait()
        finally:
            watchdog.stop()
            await backend.stop()

    return run_event_loop(app, main)
