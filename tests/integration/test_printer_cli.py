"""`kiosk devices print-test | render-escpos | printer-sim` as real processes."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.printer import start_sim_process

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def kiosk(*args):
    return subprocess.run([sys.executable, "-m", "kiosk", "devices", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)


def test_print_test_to_a_file_then_render_it(tmp_path):
    out = tmp_path / "ticket.bin"
    done = kiosk("print-test", "--printer", f"file://{out}", "--paper", "58")
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(b"\x1b@\x1c&") and "马上办政务服务中心".encode("gb18030") in data
    assert b"\x1d(k" in data and data.endswith(b"\x1bd\x04")  # native QR; 58 mm: no cutter

    png = tmp_path / "ticket.png"
    done = kiosk("render-escpos", str(out), str(png), "--paper", "58")
    assert done.returncode == 0, done.stderr
    with Image.open(png) as img:
        assert img.width == 384
    assert "1 QR" in done.stdout


def test_bad_inputs_fail_in_both_languages(tmp_path):
    done = kiosk("print-test", "--printer", "lpt://1")
    assert done.returncode == 1 and "设备地址无效" in done.stderr and "bad device URL" in done.stderr
    assert "Traceback" not in done.stderr
    done = kiosk("render-escpos", str(tmp_path / "missing.bin"), str(tmp_path / "x.png"))
    assert done.returncode == 1 and "无法读取文件" in done.stderr and "cannot read" in done.stderr
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 8)
    done = kiosk("render-escpos", str(garbage), str(tmp_path / "g.png"))
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_simulator_process_over_tcp_renders_each_ticket(tmp_path):
    proc, where = start_sim_process("--tcp", "0", "--png-dir", str(tmp_path), "--paper-near-end")
    try:
        done = kiosk("print-test", "--printer", f"tcp://{where['tcp']}")
        assert done.returncode == 0, done.stderr
        assert "即将用完" in done.stdout  # printed, with the near-end warning
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not list(tmp_path.glob("*.png")):
            time.sleep(0.05)
        pngs = list(tmp_path.glob("*.png"))
        assert len(pngs) == 1
        with Image.open(pngs[0]) as img:
            assert img.width == 576
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "stopped: 1 tickets" in out


def test_simulator_process_over_a_pty_reports_cover_open():
    proc, where = start_sim_process("--pty", "--cover-open")
    try:
        done = kiosk("print-test", "--printer", f"serial://{where['pty']}")
        assert done.returncode == 1
        assert "机盖" in done.stderr and "cover is open" in done.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
    assert proc.returncode == 0
