"""Hot-plug monitor with a fake pyudev monitor, plus a check that the real one can be built."""

import collections
import os
import select
import threading
import time
from types import SimpleNamespace

import pytest

from drivers.errors import BadDeviceUrl, DeviceNotFound
from drivers.hotplug import HotplugEvent, HotplugMonitor, device_matcher, event_from_device
from drivers.supervision import Backoff, ConnectionState, Supervisor


class FakeUdevMonitor:
    """Shaped like pyudev.Monitor: a pipe makes fileno() readable while events are queued."""

    def __init__(self):
        self.filters = []
        self.started = False
        self._events = collections.deque()
        self._r, self._w = os.pipe()
        self._lock = threading.Lock()

    def filter_by(self, subsystem):
        self.filters.append(subsystem)

    def start(self):
        self.started = True

    def fileno(self):
        return self._r

    def emit(self, device):
        with self._lock:
            self._events.append(device)
            os.write(self._w, b"x")

    def poll(self, timeout=None):
        if timeout != 0:
            select.select([self._r], [], [], timeout)
        with self._lock:
            if not self._events:
                return None
            os.read(self._r, 1)
            return self._events.popleft()

    def close(self):
        os.close(self._r)
        os.close(self._w)


def udev_device(action, subsystem, devnode=None, links=(), **props):
    return SimpleNamespace(action=action, subsystem=subsystem, device_node=devnode,
                           device_links=iter(links), properties=props,
                           sys_path=f"/sys/devices/fake/{subsystem}")


KEYPAD_LINK = "/dev/input/by-id/usb-Acme_RatingPad-event-kbd"


def keypad(action="add"):
    return udev_device(action, "input", "/dev/input/event7", [KEYPAD_LINK],
                       ID_VENDOR_ID="1a2c", ID_MODEL_ID="2124", ID_SERIAL_SHORT="P0042",
                       NAME='"Acme RatingPad"')


@pytest.fixture
def fake():
    mon = FakeUdevMonitor()
    yield mon
    mon.close()


def test_event_fields_from_udev_device():
    e = event_from_device(keypad())
    assert e == HotplugEvent("add", "input", "/dev/input/event7", (KEYPAD_LINK,), 0x1A2C, 0x2124,
                             "P0042", "Acme RatingPad", "/sys/devices/fake/input")
    usb = event_from_device(udev_device("add", "usb", "/dev/bus/usb/001/004", PRODUCT="416/5011/100"))
    assert (usb.vendor_id, usb.product_id, usb.name) == (0x0416, 0x5011, None)


@pytest.mark.parametrize(("url", "expected"), [
    ("usb://1a2c:2124", True), ("usb://1a2c:2124/P0042", True), ("usb://1a2c:2124/OTHER", False),
    ("usb://0416:5011", False), (f"evdev://{KEYPAD_LINK}", True), ("evdev:///dev/input/event7", True),
    ("evdev:///dev/input/event8", False), ("evdev:?name=ratingpad", True), ("evdev:?name=scanner", False),
    ("/dev/input/event7", True), ("serial:///dev/ttyUSB0", False), ("tcp://10.0.0.5:9100", False),
    ("sim:printer", False),
])
def test_device_matcher(url, expected):
    assert device_matcher(url)(event_from_device(keypad())) is expected


def test_bad_url_is_a_bilingual_error():
    with pytest.raises(BadDeviceUrl) as err:
        device_matcher("bogus://x")
    assert "设备地址无效" in err.value.zh


def test_filters_and_dispatch_through_fileno_readiness(fake):
    mon = HotplugMonitor(monitor=fake).start()
    assert fake.filters == ["usb", "tty", "input"] and fake.started
    seen, only_input = [], []
    mon.subscribe(seen.append)
    unsubscribe = mon.subscribe(only_input.append, lambda e: e.subsystem == "input")
    assert mon.handle_ready() == 0
    fake.emit(udev_device("add", "tty", "/dev/ttyUSB0", ["/dev/serial/by-id/usb-FTDI-if00-port0"]))
    fake.emit(keypad("remove"))
    ready, _, _ = select.select([mon.fileno()], [], [], 1)
    assert ready == [mon.fileno()]  # what a QSocketNotifier or asyncio reader would see
    assert mon.handle_ready() == 2
    assert [(e.action, e.devnode) for e in seen] == [("add", "/dev/ttyUSB0"), ("remove", "/dev/input/event7")]
    assert [e.action for e in only_input] == ["remove"]
    unsubscribe()
    fake.emit(keypad())
    mon.handle_ready()
    assert len(only_input) == 1 and len(seen) == 3


def test_a_broken_listener_does_not_starve_the_others(fake, caplog):
    mon = HotplugMonitor(monitor=fake).start()
    got = []
    mon.subscribe(lambda e: 1 / 0)
    mon.subscribe(got.append)
    fake.emit(keypad())
    mon.handle_ready()
    assert len(got) == 1
    assert "listener failed" in caplog.text


def test_thread_fallback_delivers_and_stops(fake):
    mon = HotplugMonitor(monitor=fake)
    got = threading.Event()
    threads = []
    mon.subscribe(lambda e: (threads.append(threading.current_thread().name), got.set()))
    mon.start_thread()
    fake.emit(keypad())
    assert got.wait(2)
    assert threads == ["hotplug"]
    mon.stop()
    assert mon._thread is None


class UnpluggedUntilReplugged:
    def __init__(self):
        self.present = False
        self.attempts = 0

    def open(self):
        self.attempts += 1
        if not self.present:
            raise DeviceNotFound("键盘评价器未连接", "keypad not connected")

    def close(self):
        pass

    def poll(self):
        return None


def test_device_reappearing_kicks_its_supervisor_out_of_a_long_backoff(fake):
    device = UnpluggedUntilReplugged()
    sup = Supervisor(device, name="pad", kind="rating_pad", poll_interval=0.05,
                     backoff=Backoff(initial=30, maximum=30, jitter=0)).start()
    mon = HotplugMonitor(monitor=fake).start_thread()
    try:
        mon.watch(sup, f"evdev://{KEYPAD_LINK}")
        deadline = time.monotonic() + 5
        while device.attempts < 1 or sup.health.state is not ConnectionState.DISCONNECTED:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        device.present = True
        fake.emit(udev_device("add", "tty", "/dev/ttyUSB3"))  # someone else's device: no kick
        fake.emit(keypad("remove"))  # not an add: no kick
        plugged = time.monotonic()
        fake.emit(keypad("add"))
        while sup.health.state is not ConnectionState.CONNECTED:
            assert time.monotonic() - plugged < 2, "supervisor was not kicked"
            time.sleep(0.005)
        assert device.attempts == 2
    finally:
        mon.stop()
        sup.stop()


def test_real_udev_monitor_can_be_built_and_watched():
    try:
        mon = HotplugMonitor().start()
    except Exception as exc:  # no netlink in this sandbox
        pytest.skip(f"udev netlink unavailable: {exc}")
    assert isinstance(mon.fileno(), int) and mon.fileno() >= 0
    assert mon.handle_ready() >= 0
