from pathlib import Path

import pytest

from kiosk.config.hall import load_config, parse_config
from kiosk.config.toml import ConfigError
from tests.helpers.hall import TEST_CONFIG

SAMPLE = Path(__file__).resolve().parents[4] / "resources" / "config" / "hall.toml"


def test_sample_hall_config_is_realistic():
    cfg = load_config(SAMPLE)
    names = {s.name for s in cfg.services.values()}
    for needed in ("不动产登记", "公安出入境", "社保业务", "医保业务", "公积金", "企业开办", "税务", "工程建设项目审批"):
        assert needed in names
    assert len(cfg.windows) >= 20
    assert any(len(w.services) >= 4 for w in cfg.windows.values())  # comprehensive windows
    assert any("sat" in w.days or "sun" in w.days for w in cfg.windows.values())  # weekend windows
    assert {d.role for d in cfg.devices} == {"kiosk", "counter", "pad", "display", "admin"}


def test_minimum_config_gets_defaults():
    cfg = parse_config("""
[hall]
id = "h"
name = "大厅"
[[services]]
code = "s"
name = "服务"
prefix = "A"
[[windows]]
number = 1
services = ["s"]
[[devices]]
id = "k"
role = "kiosk"
token = "12345678"
""")
    svc = cfg.services["s"]
    assert svc.issue_lead_minutes == 40 and svc.daily_cap is None
    assert [str(p) for p in svc.periods_on("mon")] == ["08:30-12:00", "14:00-17:30"]
    assert cfg.policy.normal_per_priority == 2


def broken(old, new):
    assert old in TEST_CONFIG
    return TEST_CONFIG.replace(old, new, 1)


@pytest.mark.parametrize("text,line_has,word", [
    (broken('prefix = "A"', 'prefix = "a1"'), 'prefix = "a1"', "prefix"),
    (broken('services = ["social", "tax"]', 'services = ["social", "nope"]'), '"nope"', "nope"),
    (broken('role = "display"', 'role = "screen"'), 'role = "screen"', "screen"),
    (broken('code = "tax"', 'code = "social"'), 'code = "social"', "duplicate"),
    (broken('no_show_after_recalls = 2', 'no_show_after_recals = 2'), "no_show_after_recals", "unknown key"),
    (broken('name = "测试政务服务大厅"', 'name = "测试'), 'name = "测试', "TOML"),
    (broken('daily_cap = 3', 'daily_cap = "three"'), 'daily_cap = "three"', "daily_cap"),
    (broken('token = "pad-token-2"', 'token = "pad-token-1"'), 'token = "pad-token-1"', "duplicate token"),
])
def test_broken_config_names_file_line_and_reason(tmp_path, text, line_has, word):
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    e = err.value
    assert e.path == str(path)
    assert e.line is not None, str(e)
    assert line_has in text.splitlines()[e.line - 1], (e.line, str(e))
    assert word in str(e)
    assert e.zh and e.en


def test_missing_file_and_missing_key(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "none.toml")
    with pytest.raises(ConfigError, match="missing required key 'prefix'"):
        parse_config(broken('prefix = "G"\n', ''))
