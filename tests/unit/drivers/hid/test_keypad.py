"""USB keypad rating pad: a fake evdev InputDevice at the opener seam (this sandbox has no
/dev/uinput), plus a real uinput test where the kernel allows it."""

import errno
import os
import threading
import time
from types import SimpleNamespace
from typing import ClassVar

import pytest

from drivers.errors import BadDeviceUrl, DeviceDisconnected, DeviceError, DeviceNotFound
from drivers.hid.keypad import (
    EventIds,
    KeypadRatingPad,
    RatingEvent,
    list_keyboards,
    parse_keypad_url,
    start_keypad,
)
from drivers.supervision import Backoff, ConnectionState

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
KEY_1, KEY_3, KEY_4, KEY_5, KEY_6, KEY_0, KEY_A, KEY_KP2, KEY_ENTER = 2, 4, 5, 6, 7, 11, 30, 80, 28
BY_ID = "/dev/input/by-id/usb-Acme_RatingPad-event-kbd"


class FakeInputDevice:
    """Shaped like evdev.InputDevice: a pipe gives a selectable fd; grabs are exclusive."""

    grabbed: ClassVar[dict[str, "FakeInputDevice"]] = {}

    def __init__(self, path, name="Acme RatingPad"):
        self.path, self.name = path, name
        self._r, self._w = os.pipe()
        self.fd = self._r
        self._queue = []
        self._lock = threading.Lock()
        self.unplugged = False
        self.closed = False

    def capabilities(self):
        return {EV_KEY: [KEY_1, KEY_3, KEY_5, KEY_A]}

    def grab(self):
        if self.path in self.grabbed:
            raise OSError(errno.EBUSY, "Device or resource busy")
        self.grabbed[self.path] = self

    def ungrab(self):
        if self.grabbed.get(self.path) is not self:
            raise OSError(errno.EINVAL, "not grabbed")
        del self.grabbed[self.path]

    def press(self, code, values=(1, 0)):
        with self._lock:
            for v in values:
                self._queue += [SimpleNamespace(type=EV_MSC, code=4, value=code),
                                SimpleNamespace(type=EV_KEY, code=code, value=v),
                                SimpleNamespace(type=EV_SYN, code=0, value=0)]
            os.write(self._w, b"x")

    def unplug(self):
        self.unplugged = True
        os.write(self._w, b"x")

    def read(self):
        if self.unplugged:
            raise OSError(errno.ENODEV, "No such device")
        with self._lock:
            if not self._queue:
                raise BlockingIOError(errno.EAGAIN, "try again")
            os.read(self._r, 4096)
            events, self._queue = self._queue, []
        return iter(events)

    def close(self):
        if not self.closed:
            self.closed = True
            if self.grabbed.get(self.path) is self:
                del self.grabbed[self.path]
            os.close(self._r)
            os.close(self._w)


@pytest.fixture(autouse=True)
def _no_grabs_leak():
    FakeInputDevice.grabbed.clear()
    yield
    FakeInputDevice.grabbed.clear()


class Bench:
    """Plugs fake devices in and out behind the opener/lister seam."""

    def __init__(self):
        self.devices = {}
        self.opened = []

    def plug(self, path=BY_ID, name="Acme RatingPad"):
        dev = FakeInputDevice(path, name)
        self.devices[path] = dev
        return dev

    def opener(self, path):
        if path == "/dev/input/event-denied":
            raise PermissionError(errno.EACCES, "Permission denied")
        if path not in self.devices or self.devices[path].unplugged:
            raise FileNotFoundError(errno.ENOENT, "No such file")
        dev = self.devices[path]
        if dev.closed:  # re-opened after close: a fresh handle to the same keyboard
            dev = self.plug(path, dev.name)
        self.opened.append(dev)
        return dev

    def lister(self):
        return list(self.devices)

    def close_all(self):
        for d in self.devices.values():
            d.close()


@pytest.fixture
def bench():
    b = Bench()
    yield b
    b.close_all()


