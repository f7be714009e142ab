"""Config errors that point at the file and line, in Chinese and English.

tomllib reports syntax errors with a line number but gives no positions for values, so semantic
errors are located by scanning the text for the table and key they concern."""

from __future__ import annotations

import re
from pathlib import Path


class ConfigError(Exception):
    def __init__(self, path: str | Path, line: int | None, zh: str, en: str) -> None:
        self.path, self.line, self.zh, self.en = str(path), line, zh, en
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {zh} / {en}")


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")


def locate(text: str, table: str, index: int | None = None, key: str | None = None) -> int | None:
    """1-based line of ``key`` in table ``table`` (the ``index``-th ``[[table]]`` when given),
    or of the table header when the key is absent; None when the table is not written out."""
    lines = text.splitlines()
    count = -1
    header_line = None
    inside = False
    for no, line in enumerate(lines, 1):
        m = _HEADER.match(line)
        if m:
            name = m.group(2)
            if inside and not name.startswith(table + "."):
                if header_line is not None and key is None:
                    return header_line
                if header_line is not None:
                    break
            inside = False
            if name == table:
                if m.group(1) == "[[":
                    count += 1
                    if index is None or count == index:
                        inside, header_line = True, no
                elif index is None:
                    inside, header_line = True, no
            continue
        if inside and key is not None and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return no
    return header_line


def read_text(path: str | Path) -> str:
    """A config file's text, or a ConfigError that says why it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, None, "配置文件不存在", "config file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, "配置文件不是 UTF-8 编码", "config file is not UTF-8") from None
    except OSError as exc:
        raise ConfigError(path, None, f"无法读取配置文件: {exc.strerror}",
                          f"cannot read config file: {exc.strerror}") from None


def parse_toml(text: str, path: str | Path) -> dict:  # type: ignore[type-arg]
    """Parse TOML; a syntax error becomes a ConfigError with its line."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, int(m.group(1)) if m else None, f"TOML 语法错误: {exc}",
                          f"TOML syntax error: {exc}") from None
