"""The kiosk backend with a fake hall and fake devices, on an asyncio loop that runs on the Qt
loop pytest-qt's waits already spin."""

from __future__ import annotations

import gc

import pytest

from kiosk.apps.ticket import model
from kiosk.apps.ticket.backend import KioskBackend
from tests.helpers.gui import qasync_loop, run_async
from tests.unit.kiosk.apps.ticket.fakes import FakeDevices, KioskHallClient

PIN = "2468"


class RecordingVoice:
    def __init__(self) -> None:
        self.said: list[tuple[str, ...]] = []

    def announce(self, announcement) -> None:
        self.said.append(tuple(announcement.clips))


@pytest.fixture
def loop(qapp):
    with qasync_loop(qapp) as lp:
        yield lp
    # A closed qasync loop leaves Qt objects (its timers and workers) in reference cycles. Free
    # them now, on the Qt thread: a collection that a device thread happens to start later
    # would destroy them there ("Timers cannot be stopped from another thread", then a crash).
    gc.collect()


@pytest.fixture
def make(qtbot, loop):
    """make(**hall) -> (backend, client, devices), catalogue loaded."""
    made = []

    def build(*, reader: bool = True, **hall):
        client = KioskHallClient(**hall)
        devices = FakeDevices(reader=reader)
        backend = KioskBackend(client, devices, voice=RecordingVoice(), admin_pin=PIN,
                               timeouts=model.Timeouts(card=20, manual=20, done=20, message=20, admin=20,
                                                       issue=2.0, print=2.0))
        backend.health.start()  # the apps' reporter, as Backend.start() starts it
        backend.watch.start()
        assert run_async(qtbot, backend.refresh())
        made.append(backend)
        return backend, client, devices

    yield build
    for backend in made:
        run_async(qtbot, backend.stop())


@pytest.fixture
def kiosk(make):
    return make()


def wait_screen(qtbot, backend, screen, timeout=3000):
    qtbot.waitUntil(lambda: backend.screen == screen, timeout=timeout)
