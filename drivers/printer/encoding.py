"""Text for the printer: GB18030 bytes that can never carry a command.

Every control character (Unicode category Cc: ESC, GS, FS, DLE, LF ...) and every lone surrogate
is replaced by ``?`` before encoding, so ticket text taken from config or a card can not smuggle
ESC/POS commands. GB18030 covers all of Unicode (CJK Extension A and B included), and its
multi-byte sequences never use bytes below 0x30, so the result holds no byte below 0x20.
"""

from __future__ import annotations

import unicodedata

ENCODING = "gb18030"
REPLACEMENT = "?"


def clean_text(text: str) -> str:
    """The text as it will be printed: controls and lone surrogates become ``?``."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        out.append(REPLACEMENT if cat in ("Cc", "Cs") else ch)
    return "".join(out)


def encode_text(text: str) -> bytes:
    """GB18030 bytes for ``text`` (after :func:`clean_text`)."""
    return clean_text(text).encode(ENCODING)


def decode_text(data: bytes) -> str:
    return data.decode(ENCODING, errors="replace")


def char_columns(ch: str) -> int:
    """Columns a character takes on the printer: one-byte characters are half width (1),
    everything the printer draws from its Chinese font is full width (2)."""
    if unicodedata.combining(ch):
        return 0
    return 1 if len(clean_text(ch).encode(ENCODING)) == 1 else 2


def text_columns(text: str) -> int:
    return sum(char_columns(ch) for ch in clean_text(text))


def wrap_columns(text: str, columns: int) -> list[str]:
    """Split ``text`` into lines of at most ``columns`` printer columns, never inside a
    character. Breaks at the last space when a Latin word would be cut."""
    if columns < 2:
        raise ValueError("need at least 2 columns")
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        paragraph = clean_text(paragraph)
        line, width = "", 0
        for ch in paragraph:
            w = char_columns(ch)
            if width + w > columns:
                cut = line.rfind(" ")
                if ch != " " and w == 1 and 0 < cut and line[cut + 1:].isascii():
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                    width = text_columns(line)
                else:
                    lines.append(line)
                    line, width = "", 0
                if ch == " " and not line:
                    continue
            line += ch
            width += w
        lines.append(line)
    return lines
