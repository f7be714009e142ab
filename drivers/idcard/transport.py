"""Transports only move bytes; the GA 467 dialogue lives in :mod:`drivers.idcard.reader`.

* ``serial:///dev/ttyUSB0?baudrate=115200``, any pyserial URL, or a bare path (``/dev/pts/5``)
* ``usb://VID:PID[/SERIAL]``: bulk pipes found from the descriptors (commonly OUT 0x02 / IN 0x81;
  modules with two pipes each way take the 7-byte header on the first and the rest on the second)
* ``sim:NAME``: the in-process simulator of :mod:`drivers.sim.idcard`
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from drivers.errors import DeviceDisconnected, DeviceNotFound
from drivers.idcard.protocol import HEADER_SIZE, PREAMBLE
from drivers.urls import DeviceUrl, open_serial, parse_device_url

log = logging.getLogger("drivers.idcard")
DEFAULT_BAUDRATE = 115200


class Transport(Protocol):
    description: str

    def write(self, data: bytes) -> None: ...

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes, waiting at most ``timeout`` seconds; b"" when none came."""
        ...

    def flush_input(self) -> None: ...

    def set_baudrate(self, baudrate: int) -> None: ...

    def close(self) -> None: ...


def _gone(description: str, exc: BaseException) -> DeviceDisconnected:
    return DeviceDisconnected(f"读卡器连接断开 ({description}): {exc}",
                              f"card reader connection lost ({description}): {exc}")


class SerialTransport:
    def __init__(self, port: Any, description: str) -> None:
        self._port = port
        self._timeout: float | None = None
        self.description = description

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except Exception as exc:  # SerialException, OSError: unplugged
            raise _gone(self.description, exc) from exc

    def read(self, size: int, timeout: float) -> bytes:
        timeout = max(0.0, timeout)
        try:
            if timeout != self._timeout:
                self._port.timeout = self._timeout = timeout
            return bytes(self._port.read(size))
        except Exception as exc:
            raise _gone(self.description, exc) from exc

    def flush_input(self) -> None:
        try:
            self._port.reset_input_buffer()
        except Exception as exc:
            raise _gone(self.description, exc) from exc

    def set_baudrate(self, baudrate: int) -> None:
        self._port.baudrate = baudrate

    def close(self) -> None:
        try:
            self._port.close()
        except Exception:
            log.debug("closing %s failed", self.description, exc_info=True)