def make_pad(bench, url=f"evdev://{BY_ID}", **kw):
    events = []
    pad = KeypadRatingPad(url, events.append, opener=bench.opener, lister=bench.lister,
                          ids=EventIds(start=100), wait=0.01, **kw)
    return pad, events


def poll_until(pad, events, n, timeout=2.0):
    deadline = time.monotonic() + timeout
    while len(events) < n and time.monotonic() < deadline:
        pad.poll()


def test_key_down_only_with_grab_and_local_ids(bench):
    dev = bench.plug()
    pad, events = make_pad(bench, f"evdev://{BY_ID}?address=7")
    pad.open()
    assert FakeInputDevice.grabbed[BY_ID] is dev
    dev.press(KEY_5, values=(1, 2, 2, 2, 0))  # held down: auto-repeat must not count
    dev.press(KEY_1)
    dev.press(KEY_A)  # not a pad key
    dev.press(KEY_KP2)
    dev.press(KEY_6)
    dev.press(KEY_0)
    dev.press(KEY_ENTER)
    poll_until(pad, events, 6)
    assert events == [RatingEvent(7, 100, 5), RatingEvent(7, 101, 1), RatingEvent(7, 102, 2),
                      RatingEvent(7, 103, 6), RatingEvent(7, 104, 10), RatingEvent(7, 105, 16)]
    address, event_id, key = events[0]  # unpacks like a bus pad event
    assert (address, event_id, key) == (7, 100, 5)
    pad.poll()
    assert len(events) == 6
    pad.close()
    assert BY_ID not in FakeInputDevice.grabbed


def test_grab_refused_when_another_program_holds_the_keypad(bench):
    bench.plug()
    first, _ = make_pad(bench)
    first.open()
    second, _ = make_pad(bench)
    with pytest.raises(DeviceError) as err:
        second.open()
    assert err.value.code == "device_busy" and "独占" in err.value.zh
    first.close()
    second.open()
    second.close()


def test_grab_can_be_turned_off_for_diagnosis(bench):
    bench.plug()
    pad, _ = make_pad(bench, f"evdev://{BY_ID}?grab=0")
    pad.open()
    assert FakeInputDevice.grabbed == {}
    pad.close()


def test_find_by_name(bench):
    bench.plug("/dev/input/event3", "AT Translated Set 2 keyboard")
    bench.plug("/dev/input/event9", "ACME RatingPad 5-key")
    pad, events = make_pad(bench, "evdev:?name=ratingpad")
    pad.open()
    assert pad.name == "ACME RatingPad 5-key"
    assert bench.devices["/dev/input/event3"].closed  # looked at, not kept
    bench.devices["/dev/input/event9"].press(KEY_3)
    poll_until(pad, events, 1)
    assert [e.key for e in events] == [3]
    pad.close()
    with pytest.raises(DeviceNotFound) as err:
        make_pad(bench, "evdev:?name=scanner")[0].open()
    assert "scanner" in err.value.en and "input" in err.value.zh


def test_unplug_is_a_disconnect_and_missing_or_forbidden_is_clear(bench):
    dev = bench.plug()
    pad, _ = make_pad(bench)
    pad.open()
    dev.unplug()
    with pytest.raises(DeviceDisconnected):
        pad.poll()
    pad.close()
    with pytest.raises(DeviceNotFound) as err:
        make_pad(bench, "evdev:///dev/input/event42")[0].open()
    assert "未连接" in err.value.zh
    with pytest.raises(DeviceError) as err:
        make_pad(bench, "evdev:///dev/input/event-denied")[0].open()
    assert err.value.code == "permission_denied" and "input" in err.value.en


def test_listener_errors_do_not_lose_later_presses(bench):
    dev = bench.plug()
    got = []

    def listener(e):
        got.append(e)
        if len(got) == 1:
            raise RuntimeError("counter app bug")

    pad = KeypadRatingPad(f"evdev://{BY_ID}", listener, opener=bench.opener, wait=0.01)
    pad.open()
    dev.press(KEY_1)
    dev.press(KEY_3)
    poll_until(pad, got, 2)
    assert [e.key for e in got] == [1, 3]
    assert got[0].event_id < got[1].event_id
    pad.close()


