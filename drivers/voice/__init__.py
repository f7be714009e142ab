"""Offline voice announcements from recorded clips: compose, render to one WAV, play in turn.

No Qt here: the Qt player is in ``kiosk/apps/voice.py``. See docs/voice.md.
"""

from drivers.voice.announcement import (
    Announcement,
    BadAnnouncement,
    compose_call,
    compose_recall,
)
from drivers.voice.announcer import Announcer
from drivers.voice.clips import ClipLibrary, MissingClip, build_default_clips
from drivers.voice.player import AplayPlayer, NullPlayer, Player
from drivers.voice.render import render_wav

__all__ = [
    "Announcement", "Announcer", "AplayPlayer", "BadAnnouncement", "ClipLibrary", "MissingClip",
    "NullPlayer", "Player", "build_default_clips", "compose_call", "compose_recall", "render_wav",
]
