"""Where the product's resources are (QML, translations, voice clips, sample configs): the
source tree's resources/ when run from a checkout, or where the Debian package put them
(/usr/share/mashang/resources, named by $MASHANG_RESOURCES, which /usr/bin/kiosk sets)."""

from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    env = os.environ.get("MASHANG_RESOURCES")
    return Path(env) if env else Path(__file__).resolve().parents[1] / "resources"


RESOURCES = resources_dir()
SAMPLE_HALL_CONFIG = RESOURCES / "config" / "hall.toml"
