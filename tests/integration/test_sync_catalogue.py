"""The catalogue authored centrally reaches a real hall, is refused when invalid for that hall,
and survives a restart with the central server down."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.central import OPERATOR, ROOT, CentralProcess, hall_config_with_central, wait_for
from tests.helpers.hall import HallProcess, auth

pytestmark = pytest.mark.integration

CATALOGUE = """
[schedules]
always = { weekdays = ["00:00-24:00"], weekend = ["00:00-24:00"] }

[[categories]]
name = "公安"

[[services]]
code = "social"
name = "社保业务"
prefix = "C"
hours = "always"

[[services]]
code = "passport"
name = "出入境"
prefix = "P"
category = "公安"
hours = "always"

[[windows]]
number = 1
services = ["social", "passport"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[windows]]
number = 2
services = ["social"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[windows]]
number = 3
services = ["passport"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[windows]]
number = 9
services = ["passport"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
"""


def status(hall: HallProcess) -> dict:
    return httpx.get(hall.url + "/api/v1/sync/status", headers=auth("admin"), timeout=5).json()


def services(hall: HallProcess) -> set[str]:
    r = httpx.get(hall.url + "/api/v1/services", headers=auth("kiosk"), timeout=5)
    return {s["code"] for s in r.json()["services"]}


def test_catalogue_published_by_cli_and_api_flows_down(tmp_path: Path) -> None:
    db = str(tmp_path / "central.db")
    cat = tmp_path / "catalogue.toml"
    cat.write_text(CATALOGUE, encoding="utf-8")
    with CentralProcess(tmp_path, db) as central:
        out = subprocess.run([sys.executable, "-m", "kiosk", "central", "publish-catalogue", "--db", db,
                              "--config", str(central.config), "--hall", "test-hall", str(cat)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "v1" in out.stdout, out.stderr
        hall = HallProcess(tmp_path, hall_config_with_central(central.url, interval=0.1))
        try:
            hall.start()
            wait_for(lambda: status(hall)["config_version"] == 1, 20, "catalogue v1 applied")
            assert services(hall) == {"social", "passport"}
            r = httpx.post(hall.url + "/api/v1/tickets", json={"service": "passport"}, headers=auth("kiosk"))
            assert r.status_code == 201 and r.json()["number"] == "P001"
            windows = httpx.get(hall.url + "/api/v1/windows", headers=auth("admin")).json()
            assert [w["number"] for w in windows] == [1, 2, 3, 9]

            # Valid for the city, invalid for this hall: window 3 has a local counter device.
            bad = CATALOGUE.replace("number = 3\n", "number = 4\n")
            r = httpx.put(central.url + "/api/v1/halls/test-hall/catalogue", content=bad.encode(), headers=OPERATOR)
            assert r.status_code == 201 and r.json()["version"] == 2
            s = wait_for(lambda: (s := status(hall))["config_error"] and s, 20, "v2 rejected")
            assert s["config_version"] == 1 and "window 3" in s["config_error"]["message_en"]
            assert services(hall) == {"social", "passport"}
        finally:
            hall.kill()
    # Central gone: the hall restarts on its last good catalogue.
    hall = HallProcess(tmp_path, hall_config_with_central("http://127.0.0.1:9", interval=0.1),
                       db=tmp_path / "hall.db")
    with hall:
        assert status(hall)["config_version"] == 1
        assert services(hall) == {"social", "passport"}


def test_cli_refuses_a_broken_catalogue_and_config(tmp_path: Path) -> None:
    cat = tmp_path / "bad.toml"
    cat.write_text(CATALOGUE.replace('prefix = "P"', 'prefix = "p1"'), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kiosk", "central", "publish-catalogue", "--db",
                          str(tmp_path / "c.db"), "--hall", "test-hall", str(cat)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and f"{cat}:" in out.stderr and "capital letters" in out.stderr
    bad = tmp_path / "central.toml"
    bad.write_text('[[origins]]\nid = "x"\nsecret = "short"\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "kiosk", "central", "--config", str(bad), "--db",
                          str(tmp_path / "c.db")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and f"{bad}:3" in out.stderr and "密钥" in out.stderr
