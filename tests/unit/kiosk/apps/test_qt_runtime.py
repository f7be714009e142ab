"""The Qt binding must not corrupt the interpreter. PySide6 6.12.0 on Python 3.11 drops a
reference to None on every signal delivered to Python and aborts the process after a few
thousand: minutes into a busy hall. This guards the pinned version."""

import subprocess
import sys

PROBE = r"""
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
app = QCoreApplication([])
class Probe(QObject):
    fired = Signal(int)
    @Slot(int)
    def on(self, value):
        return None
p = Probe()
p.fired.connect(p.on)
p.fired.connect(lambda v: None)
before = [sys.getrefcount(x) for x in (None, True, False)]
for i in range(20000):
    p.fired.emit(i)
after = [sys.getrefcount(x) for x in (None, True, False)]
print(max(abs(a - b) for a, b in zip(after, before)))
"""


def test_signals_into_python_leave_singletons_alone():
    r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert int(r.stdout.strip()) < 100  # a leak per call would show 20,000


def test_a_touch_terminal_hides_the_pointer(qapp, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from kiosk.apps.runtime import application

    monkeypatch.setenv("MASHANG_HIDE_CURSOR", "1")
    try:
        application()
        cursor = QGuiApplication.overrideCursor()
        assert cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor
    finally:
        while QGuiApplication.overrideCursor() is not None:
            QGuiApplication.restoreOverrideCursor()
