"""Simulated hall bus: rating pads, window screens and hall strips answering on a pty.

The simulator holds the pty master and the bus master opens the slave path, exactly as it would
open ``/dev/ttyUSB0``. Several devices share one simulated line, each at its own address, and each
follows the device-side rules of protocol v1 (docs/protocols/hall-bus.md): it replies only to its
own address, never to broadcast, NAKs what it cannot do, and answers a repeated (ADDR, SEQ) by
re-sending its last reply without acting again.

Fault knobs (per device, :class:`Faults`): silent device, dropped frames, corrupted CRC, duplicate
and delayed replies, NAK busy, a pad that ignores ACK_EVENTS (so it repeats its events). Per bus:
``echo`` (the host hears its own requests, as with
some RS-485 adapters), ``silent`` (the whole line stops answering), ``unplug()``/``replug()`` (closes the pty master and removes the stable symlink, then comes back
with a new pty behind the same symlink) and ``baudrate`` throttling (the sim waits each frame's
wire time, so a pty behaves like a 9600 or 115200 baud line).
"""

from __future__ import annotations

import logging
import os
import random
import select
import threading
import time
import tty
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from drivers.bus.frame import (
    BROADCAST,
    OVERHEAD,
    BadFrame,
    Cmd,
    DeviceType,
    Frame,
    FrameParser,
    NakReason,
    char_time,
    frame_time,
    hexdump,
    inter_frame_gap,
)
from drivers.bus.payloads import (
    MAX_BRIGHTNESS,
    PAD_MODE_STRINGS,
    Identity,
    PadEvent,
    PadMode,
    decode_strings,
    encode_events,
    encode_identity,
)
from drivers.errors import ProtocolError

log = logging.getLogger("drivers.sim.bus")
MAX_EVENTS_PER_REPLY = 16
PAD_QUEUE = 64  # a full queue drops the newest press, never an unacknowledged one


@dataclass
class Faults:
    silent: bool = False  # the device is off the bus: no reply at all
    drop_next: int = 0  # ignore the next N frames addressed to it (no reply, no action)
    corrupt_next: int = 0  # the next N replies go out with a broken CRC
    duplicate_replies: bool = False  # every reply is sent twice
    delay_s: float = 0.0  # extra delay before each reply
    busy_next: int = 0  # answer the next N requests with NAK busy (without acting)
    ignore_acks: int = 0  # pad: the next N ACK_EVENTS are answered 06 but events are kept


