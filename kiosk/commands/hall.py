"""`kiosk hall`: run the hall node (the queue authority for one hall), and the maintenance
commands on its database: ``new-epoch`` and ``restore`` (docs/operations.md), ``export``."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger("kiosk.hall")


def parse_listen(text: str, default_port: int) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host:
        return text or "127.0.0.1", default_port
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        raise SystemExit(f"监听地址无效 / bad --listen value: {text!r} (expected HOST:PORT)") from None


def build_clock(args: argparse.Namespace, config):  # type: ignore[no-untyped-def]
    from kiosk.hall.clock import Clock

    if not getattr(args, "start_time", None):
        return Clock(config.tz)
    try:
        start = dt.datetime.fromisoformat(args.start_time)
    except ValueError:
        raise SystemExit(f"时间格式错误 / bad --start-time: {args.start_time!r}") from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=config.tz)
    return Clock(config.tz, start, args.clock_speed)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    if not (args.config and args.db):
        print("需要 --config 与 --db / kiosk hall needs --config and --db", file=sys.stderr)
        return 2

    from kiosk.config.hall import load_config
    from kiosk.config.toml import ConfigError
    from kiosk.hall.api import create_app
    from kiosk.store.migrations import SchemaTooNew, check_not_newer

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"配置错误 / config error: {exc}", file=sys.stderr)
        return 2
    try:
        check_not_newer(args.db)
    except SchemaTooNew as exc:
        print(f"不能降级 / no downgrade: {exc}", file=sys.stderr)
        return 2
    from kiosk.store.db import KeyMismatch, key_matches

    if key_matches(args.db, str(args.db) + ".key") is False:  # before a new key is made for it
        print(f"不能启动 / cannot start: {KeyMismatch(args.db)}", file=sys.stderr)
        return 2
    host, port = parse_listen(args.listen, 8470)
    hooks: list[Callable[[Any], Any]] = []
    if config.central is not None:
        try:
            from kiosk.sync.hook import start_sync
            hooks.append(start_sync)
        except ModuleNotFoundError:
            log.warning("[central] configured but this build has no sync module")
    app = create_app(config, args.db, build_clock(args, config), extra_startup=hooks)
    server = QuietServer(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                        access_log=False, lifespan="on", ws_ping_interval=10,
                                        timeout_graceful_shutdown=5))
    log.info("hall node %s listening on %s:%d", config.hall.id, host, port)
    serve(server)
    return 0


def serve(server) -> None:  # type: ignore[no-untyped-def]
    """Run a uvicorn server until SIGTERM/SIGINT, then shut down cleanly and return (exit 0)."""
    import asyncio
    import signal

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
        await server.serve()

    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())


def _quiet_server_class():  # type: ignore[no-untyped-def]
    import contextlib

    import uvicorn

    class _QuietServer(uvicorn.Server):
        """uvicorn re-raises SIGTERM after shutdown (exit status -15); we handle the signal
        ourselves so a requested stop is a clean exit."""

        @contextlib.contextmanager
        def capture_signals(self):  # type: ignore[no-untyped-def, override]
            yield

    return _QuietServer


def QuietServer(config):  # type: ignore[no-untyped-def]
    return _quiet_server_class()(config)


def _open_existing(db: str):  # type: ignore[no-untyped-def]
    from kiosk.store.db import Store, stored_origin

    origin = stored_origin(db)
    if origin is None:
        raise SystemExit(f"不是大厅数据库 / not a hall database: {db}")
    return Store(db, origin)


def new_epoch(args: argparse.Namespace) -> int:
    """After a restore from backup: a new epoch, so the restored history syncs as a new
    sequence (seq from 1) instead of conflicting with what central already holds."""
    store = _open_existing(args.db)
    try:
        old = store.epoch
        epoch = store.new_epoch()
    finally:
        store.close()
    print(f"新纪元 / new epoch: {old} -> {epoch} ({args.db})")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Copy a backup in as the hall database (its -wal/-shm files removed) and start a new epoch."""
    import shutil
    from pathlib import Path

    from kiosk.store.db import stored_origin

    backup, db = Path(args.backup), Path(args.db)
    if stored_origin(backup) is None:
        print(f"备份不是大厅数据库 / the backup is not a hall database: {backup}", file=sys.stderr)
        return 2
    if db.exists() and not args.force:
        print(f"{db} 已存在,确认覆盖请加 --force / {db} exists: add --force to replace it", file=sys.stderr)
        return 2
    from kiosk.store.db import KeyMismatch, key_matches

    key = Path(str(db) + ".key")
    if key.exists() and key_matches(backup, key) is False and not args.ignore_key:
        print(f"备份与本机密钥不符,未恢复 / not restored: {KeyMismatch(backup)} "
              "(--ignore-key restores it anyway; the hall will not start until its key is back)",
              file=sys.stderr)
        return 2
    for suffix in ("-wal", "-shm"):  # the old file's log must not replay over the backup
        Path(str(db) + suffix).unlink(missing_ok=True)
    tmp = db.with_name(db.name + ".restoring")
    shutil.copyfile(backup, tmp)
    tmp.replace(db)
    return new_epoch(args)


