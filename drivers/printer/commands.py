"""The ESC/POS command language we speak, as bytes. Nothing here does I/O.

Transports only move these bytes (STYLE.md practice 2). Command references: Epson ESC/POS
command reference and the Chinese printers' manuals that copy it; see docs/protocols/printer.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from drivers.printer.encoding import encode_text

ESC, GS, FS, DLE, EOT, LF = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04", b"\n"

INIT = ESC + b"@"  # reset modes, keep the buffer
CHINESE_ON = FS + b"&"  # double-byte (GB18030) mode
CHINESE_OFF = FS + b"."

QR_ERROR_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}
ALIGN = {"left": 0, "center": 1, "right": 2}


def text(value: str) -> bytes:
    """Text bytes: GB18030 with every control character neutralised (see encoding.py)."""
    return encode_text(value)


def char_size(width: int = 1, height: int = 1) -> bytes:
    """``GS ! n``: width and height multipliers 1..8."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character size multipliers must be 1..8")
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def bold(on: bool) -> bytes:
    """``ESC E n``."""
    return ESC + b"E" + bytes([1 if on else 0])


def align(where: str) -> bytes:
    """``ESC a n``; takes effect at the start of a line."""
    return ESC + b"a" + bytes([ALIGN[where]])


def feed_lines(n: int) -> bytes:
    """``ESC d n``: print the buffer and feed ``n`` lines."""
    if not 0 <= n <= 255:
        raise ValueError("feed must be 0..255 lines")
    return ESC + b"d" + bytes([n])


def cut(partial: bool) -> bytes:
    """``GS V 0`` full cut, ``GS V 1`` partial cut (at the current position: feed first)."""
    return GS + b"V" + (b"\x01" if partial else b"\x00")


def _qr_fn(fn: bytes, payload: bytes) -> bytes:
    size = len(payload) + 2  # cn + fn + payload
    return GS + b"(k" + bytes([size & 0xFF, size >> 8]) + b"1" + fn + payload


def qr_native(data: str, *, module: int = 6, error_level: str = "M") -> bytes:
    """``GS ( k``: select model 2, module size, error level, store the data, print it."""
    raw = data.encode("utf-8")
    if not 1 <= module <= 16:
        raise ValueError("QR module size must be 1..16")
    if len(raw) > 7089:
        raise ValueError("QR data too long")
    return b"".join((
        _qr_fn(b"A", b"2\x00"),  # fn 65: model 2
        _qr_fn(b"C", bytes([module])),  # fn 67: module size in dots
        _qr_fn(b"E", bytes([QR_ERROR_LEVELS[error_level]])),  # fn 69: error correction
        _qr_fn(b"P", b"0" + raw),  # fn 80: store in symbol area
        _qr_fn(b"Q", b"0"),  # fn 81: print the stored symbol
    ))


def raster(rows: Sequence[Sequence[bool]]) -> bytes:
    """``GS v 0``: a 1-bit image, row by row, True = black. Width padded to whole bytes."""
    height = len(rows)
    width = max((len(r) for r in rows), default=0)
    width_bytes = (width + 7) // 8
    if height > 0xFFFF or width_bytes > 0xFFFF:
        raise ValueError("raster image too large")
    out = bytearray(GS + b"v0\x00")
    out += bytes([width_bytes & 0xFF, width_bytes >> 8, height & 0xFF, height >> 8])
    for row in rows:
        line = bytearray(width_bytes)
        for x, dark in enumerate(row):
            if dark:
                line[x >> 3] |= 0x80 >> (x & 7)
        out += line
    return bytes(out)


def qr_matrix(data: str, *, error_level: str = "M") -> list[list[bool]]:
    """The QR modules (no quiet zone) the printer would draw for ``data``."""
    import qrcode
    from qrcode import constants

    levels = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
              "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}
    qr = qrcode.QRCode(border=0, error_correction=levels[error_level])
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return [[bool(c) for c in row] for row in qr.get_matrix()]


def qr_raster(data: str, *, module: int = 6, error_level: str = "M") -> bytes:
    """The same QR as :func:`qr_native`, drawn by us and sent as ``GS v 0``."""
    rows: list[list[bool]] = []
    for row in qr_matrix(data, error_level=error_level):
        scaled = [dark for dark in row for _ in range(module)]
        rows.extend([scaled] * module)
    return raster(rows)


def status_request(n: int) -> bytes:
    """``DLE EOT n``: real-time status, answered even while the printer is offline."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n takes n = 1..4")
    return DLE + EOT + bytes([n])
