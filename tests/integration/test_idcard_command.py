"""`kiosk devices read-card` and `kiosk devices idcard-sim` as real processes against a pty."""

import json
import os
import signal
import subprocess
import sys

import pytest

from drivers.sim.idcard import PtySimulator
from tests.helpers.idcard import assert_no_clear_id

pytestmark = pytest.mark.integration
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kiosk(*args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "devices", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


EXPECTED = {
    "resident": {"card_type": "resident", "name": "张*", "gender": "男", "ethnicity": "汉",
                 "birth_date": "1991-01-01", "address": "江西省九江市****",
                 "id_number": "3604**********0071", "issuing_authority": "德安县公安局",
                 "valid_from": "2011-01-01", "valid_until": "2031-01-01", "id_valid": True},
    "elder": {"card_type": "resident", "gender": "女", "birth_date": "1949-12-31",
              "id_number": "1101**********002X", "valid_until": "长期", "id_valid": True},
    "foreign": {"card_type": "foreign_permanent", "english_name": "S***** **** *******",
                "nationality": "USA", "id_number": "USA1*******1203", "name": "史**",
                "birth_date": "1978-09-12", "id_valid": True},
    "hkmt": {"card_type": "hkmt_permit", "name": "陈**", "pass_number": "H******78",
             "issue_count": 1, "id_number": "8100**********003X", "id_valid": True},
}


@pytest.mark.parametrize("key", list(EXPECTED))
def test_read_card_json_for_each_card_type(key):
    with PtySimulator() as sim:
        sim.reader.place(key)
        result = kiosk("read-card", "--reader", sim.path, "--json", "--timeout", "5")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data.items() >= EXPECTED[key].items()
    assert_no_clear_id(result.stdout + result.stderr)


def test_read_card_text_and_unmasked():
    with PtySimulator() as sim:
        sim.reader.place("resident")
        masked = kiosk("read-card", "--reader", f"serial://{sim.path}?baudrate=115200")
        full = kiosk("read-card", "--reader", sim.path, "--json", "--unmasked")
    assert masked.returncode == 0 and "证件号码 / ID number: 3604**********0071" in masked.stdout
    assert_no_clear_id(masked.stdout + masked.stderr)
    assert json.loads(full.stdout)["id_number"] == "360426199101010071"
    assert "完整个人信息" in full.stderr


@pytest.mark.parametrize(("setup", "code", "zh", "en"), [
    (lambda r: None, 3, "未读到身份证", "no ID card"),
    (lambda r: (r.place("resident"), r.configure(sam_failure=True)), 1, "SAM", "SAM"),
    (lambda r: r.configure(no_reply=1000), 1, "无响应", "did not answer"),
])
def test_read_card_failures_are_clear(setup, code, zh, en):
    with PtySimulator() as sim:
        setup(sim.reader)
        result = kiosk("read-card", "--reader", sim.path, "--timeout", "0.5")
    assert result.returncode == code
    assert zh in result.stderr and en in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_unsupported_card_exit_code():
    from drivers.idcard.card import CardType
    from drivers.sim.idcard import SimCard, build_text_block

    with PtySimulator() as sim:
        sim.reader.place(SimCard("odd", build_text_block(CardType.RESIDENT, type_letter="Y",
                                                         name="某某")))
        result = kiosk("read-card", "--reader", sim.path, "--timeout", "2")
    assert result.returncode == 4 and "不支持" in result.stderr and "unsupported" in result.stderr


@pytest.mark.parametrize("url", ["/dev/no-such-reader", "ftp://x", "usb://zz:1"])
def test_bad_reader_urls(url):
    result = kiosk("read-card", "--reader", url, "--timeout", "0.2")
    assert result.returncode == 1 and "错误" in result.stderr and "error" in result.stderr
    assert "Traceback" not in result.stderr


def test_idcard_sim_command_serves_a_pty_until_sigterm():
    with subprocess.Popen([sys.executable, "-m", "kiosk", "devices", "idcard-sim", "--pty",
                           "--card", "elder"], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True) as proc:
        try:
            path = proc.stdout.readline().strip()
            assert path.startswith("/dev/")
            result = kiosk("read-card", "--reader", path, "--json", "--timeout", "5")
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout)["valid_until"] == "长期"
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=5)
    assert proc.returncode == 0
    assert "virtual card reader ready" in err
