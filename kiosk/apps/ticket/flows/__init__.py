"""The kiosk's flows, one object each, owned by :class:`kiosk.apps.ticket.backend.KioskBackend`.

A flow holds its own state and decides; it shows things only through the backend (its
properties, signals and ``screens.go``), and QML reaches it only through the backend's slots. The
flows import no QML and can be driven by unit tests with a fake hall client.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend


def held_weakly(kiosk: KioskBackend) -> KioskBackend:
    """The backend as a flow holds it. The backend owns its flows; a strong reference back would
    make a cycle that only Python's cyclic collector frees, on whatever thread happens to run
    it, and a QObject must be destroyed on its own thread ("Timers cannot be stopped from
    another thread", then a crash). Held weakly, a backend dies where its last user drops it."""
    return cast("KioskBackend", weakref.proxy(kiosk))
