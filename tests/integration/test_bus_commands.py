"""`kiosk devices bus-*` run as subprocesses against a simulated bus on a pty."""

import json
import signal

import pytest

from drivers.sim.bus import Faults, SimPad, SimScreen, SimStrip
from tests.helpers.bus import LineReader, kiosk, kiosk_process, running_sim

pytestmark = pytest.mark.integration


def test_bus_scan_lists_each_device():
    devices = [SimPad(1), SimPad(2, model="MS-PAD5"), SimScreen(11), SimStrip(30)]
    with running_sim(devices) as sim:
        out = kiosk("devices", "bus-scan", "--port", sim.path, "--addresses", "1-3,11,29-30")
    assert out.returncode == 0, out.stderr
    rows = [line.split() for line in out.stdout.splitlines()]
    assert rows == [
        ["1", "rating_pad", "SIM-PAD-5K", "firmware", "1.0"],
        ["2", "rating_pad", "MS-PAD5", "firmware", "1.0"],
        ["11", "window_screen", "SIM-LED-W1", "firmware", "1.0"],
        ["30", "hall_strip", "SIM-LED-STRIP", "firmware", "1.0"],
    ]


def test_bus_scan_errors_are_bilingual_without_traceback():
    bad = kiosk("devices", "bus-scan", "--port", "/dev/no-such-tty")
    assert bad.returncode == 1 and "无法打开串口" in bad.stderr and "cannot open serial port" in bad.stderr
    assert "Traceback" not in bad.stderr
    rng = kiosk("devices", "bus-scan", "--port", "/dev/null", "--addresses", "0-300")
    assert rng.returncode == 2 and "1–247" in rng.stderr and "1-247" in rng.stderr
    url = kiosk("devices", "bus-scan", "--port", "gopher://x")
    assert url.returncode == 1 and "设备地址无效" in url.stderr and "Traceback" not in url.stderr
    with running_sim([SimPad(1, faults=Faults(silent=True))]) as sim:
        none = kiosk("devices", "bus-scan", "--port", sim.path, "--addresses", "1-2")
    assert none.returncode == 3 and "没有设备应答" in none.stderr and "no device answered" in none.stderr


def test_screen_text_acknowledged_and_refuses_non_gbk():
    screen = SimScreen(11)
    with running_sim([screen]) as sim:
        ok = kiosk("devices", "screen-text", "--port", sim.path, "--address", "11",
                   "--effect", "blink", "--brightness", "12", "请 A012 号到 3 号窗口")
        bad = kiosk("devices", "screen-text", "--port", sim.path, "--address", "11", "顾客😀")
        gone = kiosk("devices", "screen-text", "--port", sim.path, "--address", "12", "x")
    assert ok.returncode == 0, ok.stderr
    assert screen.lines[0] == ("请 A012 号到 3 号窗口", 2) and screen.brightness == 12
    assert bad.returncode == 2 and "GBK" in bad.stderr and "U+1F600" in bad.stderr
    assert screen.history == ["请 A012 号到 3 号窗口"]
    assert gone.returncode == 1 and "无应答" in gone.stderr and "no reply" in gone.stderr


def test_pad_listen_prints_each_event_once_and_exits_cleanly_on_sigint():
    pad = SimPad(4, first_event_id=500, faults=Faults(ignore_acks=3))  # repeats its events
    with running_sim([pad]) as sim, kiosk_process(
            "devices", "pad-listen", "--port", sim.path, "--address", "4") as proc:
        out = LineReader(proc.stdout)
        for key in (5, 1, 7):
            pad.press(key)
        lines = [json.loads(out.get()) for _ in range(3)]
        pad.wait_for(lambda: not pad.events, timeout=5)  # acknowledged in the end
        proc.send_signal(signal.SIGINT)
        assert proc.wait(5) == 0
        rest = out.rest()
        err = proc.stderr.read()
    assert lines == [{"address": 4, "event_id": 500, "key": 5}, {"address": 4, "event_id": 501, "key": 1},
                     {"address": 4, "event_id": 502, "key": 7}]
    assert rest == []  # no second copy of any event
    assert "Traceback" not in err and "listening to the pad" in err


def test_bus_sim_command_serves_scan_and_keyboard_presses():
    with kiosk_process("devices", "bus-sim", "--pty", "--pads", "1,2", "--screens", "11",
                       "--strip", "30") as sim:
        out = LineReader(sim.stdout)
        path = out.get()
        assert path.startswith("/dev/pts/")
        scan = kiosk("devices", "bus-scan", "--port", path, "--addresses", "1-2,11,30")
        assert [r.split()[:2] for r in scan.stdout.splitlines()] == [
            ["1", "rating_pad"], ["2", "rating_pad"], ["11", "window_screen"], ["30", "hall_strip"]]
        shown = kiosk("devices", "screen-text", "--port", path, "--address", "11", "暂停服务")
        assert shown.returncode == 0
        out.until(lambda line: line == "screen 11: 暂停服务")
        with kiosk_process("devices", "pad-listen", "--port", path, "--address", "1") as listen:
            events = LineReader(listen.stdout)
            sim.stdin.write("3")
            sim.stdin.flush()
            assert json.loads(events.get())["key"] == 3
        sim.send_signal(signal.SIGTERM)
        assert sim.wait(5) == 0
