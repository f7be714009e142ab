"""`kiosk doctor ROLE`: is this machine ready for its role? Prints a table in Chinese and
English and exits 1 when something is broken (2 for a bad command line).

    kiosk doctor hall --config /etc/mashang/hall.toml --db /var/lib/mashang/hall.db
    kiosk doctor central --config /etc/mashang/central.toml [--db /var/lib/mashang/central.db]
    kiosk doctor terminal [--env-file /etc/mashang/terminal.env] [--test-print]

A terminal is checked with the very options its unit starts it with (the env file `kiosk setup`
wrote): the hall's URL and token, the clock against the hall's, and each device it drives.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from kiosk.doctor import checks
from kiosk.doctor.checks import Finding
from kiosk.doctor.report import as_json, overall, table


def hall(args: argparse.Namespace) -> list[Finding]:
    found, config = checks.hall_config(Path(args.config))
    db = Path(args.db)
    found += checks.disk(db)
    found += checks.database(db)
    if config is not None and getattr(config, "central", None) is not None:
        found += checks.sync_backlog(db)
    return found


def central(args: argparse.Namespace) -> list[Finding]:
    from kiosk.config.central import load_central_config
    from kiosk.config.toml import ConfigError

    try:
        load_central_config(Path(args.config))
        found = [checks.ok("config", f"配置文件正确: {args.config}", f"config is valid: {args.config}")]
    except ConfigError as exc:
        found = [checks.fail("config", f"配置文件有误: {exc}", f"the config is broken: {exc}")]
    except OSError as exc:
        found = [checks.fail("config", f"无法读取配置文件: {exc.strerror}", f"cannot read the config: {exc.strerror}")]
    if args.db and "://" not in args.db:
        found += checks.disk(Path(args.db))
    return found


def terminal_options(env_file: Path) -> tuple[str, argparse.Namespace]:
    """The app and its parsed options from the env file `kiosk setup` wrote."""
    from kiosk.cli import build_parser

    values: dict[str, str] = {}
    for line in env_file.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    app = values.get("MASHANG_APP", "")
    parsed = build_parser().parse_args([app, *shlex.split(values.get("MASHANG_ARGS", ""))])
    return app, parsed


def terminal(args: argparse.Namespace) -> list[Finding]:
    env_file = Path(args.env_file)
    try:
        app, opts = terminal_options(env_file)
    except OSError as exc:
        return [checks.fail("config", f"无法读取 {env_file}: {exc.strerror}(先运行 kiosk setup)",
                            f"cannot read {env_file}: {exc.strerror} (run kiosk setup first)")]
    except SystemExit:
        return [checks.fail("config", f"{env_file} 中的参数有误(见上),请重新运行 kiosk setup",
                            f"the options in {env_file} are wrong (see above); run kiosk setup again")]
    found = [checks.ok("config", f"终端类型: {app}", f"terminal app: {app}")]
    found += checks.hall_link(opts.hall, opts.token, max_skew_s=args.max_skew)
    if getattr(opts, "printer", None) and not opts.printer.startswith("sim:"):
        found += checks.printer(opts.printer, test_print=args.test_print)
    if getattr(opts, "reader", None) and not opts.reader.startswith("sim:"):
        found += checks.card_reader(opts.reader)
    bus_port = getattr(opts, "bus", None) or getattr(opts, "strip_bus", None)
    if bus_port:
        addresses = [a for a in (getattr(opts, "pad_address", None), getattr(opts, "screen_address", None),
                                 getattr(opts, "strip_address", None) if getattr(opts, "strip_bus", None) else None)
                     if a is not None]
        found += checks.bus(bus_port, addresses)
    if app in ("ticket", "display") and not getattr(opts, "no_voice", False):
        found += checks.voice()
    found += checks.disk(Path("/var/lib/mashang") if Path("/var/lib/mashang").exists() else Path.cwd())
    return found


ROLES = {"hall": hall, "central": central, "terminal": terminal}


def run(args: argparse.Namespace) -> int:
    findings = ROLES[args.role](args)
    print(as_json(findings) if args.json else table(findings))
    return 1 if overall(findings) == checks.Verdict.FAIL else 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check this machine for its role (config, hall, devices, disk, database)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("role", choices=tuple(ROLES))
    p.add_argument("--config", default="/etc/mashang/hall.toml", help="hall or central config (TOML)")
    p.add_argument("--db", default="/var/lib/mashang/hall.db", help="database file")
    p.add_argument("--env-file", default="/etc/mashang/terminal.env", help="a terminal's settings")
    p.add_argument("--test-print", action="store_true", help="print a test ticket when the printer is ready")
    p.add_argument("--max-skew", type=float, default=2.0, metavar="S", help="allowed clock difference (2 s)")
    p.add_argument("--json", action="store_true", help="JSON instead of the table (for the console)")
    p.set_defaults(func=run)


