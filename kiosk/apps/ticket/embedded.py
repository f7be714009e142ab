"""Community terminal: a hall node of its own, as a child process on this machine.

``kiosk ticket --embedded-hall --config FILE --db FILE`` starts ``python -m kiosk hall`` on a
free loopback port, waits until it answers, points the kiosk at it with the config's kiosk
token, and stops it (SIGTERM, then SIGKILL) when the kiosk exits. The hall node keeps its own
durability guarantees: a ticket it acknowledged survives the kiosk and the box.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger("kiosk.apps.ticket.embedded")


class EmbeddedHallError(RuntimeError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def kiosk_token(config_path: str | Path) -> str:
    """The token of the first ``role = "kiosk"`` device in the hall config."""
    from kiosk.config.hall import load_config

    config = load_config(config_path)
    for device in config.devices:
        if device.role == "kiosk":
            return device.token
    raise EmbeddedHallError("配置中没有取号机设备(role = \"kiosk\")",
                            'the hall config has no kiosk device (role = "kiosk")')


class EmbeddedHall:
    def __init__(self, config: str | Path, db: str | Path, *, port: int | None = None,
                 log_file: str | Path | None = None) -> None:
        self.config, self.db = Path(config), Path(db)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_file = Path(log_file) if log_file else self.db.with_suffix(".hall.log")
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None

    def start(self, timeout: float = 30.0) -> EmbeddedHall:
        self.token = kiosk_token(self.config)
        self._log = open(self.log_file, "ab")
        cmd = [sys.executable, "-m", "kiosk", "hall", "--config", str(self.config), "--db", str(self.db),
               "--listen", f"127.0.0.1:{self.port}"]
        root = Path(__file__).resolve().parents[3]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, env=env,
                                     preexec_fn=_die_with_parent)
        log.info("embedded hall node starting on %s (pid %d, log %s)", self.url, self.proc.pid, self.log_file)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                raise EmbeddedHallError(f"内置大厅服务启动失败,详见 {self.log_file}",
                                        f"the embedded hall node exited at start; see {self.log_file}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.1)
        self.stop()
        raise EmbeddedHallError("内置大厅服务启动超时", "the embedded hall node did not start in time")

    def stop(self, timeout: float = 10.0) -> int | None:
        code = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = self.proc.wait(5)
        elif self.proc is not None:
            code = self.proc.returncode
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
            self._log = None
        return code

    def __enter__(self) -> EmbeddedHall:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the kiosk process dies, even by
    kill -9, so a community terminal never leaves an orphaned hall node holding its port and
    database. SIGTERM is a clean stop; acknowledged tickets are already on disk."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1  # the kernel's name for it
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the kiosk's own stop() still ends the node on a normal exit
