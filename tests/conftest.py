"""Suite-wide test setup. Area-specific fixtures live in the conftest.py of each folder and in
tests/helpers/."""

from __future__ import annotations

import os

# GUI tests run offscreen unless a display is asked for explicitly.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
