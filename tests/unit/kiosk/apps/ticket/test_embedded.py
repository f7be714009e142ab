"""The community terminal's own hall node: started on a free port, answers, stopped cleanly."""

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
        r = httpx.post(hall.url + "/api/v1/tickets", json={"service": "social"},
                       headers={"Authorization": f"Bearer {hall.token}"})
        assert r.status_code == 201
    finally:
        assert hall.stop() == 0  # SIGTERM: a clean exit
    with pytest.raises(httpx.ConnectError):
        httpx.get(hall.url + "/healthz")


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