class SimDevice:
    device_type: DeviceType = DeviceType.RATING_PAD
    model = "SIM-DEV"
    firmware = 0x0100

    def __init__(self, address: int, *, faults: Faults | None = None, model: str | None = None) -> None:
        self.address = address
        self.faults = faults or Faults()
        if model:
            self.model = model
        self.last_seq: int | None = None
        self.last_reply: Frame | None = None
        self.acted: Counter[str] = Counter()  # commands acted on (repeats excluded)
        self.repeats = 0  # requests answered from the last reply
        self.received = 0
        self._cond = threading.Condition()
        self.on_change: Callable[[SimDevice], None] | None = None  # e.g. bus-sim printing

    @property
    def identity(self) -> Identity:
        return Identity(int(self.device_type), self.firmware, self.model)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate()`` holds (checked on every change) or ``timeout`` passes."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def _changed(self) -> None:
        with self._cond:
            self._cond.notify_all()
        if self.on_change is not None:
            self.on_change(self)

    # -- protocol ------------------------------------------------------------------------
    def receive(self, frame: Frame) -> Frame | None:
        """Device-side handling of one good frame addressed to it (or broadcast)."""
        self.received += 1
        if frame.addr == BROADCAST:
            self._act(frame)  # broadcast: act, never reply
            self.last_seq, self.last_reply = None, None
            return None
        if self.last_reply is not None and frame.seq == self.last_seq:
            self.repeats += 1
            return self.last_reply  # repeated (ADDR, SEQ): same answer, no second action
        if self.faults.busy_next > 0:
            self.faults.busy_next -= 1
            return Frame(self.address, Cmd.NAK, frame.seq, bytes((NakReason.BUSY,)))
        reply = self._act(frame)
        self.last_seq, self.last_reply = frame.seq, reply
        return reply

    def _act(self, frame: Frame) -> Frame:
        handler = self._handlers().get(frame.cmd)
        if handler is None:
            return self._nak(frame, NakReason.UNKNOWN_COMMAND)
        try:
            reply = handler(frame)
        except (ProtocolError, ValueError, IndexError):
            reply = self._nak(frame, NakReason.BAD_PARAMETER)
        else:
            self.acted[Cmd(frame.cmd).name] += 1
        self._changed()
        return reply

    def _handlers(self) -> dict[int, Callable[[Frame], Frame]]:
        return {Cmd.IDENTIFY: self._identify, Cmd.PING: self._ping, Cmd.BRIGHTNESS: self._brightness}

    def _ack(self, frame: Frame) -> Frame:
        return Frame(self.address, Cmd.ACK, frame.seq)

    def _nak(self, frame: Frame, reason: NakReason) -> Frame:
        return Frame(self.address, Cmd.NAK, frame.seq, bytes((reason,)))

    def _identify(self, frame: Frame) -> Frame:
        return Frame(self.address, Cmd.IDENTIFY_REPLY, frame.seq, encode_identity(self.identity))

    def _ping(self, frame: Frame) -> Frame:
        return Frame(self.address, Cmd.PING_REPLY, frame.seq)

    brightness = 8

    def _brightness(self, frame: Frame) -> Frame:
        if len(frame.payload) != 1 or frame.payload[0] > MAX_BRIGHTNESS:
            raise ValueError("bad brightness")
        self.brightness = frame.payload[0]
        return self._ack(frame)


class SimPad(SimDevice):
    """A rating pad. ``press(key)`` is a citizen pressing a key (1..5 rating, 6..15 reasons)."""

    device_type = DeviceType.RATING_PAD
    model = "SIM-PAD-5K"

    def __init__(self, address: int, *, faults: Faults | None = None, first_event_id: int | None = None,
                 model: str | None = None) -> None:
        super().__init__(address, faults=faults, model=model)
        self.mode = PadMode.IDLE
        self.strings: tuple[str, ...] = ()
        self.modes: list[tuple[PadMode, tuple[str, ...]]] = []
        self.events: deque[PadEvent] = deque()
        self._next_id = random.randrange(0x10000) if first_event_id is None else first_event_id
        self._lock = threading.Lock()

    def press(self, key: int) -> PadEvent:
        if not 1 <= key <= 16:
            raise ValueError("keys are 1..16")
        with self._lock:
            ev = PadEvent(self._next_id, key)
            self._next_id = (self._next_id + 1) & 0xFFFF
            if len(self.events) < PAD_QUEUE:
                self.events.append(ev)
        self._changed()
        return ev

    def _handlers(self) -> dict[int, Callable[[Frame], Frame]]:
        return {**super()._handlers(), Cmd.POLL_EVENTS: self._poll, Cmd.ACK_EVENTS: self._ack_events,
                Cmd.PAD_MODE: self._pad_mode}

    def _poll(self, frame: Frame) -> Frame:
        with self._lock:
            events = list(self.events)[:MAX_EVENTS_PER_REPLY]
        return Frame(self.address, Cmd.EVENTS_REPLY, frame.seq, encode_events(events))

    def _ack_events(self, frame: Frame) -> Frame:
        if len(frame.payload) != 2:
            raise ValueError("ACK_EVENTS takes a u16")
        last = int.from_bytes(frame.payload, "big")
        if self.faults.ignore_acks > 0:
            self.faults.ignore_acks -= 1
            return self._ack(frame)
        with self._lock:
            if any(ev.event_id == last for ev in self.events):
                while self.events:
                    if self.events.popleft().event_id == last:
                        break
        return self._ack(frame)

    def _pad_mode(self, frame: Frame) -> Frame:
        mode = PadMode(frame.payload[0])
        strings = tuple(decode_strings(frame.payload[1:], PAD_MODE_STRINGS[mode]))
        self.mode, self.strings = mode, strings
        self.modes.append((mode, strings))
        return self._ack(frame)


