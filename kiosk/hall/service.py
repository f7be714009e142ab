"""The hall's operations in one place for callers (the API, sync, tests): a thin facade over
the kernel (kiosk/hall/kernel.py) and the operations per aggregate (tickets, windows, ratings,
devices). Rules live in kiosk/core; SQL in kiosk/hall/repo.py; what things look like from
outside in kiosk/hall/views.py."""

from __future__ import annotations

import concurrent.futures
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.config.hall import Device, HallConfig
from kiosk.hall import devices, ratings, tickets, views, windows
from kiosk.hall.clock import Clock
from kiosk.hall.kernel import HallKernel, Listener
from kiosk.store.db import Store

T = TypeVar("T")
Future = concurrent.futures.Future


class HallService:
    def __init__(self, config: HallConfig, store: Store, secret: bytes, clock: Clock | None = None,
                 on_events: Listener | None = None) -> None:
        self.kernel = HallKernel(config, store, secret, clock)
        if on_events is not None:
            self.kernel.add_listener(on_events)

    # -- the kernel's handles ---------------------------------------------------------------
    @property
    def config(self) -> HallConfig:
        return self.kernel.config

    @property
    def store(self) -> Store:
        return self.kernel.store

    @property
    def clock(self) -> Clock:
        return self.kernel.clock

    def today(self) -> str:
        return self.kernel.today()

    def add_listener(self, fn: Listener) -> None:
        self.kernel.add_listener(fn)

    def reload(self, config: HallConfig, conn: sqlite3.Connection | None = None) -> None:
        self.kernel.reload(config, conn)

    def read(self, fn: Callable[[sqlite3.Connection], T]) -> Future[T]:
        return self.kernel.read(fn)

    def get_ticket(self, ticket_id: str) -> dict[str, Any]:
        return self.read(lambda c: views.ticket(self.kernel, c, ticket_id)).result()

    # -- tickets ----------------------------------------------------------------------------
    def issue_ticket(self, device: Device, service_code: str, citizen: dict[str, Any] | None = None,
                     priority: str = "normal", appointment: str | None = None,
                     idem_key: str | None = None) -> Future[Any]:
        return tickets.issue(self.kernel, device, service_code, citizen, priority, appointment, idem_key)

    def call_next(self, device: Device, window: int) -> Future[Any]:
        return tickets.call_next(self.kernel, device, window)

    def call_ticket(self, device: Device, window: int, ticket_id: str) -> Future[Any]:
        return tickets.call_ticket(self.kernel, device, window, ticket_id)

    def ticket_action(self, device: Device, ticket_id: str, action: str) -> Future[Any]:
        return tickets.ticket_action(self.kernel, device, ticket_id, action)

    def transfer(self, device: Device, ticket_id: str, service: str | None, window: int | None) -> Future[Any]:
        return tickets.transfer(self.kernel, device, ticket_id, service, window)

    # -- ratings, windows, devices ----------------------------------------------------------
    def rate(self, device: Device, ticket_id: str, level: int | None, reasons: list[str],
             not_rated: bool = False, idem_key: str | None = None) -> Future[Any]:
        return ratings.rate(self.kernel, device, ticket_id, level, reasons, not_rated, idem_key)

    def sign_in(self, device: Device, window: int, staff_id: str | None, pin: str | None) -> Future[Any]:
        return windows.sign_in(self.kernel, device, window, staff_id, pin)

    def pause(self, device: Device, window: int, reason: str) -> Future[Any]:
        return windows.pause(self.kernel, device, window, reason)

    def resume(self, device: Device, window: int) -> Future[Any]:
        return windows.resume(self.kernel, device, window)

    def sign_off(self, device: Device, window: int, override: bool = False,
                 reason: str | None = None) -> Future[Any]:
        return windows.sign_off(self.kernel, device, window, override, reason)

    def report_health(self, device: Device, health: dict[str, Any]) -> Future[Any]:
        return devices.report_health(self.kernel, device, health)
