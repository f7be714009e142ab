"""Supervisor: reconnect after unplug by itself, and kick() cutting the backoff short."""

import threading
import time

import pytest

from drivers.errors import DeviceDisconnected, DeviceNotFound
from drivers.supervision import Backoff, ConnectionState, Supervisor


class FlakyDevice:
    """Fails to open ``failures`` times, then opens; ``unplug()`` makes the next poll fail and
    the next ``failures`` opens fail again, like a cable pulled and pushed back."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.open_attempts: list[float] = []
        self.opened = threading.Event()
        self._left = failures
        self._unplugged = False
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            self.open_attempts.append(time.monotonic())
            if self._left > 0:
                self._left -= 1
                raise DeviceNotFound("设备未找到", "device not found")
            self._unplugged = False
        self.opened.set()

    def close(self) -> None:
        self.opened.clear()

    def poll(self):
        with self._lock:
            if self._unplugged:
                raise DeviceDisconnected("设备已断开", "device unplugged")
        return None

    def unplug(self, failures: int) -> None:
        with self._lock:
            self._unplugged = True
            self._left = failures


def wait_for(predicate, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.005)


@pytest.fixture
def supervised():
    made = []

    def make(device, backoff, **kw):
        sup = Supervisor(device, name="t", kind="test", poll_interval=0.01, backoff=backoff, **kw)
        made.append(sup)
        return sup.start()

    yield make
    for sup in made:
        sup.stop()


def test_comes_back_by_itself_after_failed_opens_and_after_unplug(supervised):
    states = []
    dev = FlakyDevice(failures=3)
    sup = supervised(dev, Backoff(initial=0.01, maximum=0.05, jitter=0),
                     on_health=lambda h: states.append(h.state))
    wait_for(lambda: sup.health.state is ConnectionState.CONNECTED)
    assert len(dev.open_attempts) == 4
    dev.unplug(failures=2)
    wait_for(lambda: len(dev.open_attempts) == 7 and sup.health.state is ConnectionState.CONNECTED)
    assert states.count(ConnectionState.CONNECTED) == 2
    assert ConnectionState.DISCONNECTED in states[states.index(ConnectionState.CONNECTED):]
    sup.stop()
    assert sup.health.state is ConnectionState.STOPPED


def test_kick_retries_at_once_instead_of_waiting_out_the_backoff(supervised):
    dev = FlakyDevice(failures=1)
    sup = supervised(dev, Backoff(initial=30, maximum=30, jitter=0))
    wait_for(lambda: sup.health.state is ConnectionState.DISCONNECTED and dev.open_attempts)
    kicked = time.monotonic()
    sup.kick()
    wait_for(lambda: sup.health.state is ConnectionState.CONNECTED, timeout=2)
    assert dev.open_attempts[1] - kicked < 1.0


def test_kick_resets_backoff_and_is_used_up(supervised):
    dev = FlakyDevice(failures=3)
    backoff = Backoff(initial=0.2, maximum=30, jitter=0)
    sup = supervised(dev, backoff)
    wait_for(lambda: len(dev.open_attempts) == 2)  # waited 0.2 s, now waiting 0.4 s
    sup.kick()
    wait_for(lambda: len(dev.open_attempts) == 3)
    # After the kick the next wait starts from the initial delay again (0.2 s, not 0.8 s).
    wait_for(lambda: len(dev.open_attempts) == 4, timeout=0.6)
    gap = dev.open_attempts[3] - dev.open_attempts[2]
    assert 0.15 < gap < 0.6
    wait_for(lambda: sup.health.state is ConnectionState.CONNECTED)


def test_kick_while_connected_does_not_skip_the_next_backoff(supervised):
    dev = FlakyDevice(failures=0)
    sup = supervised(dev, Backoff(initial=0.3, maximum=0.3, jitter=0))
    wait_for(lambda: sup.health.state is ConnectionState.CONNECTED)
    sup.kick()
    dev.unplug(failures=0)
    wait_for(lambda: len(dev.open_attempts) == 2)
    assert dev.open_attempts[1] - dev.open_attempts[0] >= 0.3


def test_stop_ends_a_long_backoff_wait_quickly(supervised):
    dev = FlakyDevice(failures=100)
    sup = supervised(dev, Backoff(initial=30, maximum=30, jitter=0))
    wait_for(lambda: len(dev.open_attempts) == 1)
    started = time.monotonic()
    sup.stop(timeout=5)
    assert time.monotonic() - started < 1.0
    assert sup.health.state is ConnectionState.STOPPED