class SimScreen(SimDevice):
    """A window LED screen: lines of text with an effect, and a brightness."""

    device_type = DeviceType.WINDOW_SCREEN
    model = "SIM-LED-W1"

    def __init__(self, address: int, *, faults: Faults | None = None, model: str | None = None) -> None:
        super().__init__(address, faults=faults, model=model)
        self.lines: dict[int, tuple[str, int]] = {}
        self.history: list[str] = []

    @property
    def text(self) -> str:
        return self.lines.get(0, ("", 0))[0]

    def _handlers(self) -> dict[int, Callable[[Frame], Frame]]:
        return {**super()._handlers(), Cmd.SCREEN_TEXT: self._text, Cmd.SCREEN_CLEAR: self._clear}

    def _text(self, frame: Frame) -> Frame:
        line, effect = frame.payload[0], frame.payload[1]
        if effect > 2:
            raise ValueError("bad effect")
        (text,) = decode_strings(frame.payload[2:], 1)
        self.lines[line] = (text, effect)
        self.history.append(text)
        return self._ack(frame)

    def _clear(self, frame: Frame) -> Frame:
        self.lines.clear()
        return self._ack(frame)


class SimStrip(SimScreen):
    device_type = DeviceType.HALL_STRIP
    model = "SIM-LED-STRIP"


