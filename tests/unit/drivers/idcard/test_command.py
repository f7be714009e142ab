"""`kiosk devices read-card` in process against a ``sim:`` reader: output and exit codes."""

import json

import pytest

from kiosk.cli import build_parser
from tests.helpers.idcard import assert_no_clear_id


def run(*argv):
    args = build_parser().parse_args(["devices", *argv])
    return args.func(args)


def test_masked_json_by_default(sim, capsys, caplog):
    caplog.set_level("DEBUG")
    sim.place("elder")
    assert run("read-card", "--reader", sim.url, "--json", "--timeout", "1") == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["id_number"] == "1101**********002X" and data["name"] == "李**"
    assert data["valid_until"] == "长期" and data["ethnicity"] == "回"
    assert_no_clear_id(out + err + caplog.text)


def test_text_output_is_bilingual(sim, capsys):
    sim.place("hkmt")
    assert run("read-card", "--reader", sim.url, "--timeout", "1") == 0
    out, _ = capsys.readouterr()
    assert "通行证号码 / pass number: H******78" in out and "港澳台居民居住证" in out
    assert_no_clear_id(out)


@pytest.mark.parametrize(("knobs", "code", "words"), [
    ({}, 3, ("未读到身份证", "no ID card")),
    ({"sam_failure": True}, 1, ("SAM 自检失败", "SAM self-test failed")),
    ({"checksum_errors": 100}, 1, ("校验和错误", "bad checksum")),
])
def test_failures_exit_non_zero_with_both_languages(sim, capsys, knobs, code, words):
    if knobs:
        sim.place("resident")
        sim.configure(**knobs)
    assert run("read-card", "--reader", sim.url, "--timeout", "0.3") == code
    out, err = capsys.readouterr()
    assert out == "" and all(w in err for w in words)
    assert err.index("错误:") < err.index("error:")


def test_bad_timeout(sim, capsys):
    assert run("read-card", "--reader", sim.url, "--timeout", "0") == 2
    assert "--timeout" in capsys.readouterr().err
