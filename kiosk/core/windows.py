"""Service windows (窗口): a number, a name, the services it serves in order (a comprehensive
window 综合窗口 serves many), and its state through the day."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class WindowState(enum.StrEnum):
    OPEN = "open"
    PAUSED = "paused"
    SIGNED_OFF = "signed_off"


WINDOW_STATE_ZH = {WindowState.OPEN: "办理中", WindowState.PAUSED: "暂停服务",
                   WindowState.SIGNED_OFF: "未签到"}


@dataclass(frozen=True)
class Window:
    number: int
    name: str
    services: tuple[str, ...]
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    @property
    def label(self) -> str:
        return f"{self.number}号窗口"
