"""The service catalogue authored centrally per hall: the ``[[services]]``, ``[[windows]]``,
``[schedules]``, ``[[categories]]`` and ``[calendar]`` parts of the hall config format.

Each publish is a new version (1, 2, ...) per hall; halls poll for versions after the one they
have and validate the merged config themselves before applying it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import tomllib
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError

from kiosk.central import db
from kiosk.config.hall import config_from_dict
from kiosk.config.toml import ConfigError

CATALOGUE_KEYS = ("services", "windows", "schedules", "categories", "calendar")


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.time)):  # datetime is a date too
        return value.isoformat()
    return value


def parse_catalogue(text: str, path: str = "<catalogue>") -> dict[str, Any]:
    """Parse and check a catalogue TOML; errors carry the line, in Chinese and English."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(path, int(m.group(1)) if m else None, f"TOML 语法错误: {exc}",
                          f"TOML syntax error: {exc}") from None
    return check_catalogue(jsonable(doc), path, text)


def check_catalogue(doc: Any, path: str = "<catalogue>", text: str = "") -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ConfigError(path, None, "目录应为对象", "a catalogue must be an object")
    for key in doc:
        if key not in CATALOGUE_KEYS:
            raise ConfigError(path, None, f"目录中不能有 {key!r}(只允许 {', '.join(CATALOGUE_KEYS)})",
                              f"{key!r} is not allowed in a catalogue (only {', '.join(CATALOGUE_KEYS)})")
    # Check it as far as it goes without the hall's local parts: a placeholder hall, no devices.
    probe = {"hall": {"id": "catalogue-check", "name": "目录检查"}, "devices": [], **doc}
    config_from_dict(probe, path, text)
    return doc


def publish(engine: Engine, hall: str, doc: dict[str, Any], source: str = "", by: str = "") -> int:
    """Store ``doc`` as the hall's next version; concurrent publishers each get their own."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for _ in range(20):
        try:
            with engine.begin() as conn:
                current = conn.execute(select(func.max(db.catalogues.c.version)).where(
                    db.catalogues.c.hall == hall)).scalar_one_or_none() or 0
                version = int(current) + 1
                conn.execute(db.catalogues.insert().values(
                    hall=hall, version=version, doc=text, source=source, created_at=time.time(),
                    created_by=by[:80]))
            return version
        except IntegrityError:
            continue  # another publisher took this version number
    raise RuntimeError("could not allocate a catalogue version")


def latest(conn: Connection, hall: str) -> tuple[int, dict[str, Any]] | None:
    row = conn.execute(select(db.catalogues.c.version, db.catalogues.c.doc).where(
        db.catalogues.c.hall == hall).order_by(db.catalogues.c.version.desc()).limit(1)).first()
    if row is None:
        return None
    return int(row[0]), json.loads(row[1])
