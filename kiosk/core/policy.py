"""Who is called next: fairness between priority classes, with an aging bound.

Priority tickets (green channel, appointments) are interleaved with normal ones at a configured
ratio (default one priority call per two normal calls, per window). The aging bound overrides
the ratio: a normal ticket that has waited ``aging_limit_s`` is called before any priority ticket,
so priority never makes a normal citizen wait beyond the limit. Within a class the oldest issue
time goes first (a transferred ticket keeps its original issue time)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kiosk.core.tickets import Priority


@dataclass(frozen=True)
class FairnessPolicy:
    normal_per_priority: int = 2  # after this many normal calls a priority ticket goes next
    aging_limit_s: float = 30 * 60
    no_show_after_recalls: int = 2
    green_channel_age: int = 70


@dataclass(frozen=True)
class Candidate:
    id: str
    number: str
    service: str
    priority: Priority
    issued_ts: float
    target_window: int | None = None


def eligible(c: Candidate, window: int, services: Sequence[str]) -> bool:
    if c.target_window is not None:
        return c.target_window == window
    return c.service in services


def pick_next(candidates: Iterable[Candidate], window: int, services: Sequence[str],
              normal_since_priority: int, policy: FairnessPolicy, now_ts: float) -> Candidate | None:
    pool = [c for c in candidates if eligible(c, window, services)]
    if not pool:
        return None
    order = {code: i for i, code in enumerate(services)}

    def key(c: Candidate) -> tuple[float, int, str]:
        return (c.issued_ts, order.get(c.service, len(order)), c.number)

    normal = sorted((c for c in pool if c.priority == Priority.NORMAL), key=key)
    priority = sorted((c for c in pool if c.priority != Priority.NORMAL), key=key)
    if normal and now_ts - normal[0].issued_ts >= policy.aging_limit_s:
        return normal[0]
    if priority and (not normal or normal_since_priority >= policy.normal_per_priority):
        return priority[0]
    return normal[0] if normal else priority[0]


def next_counter(picked: Candidate, normal_since_priority: int) -> int:
    """The window's interleave counter after ``picked`` was called."""
    return 0 if picked.priority != Priority.NORMAL else normal_since_priority + 1
