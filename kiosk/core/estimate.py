"""Estimated waiting time per service, from recent service times and the windows open for it."""

from __future__ import annotations

from collections.abc import Sequence


def average_service_s(recent_durations_s: Sequence[float], default_s: float,
                      weight_of_default: int = 3) -> float:
    """Mean of recent service durations, pulled towards the configured default while few
    services have been seen today (a shrinkage estimate, so the first fast case of the morning
    does not promise a 1-minute wait)."""
    clean = [d for d in recent_durations_s if 0 < d < 4 * 3600]
    return (sum(clean) + default_s * weight_of_default) / (len(clean) + weight_of_default)


def estimated_wait_s(ahead: int, avg_service_s: float, open_windows: int) -> int:
    """Seconds until a ticket with ``ahead`` people before it is called.

    With no window open for the service yet (before opening, or all paused) the estimate
    assumes one window."""
    if ahead <= 0:
        return 0
    return round(avg_service_s * ahead / max(open_windows, 1))


def ticket_wait_s(ahead: int, avg_service_s: float, open_windows: int) -> int:
    """The wait told to a citizen whose ticket has ``ahead`` people before it.

    With a window open and nobody ahead the wait is the rest of the current case: ~0. Otherwise
    the citizen waits for the people ahead and for the case before them to end."""
    if open_windows and ahead == 0:
        return 0
    return estimated_wait_s(ahead + 1, avg_service_s, open_windows)
