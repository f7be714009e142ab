"""Links to a printer, chosen by URL. They only move bytes (STYLE.md practice 2).

Each link wraps a python-escpos transport (``Usb``, ``Serial``, ``Network``, ``File``,
``Dummy``) for sending through its ``_raw`` and adds the one thing python-escpos lacks: reading a
status reply with a deadline. ``sim:NAME`` talks to the in-process simulator.
"""

from __future__ import annotations

import errno
import logging
import socket
import time
from typing import Any, Protocol

from escpos.printer import Dummy, File, Network, Serial, Usb

from drivers.errors import BadDeviceUrl
from drivers.printer.errors import PrinterConfigError, PrinterError, PrinterUnplugged
from drivers.urls import DeviceUrl, open_serial, parse_device_url

log = logging.getLogger("drivers.printer.traffic")

USB_CLASS_PRINTER = 7


class Link(Protocol):
    name: str
    can_read: bool  # False: no status channel (file, dummy)
    baudrate: int | None  # serial speed when known, for timeouts

    def open(self) -> None: ...
    def close(self) -> None: ...
    def send(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes; b"" when nothing came before ``timeout``."""
        ...
    def drain(self) -> None:
        """Throw away bytes waiting to be read (automatic status, stale replies)."""
        ...


def _unplugged(name: str, exc: BaseException | str) -> PrinterUnplugged:
    return PrinterUnplugged(f"打印机连接已断开 ({name}): {exc}",
                            f"printer link lost ({name}): {exc}")


class _EscposLink:
    """Common code: send through the escpos transport's ``_raw``."""

    can_read = True
    baudrate: int | None = None

    def __init__(self, name: str, transport: Any) -> None:
        self.name = name
        self.transport = transport
        self._open = False

    def open(self) -> None:
        try:
            self.transport.open()
        except Exception as exc:
            why = " ".join(str(exc).split())
            raise PrinterError(f"无法打开打印机 {self.name}: {why}",
                               f"cannot open printer {self.name}: {why}",
                               code="printer_not_found") from exc
        self._open = True

    def close(self) -> None:
        if self._open:
            self._open = False
            try:
                self.transport.close()
            except Exception:
                log.debug("%s: close failed", self.name, exc_info=True)

    def send(self, data: bytes) -> None:
        if not self._open:
            raise _unplugged(self.name, "not open")
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s > %s", self.name, data.hex(" "))
        try:
            self.transport._raw(data)
        except Exception as exc:
            raise _unplugged(self.name, exc) from exc

    def read(self, size: int, timeout: float) -> bytes:
        raise NotImplementedError

    def drain(self) -> None:
        while self.read(64, 0.0):
            pass


class DummyLink(_EscposLink):
    """Records bytes (python-escpos ``Dummy``); no status channel."""

    can_read = False

    def __init__(self, name: str = "dummy") -> None:
        super().__init__(name, Dummy())

    def open(self) -> None:
        self._open = True

    def output(self) -> bytes:
        return self.transport.output

    def clear(self) -> None:
        self.transport.clear()

    def read(self, size: int, timeout: float) -> bytes:
        return b""


class FileLink(_EscposLink):
    """Bytes land in a file (or a device node such as /dev/usb/lp0); no status channel."""

    can_read = False

    def __init__(self, path: str) -> None:
        super().__init__(f"file://{path}", File(devfile=path, auto_flush=True))

    def read(self, size: int, timeout: float) -> bytes:
        return b""


class NetworkLink(_EscposLink):
    """Raw TCP (port 9100)."""

    def __init__(self, host: str, port: int, timeout: float = 5.0) -> None:
        super().__init__(f"tcp://{host}:{port}", Network(host=host, port=port, timeout=timeout))

    def open(self) -> None:
        super().open()
        try:  # status requests are 3 bytes: without this, Nagle holds each one ~40 ms
            self.transport.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def read(self, size: int, timeout: float) -> bytes:
        sock: socket.socket = self.transport.device
        old = sock.gettimeout()
        sock.settimeout(timeout if timeout > 0 else 0.0)
        try:
            data = sock.recv(size)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise _unplugged(self.name, exc) from exc
        finally:
            try:
                sock.settimeout(old)
            except OSError:
                pass
        if not data:
            raise _unplugged(self.name, "connection closed by the printer")
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s < %s", self.name, data.hex(" "))
        return data


class _UrlSerial(Serial):  # type: ignore[misc]
    """python-escpos ``Serial`` opened through drivers.urls, so any pyserial URL works."""

    def __init__(self, url: DeviceUrl, baudrate: int) -> None:
        super().__init__(devfile=url.path, baudrate=baudrate, dsrdtr=False)
        self.url = url

    def open(self, raise_not_found: bool = True) -> None:
        port = open_serial(self.url, baudrate=int(self.baudrate), timeout=0.1)  # type: ignore[has-type]
        self.device = port
        self.baudrate = port.baudrate

    def close(self) -> None:
        port: Any = self._device  # type: ignore[has-type]
        self._device = False
        if port:
            try:
                port.close()  # no flush: on a pulled cable tcdrain fails or hangs
            except Exception:
                log.debug("serial close failed", exc_info=True)


class SerialLink(_EscposLink):
    def __init__(self, url: DeviceUrl, baudrate: int = 9600) -> None:
        super().__init__(url.raw, _UrlSerial(url, baudrate))

    def open(self) -> None:
        super().open()
        self.baudrate = self.transport.baudrate

    def read(self, size: int, timeout: float) -> bytes:
        port = self.transport.device
        try:
            port.timeout = timeout
            data = port.read(size)
        except Exception as exc:
            raise _unplugged(self.name, exc) from exc
        if data and log.isEnabledFor(logging.DEBUG):
            log.debug("%s < %s", self.name, data.hex(" "))
        return bytes(data)

    def drain(self) -> None:
        try:
            self.transport.device.reset_input_buffer()
        except Exception as exc:
            raise _unplugged(self.name, exc) from exc


# -- USB ----------------------------------------------------------------------------------
def find_bulk_endpoints(device: Any) -> tuple[int, int | None, int]:
    """(interface number, IN endpoint or None, OUT endpoint) read from the descriptors.

    Prefers an interface of the printer class (7); many Chinese printers use endpoints other
    than python-escpos's defaults (0x82/0x01), so nothing is assumed.
    """
    import usb.util

    config = device.get_active_configuration()
    candidates = []
    for interface in config:
        out_ep = in_ep = None
        for ep in interface:
            if usb.util.endpoint_type(ep.bmAttributes) != usb.util.ENDPOINT_TYPE_BULK:
                continue
            if usb.util.endpoint_direction(ep.bEndpointAddress) == usb.util.ENDPOINT_OUT:
                out_ep = out_ep or ep.bEndpointAddress
            else:
                in_ep = in_ep or ep.bEndpointAddress
        if out_ep is not None:
            rank = 0 if interface.bInterfaceClass == USB_CLASS_PRINTER else 1
            candidates.append((rank, interface.bInterfaceNumber, in_ep, out_ep))
    if not candidates:
        raise PrinterError("USB 设备没有批量输出端点, 不是打印机?",
                           "USB device has no bulk OUT endpoint; is it a printer?",
                           code="printer_not_found")
    _, number, in_ep, out_ep = min(candidates)
    return number, in_ep, out_ep


class _DescriptorUsb(Usb):  # type: ignore[misc]
    """python-escpos ``Usb`` with endpoints and interface taken from the descriptors."""

    def __init__(self, url: DeviceUrl, timeout_ms: int = 5000) -> None:
        super().__init__(idVendor=url.vendor_id, idProduct=url.product_id, timeout=timeout_ms)
        self.url = url
        self.interface = 0

    def open(self, raise_not_found: bool = True) -> None:
        import usb.core

        serial = self.url.serial_number
        kwargs: dict[str, Any] = {"idVendor": self.url.vendor_id, "idProduct": self.url.product_id}
        if serial:
            kwargs["custom_match"] = lambda d: _usb_serial(d) == serial
        ids = f"{self.url.vendor_id:04x}:{self.url.product_id:04x}"
        try:
            device = usb.core.find(**kwargs)
            if device is None:
                raise PrinterError(f"未找到 USB 打印机 {ids}, 请检查连线和电源",
                                   f"USB printer {ids} not found; check cable and power",
                                   code="printer_not_found")
            try:
                device.get_active_configuration()
            except usb.core.USBError:
                device.set_configuration()
            self.interface, self.in_ep, self.out_ep = find_bulk_endpoints(device)
            try:
                if device.is_kernel_driver_active(self.interface):
                    device.detach_kernel_driver(self.interface)
            except NotImplementedError:
                pass
            usb.util.claim_interface(device, self.interface)
        except usb.core.USBError as exc:
            raise _usb_error(ids, exc) from exc
        self.device = device

    def close(self) -> None:
        import usb.util

        device: Any = self._device  # type: ignore[has-type]
        if device:
            usb.util.dispose_resources(device)
        self._device = False


def _usb_serial(device: Any) -> str | None:
    try:
        import usb.util

        return usb.util.get_string(device, device.iSerialNumber)
    except Exception:
        return None


def _usb_error(ids: str, exc: Any) -> PrinterError:
    code = getattr(exc, "errno", None)
    if code == errno.EBUSY:
        return PrinterError(f"USB 打印机 {ids} 被占用 (usblp 驱动或其他程序), 见 docs/protocols/printer.md",
                            f"USB printer {ids} is busy (usblp or another process holds it)",
                            code="printer_busy")
    if code == errno.EACCES:
        return PrinterError(f"没有权限访问 USB 打印机 {ids}, 请安装 udev 规则",
                            f"access denied to USB printer {ids}: install the udev rule",
                            code="printer_access_denied")
    return PrinterError(f"USB 打印机 {ids} 出错: {exc}", f"USB printer {ids} error: {exc}",
                        code="printer_not_found")


class UsbLink(_EscposLink):
    def __init__(self, url: DeviceUrl) -> None:
        super().__init__(url.raw, _DescriptorUsb(url))

    def open(self) -> None:
        try:
            self.transport.open()
        except PrinterError:
            raise
        except Exception as exc:
            raise PrinterError(f"无法打开 USB 打印机: {exc}", f"cannot open USB printer: {exc}",
                               code="printer_not_found") from exc
        self._open = True
        self.can_read = self.transport.in_ep is not None

    def read(self, size: int, timeout: float) -> bytes:
        import usb.core

        if self.transport.in_ep is None:
            return b""
        try:
            data = self.transport.device.read(self.transport.in_ep, max(size, 64),
                                              max(1, int(timeout * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise _unplugged(self.name, exc) from exc
        return bytes(data)


# -- simulator ----------------------------------------------------------------------------
class SimLink:
    """``sim:NAME``: the in-process simulated printer (drivers.sim.printer)."""

    can_read = True
    baudrate: int | None = None

    def __init__(self, name: str) -> None:
        self.name = f"sim:{name}"
        self.sim_name = name
        self._conn: Any = None

    def open(self) -> None:
        from drivers.sim.printer import connect

        try:
            self._conn = connect(self.sim_name)
        except ConnectionError as exc:
            raise _unplugged(self.name, exc) from exc
        self.baudrate = self._conn.baudrate

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def send(self, data: bytes) -> None:
        if self._conn is None:
            raise _unplugged(self.name, "not open")
        try:
            self._conn.write(data)
        except ConnectionError as exc:
            raise _unplugged(self.name, exc) from exc

    def read(self, size: int, timeout: float) -> bytes:
        if self._conn is None:
            raise _unplugged(self.name, "not open")
        try:
            return self._conn.read(size, timeout)
        except ConnectionError as exc:
            raise _unplugged(self.name, exc) from exc

    def drain(self) -> None:
        while self.read(64, 0.0):
            pass


def open_link(url: str | DeviceUrl, *, baudrate: int = 9600) -> Link:
    """A (not yet opened) link for a printer URL."""
    try:
        parsed = parse_device_url(url) if isinstance(url, str) else url
    except BadDeviceUrl as exc:
        raise PrinterConfigError(exc.zh, exc.en) from exc
    if parsed.scheme == "usb":
        return UsbLink(parsed)
    if parsed.scheme == "serial":
        return SerialLink(parsed, baudrate=baudrate)
    if parsed.scheme == "tcp":
        return NetworkLink(parsed.host, parsed.port)
    if parsed.scheme == "file":
        return FileLink(parsed.path)
    if parsed.scheme == "sim":
        return SimLink(parsed.path)
    raise PrinterConfigError(f"打印机不支持地址 {parsed.raw}", f"unsupported printer URL {parsed.raw}")


def wait_readable(link: Link, size: int, deadline: float) -> bytes:
    """Read until ``size`` bytes arrived or ``deadline`` (time.monotonic) passed."""
    out = b""
    while len(out) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        out += link.read(size - len(out), left)
    return out
