"""A `python -m kiosk ...` server as a real child process on a free loopback port: started and
waited for until /healthz answers, killed with SIGKILL or stopped with SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers.net import free_port, wait_port

ROOT = Path(__file__).resolve().parents[2]


class ServerProcess:
    name = "server"

    def __init__(self, tmp: Path, port: int | None = None) -> None:
        self.tmp = tmp
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @url.setter
    def url(self, value: str) -> None:  # reuse an address, as a restarted server would
        self.port = int(value.rsplit(":", 1)[1])

    @property
    def log(self) -> Path:
        return self.tmp / f"{self.name}-{self.port}.log"

    def command(self) -> list[str]:
        raise NotImplementedError  # each server says how it is started

    def start(self) -> ServerProcess:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._logf = open(self.log, "ab")  # closed in kill()/terminate()
        self.proc = subprocess.Popen([sys.executable, "-m", "kiosk", *self.command(),
                                      "--listen", f"127.0.0.1:{self.port}"],
                                     cwd=ROOT, env=env, stdout=self._logf, stderr=subprocess.STDOUT)
        try:
            wait_port(self.port, timeout=30)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited: {self.log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
            raise TimeoutError(f"{self.name} did not become healthy")
        except BaseException:
            self.kill()
            raise

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(20)
        self._close_log()
        return code

    def _close_log(self) -> None:
        f = getattr(self, "_logf", None)
        if f is not None and not f.closed:
            f.close()

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
