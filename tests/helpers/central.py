"""A real `kiosk central` process for tests, and hall configs that sync to it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers.hall import TEST_CONFIG
from tests.helpers.net import free_port, wait_port

ROOT = Path(__file__).resolve().parents[2]
HALL_SECRET = "test-hall-secret-0123456789"
OPERATOR_TOKEN = "test-operator-token-0123456789"
OPERATOR = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}

CENTRAL_CONFIG = f"""
[[origins]]
id = "test-hall"
name = "测试政务服务大厅"
secret = "{HALL_SECRET}"

[[origins]]
id = "community-1"
secret = "community-1-secret-0123456789"

[[operators]]
name = "tests"
token = "{OPERATOR_TOKEN}"
"""


def hall_config_with_central(url: str, batch_size: int = 50, interval: float = 0.2) -> str:
    return TEST_CONFIG + f"""
[central]
url = "{url}"
secret = "{HALL_SECRET}"
push_interval_seconds = {interval}
batch_size = {batch_size}
"""


class CentralProcess:
    """`python -m kiosk central` on a free loopback port, over a SQLite file or a PostgreSQL URL."""

    def __init__(self, tmp: Path, db: str, config_text: str = CENTRAL_CONFIG, port: int | None = None) -> None:
        self.tmp = tmp
        self.config = tmp / "central.toml"
        self.config.write_text(config_text, encoding="utf-8")
        self.db = db
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = tmp / f"central-{self.port}.log"

    def start(self) -> CentralProcess:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "central", "--config", str(self.config), "--db", self.db,
             "--listen", f"127.0.0.1:{self.port}"], cwd=ROOT, env=env, stdout=self._logf,
            stderr=subprocess.STDOUT)
        try:
            wait_port(self.port, timeout=30)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"central exited: {self.log.read_text(errors='replace')[-2000:]}")
                try:
                    if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
            raise TimeoutError("central did not become healthy")
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

    def status(self, origin: str = "test-hall") -> dict:
        r = httpx.get(f"{self.url}/api/v1/origins/{origin}/status", headers=OPERATOR, timeout=10)
        r.raise_for_status()
        return r.json()

    def __enter__(self) -> CentralProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):  # type: ignore[no-untyped-def]
    """Bounded polling: the predicate's truthy value, or TimeoutError naming ``what``."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except (httpx.HTTPError, OSError) as exc:
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")
