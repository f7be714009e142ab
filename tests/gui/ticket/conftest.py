"""Fixtures for the ticket kiosk GUI tests: a real hall node process, simulated printer and
card reader (in-process `sim:` devices), the real QML on an offscreen window, and asyncio on
the Qt loop."""

from __future__ import annotations

import asyncio
import gc
import itertools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from drivers.sim import idcard as sim_idcard
from drivers.sim import printer as sim_printer
from tests.helpers.gui import qasync_loop, run_async
from tests.helpers.hall import TOKENS, HallProcess

PIN = "1379"
_names = itertools.count(1)


class RecordingVoice:
    """Stands in for the Announcer: keeps what would have been said."""

    def __init__(self) -> None:
        self.said: list[tuple[str, ...]] = []

    def announce(self, announcement):
        self.said.append(tuple(announcement.clips))

    def stop(self, timeout: float = 0) -> None:
        pass


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    with HallProcess(tmp_path_factory.mktemp("hall")) as h:
        yield h


@pytest.fixture
def loop(qapp):
    with qasync_loop(qapp) as lp:
        yield lp
    # A closed qasync loop leaves Qt objects (its timers and workers) in reference cycles. Free
    # them now, on the Qt thread: a collection that a device thread happens to start later
    # would destroy them there ("Timers cannot be stopped from another thread", then a crash).
    gc.collect()


@pytest.fixture
def devices():
    """A fresh simulated printer and card reader, named for this test only."""
    n = next(_names)
    printer = sim_printer.install(sim_printer.SimPrinter(f"gui-printer-{n}"))
    reader = sim_idcard.install_simulator(f"gui-reader-{n}", sim_idcard.VirtualReader())
    yield printer, reader, f"sim:{printer.name}", f"sim:gui-reader-{n}"
    sim_printer.remove(printer.name)
    sim_idcard.remove_simulator(f"gui-reader-{n}")


def hall_op(hall_url: str, token: str, op: Callable[[Any], Awaitable[Any]]) -> Any:
    """One operation on the hall through the typed client, as another device would send it:
    on its own thread and loop, so it never runs inside the kiosk's Qt loop."""
    from kiosk.protocol.client import HallClient

    async def run() -> Any:
        client = HallClient(hall_url, token)
        try:
            return await op(client)
        finally:
            await client.close()

    # No garbage collection meanwhile: the helper thread allocates enough to start one, and
    # a collection there would destroy an earlier test's Qt objects off the Qt thread.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, run()).result(timeout=10)
    finally:
        if enabled:
            gc.enable()


def make_kiosk(qtbot, hall_url: str, printer_url: str, reader_url: str | None, **kw):
    from kiosk.apps.ticket import model
    from kiosk.apps.ticket.app import KioskApp

    kw.setdefault("timeouts", model.Timeouts(card=20, manual=30, done=15, message=15, admin=30))
    kapp = KioskApp(hall_url, TOKENS["kiosk"], printer_url, reader_url, fullscreen=False,
                    admin_pin=PIN, voice=RecordingVoice(), poll_interval=kw.pop("poll_interval", 5.0),
                    device_poll=kw.pop("device_poll", 0.3), **kw)
    window = kapp.start()
    qtbot.waitUntil(lambda: kapp.backend.catalogueLoaded, timeout=10000)
    qtbot.waitUntil(lambda: kapp.backend.printerProblem == "" and _printer_ready(kapp), timeout=10000)
    return kapp, window


def _printer_ready(kapp) -> bool:
    return kapp.devices.printer_sup.health.state.usable


@pytest.fixture
def kiosk(qtbot, loop, hall, devices):
    printer, reader, printer_url, reader_url = devices
    kapp, window = make_kiosk(qtbot, hall.url, printer_url, reader_url)
    kapp.sim_printer, kapp.sim_reader = printer, reader
    yield kapp, window
    run_async(qtbot, kapp.stop())


@pytest.fixture(autouse=True)
def _english_off(qapp):
    yield
    from kiosk.apps.runtime import Translations

    Translations(qapp).set_language("zh")


ROOT = Path(__file__).resolve().parents[3]
