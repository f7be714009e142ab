"""An ESC/POS byte stream cut into commands, for the preview renderer and the simulator.

:class:`Tokenizer` is incremental: feed it bytes as they arrive and it returns the commands that
are complete, keeping a partial one for the next feed. Commands it does not know are skipped as
their two prefix bytes (``ESC x``), so garbage never stops it; the length-prefixed families
(``GS ( x``, ``FS ( x``, ``ESC ( x``) are skipped whole by their length.
"""

from __future__ import annotations

from dataclasses import dataclass

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10

MAX_IMAGE_BYTES = 1 << 20

# Commands with a fixed number of parameter bytes after the two command bytes.
FIXED = {
    (ESC, ord("@")): 0, (ESC, ord("E")): 1, (ESC, ord("a")): 1, (ESC, ord("d")): 1,
    (ESC, ord("!")): 1, (ESC, ord("-")): 1, (ESC, ord("J")): 1, (ESC, ord("2")): 0,
    (ESC, ord("3")): 1, (ESC, ord("M")): 1, (ESC, ord("t")): 1, (ESC, ord("R")): 1,
    (ESC, ord("{")): 1, (ESC, ord("G")): 1, (ESC, ord("V")): 1, (ESC, ord(" ")): 1,
    (ESC, ord("$")): 2, (ESC, ord("\\")): 2, (ESC, ord("c")): 2, (ESC, ord("p")): 3,
    (ESC, ord("e")): 1, (ESC, ord("i")): 0, (ESC, ord("m")): 0, (ESC, ord("=")): 1,
    (ESC, ord("%")): 1, (ESC, ord("?")): 1, (ESC, ord("U")): 1, (ESC, ord("S")): 0,
    (ESC, ord("L")): 0, (ESC, ord("T")): 1, (ESC, ord("r")): 1, (ESC, ord("K")): 1,
    (FS, ord("&")): 0, (FS, ord(".")): 0, (FS, ord("!")): 1, (FS, ord("-")): 1,
    (FS, ord("W")): 1, (FS, ord("S")): 2, (FS, ord("C")): 1, (FS, ord("p")): 2,
    (GS, ord("!")): 1, (GS, ord("B")): 1, (GS, ord("H")): 1, (GS, ord("h")): 1,
    (GS, ord("w")): 1, (GS, ord("f")): 1, (GS, ord("L")): 2, (GS, ord("W")): 2,
    (GS, ord("a")): 1, (GS, ord("r")): 1, (GS, ord("I")): 1, (GS, ord("/")): 1,
    (GS, ord("P")): 2, (GS, ord("$")): 2, (GS, ord("\\")): 2, (GS, ord("b")): 1,
    (GS, ord(":")): 0, (GS, ord("^")): 3, (GS, ord("E")): 1,
    (DLE, 0x04): 1, (DLE, 0x05): 1, (DLE, 0x14): 3,
}


@dataclass(frozen=True)
class Token:
    kind: str  # "text" | "lf" | "cmd" | "ctl"
    data: bytes  # text bytes, or the whole command
    name: str = ""  # for "cmd": e.g. "ESC E", "GS ( k", "DLE EOT"
    params: bytes = b""  # bytes after the command name (for GS ( k: after pL pH)


_PREFIX_NAMES = {ESC: "ESC", GS: "GS", FS: "FS", DLE: "DLE"}


def _name(prefix: int, code: int) -> str:
    if prefix == DLE:
        return {0x04: "DLE EOT", 0x05: "DLE ENQ", 0x14: "DLE DC4"}.get(code, f"DLE {code:02x}")
    ch = chr(code) if 0x20 <= code < 0x7F else f"{code:02x}"
    return f"{_PREFIX_NAMES[prefix]} {ch}"


