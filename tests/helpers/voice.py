"""Voice test helpers: a quick synthetic clip set (no espeak-ng) and a player that records when
each sound started and ended."""

from __future__ import annotations

import array
import math
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from drivers.voice.audio import CLIP_FORMAT, AudioFormat, write_wav
from drivers.voice.clips import CLIP_FILES


def tone(seconds: float, freq: float, fmt: AudioFormat = CLIP_FORMAT, level: float = 0.5) -> bytes:
    n = round(seconds * fmt.rate)
    one = [int(level * 32767 * math.sin(2 * math.pi * freq * i / fmt.rate)) for i in range(n)]
    return array.array("h", [v for v in one for _ in range(fmt.channels)]).tobytes()


def make_tone_clips(directory: Path, *, seconds: float = 0.02) -> dict[str, float]:
    """Write every clip as a short tone; each clip has its own pitch and a slightly different
    length so two different announcements never render to the same frames. Returns the
    length of each clip by name."""
    directory.mkdir(parents=True, exist_ok=True)
    lengths = {}
    for i, (name, stem) in enumerate(CLIP_FILES.items()):
        length = seconds + i * 0.001
        write_wav(directory / f"{stem}.wav", CLIP_FORMAT, tone(length, 200 + 20 * i))
        lengths[name] = round(length * CLIP_FORMAT.rate) / CLIP_FORMAT.rate
    return lengths


def wav_info(path: Path) -> tuple[AudioFormat, bytes]:
    with wave.open(str(path), "rb") as w:
        return (AudioFormat(w.getframerate(), w.getnchannels(), w.getsampwidth()),
                w.readframes(w.getnframes()))


@dataclass
class Played:
    frames: bytes
    start: float
    end: float
    thread: str


class RecordingPlayer:
    """Records each play with start/end times; takes ``seconds`` per play so that overlapping
    calls would show; counts how many plays were ever in progress at once."""

    def __init__(self, seconds: float = 0.01, fail_on: set[int] | None = None) -> None:
        self.seconds = seconds
        self.plays: list[Played] = []
        self.max_active = 0
        self._active = 0
        self._lock = threading.Lock()
        self._fail_on = fail_on or set()
        self._calls = 0

    def play(self, wav: Path) -> None:
        with self._lock:
            self._active += 1
            self.max_active = max(self.max_active, self._active)
            self._calls += 1
            call = self._calls
        start = time.monotonic()
        try:
            _, frames = wav_info(wav)
            threading.Event().wait(self.seconds)  # the "sound" playing
            if call in self._fail_on:
                raise OSError("speaker unplugged")
        finally:
            end = time.monotonic()
            with self._lock:
                self._active -= 1
                self.plays.append(Played(frames, start, end, threading.current_thread().name))
