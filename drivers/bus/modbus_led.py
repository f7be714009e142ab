"""LED boards that speak Modbus RTU instead of hall bus v1, driven through pymodbus.

Boards differ in where they keep their text, so the register map is data
(:class:`LedRegisterMap`); the default matches the common factory layout documented in
docs/protocols/hall-bus.md ("Modbus LED register map"). The adapter only writes holding
registers (function 16) and reads one back as a health check (function 3).

Like :class:`drivers.bus.HallBus` the board is a SupervisedDevice: run it with ``supervise()``
and call ``show_text`` / ``clear`` / ``set_brightness`` from any thread (they return futures), or
use it directly as a context manager in one-shot tools.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from drivers.bus.payloads import MAX_BRIGHTNESS, Effect, TextEncodingError, encode_text
from drivers.errors import DeviceDisconnected, DeviceError, DeviceTimeout
from drivers.supervision import Backoff, ConnectionState, DeviceHealth, Supervisor, submit_or_run
from drivers.urls import parse_device_url

log = logging.getLogger("drivers.bus.modbus_led")
T = TypeVar("T")
MAX_REGISTERS_PER_WRITE = 123  # Modbus limit for function 16


@dataclass(frozen=True)
class LedRegisterMap:
    """Where a Modbus LED board keeps things (holding register addresses, 0-based)."""

    text_start: int = 0x0000  # text buffer, two bytes per register
    text_registers: int = 64  # buffer size in registers (64 -> 128 bytes)
    text_length: int | None = 0x0100  # byte length of the text (None: board reads up to a NUL)
    effect: int | None = 0x0101  # 0 static, 1 scroll, 2 blink
    brightness: int | None = 0x0102  # 0..15
    refresh: int | None = 0x0103  # write 1 to show the new text (None: shows as soon as written)
    high_byte_first: bool = True  # the first text byte goes in the register's high byte
    encoding: str = "gbk"

    @property
    def text_bytes(self) -> int:
        return self.text_registers * 2


DEFAULT_REGISTER_MAP = LedRegisterMap()


def encode_text_registers(text: str, regmap: LedRegisterMap = DEFAULT_REGISTER_MAP, *,
                          errors: str = "replace") -> tuple[list[int], int]:
    """Text -> (register values for the whole buffer, NUL padded; byte length)."""
    if regmap.encoding != "gbk":
        try:
            data = text.encode(regmap.encoding, errors="strict" if errors == "strict" else "replace")
        except UnicodeEncodeError as exc:
            raise TextEncodingError(f"文字无法用 {regmap.encoding} 编码: {exc}",
                                    f"text cannot be encoded as {regmap.encoding}: {exc}") from None
    else:
        data = encode_text(text, errors=errors)
    if len(data) > regmap.text_bytes:
        if errors == "strict":
            raise TextEncodingError(f"文字过长: {len(data)} 字节, 屏幕最多 {regmap.text_bytes} 字节",
                                    f"text too long: {len(data)} bytes, the board holds {regmap.text_bytes}")
        cut = 0
        while cut < len(data):  # never split a two-byte GBK character
            width = 2 if data[cut] >= 0x81 else 1
            if cut + width > regmap.text_bytes:
                break
            cut += width
        data = data[:cut]
    padded = data.ljust(regmap.text_bytes, b"\x00")
    order: Literal["big", "little"] = "big" if regmap.high_byte_first else "little"
    regs = [int.from_bytes(padded[i : i + 2], order) for i in range(0, len(padded), 2)]
    return regs, len(data)


def decode_text_registers(regs: list[int], regmap: LedRegisterMap = DEFAULT_REGISTER_MAP,
                          length: int | None = None) -> str:
    order: Literal["big", "little"] = "big" if regmap.high_byte_first else "little"
    data = b"".join(r.to_bytes(2, order) for r in regs)
    data = data[:length] if length is not None else data.split(b"\x00", 1)[0]
    return data.decode(regmap.encoding, errors="replace")


class ModbusLedBoard:
    kind = "window_screen"

    def __init__(self, url: str, *, unit: int = 1, baudrate: int = 9600, name: str = "modbus-led",
                 register_map: LedRegisterMap = DEFAULT_REGISTER_MAP, timeout: float = 0.5,
                 text_errors: str = "replace") -> None:
        self.url = parse_device_url(url)
        if self.url.scheme != "serial":
            raise DeviceError(f"Modbus 屏须接串口, 而不是 {url!r}",
                              f"a Modbus LED board needs a serial port, not {url!r}", code="bad_device_url")
        self.unit = self.url.option_int("unit", unit)
        self.baudrate = self.url.option_int("baudrate", baudrate)
        self.name = name
        self.map = register_map
        self.timeout = timeout
        self.text_errors = text_errors
        self._client: Any = None
        self._supervisor: Supervisor | None = None

    # -- SupervisedDevice ------------------------------------------------------------------
    def open(self) -> None:
        from pymodbus.client import ModbusSerialClient

        client = ModbusSerialClient(self.url.path, baudrate=self.baudrate, timeout=self.timeout,
                                    retries=1, reconnect_delay=0)
        if not client.connect():
            client.close()
            raise DeviceDisconnected(f"无法打开 Modbus 屏串口 {self.url.path}",
                                     f"cannot open the Modbus LED port {self.url.path}")
        self._client = client

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def poll(self) -> DeviceHealth | None:
        probe = self.map.brightness if self.map.brightness is not None else self.map.text_start
        self._read(probe, 1)
        return DeviceHealth(self.name, self.kind, ConnectionState.CONNECTED)

    def supervise(self, *, on_health: Callable[[DeviceHealth], None] | None = None,
                  backoff: Backoff | None = None, poll_interval: float = 5.0) -> Supervisor:
        sup = Supervisor(self, name=self.name, kind=self.kind, on_health=on_health,
                         poll_interval=poll_interval, backoff=backoff)
        self._supervisor = sup
        return sup.start()

    def submit(self, job: Callable[[], T]) -> concurrent.futures.Future[T]:
        """Run ``job`` on the I/O thread (inline when the device is not supervised)."""
        return submit_or_run(self._supervisor, job)

    def __enter__(self) -> ModbusLedBoard:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands --------------------------------------------------------------------------
    def show_text(self, text: str, effect: Effect = Effect.STATIC) -> concurrent.futures.Future[None]:
        regs, length = encode_text_registers(text, self.map, errors=self.text_errors)

        def job() -> None:
            for off in range(0, len(regs), MAX_REGISTERS_PER_WRITE):
                self._write(self.map.text_start + off, regs[off : off + MAX_REGISTERS_PER_WRITE])
            if self.map.text_length is not None:
                self._write(self.map.text_length, [length])
            if self.map.effect is not None:
                self._write(self.map.effect, [int(effect)])
            if self.map.refresh is not None:
                self._write(self.map.refresh, [1])

        return self.submit(job)

    def clear(self) -> concurrent.futures.Future[None]:
        return self.show_text("")

    def set_brightness(self, level: int) -> concurrent.futures.Future[None]:
        if not 0 <= level <= MAX_BRIGHTNESS:
            raise DeviceError(f"亮度须在 0–{MAX_BRIGHTNESS} 之间: {level}",
                              f"brightness must be 0-{MAX_BRIGHTNESS}: {level}", code="bad_parameter")
        if self.map.brightness is None:
            raise DeviceError("该屏不支持调节亮度", "this board has no brightness register",
                              code="not_supported")
        address = self.map.brightness
        return self.submit(lambda: self._write(address, [level]))

    def read_text(self) -> str:
        """What the board holds now (I/O thread or unsupervised use)."""
        regs = self._read(self.map.text_start, self.map.text_registers)
        length = self._read(self.map.text_length, 1)[0] if self.map.text_length is not None else None
        return decode_text_registers(regs, self.map, length)

    # -- pymodbus calls --------------------------------------------------------------------
    def _client_or_raise(self) -> Any:
        if self._client is None:
            raise DeviceDisconnected("Modbus 屏串口未打开", "Modbus LED port is not open")
        return self._client

    def _write(self, address: int, values: list[int]) -> None:
        self._check(self._call(lambda c: c.write_registers(address, values, device_id=self.unit)),
                    "写寄存器", "write registers", address)

    def _read(self, address: int, count: int) -> list[int]:
        rr = self._check(self._call(lambda c: c.read_holding_registers(address, count=count,
                                                                        device_id=self.unit)),
                         "读寄存器", "read registers", address)
        return list(rr.registers)

    def _call(self, fn: Callable[[Any], Any]) -> Any:
        from pymodbus.exceptions import ConnectionException, ModbusException

        client = self._client_or_raise()
        try:
            return fn(client)
        except ConnectionException as exc:
            raise DeviceDisconnected(f"Modbus 屏连接断开: {exc}", f"Modbus LED link lost: {exc}") from exc
        except ModbusException as exc:  # pymodbus reports silence as an exception too
            raise DeviceTimeout(f"Modbus 屏 (从站 {self.unit}) 无应答: {exc}",
                                f"Modbus LED board (unit {self.unit}) not answering: {exc}",
                                code="no_reply") from exc

    def _check(self, response: Any, what_zh: str, what_en: str, address: int) -> Any:
        if response is None or response.isError():
            raise DeviceError(
                f"Modbus 屏 (从站 {self.unit}) {what_zh} 0x{address:04X} 失败: {response}",
                f"Modbus LED board (unit {self.unit}) failed to {what_en} at 0x{address:04X}: {response}",
                code="modbus_error")
        return response
