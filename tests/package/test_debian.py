"""The Debian packages, built from a clean clone of the committed tree, checked by lintian and
systemd-analyze, and installed into a fresh Debian 12 root (debootstrap) where the hall's unit
command serves /healthz and the terminal tools work. Slow (minutes) and root-only: `make
package-test` runs it; `make test` leaves it out.

MASHANG_DEB_DIR=<dir with built .debs> reuses a build; MASHANG_DEBOOTSTRAP=<tarball> reuses a
base root (made by debootstrap --make-tarball or tar of a fresh root)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.process import ROOT

# lintian over a 700 MB venv and debootstrap take minutes, past the suite's 120 s default
pytestmark = [pytest.mark.package, pytest.mark.slow, pytest.mark.timeout(2400)]

if os.geteuid() != 0 or not shutil.which("dpkg-buildpackage") or not shutil.which("debootstrap"):
    pytest.skip("needs root, dpkg-buildpackage and debootstrap (make package-test installs them)",
                allow_module_level=True)

ROLES = ("mashang", "mashang-hall", "mashang-central", "mashang-terminal", "mashang-kiosk",
         "mashang-counter", "mashang-pad", "mashang-display")


def run(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def debs(tmp_path_factory) -> dict[str, Path]:
    given = os.environ.get("MASHANG_DEB_DIR")
    if given:
        out = Path(given)
    else:
        work = tmp_path_factory.mktemp("deb")
        run(["git", "clone", "-q", str(ROOT), str(work / "mashang")])
        done = run(["dpkg-buildpackage", "-us", "-uc", "-b"], cwd=work / "mashang", check=False, timeout=1800)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        out = work
    found = {p.name.split("_")[0]: p for p in out.glob("*.deb")}
    assert set(ROLES) <= set(found), sorted(found)
    return found


@pytest.fixture(scope="module")
def root(tmp_path_factory, debs):
    base = tmp_path_factory.mktemp("root") / "bookworm"
    tarball = os.environ.get("MASHANG_DEBOOTSTRAP")
    if tarball and Path(tarball).exists():
        base.mkdir()
        run(["tar", "-xf", tarball, "-C", str(base)])
    else:
        run(["debootstrap", "--variant=minbase", "bookworm", str(base), "http://deb.debian.org/debian"],
            timeout=1200)
    (base / "usr/sbin/policy-rc.d").write_text("#!/bin/sh\nexit 101\n")  # no service starts in a chroot
    (base / "usr/sbin/policy-rc.d").chmod(0o755)
    for name in ("mashang", "mashang-hall", "mashang-terminal", "mashang-kiosk"):
        shutil.copy(debs[name], base / "tmp")
    run(["mount", "--bind", "/proc", str(base / "proc")])
    try:
        debs_in_root = " ".join(f"/tmp/{debs[n].name}" for n in ("mashang", "mashang-hall", "mashang-terminal",
                                                                "mashang-kiosk"))
        done = chroot(base, "export DEBIAN_FRONTEND=noninteractive; apt-get update -q && "
                            f"apt-get install -y -q --no-install-recommends {debs_in_root}", check=False, timeout=1200)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        yield base
    finally:
        subprocess.run(["umount", "-l", str(base / "proc")], check=False)


def chroot(base: Path, script: str, **kw):
    return run(["chroot", str(base), "sh", "-c", script], **kw)


def test_lintian_is_clean(debs):
    done = run(["lintian", "--fail-on", "error,warning",
                *map(str, debs.values())], check=False, timeout=1800)
    problems = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert done.returncode == 0 and not problems, "\n".join(problems[:40])


def test_every_unit_verifies(root):
    units = ["mashang-hall.service", "mashang-hall-backup.service", "mashang-hall-backup.timer",
             "mashang-kiosk.service"]
    done = run(["systemd-analyze", "verify", f"--root={root}", *units], check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_account_and_the_terminal_pieces_are_installed(root):
    groups = chroot(root, "id -nG mashang").stdout.split()
    assert {"mashang", "dialout", "plugdev", "input"} <= set(groups)
    assert (root / "usr/lib/udev/rules.d/60-mashang-serial.rules").exists()
    assert (root / "etc/pam.d/mashang-terminal").exists()
    assert "local stratum" in (root / "etc/chrony/conf.d/mashang-hall.conf").read_text()  # time for terminals
    assert (root / "etc/systemd/system/multi-user.target.wants/mashang-kiosk.service").is_symlink()
    assert (root / "etc/systemd/system/multi-user.target.wants/mashang-hall.service").is_symlink()
    done = chroot(root, "MASHANG_APP=ticket MASHANG_ROTATE=45 /usr/lib/mashang/terminal-session", check=False)
    assert done.returncode == 64 and "MASHANG_ROTATE" in done.stderr


def test_the_hall_unit_command_serves_healthz(root):
    unit = (root / "lib/systemd/system/mashang-hall.service").read_text()
    exec_start = next(line.split("=", 1)[1] for line in unit.splitlines() if line.startswith("ExecStart="))
    chroot(root, "cp /usr/share/mashang/resources/config/hall.toml /etc/mashang/hall.toml && "
                 "install -d -o mashang -g mashang -m 0750 /var/lib/mashang")
    cmd = exec_start.replace("0.0.0.0:8470", "127.0.0.1:18471")
    proc = subprocess.Popen(["chroot", str(root), "su", "-s", "/bin/sh", "mashang", "-c", f"umask 0077; exec {cmd}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        body = b""
        for _ in range(60):
            try:
                body = urllib.request.urlopen("http://127.0.0.1:18471/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.5)
        assert b'"ok":true' in body
        modes = {p.name: p.stat().st_mode & 0o777 for p in (root / "var/lib/mashang").iterdir()}
        assert modes and all(m == 0o600 for m in modes.values()), modes
    finally:
        proc.terminate()
        proc.communicate(timeout=20)  # reaps it and closes its pipe
    done = chroot(root, "kiosk doctor hall --json", check=False)
    assert '"db.chain"' in done.stdout and '"verdict": "ok"' in done.stdout


def test_kiosk_setup_writes_a_setting_the_unit_reads(root):
    chroot(root, "kiosk setup ticket --hall http://10.0.0.2:8470 --token t0k3n --rotate 90 "
                 + shlex.quote("--app-options=--printer usb://0416:5011"))
    env = (root / "etc/mashang/terminal.env").read_text()
    assert "MASHANG_ROTATE=90" in env and "--printer usb://0416:5011" in env
    assert "EnvironmentFile=/etc/mashang/terminal.env" in (root / "lib/systemd/system/mashang-kiosk.service").read_text()
