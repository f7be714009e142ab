"""USB printers: endpoints come from the descriptors, found at the usb.core.find seam."""

import errno
from types import SimpleNamespace

import pytest
import usb.core
import usb.util

from drivers.printer.errors import PrinterError
from drivers.printer.transports import UsbLink, find_bulk_endpoints
from drivers.urls import parse_device_url

BULK, INTR = usb.util.ENDPOINT_TYPE_BULK, usb.util.ENDPOINT_TYPE_INTR


def ep(address, kind=BULK):
    return SimpleNamespace(bEndpointAddress=address, bmAttributes=kind)


class Interface(list):
    def __init__(self, number, cls, endpoints):
        super().__init__(endpoints)
        self.bInterfaceNumber, self.bInterfaceClass = number, cls


class FakeDevice:
    def __init__(self, interfaces):
        self.config = interfaces
        self.written = []
        self.detached = []

    def get_active_configuration(self):
        return self.config

    def is_kernel_driver_active(self, interface):
        return True

    def detach_kernel_driver(self, interface):
        self.detached.append(interface)

    def write(self, endpoint, data, timeout):
        self.written.append((endpoint, bytes(data)))
        return len(data)

    def read(self, endpoint, size, timeout):
        return bytes([0x12])


def test_prefers_the_printer_class_interface_and_its_bulk_endpoints():
    device = FakeDevice([
        Interface(0, 0xFF, [ep(0x01), ep(0x82)]),  # vendor interface
        Interface(1, 7, [ep(0x83, INTR), ep(0x03), ep(0x84)]),  # printer class
    ])
    assert find_bulk_endpoints(device) == (1, 0x84, 0x03)


def test_out_only_printer_has_no_status_channel():
    assert find_bulk_endpoints(FakeDevice([Interface(0, 7, [ep(0x02)])])) == (0, None, 0x02)


def test_no_bulk_out_is_a_clear_error():
    with pytest.raises(PrinterError) as info:
        find_bulk_endpoints(FakeDevice([Interface(0, 3, [ep(0x81, INTR)])]))
    assert "批量输出端点" in info.value.zh


def test_usb_link_writes_to_the_discovered_endpoint(monkeypatch):
    device = FakeDevice([Interface(0, 7, [ep(0x81), ep(0x02)])])
    seen = {}

    def find(**kwargs):
        seen.update(kwargs)
        return device

    monkeypatch.setattr(usb.core, "find", find)
    monkeypatch.setattr(usb.util, "claim_interface", lambda dev, intf: None)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda dev: None)
    link = UsbLink(parse_device_url("usb://0416:5011"))
    link.open()
    link.send(b"\x10\x04\x01")
    assert seen["idVendor"] == 0x0416 and seen["idProduct"] == 0x5011
    assert device.written == [(0x02, b"\x10\x04\x01")]
    assert device.detached == [0]  # usblp let go of the interface
    assert link.read(1, 0.1) == b"\x12"
    link.close()


@pytest.mark.parametrize(("err", "code", "zh"), [
    (errno.EBUSY, "printer_busy", "被占用"),
    (errno.EACCES, "printer_access_denied", "udev"),
])
def test_busy_and_access_denied_say_what_to_do(monkeypatch, err, code, zh):
    def find(**kwargs):
        raise usb.core.USBError("nope", errno=err)

    monkeypatch.setattr(usb.core, "find", find)
    link = UsbLink(parse_device_url("usb://0416:5011"))
    with pytest.raises(PrinterError) as info:
        link.open()
    assert info.value.code == code and zh in info.value.zh


def test_missing_device(monkeypatch):
    monkeypatch.setattr(usb.core, "find", lambda **kw: None)
    with pytest.raises(PrinterError) as info:
        UsbLink(parse_device_url("usb://0416:5011")).open()
    assert info.value.code == "printer_not_found" and "未找到" in info.value.zh
