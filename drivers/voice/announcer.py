"""The announcer: one worker thread plays announcements one after another, so two calls
never talk over each other, whichever threads asked for them."""

from __future__ import annotations

import concurrent.futures
import itertools
import logging
import queue
import shutil
import tempfile
import threading
from pathlib import Path

from drivers.errors import DeviceDisconnected
from drivers.voice.announcement import Announcement, BadAnnouncement, compose_call, window_number
from drivers.voice.clips import ClipLibrary
from drivers.voice.player import Player
from drivers.voice.render import DEFAULT_GAP, render_wav

log = logging.getLogger("drivers.voice")

_Item = tuple[Announcement, "concurrent.futures.Future[float]"]


class Announcer:
    """Queue of announcements in front of one :class:`Player`.

    ``call`` and ``recall`` check their input at once (bad tickets raise
    :class:`BadAnnouncement` in the caller's thread) and return a future that completes with
    the length in seconds once the sound has been played, or with the error.
    """

    def __init__(self, player: Player, library: ClipLibrary | None = None, *, repeat: int = 1,
                 gap: float = DEFAULT_GAP, workdir: Path | None = None) -> None:
        self.player = player
        self.library = library or ClipLibrary()
        self.repeat = repeat
        self.gap = gap
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="mashang-voice-"))
        self._queue: queue.Queue[_Item | None] = queue.Queue()
        self._stopped = threading.Event()
        self._counter = itertools.count(1)
        self._last: tuple[str, int] | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="voice-announcer", daemon=True)

    def start(self) -> Announcer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the announcement being played, drop the rest and stop the worker."""
        self._stopped.set()
        self._queue.put(None)
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        self._drain()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def pending(self) -> int:
        return self._queue.qsize()

    def announce(self, announcement: Announcement) -> concurrent.futures.Future[float]:
        fut: concurrent.futures.Future[float] = concurrent.futures.Future()
        if self._stopped.is_set():
            fut.set_exception(DeviceDisconnected("语音播报已停止", "announcer stopped"))
        else:
            self._queue.put((announcement, fut))
        return fut

    def call(self, ticket: str, window: int | str) -> concurrent.futures.Future[float]:
        announcement = compose_call(ticket, window, repeat=self.repeat)
        with self._lock:
            self._last = (ticket, window_number(window))
        return self.announce(announcement)

    def recall(self, ticket: str | None = None,
               window: int | str | None = None) -> concurrent.futures.Future[float]:
        """Say a call again with 再次呼叫 in front; without arguments, the last call."""
        if ticket is None or window is None:
            with self._lock:
                last = self._last
            if last is None:
                raise BadAnnouncement("还没有呼叫过,无法重呼", "nothing has been called yet to recall")
            ticket, window = (ticket or last[0]), (window if window is not None else last[1])
        return self.announce(compose_call(ticket, window, recall=True, repeat=self.repeat))

    # -- worker ------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None or self._stopped.is_set():
                if item is not None:
                    item[1].cancel()
                return
            announcement, fut = item
            if not fut.set_running_or_notify_cancel():
                continue
            wav = self.workdir / f"announcement-{next(self._counter)}.wav"
            try:
                seconds = render_wav(announcement, self.library, wav, gap=self.gap)
                log.info("announce: %s (%.2f s)", announcement.text, seconds)
                self.player.play(wav)
            except BaseException as exc:  # the caller gets the error; the worker goes on
                log.warning("announcement failed: %s", exc)
                wav.unlink(missing_ok=True)
                fut.set_exception(exc)
                continue
            wav.unlink(missing_ok=True)  # before the caller hears it is done
            fut.set_result(seconds)

    def _drain(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                item[1].cancel()
