"""A rating pad that is a USB keyboard: keys 1-5 are the five levels (1 非常不满意 ..
5 非常满意), 6-9 and 0 are reason keys (6..10), Enter asks for staff (16) — the same key numbers
as the hall-bus pads (PROTOCOLS.md section 3), so the counter app treats both alike.

The keyboard is read with evdev and grabbed (EVIOCGRAB), so its key presses never reach the Qt
window or any other program. Opening ``/dev/input/event*`` needs the ``input`` group or the
udev rule in ``installer/udev/60-mashang-keypad.rules``.

Device URL: ``evdev:///dev/input/by-id/usb-XXXX-event-kbd`` (a stable by-id name) or
``evdev:?name=Rating%20Pad`` (first input device whose name contains the text, any case);
options ``address=N`` (the pad's address in events, default 0 or the constructor's) and
``grab=0`` (do not grab: for diagnosis only).
"""

from __future__ import annotations

import errno
import logging
import select
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from drivers.errors import BadDeviceUrl, DeviceDisconnected, DeviceError, DeviceNotFound

log = logging.getLogger("drivers.hid")

EV_KEY = 0x01
KEY_DOWN = 1  # 0 is key up, 2 is auto-repeat: both ignored

# Linux input event codes (linux/input-event-codes.h, a stable kernel ABI) → pad key numbers.
_TOP_ROW = {2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 7, 9: 8, 10: 9, 11: 10}  # KEY_1..KEY_9, KEY_0
_KEYPAD = {79: 1, 80: 2, 81: 3, 75: 4, 76: 5, 77: 6, 71: 7, 72: 8, 73: 9, 82: 10}  # KEY_KP1.. KP0
CALL_STAFF = 16
DEFAULT_KEYMAP: dict[int, int] = {**_TOP_ROW, **_KEYPAD, 28: CALL_STAFF, 96: CALL_STAFF}  # ENTER, KPENTER

PERMISSION_HINT_ZH = ("请把运行用户加入 input 组 (sudo usermod -aG input 用户名, 重新登录) "
                      "或安装 installer/udev/60-mashang-keypad.rules")
PERMISSION_HINT_EN = ("add the kiosk user to the input group (sudo usermod -aG input USER, then log "
                      "in again) or install installer/udev/60-mashang-keypad.rules")


class RatingEvent(NamedTuple):
    """One key press on a pad: the same ``(address, event_id, key)`` as a hall-bus pad event."""

    address: int
    event_id: int
    key: int  # 1..5 rating level, 6..15 reason keys, 16 call staff


class EventIds:
    """Local event ids, strictly increasing. By default they follow the clock in milliseconds,
    so ids after a restart never repeat earlier ones (the hall node drops a repeated
    (address, event_id)); a fixed ``start`` gives a plain counter."""

    def __init__(self, start: int | None = None,
                 clock: Callable[[], float] | None = time.time) -> None:
        self._clock = clock if start is None else None
        first = start if start is not None else int((clock or time.time)() * 1000)
        self._last = first - 1
        self._lock = threading.Lock()

    def next(self) -> int:
        with self._lock:
            nxt = self._last + 1
            if self._clock is not None:
                nxt = max(nxt, int(self._clock() * 1000))
            self._last = nxt
            return nxt


@dataclass(frozen=True)
class KeypadUrl:
    raw: str
    path: str | None = None
    name: str | None = None
    address: int | None = None
    grab: bool = True


def parse_keypad_url(raw: str) -> KeypadUrl:
    def bad(zh: str, en: str) -> BadDeviceUrl:
        return BadDeviceUrl(f"键盘评价器地址无效 {raw!r}: {zh}", f"bad keypad URL {raw!r}: {en}")

    if not isinstance(raw, str) or not raw.strip():
        raise bad("地址为空", "empty")
    raw = raw.strip()
    if raw.startswith("/dev/input/"):
        return KeypadUrl(raw, path=raw)
    parts = urlsplit(raw)
    if parts.scheme != "evdev":
        raise bad("应为 evdev:///dev/input/by-id/... 或 evdev:?name=名称",
                  "expected evdev:///dev/input/by-id/... or evdev:?name=NAME")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    unknown = set(options) - {"name", "address", "grab"}
    if unknown:
        raise bad(f"未知参数 {sorted(unknown)}", f"unknown option(s) {sorted(unknown)}")
    path = unquote(parts.path) or None
    name = options.get("name") or None
    if (path is None) == (name is None):
        raise bad("须给出设备路径或 name=, 二选一", "give either a device path or name=, not both")
    if path is not None and not path.startswith("/dev/input/"):
        raise bad("路径须在 /dev/input/ 下", "the path must be under /dev/input/")
    address = None
    if "address" in options:
        try:
            address = int(options["address"])
        except ValueError:
            address = -1
        if not 0 <= address <= 255:
            raise bad("address 须为 0-255", "address must be 0-255")
    grab = options.get("grab", "1").lower() not in ("0", "false", "no")
    return KeypadUrl(raw, path=path, name=name, address=address, grab=grab)


def _open_evdev(path: str) -> Any:
    import evdev

    return evdev.InputDevice(path)


def _list_evdev() -> list[str]:
    import evdev

    return list(evdev.list_devices())


def _open_error(path: str, exc: OSError) -> DeviceError:
    if isinstance(exc, PermissionError):
        return DeviceError(f"无权读取键盘评价器 {path}: {PERMISSION_HINT_ZH}",
                           f"no permission to read keypad {path}: {PERMISSION_HINT_EN}",
                           code="permission_denied")
    if isinstance(exc, FileNotFoundError) or exc.errno in (errno.ENODEV, errno.ENXIO):
        return DeviceNotFound(f"键盘评价器未连接: {path}", f"keypad not connected: {path}")
    return DeviceError(f"无法打开键盘评价器 {path}: {exc}", f"cannot open keypad {path}: {exc}")


