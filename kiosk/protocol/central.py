"""The central server's paths, as the hall's sync client calls them (signed requests: the
signature covers the path, so the sync client sends its own requests; it takes the paths from
here, the one place that spells them)."""

from __future__ import annotations

from urllib.parse import quote

API = "/api/v1"
SYNC_EVENTS = API + "/sync/events"


def catalogue(origin: str, after: int) -> str:
    """The catalogue for ``origin`` if it changed after version ``after``."""
    return f"{API}/halls/{quote(origin, safe='')}/catalogue?after={int(after)}"
