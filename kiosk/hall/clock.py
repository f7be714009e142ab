"""The hall's clock. Real time by default; a shifted clock (a start time that then runs at real
speed, or faster) lets demos and training sessions play "a morning in the hall" at any hour."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo


class Clock:
    def __init__(self, tz: zoneinfo.ZoneInfo, start: dt.datetime | None = None,
                 speed: float = 1.0) -> None:
        self.tz = tz
        self._speed = speed
        self._t0 = time.time()
        self._start = start.astimezone(tz) if start is not None else None

    def now(self) -> dt.datetime:
        if self._start is None:
            return dt.datetime.now(self.tz)
        return self._start + dt.timedelta(seconds=(time.time() - self._t0) * self._speed)

    def ts(self) -> float:
        return self.now().timestamp()