class KeypadRatingPad:
    """A USB keypad rating pad as a :class:`drivers.supervision.SupervisedDevice`.

    Run it under a Supervisor with ``poll_interval=0``: ``poll()`` itself waits up to
    ``wait`` seconds for key presses, so presses are seen at once while jobs still get a turn.
    ``on_event`` is called on the supervisor's I/O thread.
    """

    def __init__(self, url: str, on_event: Callable[[RatingEvent], None], *, address: int = 0,
                 keymap: dict[int, int] | None = None, ids: EventIds | None = None,
                 opener: Callable[[str], Any] = _open_evdev,
                 lister: Callable[[], Iterable[str]] = _list_evdev, wait: float = 0.05) -> None:
        self.url = parse_keypad_url(url)
        self.address = self.url.address if self.url.address is not None else address
        self.on_event = on_event
        self.keymap = dict(DEFAULT_KEYMAP if keymap is None else keymap)
        self.ids = ids or EventIds()
        self._opener, self._lister, self.wait = opener, lister, wait
        self._dev: Any = None
        self.name: str | None = None

    # -- SupervisedDevice ----------------------------------------------------------------
    def open(self) -> None:
        dev = self._find()
        if self.url.grab:
            try:
                dev.grab()
            except OSError as exc:
                _close_quietly(dev)
                if exc.errno == errno.EBUSY:
                    raise DeviceError(f"键盘评价器已被其他程序独占: {dev.path}",
                                      f"keypad is grabbed by another program: {dev.path}",
                                      code="device_busy") from exc
                raise _open_error(dev.path, exc) from exc
        self._dev, self.name = dev, getattr(dev, "name", None)
        log.info("keypad %s (%s) open, grabbed=%s, address %d",
                 dev.path, self.name, self.url.grab, self.address)

    def close(self) -> None:
        dev, self._dev = self._dev, None
        if dev is None:
            return
        if self.url.grab:
            try:
                dev.ungrab()
            except OSError:
                pass  # unplugged: the grab went with the device
        _close_quietly(dev)

    def poll(self) -> None:
        dev = self._dev
        if dev is None:
            raise DeviceDisconnected("键盘评价器未打开", "keypad not open")
        try:
            ready, _, _ = select.select([dev.fd], [], [], self.wait)
            if not ready:
                return None
            events = list(dev.read())
        except BlockingIOError:
            return None
        except OSError as exc:  # ENODEV when the keypad is pulled out
            raise DeviceDisconnected(f"键盘评价器已断开: {dev.path} ({exc})",
                                     f"keypad disconnected: {dev.path} ({exc})") from exc
        for ev in events:
            self._handle(ev)
        return None

    # -- internals -----------------------------------------------------------------------
    def _handle(self, ev: Any) -> None:
        if ev.type != EV_KEY or ev.value != KEY_DOWN:
            return
        key = self.keymap.get(ev.code)
        if key is None:
            log.debug("keypad: key code %d not mapped, ignored", ev.code)
            return
        event = RatingEvent(self.address, self.ids.next(), key)
        try:
            self.on_event(event)
        except Exception:  # a broken listener must not unplug the pad
            log.exception("keypad listener failed on %s", event)

    def _find(self) -> Any:
        if self.url.path is not None:
            try:
                return self._opener(self.url.path)
            except OSError as exc:
                raise _open_error(self.url.path, exc) from exc
        wanted = (self.url.name or "").lower()
        seen: list[str] = []
        for path in self._lister():
            try:
                dev = self._opener(path)
            except OSError:
                continue
            name = str(getattr(dev, "name", ""))
            if wanted in name.lower():
                return dev
            seen.append(name)
            _close_quietly(dev)
        listed = ", ".join(seen) or "-"
        raise DeviceNotFound(
            f"没有名称含 {self.url.name!r} 的输入设备 (可读的设备: {listed});如果一个都没有,{PERMISSION_HINT_ZH}",
            f"no input device named like {self.url.name!r} (readable: {listed}); if none are "
            f"readable, {PERMISSION_HINT_EN}",
        )


def _close_quietly(dev: Any) -> None:
    try:
        dev.close()
    except OSError:
        pass


def list_keyboards(opener: Callable[[str], Any] = _open_evdev,
                   lister: Callable[[], Iterable[str]] = _list_evdev) -> Iterator[tuple[str, str]]:
    """(path, name) of every readable input device that has number keys."""
    for path in lister():
        try:
            dev = opener(path)
        except OSError:
            continue
        try:
            keys = set(dev.capabilities().get(EV_KEY, ()))
            if keys & set(_TOP_ROW) or keys & set(_KEYPAD):
                yield path, str(dev.name)
        finally:
            _close_quietly(dev)


def start_keypad(url: str, on_event: Callable[[RatingEvent], None], *, name: str,
                 on_health: Callable[..., None] | None = None, hotplug: Any = None,
                 backoff: Any = None, **kwargs: Any) -> Any:
    """Run a keypad pad under a Supervisor (and let ``hotplug`` kick it when it is plugged
    back in). Returns the started Supervisor; ``kwargs`` go to :class:`KeypadRatingPad`."""
    from drivers.supervision import Supervisor

    pad = KeypadRatingPad(url, on_event, **kwargs)
    sup = Supervisor(pad, name=name, kind="rating_pad", on_health=on_health, poll_interval=0,
                     backoff=backoff)
    if hotplug is not None:
        hotplug.watch(sup, url)
    return sup.start()

