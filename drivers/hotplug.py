"""Hot-plug: udev add/remove events for USB, serial and input devices, so a supervisor can
retry at once when its device comes back instead of waiting out the backoff.

:class:`HotplugMonitor` wraps a ``pyudev.Monitor``. Its :meth:`~HotplugMonitor.fileno` can be
watched by the application's loop (a Qt ``QSocketNotifier`` or ``asyncio`` ``add_reader``)
which then calls :meth:`~HotplugMonitor.handle_ready`; without a loop,
:meth:`~HotplugMonitor.start_thread` runs a small watcher thread instead::

    monitor = HotplugMonitor().start()
    monitor.watch(supervisor, "evdev:///dev/input/by-id/usb-Acme_Pad-event-kbd")
    notifier = QSocketNotifier(monitor.fileno(), QSocketNotifier.Type.Read)  # in kiosk/apps
    notifier.activated.connect(monitor.handle_ready)
"""

from __future__ import annotations

import logging
import os
import selectors
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from drivers.errors import DeviceError
from drivers.urls import parse_device_url

log = logging.getLogger("drivers.hotplug")

DEFAULT_SUBSYSTEMS = ("usb", "tty", "input")


@dataclass(frozen=True)
class HotplugEvent:
    action: str  # add | remove | change | bind | unbind
    subsystem: str
    devnode: str | None = None  # /dev/ttyUSB0, /dev/input/event5
    links: tuple[str, ...] = ()  # /dev/serial/by-id/..., /dev/input/by-id/...
    vendor_id: int | None = None
    product_id: int | None = None
    serial: str | None = None
    name: str | None = None  # input device name or USB model
    sys_path: str = ""

    @property
    def paths(self) -> tuple[str, ...]:
        return ((self.devnode,) if self.devnode else ()) + self.links


def _hex(value: Any) -> int | None:
    try:
        return int(str(value), 16)
    except (TypeError, ValueError):
        return None


def event_from_device(device: Any) -> HotplugEvent:
    """Build a :class:`HotplugEvent` from a ``pyudev.Device`` (or anything shaped like one)."""
    props: Mapping[str, str] = getattr(device, "properties", {}) or {}
    vendor, product = _hex(props.get("ID_VENDOR_ID")), _hex(props.get("ID_MODEL_ID"))
    if vendor is None and props.get("PRODUCT"):  # usb_device events: PRODUCT=416/5011/100
        fields = str(props["PRODUCT"]).split("/")
        if len(fields) >= 2:
            vendor, product = _hex(fields[0]), _hex(fields[1])
    name = props.get("NAME") or props.get("ID_MODEL")
    return HotplugEvent(
        action=str(getattr(device, "action", "") or ""),
        subsystem=str(getattr(device, "subsystem", "") or ""),
        devnode=getattr(device, "device_node", None),
        links=tuple(getattr(device, "device_links", ()) or ()),
        vendor_id=vendor, product_id=product,
        serial=props.get("ID_SERIAL_SHORT"),
        name=str(name).strip('"') if name else None,
        sys_path=str(getattr(device, "sys_path", "") or ""),
    )


def device_matcher(url: str) -> Callable[[HotplugEvent], bool]:
    """Which hot-plug events concern the device named by ``url``.

    ``usb://VID:PID[/SERIAL]`` matches on IDs; ``serial:///dev/...``, a bare path and
    ``evdev:///dev/...`` on the device node or any of its udev links (by-id names);
    ``evdev:?name=TEXT`` on the input device name. Network, file and simulator URLs never match.
    """
    if url.startswith("evdev:"):
        parts = urlsplit(url)
        name = parse_qs(parts.query).get("name", [""])[-1].lower()
        if name:
            return lambda e: e.subsystem == "input" and name in (e.name or "").lower()
        return _path_matcher(unquote(parts.path))
    parsed = parse_device_url(url)  # BadDeviceUrl for nonsense, in both languages
    if parsed.scheme == "usb":
        def usb(e: HotplugEvent) -> bool:
            return (e.vendor_id, e.product_id) == (parsed.vendor_id, parsed.product_id) and (
                parsed.serial_number is None or e.serial == parsed.serial_number)
        return usb
    if parsed.scheme == "serial" and parsed.path.startswith("/"):
        return _path_matcher(parsed.path)
    return lambda e: False


def _path_matcher(path: str) -> Callable[[HotplugEvent], bool]:
    def match(e: HotplugEvent) -> bool:
        if path in e.paths:
            return True
        # The link may exist by now even if udev did not list it in this event.
        real = os.path.realpath(path)
        return real != path and real in e.paths
    return match