class UsbTransport:
    """Bulk pipes of a USB SAM module, found through ``usb.core.find`` and the descriptors."""

    READ_SIZE = 4096  # a multiple of every bulk packet size; a short packet ends the transfer

    def __init__(self, url: DeviceUrl) -> None:
        import usb.core
        import usb.util

        self._usb_core = usb.core
        self.description = f"usb://{url.vendor_id:04x}:{url.product_id:04x}"
        kwargs: dict[str, Any] = {"idVendor": url.vendor_id, "idProduct": url.product_id}
        if url.serial_number:
            wanted = url.serial_number
            kwargs["custom_match"] = lambda d: _usb_serial(d) == wanted
        try:
            dev = usb.core.find(**kwargs)
        except Exception as exc:  # no backend (libusb missing), permissions
            raise DeviceNotFound(f"无法访问 USB 读卡器 {self.description}: {exc}",
                                 f"cannot access USB card reader {self.description}: {exc}") from exc
        if dev is None:
            raise DeviceNotFound(f"未找到 USB 读卡器 {self.description},请检查连接和 udev 权限",
                                 f"USB card reader {self.description} not found; check the cable "
                                 "and udev permissions")
        self._dev = dev
        try:
            cfg = self._configuration(dev)
            self._outs, self._ins = self._bulk_endpoints(cfg)
        except usb.core.USBError as exc:
            raise DeviceNotFound(f"无法配置 USB 读卡器 {self.description}: {exc}",
                                 f"cannot configure USB card reader {self.description}: {exc}") from exc
        self.split = len(self._outs) >= 2 and len(self._ins) >= 2
        self._buf = bytearray()
        self._body_left = 0  # split pipes: body bytes still due on the second IN pipe
        self._header = bytearray()

    def _configuration(self, dev: Any) -> Any:
        try:
            cfg = dev.get_active_configuration()
        except self._usb_core.USBError:
            cfg = None
        if cfg is None:
            dev.set_configuration()
            cfg = dev.get_active_configuration()
        for intf in cfg:
            try:
                if dev.is_kernel_driver_active(intf.bInterfaceNumber):
                    dev.detach_kernel_driver(intf.bInterfaceNumber)
            except (NotImplementedError, self._usb_core.USBError):
                pass
        return cfg

    def _bulk_endpoints(self, cfg: Any) -> tuple[list[Any], list[Any]]:
        import usb.util

        for intf in cfg:
            outs, ins = [], []
            for ep in intf:
                if usb.util.endpoint_type(ep.bmAttributes) != usb.util.ENDPOINT_TYPE_BULK:
                    continue
                if usb.util.endpoint_direction(ep.bEndpointAddress) == usb.util.ENDPOINT_IN:
                    ins.append(ep)
                else:
                    outs.append(ep)
            if outs and ins:
                key = lambda ep: ep.bEndpointAddress & 0x0F  # noqa: E731
                return sorted(outs, key=key), sorted(ins, key=key)
        raise DeviceNotFound("USB 设备没有批量传输端点,不是 GA 467 读卡器?",
                             "the USB device has no bulk endpoints; not a GA 467 card reader?")

    @property
    def endpoints(self) -> tuple[list[int], list[int]]:
        return ([ep.bEndpointAddress for ep in self._outs],
                [ep.bEndpointAddress for ep in self._ins])

    def write(self, data: bytes) -> None:
        try:
            if self.split:
                self._outs[0].write(data[:HEADER_SIZE], 1000)
                self._outs[1].write(data[HEADER_SIZE:], 1000)
            else:
                self._outs[0].write(data, 1000)
        except self._usb_core.USBError as exc:
            raise _gone(self.description, exc) from exc

    def read(self, size: int, timeout: float) -> bytes:
        if not self._buf:
            pipe = self._ins[1] if self.split and self._body_left > 0 else self._ins[0]
            try:
                packet = bytes(pipe.read(self.READ_SIZE, max(1, int(timeout * 1000))))
            except self._usb_core.USBTimeoutError:
                return b""
            except self._usb_core.USBError as exc:
                raise _gone(self.description, exc) from exc
            if self.split:
                self._track_split(pipe is self._ins[0], packet)
            self._buf += packet
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    def _track_split(self, from_header_pipe: bool, packet: bytes) -> None:
        if not from_header_pipe:
            self._body_left = max(0, self._body_left - len(packet))
            return
        self._header += packet
        start = self._header.find(PREAMBLE)
        if start >= 0 and len(self._header) >= start + HEADER_SIZE:
            length = int.from_bytes(self._header[start + 5 : start + 7], "big")
            self._body_left = max(0, length - (len(self._header) - start - HEADER_SIZE))
            self._header.clear()
        elif len(self._header) > 64:
            self._header.clear()

    def flush_input(self) -> None:
        self._buf.clear()
        self._header.clear()
        self._body_left = 0

    def set_baudrate(self, baudrate: int) -> None:
        pass  # USB modules keep their own UART speed

    def close(self) -> None:
        try:
            import usb.util

            usb.util.dispose_resources(self._dev)
        except Exception:
            log.debug("releasing %s failed", self.description, exc_info=True)


def _usb_serial(dev: Any) -> str | None:
    try:
        import usb.util

        return usb.util.get_string(dev, dev.iSerialNumber) if dev.iSerialNumber else None
    except Exception:
        return None


def open_transport(url: str | DeviceUrl, *, baudrate: int = DEFAULT_BAUDRATE) -> Transport:
    """Open the transport a device URL names (see the module docstring)."""
    parsed = url if isinstance(url, DeviceUrl) else parse_device_url(url)
    if parsed.scheme == "serial":
        port = open_serial(parsed, baudrate=baudrate, timeout=0.1)
        return SerialTransport(port, parsed.path)
    if parsed.scheme == "usb":
        return UsbTransport(parsed)
    if parsed.scheme == "sim":
        from drivers.sim.idcard import SimTransport, get_simulator

        return SimTransport(get_simulator(parsed.path))
    raise DeviceNotFound(
        f"读卡器不支持此地址类型: {parsed.raw},可用 serial://、串口路径、usb://VID:PID 或 sim:NAME",
        f"card readers cannot use {parsed.raw}; use serial://, a serial path, usb://VID:PID or "
        "sim:NAME",
        code="bad_device_url",
    )
