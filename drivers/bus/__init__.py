"""Hall bus v1: rating pads (评价器), window LED screens (窗口屏) and the hall LED strip (条屏).

One :class:`HallBus` per RS-485 port is the only master on the line; a
:class:`drivers.supervision.Supervisor` thread owns the port, polls every rating pad about every
150 ms (POLL_EVENTS then ACK_EVENTS) and reports per-device health. Protocol: docs/protocols/hall-bus.md.

Typical use (the counter app)::

    from drivers.bus import HallBus, RatingPad, WindowScreen, HallStrip

    bus = HallBus("serial:///dev/ttyUSB0?baudrate=9600", on_device_health=report)
    pad = RatingPad(bus, 3, window=3, on_result=store_rating)   # RatingResult, on the I/O thread
    screen = WindowScreen(bus, 13, window=3)
    strip = HallStrip(bus, 30)
    supervisor = bus.supervise(on_health=report)   # starts the I/O thread

    pad.invite(3, "张三", "0371", "A012", timeout_s=60)     # -> Future
    screen.show_call("A012").result(1.0)          # "请 A012 号到 3 号窗口", resolved on ACK
    screen.show_idle("欢迎光临"); screen.show_paused("暂停服务"); screen.set_brightness(10)
    strip.show_calls([("A012", 3), ("B003", 5)], notice="请保管好随身物品")
    ...
    supervisor.stop()

* Every public device method returns a ``concurrent.futures.Future`` (work runs on the bus thread;
  inline if the bus is not supervised, e.g. ``with HallBus(url) as bus: bus.scan(range(1, 33))``).
* :class:`RatingResult` ``(ticket, level|None, reasons, rated, address, event_ids, outcome, ...)``:
  one per invited ticket; ``rated=False`` on timeout / cancel / pad offline, never an invented level.
* Per-device health: ``DeviceHealth(device, kind, state, code="no_reply", "3号窗口评价器离线 ...")``
  through ``on_device_health``; the bus itself reports through the Supervisor's ``on_health``.
* Modbus RTU LED boards: :class:`drivers.bus.modbus_led.ModbusLedBoard` (register map as data).
* Simulators: :mod:`drivers.sim.bus`.
"""

from drivers.bus.frame import Cmd, DeviceType, Frame, FrameParser, NakReason, crc16_modbus
from drivers.bus.master import HallBus, NoReply
from drivers.bus.pad import (
    DEFAULT_REASONS,
    RATING_LEVELS,
    PadConfig,
    PadState,
    RatingPad,
    RatingResult,
)
from drivers.bus.payloads import Effect, Identity, PadEvent, PadMode, TextEncodingError, encode_text
from drivers.bus.screen import HallStrip, WindowScreen, call_text

__all__ = [
    "DEFAULT_REASONS", "RATING_LEVELS", "Cmd", "DeviceType", "Effect", "Frame", "FrameParser",
    "HallBus", "HallStrip", "Identity", "NakReason", "NoReply", "PadConfig", "PadEvent", "PadMode",
    "PadState", "RatingPad", "RatingResult", "TextEncodingError", "WindowScreen", "call_text",
    "crc16_modbus", "encode_text",
]
