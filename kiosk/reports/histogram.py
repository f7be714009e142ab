"""Mergeable duration histograms: one-minute buckets, so a month's percentile is computed from
the sum of its days' histograms (never an average of daily percentiles), within one bucket of
the exact value. Day figures are computed exactly from the visits themselves."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

BUCKET_S = 60


@dataclass
class Histogram:
    counts: dict[int, int] = field(default_factory=dict)  # bucket index -> visits
    maximum_s: float = 0.0

    @classmethod
    def of(cls, durations_s: Iterable[float]) -> Histogram:
        h = cls()
        for d in durations_s:
            h.add(d)
        return h

    @classmethod
    def from_counts(cls, counts: Mapping[int | str, int], maximum_s: float = 0.0) -> Histogram:
        return cls({int(k): int(v) for k, v in counts.items() if int(v)}, maximum_s)

    def add(self, duration_s: float) -> None:
        b = max(0, int(duration_s // BUCKET_S))
        self.counts[b] = self.counts.get(b, 0) + 1
        self.maximum_s = max(self.maximum_s, duration_s)

    def merge(self, other: Histogram) -> Histogram:
        out = Histogram(dict(self.counts), max(self.maximum_s, other.maximum_s))
        for b, n in other.counts.items():
            out.counts[b] = out.counts.get(b, 0) + n
        return out

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def percentile_s(self, q: float) -> float | None:
        """The upper edge of the bucket holding the q-quantile (nearest-rank), capped at the
        largest value seen; None when empty."""
        n = self.total
        if n == 0:
            return None
        rank = max(1, math.ceil(q * n))
        seen = 0
        for b in sorted(self.counts):
            seen += self.counts[b]
            if seen >= rank:
                return float(min((b + 1) * BUCKET_S, self.maximum_s))
        return self.maximum_s

    def share_above(self, target_s: float) -> float | None:
        """Share of visits that lasted ``target_s`` or longer (targets are whole minutes)."""
        n = self.total
        if n == 0:
            return None
        edge = math.ceil(target_s / BUCKET_S)
        return sum(c for b, c in self.counts.items() if b >= edge) / n


def exact_percentile_s(durations_s: Iterable[float], q: float) -> float | None:
    """Nearest-rank percentile of the exact values (the day figures)."""
    values = sorted(durations_s)
    if not values:
        return None
    return values[max(1, math.ceil(q * len(values))) - 1]
