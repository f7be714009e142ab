"""A real terminal app under a systemd-like notify socket: READY=1 once its screen is up, then
WATCHDOG=1 pings from the Qt loop (what the terminal unit's WatchdogSec relies on)."""

import os
import socket
import subprocess
import sys

import pytest

from tests.helpers.hall import ROOT, TOKENS, HallProcess

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("app", ["display", "ticket"])
def test_the_app_says_ready_and_keeps_pinging(tmp_path, app):
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(30)
    with HallProcess(tmp_path) as hall, sock:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000",
               "WATCHDOG_PID": "1", "MASHANG_WATCHDOG_ANY_PID": "1"}
        token = TOKENS["display"] if app == "display" else TOKENS["kiosk"]
        args = ["--no-voice", "--windowed"] + (["--printer", "sim:wd-printer"] if app == "ticket" else [])
        log = open(tmp_path / f"{app}.log", "wb")
        proc = subprocess.Popen([sys.executable, "-m", "kiosk", app, "--hall", hall.url, "--token", token, *args],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            assert sock.recv(64) == b"READY=1"
            assert sock.recv(64) == b"WATCHDOG=1"
            assert sock.recv(64) == b"WATCHDOG=1"
        finally:
            proc.terminate()
            proc.wait(timeout=20)
            log.close()
