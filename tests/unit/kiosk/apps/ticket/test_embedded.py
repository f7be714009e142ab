"""The community terminal's own hall node: started on a free port, answers, stopped cleanly."""

import asyncio

import httpx
import pytest

from kiosk.apps.ticket.embedded import EmbeddedHall, EmbeddedHallError, kiosk_token
from tests.helpers.hall import TOKENS, write_config

pytestmark = [pytest.mark.integration]


def test_embedded_hall_runs_and_stops(tmp_path):
    config = write_config(tmp_path)
    hall = EmbeddedHall(config, tmp_path / "c.db").start()
    try:
        assert hall.token == TOKENS["kiosk"]
        assert asyncio.run(_issue(hall.url, hall.token, "social"))["number"].startswith("C")
    finally:
        assert hall.stop() == 0  # SIGTERM: a clean exit
    with pytest.raises(httpx.ConnectError):
        httpx.get(hall.url + "/healthz")


async def _issue(url: str, token: str, service: str) -> dict:
    """A ticket through the kiosk's own typed client (it raises unless the hall issued it)."""
    from kiosk.protocol.client import HallClient

    client = HallClient(url, token)
    try:
        return await client.issue(service)
    finally:
        await client.close()


def test_config_without_kiosk_device_is_refused(tmp_path):
    from tests.helpers.hall import TEST_CONFIG

    text = TEST_CONFIG.replace('role = "kiosk"', 'role = "display"')
    with pytest.raises(EmbeddedHallError) as exc:
        kiosk_token(write_config(tmp_path, text))
    assert "kiosk" in exc.value.en


def test_a_hall_that_cannot_start_is_reported(tmp_path):
    config = write_config(tmp_path)
    bad_db = tmp_path / "a-directory"
    bad_db.mkdir()  # SQLite cannot open a directory: the child exits at start
    hall = EmbeddedHall(config, bad_db, log_file=tmp_path / "hall.log")
    with pytest.raises(EmbeddedHallError) as exc:
        hall.start(timeout=20)
    assert "hall.log" in exc.value.en
    assert hall.proc is not None and hall.proc.poll() is not None


def test_hall_node_goes_when_the_kiosk_is_killed(tmp_path):
    """kill -9 of the kiosk must not leave an orphaned hall node holding the port and the db."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.helpers.hall import ROOT

    config = write_config(tmp_path)
    script = (
        "import sys, time\n"
        "from kiosk.apps.ticket.embedded import EmbeddedHall\n"
        f"h = EmbeddedHall({str(config)!r}, {str(tmp_path / 'c.db')!r}).start()\n"
        "print(h.proc.pid, h.port, flush=True)\n"
        "time.sleep(120)\n")
    kiosk = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        pid, port = map(int, kiosk.stdout.readline().split())
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait(10)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            # reap it if it is a zombie of ours (it is not: its parent was the killed kiosk)
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError("the hall node outlived its kiosk")
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
        kiosk.stdout.close()
