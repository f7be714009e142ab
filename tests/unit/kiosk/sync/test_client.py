"""The hall's sync client against an in-process central server (httpx ASGI transport)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.central import catalogue, db
from kiosk.central.app import create_central_app
from kiosk.config.central import parse_central_config
from kiosk.config.hall import load_config
from kiosk.hall.service import HallService
from kiosk.store.db import Store
from kiosk.sync.client import SyncClient
from tests.helpers.central import CENTRAL_CONFIG, hall_config_with_central


class Node:
    def __init__(self, tmp: Path) -> None:
        path = tmp / "hall.toml"
        path.write_text(hall_config_with_central("http://central.test", batch_size=50, interval=0.05),
                        encoding="utf-8")
        config = load_config(path)
        self.store = Store(tmp / "hall.db", config.hall.id)
        self.service: HallService | None = HallService(config, self.store, b"k" * 32)
        self.sync: Any = None

    @property
    def config(self):  # type: ignore[no-untyped-def]
        """One handle on the config, as in kiosk.hall.api.HallNode: the kernel's."""
        assert self.service is not None
        return self.service.config

    def issue(self, n: int) -> None:
        kiosk = next(d for d in self.config.devices if d.role == "kiosk")
        for _ in range(n):
            assert self.service is not None
            self.service.issue_ticket(kiosk, "social").result()


@pytest.fixture
def central(tmp_path):  # type: ignore[no-untyped-def]
    engine = db.make_engine(str(tmp_path / "central.db"))
    app = create_central_app(parse_central_config(CENTRAL_CONFIG), engine)
    yield engine, httpx.ASGITransport(app=app)
    engine.dispose()


async def until(pred: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise TimeoutError("condition not met")


def central_count(engine) -> int:  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(db.events)).scalar_one()


def test_pushes_everything_and_records_the_ack_in_meta(tmp_path, central) -> None:  # type: ignore[no-untyped-def]
    engine, transport = central
    node = Node(tmp_path)
    node.issue(120)

    async def main() -> dict[str, Any]:
        client = SyncClient(node, transport=transport)
        await client.start()
        try:
            assert client.status()["last_seq"] == 120
            await until(lambda: client.status()["pending"] == 0)
            node.issue(3)  # counted through the after-commit hook, then pushed
            assert client.status()["last_seq"] == 123
            return await until(lambda: (s := client.status())["pending"] == 0 and s)
        finally:
            await client.stop()
    st = asyncio.run(main())
    assert (st["last_seq"], st["acked_seq"], st["connected"]) == (123, 123, True)
    assert node.store.meta_get("sync_acked_seq") == "123"
    assert node.store.meta_get(f"sync_acked:{node.store.epoch}") == "123"
    assert central_count(engine) == 123
    node.store.close()


def test_rewinds_when_central_has_less_than_the_local_ack(tmp_path, central) -> None:  # type: ignore[no-untyped-def]
    engine, transport = central
    node = Node(tmp_path)
    node.issue(80)
    node.store.meta_set(f"sync_acked:{node.store.epoch}", "60")  # e.g. central restored from an old backup

    async def main() -> dict[str, Any]:
        client = SyncClient(node, transport=transport)
        await client.start()
        try:
            return await until(lambda: (s := client.status())["pending"] == 0 and s)
        finally:
            await client.stop()
    assert asyncio.run(main())["acked_seq"] == 80
    assert central_count(engine) == 80
    node.store.close()


def test_unreachable_central_is_reported_and_the_hall_keeps_working(tmp_path) -> None:  # type: ignore[no-untyped-def]
    node = Node(tmp_path)
    node.issue(5)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def main() -> dict[str, Any]:
        client = SyncClient(node, transport=httpx.MockTransport(refuse))
        await client.start()
        try:
            await until(lambda: client.last_error is not None)
            t0 = time.monotonic()
            node.issue(5)
            assert time.monotonic() - t0 < 2
            return client.status()
        finally:
            await client.stop()
    st = asyncio.run(main())
    assert (st["connected"], st["acked_seq"], st["pending"], st["last_seq"]) == (False, 0, 10, 10)
    assert st["last_error"]["code"] == "unreachable" and st["last_error"]["message_zh"]
    node.store.close()


CATALOGUE_V1 = {
    "schedules": {"always": {"weekdays": ["00:00-24:00"], "weekend": ["00:00-24:00"]}},
    "services": [{"code": "social", "name": "社保业务", "prefix": "C", "hours": "always"},
                 {"code": "passport", "name": "出入境", "prefix": "P", "hours": "always"}],
    "windows": [{"number": n, "services": ["social", "passport"]} for n in (1, 2, 3, 4)],
    "calendar": {"holidays": ["2026-10-01"]},
}


def test_catalogue_applies_atomically_rejects_invalid_and_survives_restart(tmp_path, central) -> None:  # type: ignore[no-untyped-def]
    engine, transport = central
    node = Node(tmp_path)
    assert "passport" not in node.config.services
    catalogue.publish(engine, "test-hall", CATALOGUE_V1)

    async def first_run() -> dict[str, Any]:
        client = SyncClient(node, transport=transport)
        await client.start()
        try:
            return await until(lambda: (s := client.status())["config_error"] and s)
        finally:
            await client.stop()

    # Apply v1 alone first, then the invalid v2.

    async def apply_v1() -> dict[str, Any]:
        client = SyncClient(node, transport=transport)
        await client.start()
        try:
            return await until(lambda: (s := client.status())["config_version"] == 1 and s)
        finally:
            await client.stop()
    assert asyncio.run(apply_v1())["config_error"] is None
    assert node.service is not None and node.service.config is node.config
    assert "passport" in node.config.services and 4 in node.config.windows
    assert node.store.read(lambda c: c.execute("SELECT 1 FROM windows WHERE number = 4").fetchone()).result()
    kiosk = next(d for d in node.config.devices if d.role == "kiosk")
    assert node.service.issue_ticket(kiosk, "passport").result()["number"] == "P001"

    # v2 drops window 3, which the local counter-3 device belongs to: the hall must refuse it.
    catalogue.publish(engine, "test-hall", {**CATALOGUE_V1, "windows": CATALOGUE_V1["windows"][:2]})
    node2_status = asyncio.run(first_run())
    assert node2_status["config_version"] == 1
    assert node2_status["config_error"]["version"] == 2 and "window 3" in node2_status["config_error"]["message_en"]
    assert 3 in node.config.windows  # the old version stays

    # Restart offline: the last good version comes back from meta before any pull.
    node.store.close()
    node2 = Node(tmp_path)
    assert "passport" not in node2.config.services

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    async def restart() -> dict[str, Any]:
        client = SyncClient(node2, transport=httpx.MockTransport(refuse))
        await client.start()
        try:
            return client.status()
        finally:
            await client.stop()
    st = asyncio.run(restart())
    assert st["config_version"] == 1 and "passport" in node2.config.services
    assert node2.service is not None and "passport" in node2.service.config.services
    node2.store.close()