class UdevMonitor(Protocol):
    """The part of ``pyudev.Monitor`` we use (a fake in tests)."""

    def filter_by(self, subsystem: str) -> None: ...
    def start(self) -> None: ...
    def fileno(self) -> int: ...
    def poll(self, timeout: float | None = None) -> Any: ...


Listener = Callable[[HotplugEvent], None]


class HotplugMonitor:
    def __init__(self, subsystems: Iterable[str] = DEFAULT_SUBSYSTEMS, *,
                 monitor: UdevMonitor | None = None) -> None:
        if monitor is None:
            monitor = self._netlink_monitor()
        self.subsystems = tuple(subsystems)
        for subsystem in self.subsystems:
            monitor.filter_by(subsystem)
        self._monitor = monitor
        self._listeners: list[tuple[Listener, Callable[[HotplugEvent], bool] | None]] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = -1, -1
        self._started = False

    @staticmethod
    def _netlink_monitor() -> UdevMonitor:
        try:
            import pyudev

            return pyudev.Monitor.from_netlink(pyudev.Context())
        except Exception as exc:  # no udev (container without netlink, non-Linux)
            raise DeviceError(f"无法监听设备插拔 (udev): {exc}",
                              f"cannot watch device hot-plug (udev): {exc}",
                              code="hotplug_unavailable") from exc

    # -- listeners -----------------------------------------------------------------------
    def subscribe(self, listener: Listener,
                  predicate: Callable[[HotplugEvent], bool] | None = None) -> Callable[[], None]:
        """Call ``listener`` for each event (that ``predicate`` accepts). Returns an
        unsubscribe function."""
        entry = (listener, predicate)
        with self._lock:
            self._listeners.append(entry)

        def unsubscribe() -> None:
            with self._lock:
                if entry in self._listeners:
                    self._listeners.remove(entry)
        return unsubscribe

    def watch(self, supervisor: Any, url: str, *,
              actions: Iterable[str] = ("add", "bind")) -> Callable[[], None]:
        """Kick ``supervisor`` (see :meth:`drivers.supervision.Supervisor.kick`) whenever the
        device named by ``url`` appears."""
        match, wanted = device_matcher(url), frozenset(actions)

        def kick(_event: HotplugEvent) -> None:
            log.info("hot-plug: %s appeared, retrying now", url)
            supervisor.kick()
        return self.subscribe(kick, lambda e: e.action in wanted and match(e))

    def dispatch(self, event: HotplugEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener, predicate in listeners:
            try:
                if predicate is None or predicate(event):
                    listener(event)
            except Exception:  # one broken listener must not starve the others
                log.exception("hot-plug listener failed on %s", event)

    # -- event source --------------------------------------------------------------------
    def start(self) -> HotplugMonitor:
        """Start receiving events (after this, watch :meth:`fileno` or call start_thread)."""
        if not self._started:
            self._monitor.start()
            self._started = True
        return self

    def fileno(self) -> int:
        return self._monitor.fileno()

    def handle_ready(self, *_args: Any) -> int:
        """Read every pending event without blocking and dispatch it; returns how many.
        Connect a QSocketNotifier's ``activated`` or an asyncio reader to this."""
        count = 0
        while True:
            device = self._monitor.poll(timeout=0)
            if device is None:
                return count
            count += 1
            try:
                event = event_from_device(device)
            except Exception:
                log.exception("hot-plug: unreadable udev event")
                continue
            log.debug("hot-plug: %s %s %s", event.action, event.subsystem, event.devnode)
            self.dispatch(event)

    def attach_asyncio(self, loop: Any) -> None:
        loop.add_reader(self.fileno(), self.handle_ready)

    def start_thread(self) -> HotplugMonitor:
        """Fallback when no event loop watches :meth:`fileno`: a daemon thread does."""
        self.start()
        if self._thread is not None:
            return self
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="hotplug", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        thread = self._thread
        if thread is None:
            return
        os.write(self._wake_w, b"x")
        thread.join(timeout)
        self._thread = None
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        self._wake_r = self._wake_w = -1

    def _run(self) -> None:
        with selectors.DefaultSelector() as sel:
            sel.register(self.fileno(), selectors.EVENT_READ, "udev")
            sel.register(self._wake_r, selectors.EVENT_READ, "stop")
            while True:
                for key, _ in sel.select():
                    if key.data == "stop":
                        return
                    try:
                        self.handle_ready()
                    except Exception:  # the watcher survives everything
                        log.exception("hot-plug watcher failed")
