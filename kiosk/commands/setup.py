"""`kiosk setup APP ...`: configure this terminal once (which app, the hall, its token, devices,
screen rotation). Writes /etc/mashang/terminal.env, which the terminal unit reads; the file is
not part of any package, so upgrades keep it.

    kiosk setup ticket --hall http://10.0.0.2:8470 --token T --rotate 90 \
        --app-options="--printer usb://0416:5011 --reader serial:///dev/ttyUSB0"

``--app-options`` are given to the app as they are (``kiosk ticket --help`` lists them) and are
checked by the app's own parser before anything is written.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

APPS = ("ticket", "counter", "pad", "display")
ROTATIONS = ("0", "90", "180", "270")
DEFAULT_ENV = Path("/etc/mashang/terminal.env")
CHRONY_SOURCES = Path("/etc/chrony/sources.d")  # Debian 12's chrony reads *.sources here
_SAFE = re.compile(r"^[A-Za-z0-9_@%+=:,./~\-]+$")  # one word for the session script's word split
_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(:\d{1,5})?/?$")


class SetupError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")


def terminal_env(app: str, hall: str, token: str, rotate: str, extra: list[str]) -> str:
    """The env file's text, after checking every value; raises SetupError."""
    if app not in APPS:
        raise SetupError(f"未知的终端类型 {app}", f"unknown app {app} (one of {', '.join(APPS)})")
    if not _URL.match(hall):
        raise SetupError(f"大厅地址格式错误: {hall}", f"the hall URL should look like http://10.0.0.2:8470, not {hall}")
    if not token or not _SAFE.match(token):
        raise SetupError("设备令牌为空或含有空格、引号", "the device token is empty or holds spaces or quotes")
    if rotate not in ROTATIONS:
        raise SetupError(f"旋转角度只能是 {'/'.join(ROTATIONS)}", f"rotation must be one of {', '.join(ROTATIONS)}")
    for word in extra:
        if not _SAFE.match(word):
            raise SetupError(f"参数含有空格或引号: {word}", f"an option holds spaces or quotes: {word}")
    args = ["--hall", hall, "--token", token, *extra]
    _check_with_app_parser(app, args)
    return (
        "# Written by `kiosk setup`; read by the terminal unit. Kept across upgrades.\n"
        f"MASHANG_APP={app}\n"
        f"MASHANG_ROTATE={rotate}\n"
        f"MASHANG_ARGS={' '.join(args)}\n"
    )


def _check_with_app_parser(app: str, args: list[str]) -> None:
    from kiosk.cli import build_parser

    try:  # argparse prints what is wrong before it exits
        _, unknown = build_parser().parse_known_args([app, *args])
    except SystemExit:
        raise SetupError(f"{app} 的参数有误(见上)", f"bad options for {app} (see above)") from None
    if unknown:
        raise SetupError(f"{app} 不认识这些参数: {' '.join(unknown)}",
                         f"{app} does not know these options: {' '.join(unknown)}")


def write_env(path: Path, text: str) -> None:
    """Atomically, readable by root and the mashang group only (the token is a secret)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".terminal-", suffix=".env")
    try:
        os.fchmod(fd, 0o640)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            import grp

            os.chown(tmp, 0, grp.getgrnam("mashang").gr_gid)
        except (KeyError, PermissionError):
            pass  # no mashang group on a developer's machine: root-only then
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def time_source(hall: str) -> str:
    """A chrony source line for the hall node (it serves time to its terminals)."""
    host = urlsplit(hall).hostname or ""
    return f"# Written by `kiosk setup`: this terminal takes its time from the hall node.\nserver {host} iburst prefer\n"


def run(args: argparse.Namespace) -> int:
    extra = shlex.split(args.app_options)
    try:
        text = terminal_env(args.app, args.hall, args.token, args.rotate, extra)
        write_env(Path(args.env_file), text)
        chrony = Path(args.chrony_dir)
        if chrony.is_dir():
            (chrony / "mashang.sources").write_text(time_source(args.hall), encoding="utf-8")
    except SetupError as exc:
        print(f"设置失败 / setup failed: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"无法写入 {args.env_file} / cannot write it: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"已写入 / written: {args.env_file}\n"
          f"启动 / start: systemctl restart mashang-{'kiosk' if args.app == 'ticket' else args.app}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("setup", help="configure this terminal (app, hall, token, devices, rotation)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("app", choices=APPS)
    p.add_argument("--hall", required=True, help="hall node URL, e.g. http://10.0.0.2:8470")
    p.add_argument("--token", required=True, help="this terminal's device token")
    p.add_argument("--rotate", default="0", help="screen rotation, degrees clockwise: 0, 90, 180, 270")
    p.add_argument("--env-file", default=str(DEFAULT_ENV), help=argparse.SUPPRESS)
    p.add_argument("--chrony-dir", default=str(CHRONY_SOURCES), help=argparse.SUPPRESS)
    p.add_argument("--app-options", default="", metavar="'OPTIONS'",
                   help="the app's own options in one quoted string, e.g. '--printer usb://0416:5011'")
    p.set_defaults(func=run)
