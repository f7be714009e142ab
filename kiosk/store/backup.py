"""Online backups of the hall database: a consistent copy while the node runs (SQLite's backup
API over a read connection, so the node's writer is never blocked for long), checked with
quick_check before it counts, kept 0600, and pruned to the newest N.

The database holds no key material: ``hall.db.key`` stays beside the live database and is not
copied, so a stolen backup does not come with the key of its citizen hashes."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

PREFIX = "hall-"
SUFFIX = ".db"


class BackupError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Backup:
    path: Path
    bytes: int
    events: int
    pruned: tuple[Path, ...]


def backup(db: Path, directory: Path, keep: int = 14, now: dt.datetime | None = None,
           pages_per_step: int = 256, prefix: str = PREFIX) -> Backup:
    """Back up ``db`` (a hall database, or a SQLite central server with ``prefix="central-"``)."""
    if keep < 1:
        raise BackupError("至少保留 1 份备份", "keep at least one backup")
    if not db.exists():
        raise BackupError(f"数据库不存在: {db}", f"no database at {db}")
    directory.mkdir(parents=True, exist_ok=True, mode=0o750)
    stamp = (now or dt.datetime.now().astimezone()).strftime("%Y%m%d-%H%M%S")
    target = directory / f"{prefix}{stamp}{SUFFIX}"
    partial = target.with_suffix(".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=pages_per_step)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"备份校验失败: {check}", f"the backup failed its check: {check}")
            events = dst.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        finally:
            dst.close()
            src.close()
        os.chmod(partial, 0o600)
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        partial.replace(target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份失败: {exc}", f"backup failed: {exc}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(target, target.stat().st_size, int(events), tuple(prune(directory, keep, prefix)))


def prune(directory: Path, keep: int, prefix: str = PREFIX) -> list[Path]:
    """Delete all but the newest ``keep`` backups (names sort by time)."""
    found = sorted(p for p in directory.glob(f"{prefix}*{SUFFIX}") if p.is_file())
    gone = found[:-keep] if len(found) > keep else []
    for p in gone:
        p.unlink()
    return gone
