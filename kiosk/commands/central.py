"""`kiosk central`: run the city's central server; `kiosk central publish-catalogue` and
`kiosk central check-config` for operators."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger("kiosk.central")


def _load(path: str):  # type: ignore[no-untyped-def]
    from kiosk.config.central import load_central_config
    from kiosk.config.toml import ConfigError

    try:
        return load_central_config(path)
    except ConfigError as exc:
        print(f"配置错误 / config error: {exc}", file=sys.stderr)
        return None


def _engine(db: str):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.central.db import make_engine

    try:
        return make_engine(db)
    except SQLAlchemyError as exc:
        print(f"无法打开数据库 / cannot open database {db!r}: {exc.__class__.__name__}: {exc}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    if args.action == "publish-catalogue":
        return publish(args)
    if args.action == "check-config":
        return 0 if _load(args.config) else 2
    if args.action == "backup":
        return backup(args)
    if not args.config:
        print("缺少 --config / --config is required", file=sys.stderr)
        return 2
    import uvicorn

    from kiosk.central.app import create_central_app
    from kiosk.commands.hall import QuietServer, parse_listen, serve

    config = _load(args.config)
    if config is None:
        return 2
    engine = _engine(args.db)
    if engine is None:
        return 2
    host, port = parse_listen(args.listen, 8480)
    app = create_central_app(config, engine)
    server = QuietServer(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                        access_log=False, lifespan="off"))
    log.info("central server listening on %s:%d (%s)", host, port, engine.url.render_as_string())
    try:
        serve(server)
    finally:
        engine.dispose()
    return 0


def backup(args: argparse.Namespace) -> int:
    """An online, checked copy of a SQLite central database; PostgreSQL has its own tools."""
    from pathlib import Path

    from kiosk.store.backup import BackupError
    from kiosk.store.backup import backup as take

    if "://" in args.backup_db:
        print("PostgreSQL 请用 pg_dump 或 WAL 归档备份(见 docs/operations.md) / back PostgreSQL up with "
              "pg_dump or WAL archiving (see docs/operations.md)", file=sys.stderr)
        return 2
    try:
        made = take(Path(args.backup_db), Path(args.directory), keep=args.keep, prefix="central-")
    except (BackupError, OSError) as err:
        print(f"备份失败 / backup failed: {err}", file=sys.stderr)
        return 1
    print(f"已备份 / backed up: {made.path} ({made.bytes} 字节 bytes, {made.events} 个事件 events)")
    return 0


def publish(args: argparse.Namespace) -> int:
    from kiosk.central import catalogue
    from kiosk.config.toml import ConfigError

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
        doc = catalogue.parse_catalogue(text, str(path))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取目录文件 / cannot read catalogue file {path}: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(f"目录错误 / catalogue error: {exc}", file=sys.stderr)
        return 2
    if args.central_config:
        config = _load(args.central_config)
        if config is None:
            return 2
        if args.hall not in config.origins:
            print(f"未知大厅 / unknown hall {args.hall!r}: not in [[origins]]", file=sys.stderr)
            return 2
    engine = _engine(args.pub_db)
    if engine is None:
        return 2
    try:
        version = catalogue.publish(engine, args.hall, doc, text, "cli")
    finally:
        engine.dispose()
    print(f"已发布 / published catalogue v{version} for {args.hall}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("central", help="run the central server (event sync, catalogues, statistics)")
    p.add_argument("--config", help="central config file (TOML)")
    p.add_argument("--db", default="central.db",
                   help="SQLite file (default central.db) or postgresql://user@host:port/dbname")
    p.add_argument("--listen", default="127.0.0.1:8480", help="HOST:PORT (default 127.0.0.1:8480)")
    p.set_defaults(func=run, action=None)
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    pub = actions.add_parser("publish-catalogue", help="publish a hall's service catalogue (new version)")
    pub.add_argument("--hall", required=True, help="hall (origin) id")
    pub.add_argument("--db", dest="pub_db", required=True, help="the central server's database")
    pub.add_argument("--config", dest="central_config", help="central config, to check the hall id")
    pub.add_argument("file", help="catalogue TOML: [[services]], [[windows]], [schedules], [[categories]], [calendar]")
    bak = actions.add_parser("backup", help="online backup of a SQLite central database, keeping the newest N")
    bak.add_argument("--db", dest="backup_db", required=True, help="the central server's SQLite file")
    bak.add_argument("--keep", type=int, default=14, help="backups to keep (default 14)")
    bak.add_argument("directory", help="where backups go")
    chk = actions.add_parser("check-config", help="validate a central config file")
    chk.add_argument("config", help="central config file (TOML)")
