"""Device URLs: every device in config is named by one.

``usb://0416:5011[/SERIAL]``, ``serial:///dev/ttyUSB0?baudrate=115200`` (and any pyserial URL:
``loop://``, ``socket://host:port``, ``spy://...``, ``rfc2217://...``), ``tcp://10.0.0.5:9100``,
``file:///var/spool/hall/ticket.bin``, ``sim:NAME``. A bare path such as ``/dev/ttyUSB0`` or
``/dev/pts/5`` is taken as a serial port.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from drivers.errors import BadDeviceUrl

PYSERIAL_SCHEMES = {"loop", "socket", "spy", "rfc2217", "hwgrep", "alt", "cp2110"}


@dataclass(frozen=True)
class DeviceUrl:
    scheme: str  # usb | serial | tcp | file | sim
    raw: str
    path: str = ""  # serial device path or pyserial URL, file path, sim name
    host: str = ""
    port: int = 0
    vendor_id: int = 0
    product_id: int = 0
    serial_number: str | None = None
    options: dict[str, str] = field(default_factory=dict)

    def option_int(self, name: str, default: int) -> int:
        value = self.options.get(name)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise BadDeviceUrl(
                f"设备地址参数 {name} 不是整数: {value!r}",
                f"device URL option {name} is not an integer: {value!r}",
            ) from None


def _bad(raw: str, why_zh: str, why_en: str) -> BadDeviceUrl:
    return BadDeviceUrl(f"设备地址无效 {raw!r}: {why_zh}", f"bad device URL {raw!r}: {why_en}")


def parse_device_url(raw: str, *, default_tcp_port: int = 9100) -> DeviceUrl:
    if not isinstance(raw, str) or not raw.strip():
        raise _bad(str(raw), "地址为空", "empty")
    raw = raw.strip()
    if raw.startswith("/"):
        return DeviceUrl("serial", raw, path=raw)
    if raw.startswith("sim:"):
        name = raw[4:].lstrip("/")
        if not name:
            raise _bad(raw, "模拟器名称为空", "simulator name is empty")
        return DeviceUrl("sim", raw, path=name)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if scheme == "usb":
        ids, _, serial = (parts.netloc + parts.path).partition("/")
        vid, sep, pid = ids.partition(":")
        if not sep:
            raise _bad(raw, "应为 usb://VID:PID", "expected usb://VID:PID")
        try:
            vendor_id, product_id = int(vid, 16), int(pid, 16)
        except ValueError:
            raise _bad(raw, "VID/PID 须为十六进制", "VID and PID must be hexadecimal") from None
        if not (0 <= vendor_id <= 0xFFFF and 0 <= product_id <= 0xFFFF):
            raise _bad(raw, "VID/PID 超出范围", "VID or PID out of range")
        return DeviceUrl(
            "usb", raw, vendor_id=vendor_id, product_id=product_id,
            serial_number=serial or None, options=options,
        )
    if scheme == "serial":
        path = parts.path or parts.netloc
        if not path:
            raise _bad(raw, "缺少串口路径", "missing serial port path")
        return DeviceUrl("serial", raw, path=path, options=options)
    if scheme in PYSERIAL_SCHEMES:
        # Handed to serial.serial_for_url unchanged.
        return DeviceUrl("serial", raw, path=raw, options=options)
    if scheme == "tcp":
        if not parts.hostname:
            raise _bad(raw, "缺少主机名", "missing host")
        try:
            port = parts.port or default_tcp_port
        except ValueError:
            raise _bad(raw, "端口无效", "bad port") from None
        return DeviceUrl("tcp", raw, host=parts.hostname, port=port, options=options)
    if scheme == "file":
        if not parts.path:
            raise _bad(raw, "缺少文件路径", "missing file path")
        return DeviceUrl("file", raw, path=parts.path, options=options)
    raise _bad(
        raw,
        "不支持的类型,可用 usb:// serial:// tcp:// file:// sim:",
        "unsupported scheme; use usb://, serial://, tcp://, file:// or sim:",
    )


def open_serial(url: DeviceUrl, *, baudrate: int, timeout: float = 0.1, **kwargs):  # type: ignore[no-untyped-def]
    """Open a serial port (or any pyserial URL) named by ``url``.

    ``?baudrate=`` in the URL wins over the driver's default.
    """
    import serial

    if url.scheme != "serial":
        raise _bad(url.raw, "不是串口地址", "not a serial URL")
    baud = url.option_int("baudrate", baudrate)
    try:
        return serial.serial_for_url(url.path, baudrate=baud, timeout=timeout, **kwargs)
    except (serial.SerialException, OSError, ValueError) as exc:
        from drivers.errors import DeviceNotFound

        raise DeviceNotFound(
            f"无法打开串口 {url.path}: {exc}", f"cannot open serial port {url.path}: {exc}"
        ) from exc
