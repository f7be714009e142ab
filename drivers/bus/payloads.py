"""Payload layouts of hall bus v1 (encode and decode), shared by the master and the simulators.

Strings are one length byte followed by GBK bytes (GB2312 is a subset of GBK). Text that GBK
cannot encode either raises :class:`TextEncodingError` (``errors="strict"``) or has each such
character replaced by ``?`` (``errors="replace"``, the default for live screens: a call must
still show when a name holds a rare character). Text longer than 255 bytes is cut at a character
boundary (``replace``) or refused (``strict``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drivers.bus.frame import DEVICE_TYPE_NAMES, DeviceType
from drivers.errors import DeviceError, ProtocolError

ENCODING = "gbk"
MAX_STRING_BYTES = 255
REPLACEMENT = "?"


class TextEncodingError(DeviceError):
    code = "text_not_gbk"


def encode_text(text: str, *, errors: str = "replace") -> bytes:
    """GBK bytes of ``text`` (no length byte); see the module docstring for ``errors``."""
    if errors not in ("strict", "replace"):
        raise ValueError("errors must be 'strict' or 'replace'")
    out = bytearray()
    for ch in text:
        try:
            enc = ch.encode(ENCODING)
        except UnicodeEncodeError:
            if errors == "strict":
                raise TextEncodingError(
                    f"字符 {ch!r} (U+{ord(ch):04X}) 不在 GBK 字符集内, 屏幕无法显示",
                    f"character {ch!r} (U+{ord(ch):04X}) is outside GBK; the screen cannot show it",
                ) from None
            enc = REPLACEMENT.encode()
        out += enc
    return bytes(out)


def encode_string(text: str, *, errors: str = "replace") -> bytes:
    """u8 length + GBK bytes."""
    data = encode_text(text, errors=errors)
    if len(data) > MAX_STRING_BYTES:
        if errors == "strict":
            raise TextEncodingError(
                f"文字过长: {len(data)} 字节, 最多 {MAX_STRING_BYTES} 字节",
                f"text too long: {len(data)} bytes, at most {MAX_STRING_BYTES}",
            )
        data = _cut(data, MAX_STRING_BYTES)
    return bytes((len(data),)) + data


def _cut(data: bytes, limit: int) -> bytes:
    """Cut GBK bytes at ``limit`` without splitting a two-byte character."""
    i = 0
    while i < len(data):
        width = 2 if data[i] >= 0x81 else 1
        if i + width > limit:
            break
        i += width
    return data[:i]


def decode_strings(data: bytes, count: int | None = None) -> list[str]:
    """Read consecutive u8-length strings (all of them, or exactly ``count``)."""
    out: list[str] = []
    i = 0
    while i < len(data) and (count is None or len(out) < count):
        n = data[i]
        if i + 1 + n > len(data):
            raise _bad("字符串长度超出数据", "string length runs past the payload")
        try:
            out.append(data[i + 1 : i + 1 + n].decode(ENCODING))
        except UnicodeDecodeError:
            raise _bad("字符串不是有效的 GBK", "string is not valid GBK") from None
        i += 1 + n
    if count is not None and len(out) != count:
        raise _bad(f"应有 {count} 个字符串", f"expected {count} strings")
    if i != len(data):
        raise _bad("字符串后有多余字节", "extra bytes after the strings")
    return out


def _bad(zh: str, en: str) -> ProtocolError:
    return ProtocolError(f"设备数据格式错误: {zh}", f"malformed device data: {en}")


# -- events -----------------------------------------------------------------------------
KEY_CALL_STAFF = 16
RATING_KEYS = range(1, 6)
REASON_KEYS = range(6, 16)


@dataclass(frozen=True)
class PadEvent:
    event_id: int  # u16, increments by one per key press, wraps at 65535
    key: int  # 1..5 rating, 6..15 reason, 16 call staff


def encode_events(events: list[PadEvent]) -> bytes:
    out = bytearray((len(events),))
    for ev in events:
        out += ev.event_id.to_bytes(2, "big") + bytes((ev.key,))
    return bytes(out)


def decode_events(payload: bytes) -> list[PadEvent]:
    if not payload:
        raise _bad("事件回复为空", "empty events reply")
    count = payload[0]
    if len(payload) != 1 + 3 * count:
        raise _bad(f"事件数 {count} 与长度 {len(payload)} 不符", f"event count {count} does not match length {len(payload)}")
    events = []
    for i in range(count):
        off = 1 + 3 * i
        key = payload[off + 2]
        if not 1 <= key <= KEY_CALL_STAFF:
            raise _bad(f"未知按键 {key}", f"unknown key {key}")
        events.append(PadEvent(int.from_bytes(payload[off : off + 2], "big"), key))
    return events


# -- IDENTIFY ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    device_type: int
    firmware: int  # u16, shown as major.minor (high byte . low byte)
    model: str

    @property
    def type_name(self) -> str:
        try:
            return DEVICE_TYPE_NAMES[DeviceType(self.device_type)]
        except ValueError:
            return f"unknown_{self.device_type}"

    @property
    def firmware_text(self) -> str:
        return f"{self.firmware >> 8}.{self.firmware & 0xFF}"


def encode_identity(ident: Identity) -> bytes:
    return bytes((ident.device_type,)) + ident.firmware.to_bytes(2, "big") + ident.model.encode("ascii")


def decode_identity(payload: bytes) -> Identity:
    if len(payload) < 3:
        raise _bad("IDENTIFY 回复过短", "IDENTIFY reply too short")
    try:
        model = payload[3:].decode("ascii")
    except UnicodeDecodeError:
        raise _bad("型号不是 ASCII", "model is not ASCII") from None
    if not model.isprintable():
        raise _bad("型号含不可打印字符", "model has unprintable characters")
    return Identity(payload[0], int.from_bytes(payload[1:3], "big"), model)


# -- PAD_MODE ---------------------------------------------------------------------------
class PadMode(enum.IntEnum):
    IDLE = 0
    INVITE = 1  # strings: window, staff name, staff number, ticket
    THANKS = 2
    PAUSED = 3  # strings: reason text (may be empty)


PAD_MODE_STRINGS = {PadMode.IDLE: 0, PadMode.INVITE: 4, PadMode.THANKS: 0, PadMode.PAUSED: 1}


def encode_pad_mode(mode: PadMode, strings: tuple[str, ...] = (), *, errors: str = "replace") -> bytes:
    if len(strings) != PAD_MODE_STRINGS[mode]:
        raise ValueError(f"mode {mode.name} takes {PAD_MODE_STRINGS[mode]} strings")
    return bytes((mode,)) + b"".join(encode_string(s, errors=errors) for s in strings)


# -- SCREEN_TEXT ------------------------------------------------------------------------
class Effect(enum.IntEnum):
    STATIC = 0
    SCROLL = 1
    BLINK = 2


def encode_screen_text(line: int, effect: Effect, text: str, *, errors: str = "replace") -> bytes:
    if not 0 <= line <= 255:
        raise ValueError("line is a byte")
    return bytes((line, effect)) + encode_string(text, errors=errors)


MAX_BRIGHTNESS = 15
