"""Fixtures: a virtual reader reached in process through a ``sim:NAME`` URL."""

import itertools

import pytest

from drivers.idcard import CardReader
from drivers.sim.idcard import VirtualReader, install_simulator, remove_simulator

_names = itertools.count()
# Short enough to keep fault tests quick, long enough for a loaded CI machine.
FAST = {"read_base": 0.3, "read_fingerprint": 0.3, "read_new_address": 0.3}


@pytest.fixture
def sim():
    name = f"unit-{next(_names)}"
    reader = install_simulator(name, VirtualReader())
    reader.url = f"sim:{name}"
    yield reader
    remove_simulator(name)


@pytest.fixture
def reader(sim):
    r = CardReader(sim.url, timeouts=FAST, poll_interval=0.01)
    r.open()
    yield r
    r.close()
