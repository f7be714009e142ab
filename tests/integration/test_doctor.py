"""`kiosk doctor` against a real hall process, a simulated printer over TCP and a real database
file: each injected fault is caught and named, and a healthy terminal passes."""

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys

import pytest

from drivers.sim.printer import Faults, SimPrinter, TcpLink
from tests.helpers.hall import TOKENS, HallProcess

pytestmark = pytest.mark.integration


def doctor(*args):
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", *args, "--json"],
                          capture_output=True, text=True, timeout=60)
    report = json.loads(done.stdout)
    return done.returncode, {f["check"]: f for f in report["findings"]}


def env_file(tmp_path, app, hall_url, token, extra=""):
    path = tmp_path / "terminal.env"
    path.write_text(f"MASHANG_APP={app}\nMASHANG_ROTATE=0\nMASHANG_ARGS=--hall {hall_url} --token {token} {extra}\n",
                    encoding="utf-8")
    return path


@pytest.fixture
def printer():
    sim = SimPrinter("doctor", paper=80, faults=Faults())
    link = TcpLink(sim, port=0)
    yield sim, f"tcp://127.0.0.1:{link.port}"
    link.stop()


class SkewedHall(HallProcess):
    """A hall whose clock runs a minute ahead of this machine's."""

    def command(self):
        ahead = (dt.datetime.now().astimezone() + dt.timedelta(seconds=60)).isoformat(timespec="seconds")
        return [*super().command(), "--start-time", ahead]


def test_a_healthy_kiosk_passes_and_faults_are_named(tmp_path, printer):
    sim, url = printer
    with HallProcess(tmp_path) as hall:
        rc, found = doctor("terminal", "--env-file",
                           str(env_file(tmp_path, "ticket", hall.url, TOKENS["kiosk"], f"--printer {url} --no-voice")))
        assert rc == 0, found
        assert {k: found[k]["verdict"] for k in ("hall.reachable", "hall.token", "hall.clock", "printer")} == \
            dict.fromkeys(("hall.reachable", "hall.token", "hall.clock", "printer"), "ok")

        rc, found = doctor("terminal", "--env-file",
                           str(env_file(tmp_path, "ticket", hall.url, "wrong-token", f"--printer {url} --no-voice")))
        assert rc == 1 and found["hall.token"]["verdict"] == "fail"

        sim.faults.paper_out = True
        rc, found = doctor("terminal", "--env-file",
                           str(env_file(tmp_path, "ticket", hall.url, TOKENS["kiosk"], f"--printer {url} --no-voice")))
        assert rc == 1 and found["printer"]["verdict"] == "fail" and "纸" in found["printer"]["message_zh"]

    # the hall is gone and the printer unplugged (nothing listens on its port any more)
    rc, found = doctor("terminal", "--env-file",
                       str(env_file(tmp_path, "ticket", hall.url, TOKENS["kiosk"], "--printer tcp://127.0.0.1:9 --no-voice")))
    assert rc == 1 and found["hall.reachable"]["verdict"] == "fail" and found["printer"]["verdict"] == "fail"


def test_clock_skew_is_caught(tmp_path):
    with SkewedHall(tmp_path) as hall:
        rc, found = doctor("terminal", "--env-file", str(env_file(tmp_path, "display", hall.url, TOKENS["display"],
                                                                  "--no-voice")))
    assert rc == 1 and found["hall.clock"]["verdict"] == "fail"
    off = int(re.search(r"clock is (\d+) s off", found["hall.clock"]["message_en"]).group(1))
    assert 55 <= off <= 65


def test_a_broken_event_chain_is_caught(tmp_path):
    with HallProcess(tmp_path) as hall:
        import urllib.request

        for _ in range(3):
            req = urllib.request.Request(hall.url + "/api/v1/tickets", data=b'{"service": "social"}', method="POST",
                                         headers={"Authorization": f"Bearer {TOKENS['kiosk']}",
                                                  "Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=5).read()
    rc, found = doctor("hall", "--config", str(hall.config), "--db", str(hall.db))
    assert found["db.chain"]["verdict"] == "ok" and found["db.integrity"]["verdict"] == "ok"
    # someone edits an event behind the hall's back (the append-only triggers dropped first)
    conn = sqlite3.connect(hall.db)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET payload = replace(payload, 'social', 'tax') WHERE seq = 2")
    conn.commit()
    conn.close()
    rc, found = doctor("hall", "--config", str(hall.config), "--db", str(hall.db))
    assert rc == 1 and found["db.chain"]["verdict"] == "fail" and "seq 2" in found["db.chain"]["message_en"]


def test_a_broken_config_names_file_and_line(tmp_path):
    bad = tmp_path / "hall.toml"
    bad.write_text('[hall]\nid = "x"\nname = \n', encoding="utf-8")
    rc, found = doctor("hall", "--config", str(bad), "--db", str(tmp_path / "none.db"))
    assert rc == 1 and found["config"]["verdict"] == "fail" and "hall.toml" in found["config"]["message_en"]
    assert ":3" in found["config"]["message_en"] or "line 3" in found["config"]["message_en"]


def test_backup_restore_and_verify_commands(tmp_path):
    """The backup unit's command, then restore into a new epoch; verify walks the chain."""
    with HallProcess(tmp_path) as hall:
        import urllib.request

        req = urllib.request.Request(hall.url + "/api/v1/tickets", data=b'{"service": "social"}', method="POST",
                                     headers={"Authorization": f"Bearer {TOKENS['kiosk']}",
                                              "Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=5).read()
        done = subprocess.run([sys.executable, "-m", "kiosk", "hall", "backup", "--db", str(hall.db), "--keep", "2",
                               str(tmp_path / "backups")], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    (copy,) = (tmp_path / "backups").glob("hall-*.db")
    restored = tmp_path / "restored.db"
    done = subprocess.run([sys.executable, "-m", "kiosk", "hall", "restore", "--backup", str(copy), "--db",
                           str(restored)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "new epoch" in done.stdout, done.stderr
    done = subprocess.run([sys.executable, "-m", "kiosk", "hall", "verify", "--db", str(restored)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "event chain intact: 1 events" in done.stdout
