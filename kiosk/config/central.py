"""The central server's config file (TOML).

    [[origins]]            # every hall node or community terminal that may push events
    id = "fz-citizen-center"
    secret = "..."         # shared with that origin's [central] secret, >= 16 characters
    name = "福州市民服务中心"

    [[operators]]          # bearer tokens for the read and publish API
    token = "..."
    name = "city office"

A broken config is refused with the file, the line and the reason, like the hall's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config.toml import ConfigError, locate, parse_toml, read_text

_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,39}$")


@dataclass(frozen=True)
class Origin:
    id: str
    secret: str
    name: str = ""


@dataclass(frozen=True)
class Operator:
    token: str
    name: str = ""


@dataclass(frozen=True)
class CentralConfig:
    origins: dict[str, Origin]
    operators: tuple[Operator, ...]
    path: str = ""

    def operator_by_token(self, token: str) -> Operator | None:
        import hmac
        for op in self.operators:
            if hmac.compare_digest(op.token.encode(), token.encode()):
                return op
        return None


def load_central_config(path: str | Path) -> CentralConfig:
    return parse_central_config(read_text(path), str(path))


def parse_central_config(text: str, path: str = "<central config>") -> CentralConfig:
    doc = parse_toml(text, path)

    def fail(table: str, index: int | None, key: str | None, zh: str, en: str) -> ConfigError:
        return ConfigError(path, locate(text, table, index, key), zh, en)

    for key in doc:
        if key not in ("origins", "operators"):
            raise fail(key, None, None, f"未知配置项 {key!r}", f"unknown key {key!r}")

    def items(name: str) -> list[dict[str, Any]]:
        value = doc.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise fail(name, None, None, f"{name} 应写作 [[{name}]] 表数组",
                       f"{name} must be an array of tables [[{name}]]")
        return value

    def text_value(t: dict[str, Any], table: str, i: int, key: str, required: bool = True) -> str:
        if key not in t:
            if required:
                raise fail(table, i, None, f"[[{table}]] 缺少必填项 {key!r}",
                           f"[[{table}]] is missing required key {key!r}")
            return ""
        if not isinstance(t[key], str):
            raise fail(table, i, key, f"{key} 应为字符串", f"{key} must be a string")
        return t[key]

    origins: dict[str, Origin] = {}
    for i, t in enumerate(items("origins")):
        for key in t:
            if key not in ("id", "secret", "name"):
                raise fail("origins", i, key, f"未知配置项 {key!r}", f"unknown key {key!r} in [[origins]]")
        oid = text_value(t, "origins", i, "id")
        if not _ID.match(oid):
            raise fail("origins", i, "id", "来源编号只能用小写字母、数字、-、_",
                       "origin id may use only a-z, 0-9, '-' and '_'")
        if oid in origins:
            raise fail("origins", i, "id", f"来源编号重复: {oid}", f"duplicate origin id: {oid}")
        secret = text_value(t, "origins", i, "secret")
        if len(secret) < 16:
            raise fail("origins", i, "secret", "密钥至少 16 个字符", "secret must be at least 16 characters")
        origins[oid] = Origin(oid, secret, text_value(t, "origins", i, "name", required=False))

    operators: list[Operator] = []
    for i, t in enumerate(items("operators")):
        for key in t:
            if key not in ("token", "name"):
                raise fail("operators", i, key, f"未知配置项 {key!r}", f"unknown key {key!r} in [[operators]]")
        token = text_value(t, "operators", i, "token")
        if len(token) < 16:
            raise fail("operators", i, "token", "令牌至少 16 个字符", "token must be at least 16 characters")
        if any(o.token == token for o in operators):
            raise fail("operators", i, "token", "令牌重复", "duplicate token")
        operators.append(Operator(token, text_value(t, "operators", i, "name", required=False)))
    if not origins:
        raise ConfigError(path, None, "至少需要一个 [[origins]]", "at least one [[origins]] is required")
    return CentralConfig(origins, tuple(operators), path)
