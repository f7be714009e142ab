"""USB bulk transport, tested at the ``usb.core.find`` seam with a fake device whose
endpoints come from its descriptors (deliberately not 0x02/0x81)."""

import pytest
import usb.core

from drivers.errors import DeviceDisconnected, DeviceNotFound
from drivers.idcard import CardReader, CardType
from drivers.idcard.transport import UsbTransport
from drivers.sim.idcard import VirtualReader
from drivers.urls import parse_device_url

BULK, INTERRUPT = 0x02, 0x03


class FakeEndpoint:
    def __init__(self, dev, address, attributes=BULK):
        self.dev, self.bEndpointAddress, self.bmAttributes = dev, address, attributes
        self.wMaxPacketSize = 64

    def write(self, data, timeout):
        assert timeout > 0
        self.dev.written.append((self.bEndpointAddress, bytes(data)))
        self.dev.on_write(self.bEndpointAddress, bytes(data))
        return len(data)

    def read(self, size, timeout):
        assert timeout > 0  # 0 would mean "for ever" to pyusb
        if self.dev.unplugged:
            raise usb.core.USBError("No such device", errno=19)
        queue = self.dev.pending.setdefault(self.bEndpointAddress, bytearray())
        if not queue:
            raise usb.core.USBTimeoutError("Operation timed out")
        out = bytes(queue[:size])
        del queue[:size]
        return out


class FakeInterface(list):
    bInterfaceNumber = 0


class FakeDevice:
    """A SAM module: behind its pipes, the virtual reader."""

    def __init__(self, outs, ins, extra=()):
        self.sim = VirtualReader()
        self.written, self.pending, self.detached = [], {}, []
        self.unplugged = False
        self.outs, self.ins = outs, ins
        self._header = b""
        eps = [FakeEndpoint(self, a) for a in (*outs, *ins)]
        eps += [FakeEndpoint(self, a, INTERRUPT) for a in extra]
        self.interface = FakeInterface(eps)
        self.configured = False

    def get_active_configuration(self):
        if not self.configured:
            raise usb.core.USBError("Configuration not set")
        return [self.interface]

    def set_configuration(self):
        self.configured = True

    def is_kernel_driver_active(self, n):
        return n not in self.detached

    def detach_kernel_driver(self, n):
        self.detached.append(n)

    def on_write(self, address, data):
        if len(self.outs) == 2 and address == self.outs[0]:
            self._header = data  # split pipes: header first, body on the second pipe
            return
        frame, self._header = self._header + data, b""
        for reply in self.sim.handle(frame):
            if len(self.ins) == 2:
                self.pending.setdefault(self.ins[0], bytearray()).extend(reply[:7])
                self.pending.setdefault(self.ins[1], bytearray()).extend(reply[7:])
            else:
                self.pending.setdefault(self.ins[0], bytearray()).extend(reply)


@pytest.fixture
def fake_find(monkeypatch):
    found = {}

    def install(device):
        def find(**kwargs):
            found.update(kwargs)
            return device
        monkeypatch.setattr(usb.core, "find", find)
        return found
    return install


def test_endpoints_come_from_the_descriptors(fake_find):
    dev = FakeDevice(outs=[0x03], ins=[0x84], extra=[0x82])
    found = fake_find(dev)
    t = UsbTransport(parse_device_url("usb://0400:c35a"))
    assert found["idVendor"] == 0x0400 and found["idProduct"] == 0xC35A
    assert t.endpoints == ([0x03], [0x84]) and not t.split
    assert dev.configured and dev.detached == [0]


def test_read_card_over_usb(fake_find):
    dev = FakeDevice(outs=[0x02], ins=[0x81])
    fake_find(dev)
    dev.sim.place("hkmt")
    with CardReader("usb://0400:c35a") as reader:
        assert reader.read_card(1.0).card_type is CardType.HKMT_PERMIT
    assert dev.written[0] == (0x02, bytes.fromhex("AAAAAA9669000311FFED"))


def test_split_header_and_body_pipes(fake_find):
    dev = FakeDevice(outs=[0x02, 0x06], ins=[0x81, 0x85])
    fake_find(dev)
    dev.sim.place("elder")
    with CardReader("usb://0400:c35a") as reader:
        assert reader._transport.split
        card = reader.read_card(1.0)
    assert card.long_term
    assert dev.written[0] == (0x02, bytes.fromhex("AAAAAA96690003"))
    assert dev.written[1] == (0x06, bytes.fromhex("11FFED"))


def test_missing_device_is_a_clear_error(fake_find):
    fake_find(None)
    with pytest.raises(DeviceNotFound) as info:
        CardReader("usb://0400:c35a").open()
    assert "未找到" in info.value.zh and "not found" in info.value.en


def test_device_without_bulk_pipes_is_refused(fake_find):
    fake_find(FakeDevice(outs=[], ins=[], extra=[0x81]))
    with pytest.raises(DeviceNotFound) as info:
        CardReader("usb://0400:c35a").open()
    assert "bulk" in info.value.en


def test_unplug_is_a_disconnect(fake_find):
    dev = FakeDevice(outs=[0x02], ins=[0x81])
    fake_find(dev)
    reader = CardReader("usb://0400:c35a")
    reader.open()
    dev.unplugged = True
    with pytest.raises(DeviceDisconnected) as info:
        reader.read_card(1.0)
    assert "断开" in info.value.zh
    reader.close()
