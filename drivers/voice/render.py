"""Join an announcement's clips into one WAV, with a short silence between clips."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from drivers.voice.announcement import Announcement
from drivers.voice.audio import silence, write_wav
from drivers.voice.clips import ClipLibrary

DEFAULT_GAP = 0.06  # seconds between two clips: words run together without it


@dataclass(frozen=True)
class Rendered:
    frames: bytes
    seconds: float


def render_frames(announcement: Announcement, library: ClipLibrary, *,
                  gap: float = DEFAULT_GAP) -> Rendered:
    fmt = library.format
    pause = silence(fmt, gap)
    parts: list[bytes] = []
    for i, name in enumerate(announcement):
        if i:
            parts.append(pause)
        parts.append(library.frames(name))
    frames = b"".join(parts)
    return Rendered(frames, fmt.seconds(frames))


def render_wav(announcement: Announcement, library: ClipLibrary, target: Path | str | BinaryIO,
               *, gap: float = DEFAULT_GAP) -> float:
    """Write the announcement as a single WAV; returns its length in seconds."""
    rendered = render_frames(announcement, library, gap=gap)
    if isinstance(target, str):
        target = Path(target)
    if isinstance(target, Path):
        # Written beside and renamed, so a player never opens a half-written file.
        part = target.with_name(target.name + ".part")
        write_wav(part, library.format, rendered.frames)
        part.replace(target)
    else:
        write_wav(target, library.format, rendered.frames)
    return rendered.seconds


def render_bytes(announcement: Announcement, library: ClipLibrary, *,
                 gap: float = DEFAULT_GAP) -> bytes:
    buf = io.BytesIO()
    render_wav(announcement, library, buf, gap=gap)
    return buf.getvalue()
