"""A day's tickets and ratings out of the hall database, as CSV or JSON, for managers and
auditors (``kiosk hall export``). Reads through sqlite-utils' row iteration (``rows_where``), on a
read-only connection, so it is safe while the hall node runs.

What goes out is what the hall keeps, already masked (张*, 3501**********1234); the keyed
citizen hash stays in the database (it serves only the one-ticket-per-citizen rule).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

TICKET_FIELDS = ("id", "day", "number", "service", "original_service", "priority", "state", "window",
                 "target_window", "issued_at", "called_at", "started_ts", "finished_ts", "recalls",
                 "transfers", "kiosk", "staff", "citizen_name", "citizen_id", "birth_year", "appointment")
RATING_FIELDS = ("ticket_id", "day", "window", "staff", "level", "reasons", "rated_at", "source")
TABLES = {"tickets": (TICKET_FIELDS, "issued_ts, number"), "ratings": (RATING_FIELDS, "rated_at")}


def open_readonly(path: str | Path) -> sqlite_utils.Database:
    if not Path(path).exists():
        raise FileNotFoundError(f"数据库不存在 / no database at {path}")
    return sqlite_utils.Database(sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True))


def rows(db: sqlite_utils.Database, table: str, day: str) -> Iterator[dict[str, Any]]:
    fields, order = TABLES[table]
    yield from db[table].rows_where("day = ?", [day], select=", ".join(fields), order_by=order)


def day_json(db: sqlite_utils.Database, day: str) -> dict[str, Any]:
    ratings = []
    for r in rows(db, "ratings", day):
        ratings.append({**r, "reasons": json.loads(r["reasons"])})
    return {"day": day, "tickets": list(rows(db, "tickets", day)), "ratings": ratings}


def day_csv(db: sqlite_utils.Database, table: str, day: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, TABLES[table][0], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(db, table, day))
    return out.getvalue()


def export_day(db_path: str | Path, day: str, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the day's export into ``out_dir``; returns the files written."""
    db = open_readonly(db_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "json":
            path = out / f"hall-{day}.json"
            path.write_text(json.dumps(day_json(db, day), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            return [path]
        written = []
        for table in TABLES:
            path = out / f"{table}-{day}.csv"
            path.write_text(day_csv(db, table, day), encoding="utf-8")
            written.append(path)
        return written
    finally:
        db.conn.close()
