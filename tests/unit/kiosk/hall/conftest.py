import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from kiosk.config.hall import Device, parse_config
from kiosk.hall.api import create_app
from kiosk.hall.service import HallService
from kiosk.store.db import Store
from tests.helpers.hall import TEST_CONFIG, FixedClock

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
THURSDAY_10AM = dt.datetime(2026, 11, 26, 10, 0, tzinfo=TZ)


@pytest.fixture
def hall(tmp_path):
    """The hall node app in-process (real store file, real FastAPI stack)."""
    app = create_app(parse_config(TEST_CONFIG), tmp_path / "hall.db")
    with TestClient(app) as client:
        client.db_path = tmp_path / "hall.db"
        client.node = app.state.node
        yield client


class Hall:
    """A hall service on a real store file with a clock the test moves."""

    def __init__(self, service: HallService, clock: FixedClock) -> None:
        self.service, self.clock = service, clock
        self.kernel = service.kernel

    def dev(self, device_id: str) -> Device:
        return next(d for d in self.service.config.devices if d.id == device_id)

    def events(self) -> list[str]:
        return [e.type for e in self.service.store.events_after(0, 100_000)]


@pytest.fixture
def make_hall(tmp_path) -> Iterator[Callable[..., Hall]]:
    stores: list[Store] = []

    def make(config_text: str = TEST_CONFIG, now: dt.datetime = THURSDAY_10AM, name: str = "hall") -> Hall:
        config = parse_config(config_text)
        store = Store(tmp_path / f"{name}.db", config.hall.id)
        stores.append(store)
        clock = FixedClock(now)
        return Hall(HallService(config, store, b"k" * 32, clock), clock)  # type: ignore[arg-type]

    yield make
    for s in stores:
        s.close()
