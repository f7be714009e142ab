"""Shared helpers for GUI tests that drive real QML: asyncio on the Qt loop (qasync) inside
pytest-qt, finding items by objectName, tapping them like a finger, reading what they show,
and saving screenshots to artifacts/screenshots/<app>/."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


@contextlib.contextmanager
def qasync_loop(app: Any) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop on the Qt event loop that pytest-qt's waits already spin: tasks run
    while ``qtbot.waitUntil`` processes events."""
    import qasync

    loop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        deadline = time.monotonic() + 5
        while any(not t.done() for t in pending) and time.monotonic() < deadline:
            QCoreApplication.processEvents()
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # qasync keeps no public way
        loop.close()  # joins its default executor's threads (aiohttp's DNS lookups)


def run_async(qtbot: Any, coro: Any, timeout: float = 10.0) -> Any:
    """Run a coroutine to completion on the qasync loop while Qt keeps processing events."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
    return task.result()


def walk(root: QObject) -> Iterator[QQuickItem]:
    """Every item of the visual tree under ``root`` (Repeater delegates have no QObject
    parent, so ``findChildren`` misses them; the visual tree has them all)."""
    base = root.contentItem() if isinstance(root, QQuickWindow) else root
    stack = [base] if isinstance(base, QQuickItem) else []
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(item.childItems()))


def find_all(root: QObject, name: str) -> list[QQuickItem]:
    return [i for i in walk(root) if i.objectName() == name]


def find(root: QObject, name: str) -> Any:
    """The item named ``name`` that is on screen (else the first of that name)."""
    items = find_all(root, name)
    if not items:
        raise LookupError(f"no QML item named {name!r}")
    shown = [i for i in items if is_shown(i)]
    return (shown or items)[0]


def is_shown(item: QQuickItem) -> bool:
    """Visible on screen: the item and every ancestor visible, non-zero size."""
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() == 0:
            return False
        node = node.parentItem()
    return item.width() > 0 and item.height() > 0


def text(root: QObject, name: str) -> str:
    return str(find(root, name).property("text"))


def texts(root: QObject) -> list[str]:
    """Every text on screen now (visible Text items), for 'is this said anywhere' checks."""
    out = []
    for item in walk(root):
        t = item.property("text")
        if isinstance(t, str) and t and item.metaObject().className().startswith("QQuickText") and is_shown(item):
            out.append(t)
    return out


def screen_text(root: QObject) -> str:
    return "\n".join(texts(root))


def tap(qtbot: Any, window: QQuickWindow, item: QQuickItem | str) -> None:
    """A finger tap in the middle of ``item`` (or the visible item of that objectName)."""
    if isinstance(item, str):
        name = item
        # Layouts settle on the next frame: wait for the item to be laid out and tappable.
        try:
            qtbot.waitUntil(lambda: is_shown(find(window, name)) and find(window, name).isEnabled(),
                            timeout=3000)
        except Exception:
            pass
        item = find(window, name)
    assert is_shown(item), f"{item.objectName()} is not on screen"
    assert item.isEnabled(), f"{item.objectName()} is disabled"
    point = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    pos = QPoint(round(point.x()), round(point.y()))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def resize(qtbot: Any, window: QQuickWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)
    QTest.qWait(0)


def screenshot(window: QQuickWindow, app: str, name: str, *, portrait_only: bool = False,
               qtbot: Any = None) -> list[Path]:
    """Save ``name`` at 1080x1920 portrait and 1920x1080 landscape (then back to portrait)."""
    out_dir = SCREENSHOTS / app
    out_dir.mkdir(parents=True, exist_ok=True)
    saved = []
    sizes = [("portrait", PORTRAIT)] + ([] if portrait_only else [("landscape", LANDSCAPE)])
    for label, size in sizes:
        if qtbot is not None:
            resize(qtbot, window, size)
        else:
            window.resize(*size)
        _settle(window)
        path = out_dir / f"{name}-{label}.png"
        image = window.grabWindow()
        assert not image.isNull(), "grabWindow returned nothing"
        assert (image.width(), image.height()) == size, f"grabbed {image.width()}x{image.height()}"
        image.save(str(path))
        saved.append(path)
    if not portrait_only:
        window.resize(*PORTRAIT)
        _settle(window)
    return saved


def _settle(window: QQuickWindow) -> None:
    for _ in range(3):
        QCoreApplication.processEvents()
