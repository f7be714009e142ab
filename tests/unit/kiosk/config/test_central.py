"""Central config: broken files are refused with the line and a reason in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.central import load_central_config, parse_central_config
from kiosk.config.toml import ConfigError

ROOT = Path(__file__).resolve().parents[4]

GOOD = """
[[origins]]
id = "hall-a"
secret = "0123456789abcdef"

[[operators]]
token = "operator-token-0123456789"
"""


def test_sample_config_loads() -> None:
    cfg = load_central_config(ROOT / "resources/config/central.toml")
    assert "fz-citizen-center" in cfg.origins and len(cfg.origins) == 3
    assert cfg.operator_by_token("sample-operator-token-change-me") is not None
    assert cfg.operator_by_token("sample-operator-token-change-mE") is None


@pytest.mark.parametrize(("text", "line", "en"), [
    (GOOD.replace('secret = "0123456789abcdef"', 'secret = "short"'), 4, "at least 16"),
    (GOOD.replace('id = "hall-a"', 'id = "Hall A"'), 3, "origin id"),
    (GOOD.replace('id = "hall-a"', 'id = 7'), 3, "must be a string"),
    (GOOD.replace('id = "hall-a"\n', ''), 2, "missing required key 'id'"),
    (GOOD + '\n[[origins]]\nid = "hall-a"\nsecret = "0123456789abcdef"\n', 10, "duplicate origin"),
    (GOOD.replace('token = "operator', 'tokn = "operator'), 7, "unknown key"),
    (GOOD + "\n[extra]\n", 9, "unknown key"),
    (GOOD.replace("[[origins]]", "[[origins]"), 2, "TOML syntax"),
    ("", None, "at least one"),
])
def test_broken_configs(text: str, line: int | None, en: str) -> None:
    with pytest.raises(ConfigError) as exc:
        parse_central_config(text, "c.toml")
    assert exc.value.line == line
    assert en in exc.value.en and exc.value.zh
    assert str(exc.value).startswith("c.toml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_central_config(tmp_path / "nope.toml")
