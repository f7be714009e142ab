"""`kiosk demo --headless`: the whole hall offscreen (kiosk GUI, two counters, two pads, the display)
runs its scenario, writes a PNG of each app at its key moments, and says what happened."""

import subprocess
import sys

import pytest

from tests.helpers.hall import ROOT

pytestmark = [pytest.mark.gui, pytest.mark.integration, pytest.mark.slow]


def test_headless_demo_runs_the_whole_hall_and_writes_screenshots(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--headless", "--screenshots", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    out = r.stdout
    assert "取号 issued: 6   办结 done: 4   评价 ratings: 4   满意率 satisfaction: 75.0%" in out
    assert "过号 no-show: C002   转办 transfer: C003 社保业务 → 医保业务" in out
    assert "大厅显示屏 display: 4 ratings on the board" in out
    for name in ("display-1-first-call", "display-2-board", "counter-8-called", "counter-17-recalled",
                 "pad-8-1-rate", "pad-17-2-reasons", "pad-17-2-thanks"):
        png = tmp_path / f"{name}.png"
        assert png.exists() and png.stat().st_size > 10_000, name
    printed = list((tmp_path / "tickets").glob("*.png"))  # the printer simulator's previews
    assert len(printed) == 6
    assert "Traceback" not in r.stderr
