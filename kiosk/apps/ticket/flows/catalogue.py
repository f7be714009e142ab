"""What the hall last said about itself and its services (``HallClient.services()``), and its clock.

The kiosk shows hall time, which the display and the printed ticket show too, even when this
machine's clock or zone is off; ages for the green channel are counted on the hall's date, at
the hall's age (:func:`kiosk.apps.ticket.model.green_channel_age`). No Qt here.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from kiosk.apps.ticket import model


@dataclass(frozen=True)
class Change:
    """What an update changed, so the backend tells QML only that."""

    services: bool = False
    hall: bool = False


class HallCatalogue:
    def __init__(self) -> None:
        self.data: dict[str, Any] = {"hall": {}, "categories": [], "services": []}
        self._offset = 0.0  # hall clock minus this machine's clock, seconds
        self._tz: dt.tzinfo | None = None

    def update(self, data: dict[str, Any]) -> Change:
        self._take_time(data)
        if data == self.data:
            return Change()
        hall_changed = data.get("hall") != self.data.get("hall")
        self.data = data
        return Change(services=True, hall=hall_changed)

    def _take_time(self, data: dict[str, Any]) -> None:
        try:
            now = dt.datetime.fromisoformat(data.pop("now"))
        except (KeyError, TypeError, ValueError):
            return
        self._offset = now.timestamp() - time.time()
        self._tz = now.tzinfo

    # -- reading -------------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(time.time() + self._offset, self._tz)

    def clock(self) -> str:
        return self.now().strftime("%Y-%m-%d  %H:%M")

    def today(self) -> dt.date:
        return self.now().date()

    @property
    def hall(self) -> dict[str, Any]:
        return self.data.get("hall") or {}

    @property
    def green_age(self) -> int:
        return model.green_channel_age(self.hall)

    def categories(self, language: str, all_label: str) -> list[dict[str, Any]]:
        rows = model.category_rows(self.data, language)
        for r in rows:
            if not r["name"]:
                r["label"] = all_label
        return rows

    def services(self, language: str, category: int) -> list[dict[str, Any]]:
        cats = model.category_rows(self.data, language)
        if not cats:
            return []
        codes = cats[min(category, len(cats) - 1)]["services"]
        return model.service_rows(self.data, codes, language)

    def find(self, code: str) -> dict[str, Any] | None:
        return model.find_service(self.data, code)
