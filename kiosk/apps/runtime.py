"""What every Qt app of the hall shares: the application object, asyncio on the Qt loop
(qasync), translations (Simplified Chinese source, English from .qm), a CJK font, Qt messages
routed into logging, and a crash dump. This is the one place the apps set Qt up."""

from __future__ import annotations

import asyncio
import faulthandler
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QLocale,
    QObject,
    Qt,
    QtMsgType,
    QTranslator,
    QUrl,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtGui import QCursor, QFont, QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine

from kiosk.paths import resources_dir

RESOURCES = resources_dir()
QML_DIR = RESOURCES / "qml"
I18N_DIR = RESOURCES / "i18n"

log = logging.getLogger("kiosk.apps")
_qt_log = logging.getLogger("qt")


def _qt_message(mode: QtMsgType, context: Any, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
             QtMsgType.QtFatalMsg: logging.CRITICAL}.get(mode, logging.WARNING)
    _qt_log.log(level, "%s", message)


def route_qt_messages() -> None:
    qInstallMessageHandler(_qt_message)


def enable_crash_dump(path: Path | None = None) -> None:
    target = path or Path(os.environ.get("MASHANG_CRASH_DIR", "/tmp")) / f"mashang-crash-{os.getpid()}.txt"
    try:
        f = open(target, "w")
        faulthandler.enable(f)
    except OSError:
        faulthandler.enable()


def cjk_font_family() -> str:
    """The best installed CJK UI font (Noto Sans CJK SC, else WenQuanYi Micro Hei)."""
    families = set(QFontDatabase.families())
    for name in ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC"):
        if name in families:
            return name
    return QGuiApplication.font().family()


def application(argv: list[str] | None = None) -> QGuiApplication:
    app = QGuiApplication.instance() or QGuiApplication(argv or sys.argv[:1])
    assert isinstance(app, QGuiApplication), "the apps need a GUI application"
    app.setOrganizationName("Mashang")
    app.setApplicationName("马上办")
    app.setFont(QFont(cjk_font_family()))
    if os.environ.get("MASHANG_HIDE_CURSOR") == "1" and QGuiApplication.overrideCursor() is None:
        # a touch terminal (the kiosk session sets this): no pointer even if a mouse is plugged in
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    return app  # type: ignore[return-value]


class LanguageNotifier(QObject):
    """Says when the installed translators changed, so backends recompute the texts they
    translated themselves (QML's qsTr bindings follow ``engine.retranslate()``)."""

    changed = Signal()


_notifier: list[LanguageNotifier] = []


def language_notifier() -> LanguageNotifier:
    if not _notifier:
        _notifier.append(LanguageNotifier())
    return _notifier[0]


class Translations:
    """Switches the UI language at run time: ``zh`` (source strings) or ``en``."""

    def __init__(self, app: QGuiApplication, engine: QQmlApplicationEngine | None = None) -> None:
        self.app, self.engine = app, engine
        self._installed: list[QTranslator] = []
        self.language = "zh"

    def set_language(self, language: str) -> bool:
        for t in self._installed:
            self.app.removeTranslator(t)
        self._installed = []
        self.language = language
        ok = True
        if language != "zh":
            for qm in sorted(I18N_DIR.glob(f"*_{language}.qm")):
                t = QTranslator(self.app)
                if t.load(str(qm)):
                    self.app.installTranslator(t)
                    self._installed.append(t)
                else:
                    ok = False
            QLocale.setDefault(QLocale(QLocale.Language.English))
        else:
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        if self.engine is not None:
            self.engine.retranslate()
        language_notifier().changed.emit()
        return ok and (language == "zh" or bool(self._installed))


def load_qml(engine: QQmlApplicationEngine, qml_file: Path, context: dict[str, QObject]) -> QObject:
    for name, obj in context.items():
        engine.rootContext().setContextProperty(name, obj)
    engine.load(QUrl.fromLocalFile(str(qml_file)))
    roots = engine.rootObjects()
    if not roots:
        raise RuntimeError(f"QML failed to load: {qml_file}")
    return roots[0]


def run_event_loop(app: QGuiApplication, main: Callable[[], Any]) -> int:
    """Run ``main()`` (a coroutine function) on the Qt event loop through qasync until the app
    quits; returns the exit code."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)

    async def runner() -> None:
        task = asyncio.ensure_future(main())
        await closing.wait()
        task.cancel()
        try:
            await task
        except (asyncio.CancelledError, Exception):
            pass

    with loop:
        loop.run_until_complete(runner())
    return 0
