"""The hall bus master: one per serial port, the only talker on the RS-485 line.

:class:`HallBus` is a :class:`drivers.supervision.SupervisedDevice`. Run it with
:meth:`HallBus.supervise` (a :class:`Supervisor` thread owns the port) or, for one-shot tools,
use it directly as a context manager on the calling thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from drivers.bus.frame import (
    BROADCAST,
    COMMANDS,
    HEADER_LEN,
    MAX_ADDRESS,
    MIN_ADDRESS,
    NAK_REASONS,
    OVERHEAD,
    REPLY_CMDS,
    BadFrame,
    Cmd,
    Frame,
    FrameParser,
    frame_time,
    hexdump,
    inter_frame_gap,
)
from drivers.bus.payloads import Identity, decode_identity
from drivers.errors import DeviceDisconnected, DeviceError, DeviceTimeout, ProtocolError
from drivers.supervision import Backoff, ConnectionState, DeviceHealth, Supervisor, submit_or_run
from drivers.urls import open_serial, parse_device_url

log = logging.getLogger("drivers.bus")
traffic = logging.getLogger("drivers.bus.traffic")
T = TypeVar("T")

DEFAULT_BAUDRATE = 9600
POLL_INTERVAL = 0.15  # rating pads are polled about this often
REPLY_MARGIN = 0.050  # host timeout = frame time + 50 ms
RETRIES = 3  # after the first attempt, same SEQ each time
OFFLINE_PROBE_INTERVAL = 1.0  # an offline device is probed once a second, without retries
PING_INTERVAL = 5.0  # devices that are not polled (screens) are pinged this often


class NoReply(DeviceTimeout):
    code = "no_reply"


class DeviceNak(ProtocolError):
    code = "nak"


@dataclass
class BusStats:
    requests: int = 0
    attempts: int = 0
    retries: int = 0
    timeouts: int = 0
    bad_frames: int = 0
    naks: int = 0
    stray_frames: int = 0


class BusDevice(Protocol):
    """What the bus needs from a device object attached to it (RatingPad, WindowScreen...)."""

    address: int
    kind: str
    name: str

    def offline_message(self) -> tuple[str, str]: ...
    def service(self, now: float) -> None:
        """Periodic work on the I/O thread (poll events, timers); raise DeviceError on failure."""
        ...


class HallBus:
    """Bus master for one serial port (any URL :func:`drivers.urls.parse_device_url` accepts)."""

    def __init__(self, url: str, *, baudrate: int = DEFAULT_BAUDRATE, retries: int = RETRIES,
                 name: str = "hall-bus",
                 on_device_health: Callable[[DeviceHealth], None] | None = None) -> None:
        self.url = parse_device_url(url)  # raises BadDeviceUrl now, not on the I/O thread
        if self.url.scheme != "serial":
            raise DeviceError(f"大厅总线须接串口, 而不是 {url!r}",
                              f"the hall bus needs a serial port, not {url!r}", code="bad_device_url")
        self.baudrate = self.url.option_int("baudrate", baudrate)
        self.retries = retries
        self.name = name
        self.on_device_health = on_device_health
        self.stats = BusStats()
        self._ser: Any = None
        self._parser = FrameParser()
        self._seq = 0
        self._last_io = 0.0
        self._devices: dict[int, BusDevice] = {}
        self._health: dict[int, DeviceHealth] = {}
        self._next_service: dict[int, float] = {}
        self._supervisor: Supervisor | None = None
        self._lock = threading.Lock()

    # -- timing ------------------------------------------------------------------------
    @property
    def gap(self) -> float:
        return inter_frame_gap(self.baudrate)

    def wire_time(self, n_bytes: int) -> float:
        return frame_time(n_bytes, self.baudrate)

    # -- SupervisedDevice ---------------------------------------------------------------
    def open(self) -> None:
        self._ser = open_serial(self.url, baudrate=self.baudrate, timeout=0.005)
        self._parser.reset()
        log.debug("%s: opened %s at %d baud", self.name, self.url.path, self.baudrate)

    def close(self) -> None:
        ser, self._ser = self._ser, None
        if ser is not None:
            try:
                ser.close()
            except Exception:
                log.debug("close failed", exc_info=True)

    def poll(self) -> DeviceHealth | None:
        """Service every attached device that is due (pads: POLL_EVENTS + ACK_EVENTS)."""
        now = time.monotonic()
        for addr, dev in list(self._devices.items()):
            if now < self._next_service.get(addr, 0.0):
                continue
            try:
                dev.service(now)
            except DeviceDisconnected:
                raise
            except DeviceError as err:  # command() already noted timeouts; this catches the rest
                self._device_failed(dev, err)
            is_offline = self.device_health(addr).state is ConnectionState.DISCONNECTED
            self._next_service[addr] = now + (OFFLINE_PROBE_INTERVAL if is_offline else 0.0)
        offline = sorted(a for a, h in self._health.items() if not h.state.usable)
        if offline:
            names = ",".join(str(a) for a in offline)
            return DeviceHealth(self.name, "hall_bus", ConnectionState.DEGRADED, "devices_offline",
                                f"总线上有设备离线 (地址 {names})",
                                f"devices offline on the bus (addresses {names})")
        return DeviceHealth(self.name, "hall_bus", ConnectionState.CONNECTED)

    # -- running -------------------------------------------------------------------------
    def supervise(self, *, on_health: Callable[[DeviceHealth], None] | None = None,
                  backoff: Backoff | None = None, poll_interval: float = POLL_INTERVAL) -> Supervisor:
        """Start a Supervisor thread that owns the port; returns it (call ``.stop()`` to end)."""
        sup = Supervisor(self, name=self.name, kind="hall_bus", on_health=on_health,
                         poll_interval=poll_interval, backoff=backoff)
        self._supervisor = sup
        return sup.start()

    def stop(self) -> None:
        if self._supervisor is not None:
            self._supervisor.stop()

    def submit(self, job: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run ``job`` on the I/O thread (inline when the device is not supervised)."""
        return submit_or_run(self._supervisor, job)

    def __enter__(self) -> HallBus:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- devices and their health ------------------------------------------------------
    def attach(self, device: BusDevice) -> None:
        check_address(device.address)
        with self._lock:
            if device.address in self._devices and self._devices[device.address] is not device:
                raise DeviceError(f"总线地址 {device.address} 已被占用",
                                  f"bus address {device.address} is already in use",
                                  code="address_in_use")
            self._devices[device.address] = device

    def detach(self, device: BusDevice) -> None:
        with self._lock:
            if self._devices.get(device.address) is device:
                del self._devices[device.address]
                self._health.pop(device.address, None)

    def device_health(self, address: int) -> DeviceHealth:
        dev = self._devices.get(address)
        return self._health.get(address) or DeviceHealth(
            dev.name if dev else f"bus-{address}", dev.kind if dev else "unknown",
            ConnectionState.CONNECTING)

    def _set_device_health(self, address: int, health: DeviceHealth) -> None:
        old = self._health.get(address)
        if old is not None and (old.state, old.code) == (health.state, health.code):
            return
        self._health[address] = health
        log.info("%s: %s %s %s", self.name, health.device, health.state.value, health.code)
        if self.on_device_health is not None:
            try:
                self.on_device_health(health)
            except Exception:
                log.exception("device health listener failed")

    def _device_ok(self, dev: BusDevice) -> None:
        self._set_device_health(dev.address, DeviceHealth(dev.name, dev.kind, ConnectionState.CONNECTED))

    def _device_failed(self, dev: BusDevice, err: DeviceError) -> None:
        if isinstance(err, DeviceTimeout):
            zh, en = dev.offline_message()
            health = DeviceHealth(dev.name, dev.kind, ConnectionState.DISCONNECTED, "no_reply", zh, en)
        else:
            health = DeviceHealth(dev.name, dev.kind, ConnectionState.DEGRADED, err.code, err.zh, err.en)
        self._set_device_health(dev.address, health)

    def _note_result(self, address: int, err: DeviceError | None) -> None:
        """Health bookkeeping after a command to an attached device."""
        dev = self._devices.get(address)
        if dev is None:
            return
        if err is None:
            self._device_ok(dev)
        elif not isinstance(err, DeviceDisconnected):
            self._device_failed(dev, err)

    # -- transactions (I/O thread) --------------------------------------------------------
    def _check_thread(self) -> None:
        if self._supervisor is not None:
            self._supervisor.assert_io_thread()
        if self._ser is None:
            raise DeviceDisconnected("大厅总线串口未打开", "hall bus port is not open")

    def _next_seq(self) -> int:
        self._seq = (self._seq + 1) & 0xFF
        return self._seq

    def _write(self, data: bytes) -> None:
        wait = self._last_io + self.gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # inter-frame silence the devices need to see a frame boundary
        try:
            self._ser.reset_input_buffer()
            self._ser.write(data)
            self._ser.flush()
        except Exception as exc:
            raise self._lost(exc) from exc
        # On a real line the frame is on the wire for its frame time; on a pty write() returns at once.
        self._last_io = time.monotonic()
        traffic.debug("%s → %s", self.name, hexdump(data))

    def _lost(self, exc: BaseException) -> DeviceDisconnected:
        return DeviceDisconnected(f"大厅总线串口断开: {exc}", f"hall bus port lost: {exc}")

    def _read_some(self) -> bytes:
        try:
            return self._ser.read(self._ser.in_waiting or 1)
        except Exception as exc:
            raise self._lost(exc) from exc

    def _await_reply(self, addr: int, seq: int, request_len: int) -> Frame | BadFrame | None:
        parser = self._parser
        parser.reset()
        deadline = time.monotonic() + self.wire_time(request_len + OVERHEAD) + REPLY_MARGIN
        bad: BadFrame | None = None
        while True:
            now = time.monotonic()
            if now >= deadline:
                items = parser.drain()  # a real reply may hide behind a noise 02
            else:
                data = self._read_some()
                if data:
                    traffic.debug("%s ← %s", self.name, hexdump(data))
                    self._last_io = time.monotonic()
                items = parser.feed(data) if data else []
                if parser.pending >= HEADER_LEN:
                    expected = parser.pending_total()
                    if expected:
                        deadline = max(deadline, now + self.wire_time(expected - parser.pending) + REPLY_MARGIN)
            for item in items:
                if isinstance(item, BadFrame):
                    self.stats.bad_frames += 1
                    log.debug("%s: bad frame (%s): %s", self.name, item.reason, hexdump(item.data))
                    bad = item
                elif item.addr == addr and item.seq == seq and item.cmd in REPLY_CMDS:
                    return item
                else:  # echo of our own request, a late duplicate, another device's reply
                    self.stats.stray_frames += 1
            if bad is not None and bad.reason in ("crc", "etx"):
                return bad  # the reply was damaged: retry now rather than wait out the timeout
            if now >= deadline:
                return None

    def transact(self, addr: int, cmd: Cmd, payload: bytes = b"", *,
                 retries: int | None = None) -> Frame:
        """Send one request and return its reply (ACK, or the command's data reply).

        Retries up to ``retries`` times with the same SEQ on silence, a damaged reply or a NAK
        that says "try again" (CRC, busy). Raises :class:`NoReply` (code ``no_reply``),
        :class:`DeviceNak` or :class:`ProtocolError`; :class:`DeviceDisconnected` if the port died.
        """
        check_address(addr)
        self._check_thread()
        spec = COMMANDS[Cmd(cmd)]
        seq = self._next_seq()
        request = Frame(addr, cmd, seq, payload).encode()
        retries = self.retries if retries is None else retries
        self.stats.requests += 1
        last = "no_reply"
        for attempt in range(retries + 1):
            if attempt:
                self.stats.retries += 1
            self.stats.attempts += 1
            self._write(request)
            reply = self._await_reply(addr, seq, len(request))
            if reply is None:
                self.stats.timeouts += 1
                last = "no_reply"
                continue
            if isinstance(reply, BadFrame):
                last = "bad_frame"
                continue
            if reply.cmd == Cmd.NAK:
                self.stats.naks += 1
                reason = reply.nak_reason or 0
                info = NAK_REASONS.get(reason)
                if info is not None and info.retry:
                    last = f"nak_{reason}"
                    continue
                raise DeviceNak(
                    f"地址 {addr} 拒绝 {spec.name}: {info.zh if info else f'未知原因 {reason}'}",
                    f"address {addr} refused {spec.name}: {info.en if info else f'unknown reason {reason}'}",
                )
            if reply.cmd != spec.reply:
                raise ProtocolError(
                    f"地址 {addr} 对 {spec.name} 回复了意外的命令 {reply.command_name}",
                    f"address {addr} answered {spec.name} with unexpected {reply.command_name}",
                )
            return reply
        if last == "no_reply":
            raise NoReply(f"地址 {addr} 无应答 ({spec.name}, 已重试 {retries} 次)",
                          f"no reply from address {addr} ({spec.name}, {retries} retries)")
        raise NoReply(f"地址 {addr} 应答损坏 ({spec.name}, 已重试 {retries} 次)",
                      f"damaged replies from address {addr} ({spec.name}, {retries} retries)")

    def command(self, addr: int, cmd: Cmd, payload: bytes = b"", *,
                retries: int | None = None) -> Frame:
        """:meth:`transact` plus health bookkeeping for an attached device."""
        try:
            reply = self.transact(addr, cmd, payload, retries=retries)
        except DeviceError as err:
            self._note_result(addr, err)
            raise
        self._note_result(addr, None)
        return reply

    def broadcast(self, cmd: Cmd, payload: bytes = b"") -> None:
        """Send to address 0: every device acts, none replies."""
        self._check_thread()
        self._write(Frame(BROADCAST, cmd, self._next_seq(), payload).encode())
        self._last_io += self.wire_time(OVERHEAD + len(payload))

    def identify(self, addr: int, *, retries: int | None = None) -> Identity:
        return decode_identity(self.command(addr, Cmd.IDENTIFY, retries=retries).payload)

    def ping(self, addr: int, *, retries: int | None = None) -> None:
        self.command(addr, Cmd.PING, retries=retries)

    def scan(self, addresses: range | list[int], *, retries: int = 0) -> list[tuple[int, Identity]]:
        found = []
        for addr in addresses:
            try:
                found.append((addr, self.identify(addr, retries=retries)))
            except DeviceDisconnected:
                raise
            except DeviceError as err:
                log.debug("scan %d: %s", addr, err)
        return found


def check_address(addr: int) -> None:
    if not isinstance(addr, int) or not MIN_ADDRESS <= addr <= MAX_ADDRESS:
        raise DeviceError(f"总线地址须在 {MIN_ADDRESS}–{MAX_ADDRESS} 之间: {addr!r}",
                          f"bus address must be {MIN_ADDRESS}-{MAX_ADDRESS}: {addr!r}",
                          code="bad_address")
