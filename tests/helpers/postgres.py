"""A throwaway PostgreSQL server for tests and benchmarks: installed if missing (Debian's
``postgresql`` package, as root), initialised in a temp dir, started on a free port, stopped at
exit. One server per test process; each caller gets its own fresh database."""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.helpers.net import free_port

_server: PostgresServer | None = None
_unavailable: str | None = None


def find_bindir() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists() and Path(candidate, "pg_ctl").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def install_if_missing() -> Path | None:
    bindir = find_bindir()
    if bindir is not None or os.geteuid() != 0 or not shutil.which("apt-get"):
        return bindir
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"],
                ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", "postgresql"]):
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600, check=False)
        bindir = find_bindir()
        if bindir is not None:
            return bindir
    return None


class PostgresServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.user = "postgres"

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:  # PostgreSQL refuses to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)

    def start(self) -> PostgresServer:
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self.data.mkdir()
        if self.as_root:
            shutil.chown(self.data, "postgres", "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust",
                  "-E", "UTF8", "--no-locale")
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on "
                "-c max_connections=200 -c shared_buffers=128MB")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l",
                  str(self.root / "server.log"), "-w", "-t", "60", "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def postgres_server() -> PostgresServer | None:
    """The process-wide server, started on first use; None (see ``unavailable_reason``) when
    PostgreSQL cannot be installed on this machine."""
    global _server, _unavailable
    if _server is not None or _unavailable is not None:
        return _server
    bindir = install_if_missing()
    if bindir is None:
        _unavailable = ("PostgreSQL binaries (initdb, pg_ctl) not found and could not be installed "
                        "(needs root and apt-get: apt-get install postgresql)")
        return None
    try:
        _server = PostgresServer(bindir).start()
    except (subprocess.SubprocessError, OSError) as exc:
        out = getattr(exc, "output", b"") or b""
        _unavailable = f"PostgreSQL failed to start: {exc} {out.decode(errors='replace')[-500:]}"
        return None
    atexit.register(_server.stop)
    return _server


def unavailable_reason() -> str:
    return _unavailable or "PostgreSQL unavailable"


def new_postgres_url() -> str | None:
    server = postgres_server()
    return server.new_database() if server else None
