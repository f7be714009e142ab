"""Players: something that plays one WAV file and returns when it has finished.

The Qt player lives in ``kiosk/apps/voice.py``; here are the headless ones: a command-line
player (aplay, paplay or pw-play) and a :class:`NullPlayer` that plays nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import wave
from pathlib import Path
from typing import Protocol

from drivers.errors import DeviceError, DeviceNotFound, DeviceTimeout

PLAYER_COMMANDS = ("aplay", "paplay", "pw-play")


class Player(Protocol):
    def play(self, wav: Path) -> None:
        """Play ``wav`` and return when it has finished (raise DeviceError if it cannot)."""
        ...


def wav_seconds(wav: Path) -> float:
    with wave.open(str(wav), "rb") as w:
        return w.getnframes() / w.getframerate()


class AplayPlayer:
    """Plays through the first of aplay (ALSA), paplay (PulseAudio), pw-play (PipeWire)."""

    def __init__(self, command: str | None = None) -> None:
        found = self.find(command)
        if found is None:
            raise DeviceNotFound(
                "未找到音频播放程序 (aplay/paplay/pw-play)",
                "no audio player found (aplay/paplay/pw-play)",
            )
        self.command = found

    @staticmethod
    def find(command: str | None = None) -> str | None:
        for name in (command,) if command else PLAYER_COMMANDS:
            path = shutil.which(name)
            if path:
                return path
        return None

    @classmethod
    def available(cls) -> bool:
        return cls.find() is not None

    def play(self, wav: Path) -> None:
        limit = wav_seconds(wav) + 10.0
        argv = [self.command, "-q", str(wav)] if Path(self.command).name == "aplay" \
            else [self.command, str(wav)]
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=limit, check=False)
        except subprocess.TimeoutExpired:
            raise DeviceTimeout(f"播放超时: {wav}", f"playback timed out: {wav}") from None
        if proc.returncode != 0:
            msg = proc.stderr.strip()
            raise DeviceError(f"播放失败: {msg}", f"playback failed: {msg}", code="voice_play_failed")


class NullPlayer:
    """Plays nothing. With ``realtime=True`` it takes as long as the sound would (handy for
    demos without speakers); it records what it was given either way."""

    def __init__(self, *, realtime: bool = False) -> None:
        self.realtime = realtime
        self.played: list[Path] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def play(self, wav: Path) -> None:
        with self._lock:
            self.played.append(wav)
        if self.realtime:
            self._stop.wait(wav_seconds(wav))
