"""Window LED screens (窗口屏) and the hall LED strip (大厅条屏) on the hall bus.

Both take text as GBK strings (see :mod:`drivers.bus.payloads` for what happens to characters
outside GBK). Every method hands its work to the bus I/O thread and returns a future that is
resolved when the device acknowledged (06) or failed (NoReply, DeviceNak...).
"""

from __future__ import annotations

import concurrent.futures
import time
from collections import deque
from collections.abc import Iterable

from drivers.bus.frame import Cmd
from drivers.bus.master import PING_INTERVAL, HallBus
from drivers.bus.payloads import (
    MAX_BRIGHTNESS,
    MAX_STRING_BYTES,
    Effect,
    encode_screen_text,
    encode_text,
)
from drivers.errors import DeviceError

CALL_TEMPLATE = "请 {ticket} 号到 {window} 号窗口"
IDLE_TEXT = "欢迎光临"
PAUSED_TEXT = "暂停服务"


def call_text(ticket: str, window: str | int, template: str = CALL_TEMPLATE) -> str:
    return template.format(ticket=ticket, window=window)


class _ScreenBase:
    kind = "screen"

    def __init__(self, bus: HallBus, address: int, *, name: str, text_errors: str = "replace") -> None:
        self.bus = bus
        self.address = address
        self.name = name
        self.text_errors = text_errors
        self._last_ok = 0.0
        bus.attach(self)

    def offline_message(self) -> tuple[str, str]:
        return (f"屏幕离线 (地址 {self.address})", f"screen offline (address {self.address})")

    def service(self, now: float) -> None:
        """Screens are not polled; a PING now and then keeps their health current."""
        if now - self._last_ok >= PING_INTERVAL:
            self.bus.command(self.address, Cmd.PING, retries=1)
            self._last_ok = now

    def _send(self, cmd: Cmd, payload: bytes = b"") -> None:
        try:
            self.bus.command(self.address, cmd, payload)
        except DeviceError:
            self._last_ok = 0.0  # probe again on the next poll
            raise
        self._last_ok = time.monotonic()

    def text(self, text: str, *, line: int = 0, effect: Effect = Effect.STATIC,
             errors: str | None = None) -> concurrent.futures.Future[None]:
        # Encode now, on the caller's thread, so a bad string fails before it is queued.
        payload = encode_screen_text(line, effect, text, errors=errors or self.text_errors)
        return self.bus.submit(lambda: self._send(Cmd.SCREEN_TEXT, payload))

    def clear(self) -> concurrent.futures.Future[None]:
        return self.bus.submit(lambda: self._send(Cmd.SCREEN_CLEAR))

    def set_brightness(self, level: int) -> concurrent.futures.Future[None]:
        if not isinstance(level, int) or not 0 <= level <= MAX_BRIGHTNESS:
            raise DeviceError(f"亮度须在 0–{MAX_BRIGHTNESS} 之间: {level!r}",
                              f"brightness must be 0-{MAX_BRIGHTNESS}: {level!r}", code="bad_parameter")
        return self.bus.submit(lambda: self._send(Cmd.BRIGHTNESS, bytes((level,))))


class WindowScreen(_ScreenBase):
    kind = "window_screen"

    def __init__(self, bus: HallBus, address: int, *, window: str | int | None = None,
                 name: str | None = None, template: str = CALL_TEMPLATE,
                 call_effect: Effect = Effect.BLINK, text_errors: str = "replace") -> None:
        self.window = str(window if window is not None else address)
        self.template = template
        self.call_effect = call_effect
        super().__init__(bus, address, name=name or f"window-{self.window}-screen", text_errors=text_errors)

    def offline_message(self) -> tuple[str, str]:
        return (f"{self.window}号窗口屏离线 (地址 {self.address})",
                f"window {self.window} LED screen offline (address {self.address})")

    def show_call(self, ticket: str, window: str | int | None = None) -> concurrent.futures.Future[None]:
        """"请 A012 号到 3 号窗口"."""
        return self.text(call_text(ticket, self.window if window is None else window, self.template),
                         effect=self.call_effect)

    def show_idle(self, text: str = IDLE_TEXT) -> concurrent.futures.Future[None]:
        return self.text(text)

    def show_paused(self, text: str = PAUSED_TEXT) -> concurrent.futures.Future[None]:
        return self.text(text)


class HallStrip(_ScreenBase):
    """Scrolling strip: the latest calls (newest first) followed by a notice."""

    kind = "hall_strip"
    separator = "    "

    def __init__(self, bus: HallBus, address: int, *, name: str | None = None,
                 keep: int = 5, template: str = CALL_TEMPLATE, text_errors: str = "replace") -> None:
        self.keep = keep
        self.template = template
        self.notice = ""
        self._calls: deque[str] = deque(maxlen=keep)
        super().__init__(bus, address, name=name or f"hall-strip-{address}", text_errors=text_errors)

    def offline_message(self) -> tuple[str, str]:
        return (f"大厅条屏离线 (地址 {self.address})", f"hall LED strip offline (address {self.address})")

    def compose(self, calls: Iterable[str | tuple[str, str | int]], notice: str = "") -> str:
        """Newest-first calls then the notice, dropping the oldest calls until it fits 255 bytes."""
        texts = [c if isinstance(c, str) else call_text(c[0], c[1], self.template) for c in calls]
        texts = texts[: self.keep]
        while True:
            text = self.separator.join([*texts, notice] if notice else texts)
            if not texts or len(encode_text(text, errors="replace")) <= MAX_STRING_BYTES:
                return text
            texts.pop()

    def show_calls(self, calls: Iterable[str | tuple[str, str | int]],
                   notice: str | None = None) -> concurrent.futures.Future[None]:
        if notice is not None:
            self.notice = notice
        return self.text(self.compose(calls, self.notice), effect=Effect.SCROLL)

    def add_call(self, ticket: str, window: str | int) -> concurrent.futures.Future[None]:
        self._calls.appendleft(call_text(ticket, window, self.template))
        return self.show_calls(list(self._calls))

    def show_notice(self, text: str) -> concurrent.futures.Future[None]:
        return self.show_calls(list(self._calls), notice=text)
