"""`kiosk demo`'s scripted morning runs end to end against a real hall node."""

import subprocess
import sys

import pytest

from tests.helpers.hall import ROOT

pytestmark = pytest.mark.integration


def test_scripted_morning_completes_and_summarises(tmp_path):
    r = subprocess.run([sys.executable, "-m", "kiosk", "demo", "--script", "--screenshots", str(tmp_path)],
                       cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    assert "过号 no-show: C001" in out
    assert "转办 transfer: C002 社保业务 → 医保业务" in out
    assert "重复取号被拒绝" in out
    assert "事件链校验 / event chain check: 完好 intact" in out
    # the summary counts what happened: 12 tickets, 9 done and rated, one 不满意 with a reason
    assert "取号 issued: 12   办结 done: 9" in out
    assert "原因: 等候时间长" in out
    # names and ID numbers appear only masked
    assert "林建国" not in out and "林**" in out
    assert "350102197803141131" not in out