def test_supervised_keypad_reconnects_after_unplug(bench):
    dev = bench.plug()
    got, lock = [], threading.Lock()

    def on_event(e):
        with lock:
            got.append(e)

    sup = start_keypad(f"evdev://{BY_ID}", on_event, name="window-3-pad", address=3,
                       opener=bench.opener, lister=bench.lister, wait=0.01,
                       backoff=Backoff(initial=0.02, maximum=0.05))
    try:
        deadline = time.monotonic() + 3
        while sup.health.state is not ConnectionState.CONNECTED:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        dev.press(KEY_5)
        while not got:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        dev.unplug()
        while sup.health.state is ConnectionState.CONNECTED:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        fresh = bench.plug()  # plugged back in
        while sup.health.state is not ConnectionState.CONNECTED:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        fresh.press(KEY_4)
        while len(got) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        assert [(e.address, e.key) for e in got] == [(3, 5), (3, 4)]
        assert got[1].event_id > got[0].event_id
    finally:
        sup.stop()


def test_clock_seeded_ids_never_go_backwards():
    now = [1000.0]
    ids = EventIds(clock=lambda: now[0])
    first = [ids.next() for _ in range(3)]
    assert first == [1_000_000, 1_000_001, 1_000_002]
    now[0] = 999.0  # clock stepped back
    assert ids.next() == 1_000_003
    now[0] = 2000.0
    assert ids.next() == 2_000_000


@pytest.mark.parametrize("raw", ["", "evdev:", "usb://1:2", "evdev:///dev/ttyUSB0",
                                 "evdev:///dev/input/event1?name=x", "evdev:?name=x&address=300",
                                 "evdev:?name=x&address=abc", "evdev:?name=x&colour=red"])
def test_bad_urls(raw):
    with pytest.raises(BadDeviceUrl) as err:
        parse_keypad_url(raw)
    assert "键盘评价器地址无效" in err.value.zh and "bad keypad URL" in err.value.en


def test_good_urls():
    assert parse_keypad_url(f"evdev://{BY_ID}").path == BY_ID
    u = parse_keypad_url("evdev:?name=Rating%20Pad&address=12&grab=0")
    assert (u.name, u.address, u.grab, u.path) == ("Rating Pad", 12, False, None)
    assert parse_keypad_url("/dev/input/event3").path == "/dev/input/event3"


def test_list_keyboards(bench):
    bench.plug("/dev/input/event3", "Pad A")
    assert list(list_keyboards(bench.opener, bench.lister)) == [("/dev/input/event3", "Pad A")]


def _uinput_usable():
    try:
        import evdev

        ui = evdev.UInput()
    except Exception:
        return False
    ui.close()
    return True


@pytest.mark.integration
@pytest.mark.skipif(not os.path.exists("/dev/uinput") or not _uinput_usable(),
                    reason="/dev/uinput not usable here")
def test_real_uinput_keypad_is_grabbed_and_read():
    import evdev
    from evdev import ecodes

    with evdev.UInput({ecodes.EV_KEY: [ecodes.KEY_1, ecodes.KEY_5]}, name="mashang-test-pad") as ui:
        deadline = time.monotonic() + 3
        path = None
        while path is None and time.monotonic() < deadline:
            path = next((p for p in evdev.list_devices()
                         if evdev.InputDevice(p).name == "mashang-test-pad"), None)
            time.sleep(0.02)
        assert path
        events = []
        pad = KeypadRatingPad(f"evdev://{path}", events.append, wait=0.05)
        pad.open()
        try:
            for key, value in ((ecodes.KEY_5, 1), (ecodes.KEY_5, 2), (ecodes.KEY_5, 0),
                               (ecodes.KEY_1, 1), (ecodes.KEY_1, 0)):
                ui.write(ecodes.EV_KEY, key, value)
                ui.syn()
            poll_until(pad, events, 2)
            assert [e.key for e in events] == [5, 1]
            with pytest.raises(OSError):
                evdev.InputDevice(path).grab()  # we hold the exclusive grab
        finally:
            pad.close()
