"""Qt playback for hall announcements: :class:`QtVoicePlayer` plays rendered WAV files through
QtMultimedia, one at a time, and implements ``drivers.voice.Player`` so the plain-Python
:class:`drivers.voice.Announcer` can drive it from its worker thread::

    player = QtVoicePlayer()                       # on the GUI thread
    announcer = Announcer(player, repeat=2).start()
    announcer.call("A012", 3)                      # from anywhere

QMediaPlayer rather than QSoundEffect: QSoundEffect refuses formats the output device does not
take natively (and every format when there is no device), QMediaPlayer converts.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, QUrl, Signal, Slot
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

from drivers.errors import DeviceError, DeviceTimeout
from drivers.voice.player import wav_seconds

log = logging.getLogger("kiosk.apps.voice")


@dataclass
class _Item:
    path: str
    done: threading.Event | None = None  # set when a blocking play() may return
    error: str = ""
    seconds: float = 0.0


class QtVoicePlayer(QObject):
    """Queue of WAV files played one after another on the GUI thread."""

    started = Signal(str)  # path
    finished = Signal(str)  # path, played to the end
    failed = Signal(str, str)  # path, reason
    _requested = Signal(object)  # an _Item from another thread

    def __init__(self, parent: QObject | None = None, *, volume: float = 1.0,
                 margin: float = 3.0) -> None:
        super().__init__(parent)
        self.margin = margin
        self._audio = QAudioOutput(self)
        self._audio.setVolume(volume)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._audio)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.errorOccurred.connect(self._on_error)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._queue: deque[_Item] = deque()
        self._current: _Item | None = None
        self._requested.connect(self._accept, Qt.ConnectionType.QueuedConnection)

    # -- GUI thread ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._current is not None

    @property
    def pending(self) -> int:
        return len(self._queue)

    @Slot(str)
    def enqueue(self, path: str) -> None:
        """Play ``path`` after whatever is playing or queued (GUI thread)."""
        self._accept(_Item(str(path)))

    def stop(self) -> None:
        """Stop the current sound and drop the queue; blocked ``play()`` calls return."""
        items = list(self._queue)
        self._queue.clear()
        if self._current is not None:
            items.insert(0, self._current)
            self._current = None
        self._watchdog.stop()
        self._player.stop()
        for item in items:
            self._release(item, "stopped")

    # -- Player protocol (any thread but the GUI thread) ---------------------------------
    def play(self, wav: Path) -> None:
        if QThread.currentThread() is self.thread():
            raise RuntimeError("QtVoicePlayer.play() blocks: call it from a worker thread "
                               "(e.g. drivers.voice.Announcer), or use enqueue()")
        done = threading.Event()
        item = _Item(str(wav), done=done)
        seconds = wav_seconds(Path(wav))
        self._requested.emit(item)
        if not done.wait(seconds + self.margin + 5.0):
            raise DeviceTimeout(f"语音播放无响应: {wav}", f"voice playback did not finish: {wav}")
        if item.error:
            raise DeviceError(f"语音播放失败: {item.error}", f"voice playback failed: {item.error}",
                              code="voice_play_failed")

    # -- internals (GUI thread) ----------------------------------------------------------
    @Slot(object)
    def _accept(self, item: _Item) -> None:
        self._queue.append(item)
        if self._current is None:
            self._next()

    def _next(self) -> None:
        while self._queue and self._current is None:
            item = self._queue.popleft()
            try:
                item.seconds = wav_seconds(Path(item.path))
            except Exception as exc:  # missing file, wave.Error: skip it, play the rest
                self._release(item, f"{item.path}: {exc}")
                continue
            self._current = item
            self._player.setSource(QUrl())  # same path twice in a row must reload
            self._player.setSource(QUrl.fromLocalFile(item.path))
            self._watchdog.start(int((item.seconds + self.margin) * 1000))
            self.started.emit(item.path)
            self._player.play()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._current is not None and status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._finish("")
        elif self._current is not None and status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._finish("invalid media")

    def _on_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        if self._current is not None:
            self._finish(message or "playback error")

    def _on_watchdog(self) -> None:
        if self._current is not None:
            log.warning("voice: %s did not finish in time, skipped", self._current.path)
            self._player.stop()
            self._finish("timeout")

    def _finish(self, error: str) -> None:
        item, self._current = self._current, None
        self._watchdog.stop()
        if item is not None:
            self._release(item, error)
        # Queued, not direct: let QMediaPlayer finish its own end-of-media work first.
        QTimer.singleShot(0, self._next)

    def _release(self, item: _Item, error: str) -> None:
        item.error = error
        if error:
            self.failed.emit(item.path, error)
        else:
            self.finished.emit(item.path)
        if item.done is not None:
            item.done.set()
