"""Shared by the counter, pad, display and demo GUI tests: asyncio on the test's Qt loop
(qasync, treated as running while pytest-qt pumps events), a real hall node process, opening
an app's real QML window, clicking its items, and screenshots into artifacts/screenshots/."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers.hall import ROOT, TOKENS, HallProcess

SHOTS = ROOT / "artifacts" / "screenshots"


_LOOP: list[asyncio.AbstractEventLoop] = []


@pytest.fixture
def aloop(qapp) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for the whole session (like the Qt application it runs on), marked as
    running so coroutines work while qtbot pumps Qt events; apps are stopped by their fixture."""
    import qasync

    if not _LOOP:
        _LOOP.append(qasync.QEventLoop(qapp, already_running=True))
    loop = _LOOP[0]
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)


@pytest.fixture
def hall(tmp_path) -> Iterator[HallProcess]:
    with HallProcess(tmp_path) as h:
        yield h


def run(qtbot, coro: Awaitable[Any], timeout: int = 10000) -> Any:
    """Await ``coro`` on the Qt loop while pytest-qt pumps events."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


def api(hall: HallProcess, who: str, method: str, path: str, body: Any = None) -> Any:
    """A plain HTTP call from outside the app under test (another terminal, an admin)."""
    r = httpx.request(method, hall.url + path, json=body, timeout=10,
                      headers={"Authorization": f"Bearer {TOKENS[who]}"})
    if r.status_code >= 400:
        raise AssertionError(f"{method} {path}: {r.status_code} {r.text}")
    return r.json() if r.status_code != 204 else None


def issue(hall: HallProcess, service: str = "social") -> dict[str, Any]:
    body: dict[str, Any] = {"service": service}
    if service == "property":
        body["citizen"] = {"id_number": "360426199101010071", "name": "张三"}
    return api(hall, "kiosk", "POST", "/api/v1/tickets", body)


class Opened:
    """An app under test: its backend and QML screen; closed by the fixture that opened it."""

    def __init__(self, qtbot, backend: Any, screen: Any) -> None:
        self.qtbot, self.backend, self.screen = qtbot, backend, screen

    def item(self, name: str) -> Any:
        found = self.screen.find(name)
        assert found is not None, f"no QML item named {name!r}"
        return found

    def click(self, name: str) -> None:
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtTest import QTest

        item = self.item(name)
        assert item.property("visible") and item.property("enabled"), f"{name} is not clickable"
        pos = item.mapToScene(QPointF(item.property("width") / 2, item.property("height") / 2))
        QTest.mouseClick(self.screen.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         pos.toPoint())

    def key(self, key: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.screen.window.requestActivate()
        self.qtbot.waitUntil(lambda: self.screen.window.isActive(), timeout=3000)
        QTest.keyClick(self.screen.window, key, Qt.KeyboardModifier.NoModifier)

    def text(self, name: str) -> str:
        return str(self.item(name).property("text"))

    def wait(self, predicate: Callable[[], Any], timeout: int = 5000) -> None:
        self.qtbot.waitUntil(lambda: bool(predicate()), timeout=timeout)

    def shot(self, app: str, name: str) -> Path:
        self.qtbot.wait(50)  # let the scene graph render the last change before grabbing
        return self.screen.screenshot(SHOTS / app / f"{name}.png")


def close_app(qtbot, opened: Opened) -> None:
    run(qtbot, opened.backend.stop())
    opened.screen.window.close()
    opened.screen.dispose()
    qtbot.wait(10)
    gc.collect()


@pytest.fixture
def open_app(qtbot, aloop):
    """open_app(build) -> Opened, where ``build()`` returns (backend, QmlScreen)."""
    opened: list[Opened] = []

    def opener(build: Callable[[], tuple[Any, Any]], online: bool = True) -> Opened:
        backend, screen = build()
        backend.start()
        app = Opened(qtbot, backend, screen)
        opened.append(app)
        if online:
            app.wait(lambda: backend.link == "online" and backend.resyncs >= 1, 10000)
        return app

    yield opener
    for app in reversed(opened):
        close_app(qtbot, app)