def backup(args: argparse.Namespace) -> int:
    """An online, checked copy of the database (the node may run); the key is not copied."""
    from pathlib import Path

    from kiosk.store.backup import BackupError
    from kiosk.store.backup import backup as take

    try:
        made = take(Path(args.db), Path(args.directory), keep=args.keep)
    except BackupError as err:
        print(f"备份失败 / backup failed: {err}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"备份失败 / backup failed: {args.directory}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"已备份 / backed up: {made.path} ({made.bytes} 字节 bytes, {made.events} 个事件 events)")
    for gone in made.pruned:
        print(f"已删除过期备份 / pruned: {gone}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Integrity check and the whole event chain; names the first bad event."""
    from pathlib import Path

    from kiosk.doctor.checks import Verdict, database

    findings = database(Path(args.db))
    for f in findings:
        print(f"{f.verdict.label}  {f.zh}\n{' ' * 12}{f.en}")
    return 1 if any(f.verdict == Verdict.FAIL for f in findings) else 0


def export(args: argparse.Namespace) -> int:
    from kiosk.store.export import export_day

    try:
        dt.date.fromisoformat(args.day)
    except ValueError:
        print(f"日期格式错误 / bad --day: {args.day!r} (expected YYYY-MM-DD)", file=sys.stderr)
        return 2
    try:
        written = export_day(args.db, args.day, args.format, args.out)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hall", help="run the hall node (queue authority, HTTP + WebSocket API)")
    p.add_argument("--config", help="hall config file (TOML)")
    p.add_argument("--db", help="SQLite database file")
    p.add_argument("--listen", default="127.0.0.1:8470", help="HOST:PORT (default 127.0.0.1:8470)")
    p.add_argument("--start-time", help="demo/training clock: ISO time the hall clock starts at")
    p.add_argument("--clock-speed", type=float, default=1.0, help="demo clock speed factor")
    p.set_defaults(func=run)
    tools = p.add_subparsers(dest="hall_command", metavar="[TOOL]")
    e = tools.add_parser("new-epoch", help="start a new epoch (after restoring a backup; node stopped)")
    e.add_argument("--db", required=True, help="the hall database file")
    e.set_defaults(func=new_epoch)
    r = tools.add_parser("restore", help="copy a backup in as the database and start a new epoch")
    r.add_argument("--backup", required=True, help="backup file (sqlite3 .backup)")
    r.add_argument("--db", required=True, help="the hall database file to replace")
    r.add_argument("--force", action="store_true", help="replace an existing database file")
    r.add_argument("--ignore-key", action="store_true",
                   help="restore a backup that does not match the key beside the database")
    r.set_defaults(func=restore)
    b = tools.add_parser("backup", help="online backup into a directory, keeping the newest N")
    b.add_argument("--db", required=True, help="the hall database file")
    b.add_argument("--keep", type=int, default=14, help="backups to keep (default 14)")
    b.add_argument("directory", help="where backups go, e.g. /var/backups/mashang")
    b.set_defaults(func=backup)
    v = tools.add_parser("verify", help="check the database and walk its event chain")
    v.add_argument("--db", required=True, help="the hall database file")
    v.set_defaults(func=verify)
    x = tools.add_parser("export", help="a day's tickets and ratings (masked) as CSV or JSON")
    x.add_argument("--db", required=True, help="the hall database file")
    x.add_argument("--day", required=True, help="YYYY-MM-DD")
    x.add_argument("--format", choices=("csv", "json"), default="csv")
    x.add_argument("--out", default=".", help="directory to write into (default: here)")
    x.set_defaults(func=export)
