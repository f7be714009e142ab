"""Fakes for the kiosk's flows: the shared fake hall client taught to issue tickets, and the
printer + card reader as a test drives them (no threads, no bytes)."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from drivers.errors import DeviceError
from drivers.idcard import CardType, IdCard
from drivers.printer import PrintReceipt, TicketContent
from drivers.supervision import ConnectionState, DeviceHealth
from kiosk.core.citizens import id_check_char
from tests.helpers.stubs import FakeHallClient


def id_number(born: dt.date, serial: int = 1) -> str:
    head = f"350102{born:%Y%m%d}{serial:03d}"
    return head + id_check_char(head)


def born_years_ago(years: int, today: dt.date) -> dt.date:
    """A birthday ``years`` ago, a week past, so the age is exactly ``years`` today."""
    day = today - dt.timedelta(days=7)
    return day.replace(year=day.year - years)


def id_card(born: dt.date, name: str = "王小明") -> IdCard:
    return IdCard(CardType.RESIDENT, name, "1", born, id_number(born), "福州市公安局",
                  dt.date(2020, 1, 1), dt.date(2040, 1, 1))


def hall_ticket(number: str = "C001", service: str = "social", **extra: Any) -> dict[str, Any]:
    return {"id": f"t-{number}", "number": number, "service": service, "service_name": "社保业务",
            "waiting_ahead": 2, "estimated_wait_s": 300, "issued_at": "2026-12-01T09:15:00+08:00",
            "priority": "normal", **extra}


def catalogue(**hall: Any) -> dict[str, Any]:
    return {
        "now": dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).isoformat(),
        "hall": {"name": "测试大厅", "name_en": "Test Hall", "notice": "", **hall},
        "categories": [],
        "services": [
            {"code": "social", "name": "社保业务", "name_en": "Social security", "prefix": "C",
             "issuing_open": True, "waiting": 0},
            {"code": "property", "name": "不动产登记", "prefix": "A", "requires_id": True,
             "issuing_open": True, "waiting": 1, "estimated_wait_s": 120},
            {"code": "tax", "name": "税务业务", "prefix": "T", "issuing_open": True, "cap_reached": True},
            {"code": "night", "name": "夜间", "prefix": "N", "issuing_open": False,
             "issuing_reason": "not_yet", "opens_at": "18:00", "hours": "18:00-20:00"},
        ],
    }


class KioskHallClient(FakeHallClient):
    """The apps' fake hall client with the kiosk's one command, ``issue``: by default each call
    issues the next number of the service's prefix, with the priority asked for."""

    def __init__(self, **hall: Any) -> None:
        super().__init__()
        self.services_answer = catalogue(**hall)
        self._numbers = 0

    def _next(self, service: str, *, citizen: Any = None, priority: str = "normal",
              appointment: Any = None, retry_safe: bool = True) -> dict[str, Any]:
        self._numbers += 1
        prefix = next(s["prefix"] for s in self.services_answer["services"] if s["code"] == service)
        masked = {"name": "王*"} if citizen and citizen.get("name") else None
        return hall_ticket(f"{prefix}{self._numbers:03d}", service, priority=priority, citizen=masked)

    async def issue(self, service: str, *, citizen: dict[str, Any] | None = None, priority: str = "normal",
                    appointment: str | None = None, retry_safe: bool = True) -> dict[str, Any]:
        self.answers.setdefault("issue", self._next)
        return await self._answer("issue", None, service, citizen=citizen, priority=priority,  # type: ignore[no-any-return]
                                  appointment=appointment, retry_safe=retry_safe)

    def issued(self) -> list[tuple[Any, ...]]:
        return [c for c in self.calls if c[0] == "issue"]


class FakeDevices:
    """``KioskDevices`` as the flows use it. ``fail`` makes the next print raise; cards are
    handed over with ``place``."""

    def __init__(self, *, reader: bool = True) -> None:
        self.reader = object() if reader else None
        self.printed: list[TicketContent] = []
        self.fail: DeviceError | None = None
        self.printer_health = DeviceHealth("printer", "printer", ConnectionState.CONNECTED)
        self.cards: asyncio.Queue[IdCard | DeviceError] = asyncio.Queue()

    def healths(self) -> list[DeviceHealth]:
        return [self.printer_health]

    async def print_ticket(self, content: TicketContent, timeout: float) -> PrintReceipt:
        await asyncio.sleep(0)
        if self.fail is not None:
            err, self.fail = self.fail, None
            raise err
        self.printed.append(content)
        return PrintReceipt(content.number, 400, 0.01, True)

    async def check_printer(self, timeout: float = 5.0) -> DeviceHealth:
        await asyncio.sleep(0)
        return self.printer_health

    def place(self, card: IdCard | DeviceError) -> None:
        self.cards.put_nowait(card)

    async def read_card(self, timeout: float) -> IdCard:
        got = await self.cards.get()
        if isinstance(got, DeviceError):
            raise got
        return got
