"""Window screen and hall strip: texts and payloads they send."""

import pytest

from drivers.bus.frame import Cmd
from drivers.bus.payloads import TextEncodingError, decode_strings
from drivers.bus.screen import HallStrip, WindowScreen, call_text
from drivers.errors import DeviceError
from tests.helpers.bus import FakeBus


def sent_texts(bus):
    return [(p[0], p[1], decode_strings(p[2:])[0]) for a, c, p in bus.sent if c == Cmd.SCREEN_TEXT]


def test_window_screen_texts():
    bus = FakeBus()
    screen = WindowScreen(bus, 11, window=3)
    screen.show_call("A012").result()
    screen.show_idle().result()
    screen.show_paused("暂停服务 稍候").result()
    screen.set_brightness(15).result()
    assert sent_texts(bus) == [(0, 2, "请 A012 号到 3 号窗口"), (0, 0, "欢迎光临"), (0, 0, "暂停服务 稍候")]
    assert bus.sent[-1] == (11, Cmd.BRIGHTNESS, b"\x0f")
    with pytest.raises(DeviceError):
        screen.set_brightness(16)


def test_strict_screen_refuses_non_gbk_before_sending():
    bus = FakeBus()
    screen = WindowScreen(bus, 12, text_errors="strict")
    with pytest.raises(TextEncodingError):
        screen.show_idle("🙂")
    assert bus.sent == []


def test_strip_newest_first_and_fits_255_bytes():
    bus = FakeBus()
    strip = HallStrip(bus, 30, keep=3)
    for i in range(5):
        strip.add_call(f"A{i:03d}", i + 1).result()
    text = sent_texts(bus)[-1][2]
    assert text.startswith(call_text("A004", 5)) and "A001" not in text
    assert sent_texts(bus)[-1][1] == 1  # scrolling
    fitted = strip.compose([("A1", 1), ("A2", 2)], "通知" * 57)  # the oldest call must go
    assert len(fitted.encode("gbk")) <= 255
    assert fitted.startswith("请 A1") and "A2" not in fitted and fitted.endswith("通知")
