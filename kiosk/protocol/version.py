"""The API's version, announced by the hall (/healthz, /whoami, the WebSocket hello) and by
terminals (the X-Mashang-Api header), so a hall and terminals of adjacent releases keep talking
through an upgrade done one machine at a time, and a peer too old to understand is told so
plainly instead of failing in odd ways.

Each side says the version it speaks and the oldest it still understands. Version 1 is release
0.1 (it announced nothing: a silent peer is version 1); version 2 is one-tense event names,
which version-2 readers still parse in their old form, so 2 understands 1."""

from __future__ import annotations

API_VERSION = 2
OLDEST_UNDERSTOOD = 1
HEADER = "X-Mashang-Api"


def compatible(peer_version: int | None, peer_oldest: int | None = None) -> bool:
    """Can this release and a peer announcing (version, oldest understood) talk?"""
    version = 1 if peer_version is None else peer_version
    oldest = version if peer_oldest is None else peer_oldest
    return version >= OLDEST_UNDERSTOOD and API_VERSION >= oldest


def announce() -> dict[str, int]:
    return {"api_version": API_VERSION, "api_oldest": OLDEST_UNDERSTOOD}