class SimBus:
    """Devices on one simulated RS-485 line behind a pty. See the module docstring."""

    def __init__(self, devices: list[SimDevice], *, baudrate: int = 9600, throttle: bool = False,
                 link: str | None = None, echo: bool = False) -> None:
        self.devices = {d.address: d for d in devices}
        if len(self.devices) != len(devices):
            raise ValueError("two simulated devices share an address")
        self.baudrate = baudrate
        self.throttle = throttle
        self.link = link
        self.silent = False  # the whole line stops answering (cable pulled at the far end)
        self.echo = echo  # an RS-485 adapter that hears its own transmission
        self.parser = FrameParser()
        self.frames_in = 0
        self.bad_in = 0
        self._master: int | None = None
        self._slave: int | None = None
        self._slave_name = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._io_lock = threading.Lock()
        self.plugged = threading.Event()

    # -- lifecycle -----------------------------------------------------------------------
    @property
    def path(self) -> str:
        """What the bus master opens: the stable link if one was asked for, else the pty slave."""
        return self.link or self._slave_name

    def start(self) -> SimBus:
        self._plug()
        self._thread = threading.Thread(target=self._run, name="sim-bus", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._unplug()

    def __enter__(self) -> SimBus:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def unplug(self) -> None:
        """Pull the USB adapter: the pty goes away (and the stable link with it)."""
        self._unplug()

    def replug(self) -> None:
        """Plug it back: a new pty, behind the same link."""
        self._plug()

    def _plug(self) -> None:
        with self._io_lock:
            master, slave = os.openpty()
            tty.setraw(slave)  # no echo or line editing before the master opens it
            self._master, self._slave = master, slave
            self._slave_name = os.ttyname(slave)
            self.parser.reset()
            if self.link:
                tmp = f"{self.link}.tmp{os.getpid()}"
                os.symlink(self._slave_name, tmp)
                os.replace(tmp, self.link)
            self.plugged.set()
        log.info("sim bus on %s", self.path)

    def _unplug(self) -> None:
        with self._io_lock:
            self.plugged.clear()
            if self.link:
                try:
                    os.unlink(self.link)
                except FileNotFoundError:
                    pass
            for fd in (self._master, self._slave):
                if fd is not None:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            self._master = self._slave = None

    # -- line ----------------------------------------------------------------------------
    def _run(self) -> None:
        quiet_after = max(inter_frame_gap(self.baudrate), 0.002)
        while not self._stop.is_set():
            master = self._master
            if master is None:
                self.plugged.wait(0.05)
                continue
            try:
                ready, _, _ = select.select([master], [], [], quiet_after if self.parser.pending else 0.05)
            except (OSError, ValueError):
                continue  # unplugged under us
            if not ready:
                if self.parser.pending:  # the line went quiet mid-frame: resync
                    self._handle(self.parser.drain())
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                # EIO: nobody holds the slave open right now; wait for the host to (re)open it
                self._stop.wait(0.01)
                continue
            if self.echo:
                self._write(data)
            self._handle(self.parser.feed(data))

    def _handle(self, items: list[Frame | BadFrame]) -> None:
        for item in items:
            if isinstance(item, BadFrame):
                self.bad_in += 1
                self._bad_frame(item)
                continue
            self.frames_in += 1
            if self.silent:
                continue
            if item.addr == BROADCAST:
                for each in self.devices.values():
                    each.receive(item)
                continue
            dev = self.devices.get(item.addr)
            if dev is None or dev.faults.silent:
                continue
            if dev.faults.drop_next > 0:
                dev.faults.drop_next -= 1
                continue
            if self.throttle:  # the request needed its wire time to arrive
                time.sleep(frame_time(item.wire_len, self.baudrate))
            reply = dev.receive(item)
            if reply is not None:
                self._reply(dev, reply)

    def _bad_frame(self, bad: BadFrame) -> None:
        """A damaged frame whose address byte is ours may be answered NAK CRC (never acted on)."""
        if bad.reason != "crc" or len(bad.data) < OVERHEAD or self.silent:
            return
        dev = self.devices.get(bad.data[1])
        if dev is not None and not dev.faults.silent:
            self._reply(dev, Frame(dev.address, Cmd.NAK, bad.data[3], bytes((NakReason.CRC,))))

    def _reply(self, dev: SimDevice, reply: Frame) -> None:
        data = reply.encode()
        if dev.faults.corrupt_next > 0:
            dev.faults.corrupt_next -= 1
            data = data[:-3] + bytes((data[-3] ^ 0xFF,)) + data[-2:]
        time.sleep(inter_frame_gap(self.baudrate) + dev.faults.delay_s)  # turnaround silence
        self._send(data)
        if dev.faults.duplicate_replies:
            time.sleep(inter_frame_gap(self.baudrate))
            self._send(data)

    def _send(self, data: bytes) -> None:
        log.debug("sim ← %s", hexdump(data))
        if not self.throttle:
            self._write(data)
            return
        # Pace the bytes at the baud rate, in chunks of about 2 ms.
        ct = char_time(self.baudrate)
        chunk = max(1, int(0.002 / ct))
        start = time.monotonic()
        for i in range(0, len(data), chunk):
            due = start + i * ct
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._write(data[i : i + chunk])
        rest = start + len(data) * ct - time.monotonic()
        if rest > 0:
            time.sleep(rest)

    def _write(self, data: bytes) -> None:
        master = self._master
        if master is None:
            return
        try:
            os.write(master, data)
        except OSError:
            pass  # unplugged while answering


@dataclass
class SimSpec:
    """Parsed ``bus-sim`` options: which devices, where."""

    pads: list[int] = field(default_factory=list)
    screens: list[int] = field(default_factory=list)
    strips: list[int] = field(default_factory=list)

    def build(self, faults: Faults | None = None) -> list[SimDevice]:
        def f() -> Faults:
            return Faults(**vars(faults)) if faults else Faults()

        devices: list[SimDevice] = [SimPad(a, faults=f()) for a in self.pads]
        devices += [SimScreen(a, faults=f()) for a in self.screens]
        devices += [SimStrip(a, faults=f()) for a in self.strips]
        return devices
