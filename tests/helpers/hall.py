"""A small hall for tests (services open around the clock, so tests pass at any hour) and a
real `kiosk hall` process to run them against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.helpers.process import ROOT, ServerProcess

__all__ = ["ROOT", "TEST_CONFIG", "TOKENS", "FixedClock", "HallProcess", "auth", "write_config"]

TEST_CONFIG = """
[hall]
id = "test-hall"
name = "测试政务服务大厅"

[policy]
normal_per_priority = 2
aging_limit_minutes = 30
no_show_after_recalls = 2

[schedules]
always = { weekdays = ["00:00-24:00"], weekend = ["00:00-24:00"] }

[[services]]
code = "property"
name = "不动产登记"
prefix = "A"
hours = "always"
requires_id = true

[[services]]
code = "social"
name = "社保业务"
prefix = "C"
hours = "always"

[[services]]
code = "tax"
name = "税务"
prefix = "G"
hours = "always"
daily_cap = 3

[[windows]]
number = 1
services = ["property"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[windows]]
number = 2
services = ["social", "property"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[windows]]
number = 3
name = "综合窗口"
services = ["social", "tax"]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

[[devices]]
id = "kiosk-1"
role = "kiosk"
token = "kiosk-token-1"

[[devices]]
id = "counter-1"
role = "counter"
token = "counter-token-1"
window = 1

[[devices]]
id = "counter-2"
role = "counter"
token = "counter-token-2"
window = 2

[[devices]]
id = "counter-3"
role = "counter"
token = "counter-token-3"
window = 3

[[devices]]
id = "pad-1"
role = "pad"
token = "pad-token-1"
window = 1

[[devices]]
id = "pad-2"
role = "pad"
token = "pad-token-2"
window = 2

[[devices]]
id = "display-1"
role = "display"
token = "display-token-1"

[[devices]]
id = "admin"
role = "admin"
token = "admin-token-1"
"""

TOKENS = {
    "kiosk": "kiosk-token-1", "counter1": "counter-token-1", "counter2": "counter-token-2",
    "counter3": "counter-token-3", "pad1": "pad-token-1", "pad2": "pad-token-2",
    "display": "display-token-1", "admin": "admin-token-1",
}

ELDER_ID = "11010519491231002X"  # born 1949-12-31: 70+
YOUNG_ID = "360426199101010071"


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


def write_config(tmp: Path, text: str = TEST_CONFIG) -> Path:
    path = tmp / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


class HallProcess(ServerProcess):
    """`python -m kiosk hall` as a real process on a free loopback port."""

    name = "hall"

    def __init__(self, tmp: Path, config_text: str = TEST_CONFIG, db: Path | None = None,
                 port: int | None = None) -> None:
        super().__init__(tmp, port)
        self.config = write_config(tmp, config_text)
        self.db = db or tmp / "hall.db"

    def command(self) -> list[str]:
        return ["hall", "--config", str(self.config), "--db", str(self.db)]


class FixedClock:
    """A hall clock that stands still until a test moves it (kiosk.hall.clock.Clock's interface)."""

    def __init__(self, now: dt.datetime) -> None:
        self.tz = now.tzinfo
        self._now = now

    def now(self) -> dt.datetime:
        return self._now

    def ts(self) -> float:
        return self._now.timestamp()

    def set(self, now: dt.datetime) -> None:
        self._now = now

    def advance(self, seconds: float) -> None:
        self._now += dt.timedelta(seconds=seconds)
