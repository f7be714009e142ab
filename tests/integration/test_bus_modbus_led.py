"""ModbusLedBoard against pymodbus's own RTU server over a pair of bridged ptys."""

import asyncio
import threading

import pytest

from drivers.bus.modbus_led import DEFAULT_REGISTER_MAP, ModbusLedBoard
from drivers.bus.payloads import Effect
from drivers.errors import DeviceError
from tests.helpers.bus import PtyBridge, wait_until

pytestmark = pytest.mark.integration


@pytest.fixture
def modbus_server():
    from pymodbus.server import ModbusSerialServer
    from pymodbus.simulator import DataType, SimData, SimDevice

    bridge = PtyBridge().start()
    device = SimDevice(id=1, simdata=[SimData(0, count=0x200, values=0, datatype=DataType.REGISTERS)])
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder = {}

    async def serve():
        holder["server"] = ModbusSerialServer(device, port=bridge.b, baudrate=9600)  # needs the loop
        started.set()
        await holder["server"].serve_forever()

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert started.wait(5)
    try:
        yield bridge.a
    finally:
        asyncio.run_coroutine_threadsafe(holder["server"].shutdown(), loop).result(5)
        thread.join(5)
        loop.close()
        bridge.stop()


def test_show_text_brightness_and_read_back(modbus_server):
    board = ModbusLedBoard(f"serial://{modbus_server}?unit=1", timeout=0.5)
    with board:
        def wrote():
            try:
                board.show_text("请 A012 号到 3 号窗口", Effect.BLINK).result()
                return True
            except DeviceError:
                return False  # the server may still be opening its end of the pty

        wait_until(wrote, timeout=10, interval=0.1)
        board.set_brightness(9).result()
        assert board.read_text() == "请 A012 号到 3 号窗口"
        regs = board._read(DEFAULT_REGISTER_MAP.text_length, 4)
        assert regs == [len("请 A012 号到 3 号窗口".encode("gbk")), 2, 9, 1]
        board.clear().result()
        assert board.read_text() == ""


def test_wrong_unit_is_a_clear_error(modbus_server):
    board = ModbusLedBoard(modbus_server, unit=7, timeout=0.2)
    with board, pytest.raises(DeviceError) as info:
        board.show_text("x").result()
    assert info.value.zh and info.value.en and "7" in info.value.en