class Tokenizer:
    """Incremental ESC/POS tokenizer; see the module docstring."""

    def __init__(self) -> None:
        self._buf = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[Token]:
        self._buf += data
        tokens: list[Token] = []
        pos = 0
        while pos < len(self._buf):
            got = _parse(self._buf, pos)
            if got is None:
                break
            token, pos = got
            tokens.append(token)
        del self._buf[:pos]
        return tokens


def tokenize(data: bytes) -> list[Token]:
    """All complete commands in ``data``; a truncated last command is dropped."""
    return Tokenizer().feed(data)


def _parse(buf: bytearray, i: int) -> tuple[Token, int] | None:
    b = buf[i]
    if b >= 0x20 and b != 0x7F:
        j = i
        while j < len(buf) and buf[j] >= 0x20 and buf[j] != 0x7F:
            j += 1
        return Token("text", bytes(buf[i:j])), j
    if b == 0x0A:
        return Token("lf", b"\n"), i + 1
    if b not in _PREFIX_NAMES:
        return Token("ctl", bytes([b])), i + 1  # CR, HT, FF, CAN ...: one byte
    if i + 1 >= len(buf):
        return None
    code = buf[i + 1]
    name = _name(b, code)
    start = i + 2
    if b in (GS, FS, ESC) and code == ord("("):
        if start + 3 > len(buf):
            return None
        size = buf[start + 1] | (buf[start + 2] << 8)
        end = start + 3 + size
        if end > len(buf):
            return None
        return (Token("cmd", bytes(buf[i:end]), f"{_PREFIX_NAMES[b]} ( {chr(buf[start])}",
                      bytes(buf[start + 3:end])), end)
    if b == GS and code == ord("v"):  # GS v 0 m xL xH yL yH d...
        if start + 6 > len(buf):
            return None
        xb = buf[start + 2] | (buf[start + 3] << 8)
        y = buf[start + 4] | (buf[start + 5] << 8)
        end = start + 6 + xb * y
        if xb * y > MAX_IMAGE_BYTES:  # garbage, not an image: skip the command bytes
            return Token("cmd", bytes(buf[i:start]), "GS v ?"), start
        return (None if end > len(buf) else
                (Token("cmd", bytes(buf[i:end]), "GS v 0", bytes(buf[start:end])), end))
    if b == GS and code == ord("V"):  # GS V m [n]
        if start >= len(buf):
            return None
        m = buf[start]
        end = start + (2 if m in (65, 66, 97, 98, 103, 104) else 1)
        return (None if end > len(buf) else
                (Token("cmd", bytes(buf[i:end]), "GS V", bytes(buf[start:end])), end))
    if b == GS and code == ord("k"):  # barcode: m 0..6 NUL-terminated, m 65.. with length
        if start >= len(buf):
            return None
        m = buf[start]
        if m <= 6:
            nul = buf.find(b"\x00", start + 1)
            if nul < 0:
                return None
            end = nul + 1
        else:
            if start + 1 >= len(buf):
                return None
            end = start + 2 + buf[start + 1]
        return (None if end > len(buf) else
                (Token("cmd", bytes(buf[i:end]), "GS k", bytes(buf[start:end])), end))
    if b == GS and code == ord("*"):  # GS * x y d1..d(x*y*8)
        if start + 2 > len(buf):
            return None
        end = start + 2 + buf[start] * buf[start + 1] * 8
        return (None if end > len(buf) else
                (Token("cmd", bytes(buf[i:end]), "GS *", bytes(buf[start:end])), end))
    if b == ESC and code == ord("*"):  # ESC * m nL nH d...
        if start + 3 > len(buf):
            return None
        n = buf[start + 1] | (buf[start + 2] << 8)
        end = start + 3 + n * (1 if buf[start] in (0, 1) else 3)
        return (None if end > len(buf) else
                (Token("cmd", bytes(buf[i:end]), "ESC *", bytes(buf[start:end])), end))
    count = FIXED.get((b, code), 0)
    end = start + count
    if end > len(buf):
        return None
    return Token("cmd", bytes(buf[i:end]), name, bytes(buf[start:end])), end
