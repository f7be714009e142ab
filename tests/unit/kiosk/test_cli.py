import subprocess
import sys

from tests.helpers.hall import ROOT


def test_kiosk_help_lists_the_subcommands():
    r = subprocess.run([sys.executable, "-m", "kiosk", "--help"], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0
    for name in ("hall", "ticket", "counter", "pad", "display", "central", "demo", "devices", "build-resources"):
        assert f"    {name}" in r.stdout, name


def test_devices_help_lists_installer_commands():
    r = subprocess.run([sys.executable, "-m", "kiosk", "devices", "--help"], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0
    for name in ("print-test", "render-escpos", "read-card", "bus-scan", "pad-listen", "screen-text", "announce"):
        assert name in r.stdout, name
