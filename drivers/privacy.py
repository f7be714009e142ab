"""Personal data rules shared by the drivers and the hall: masking, the ID check character,
and the keyed hash that serves the one-ticket-per-citizen rule.

Names show as 张* and ID numbers as 3501**********1234 wherever a person or a log can see them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

# 15-18 character ID-like runs: digits with an optional trailing X. Used by the log filter.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{7,10})(\d{3}[\dXx])(?![0-9A-Za-z])")


def id_check_char(first17: str) -> str:
    """GB 11643 / ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_number_valid(number: str) -> bool:
    """True when ``number`` is 18 characters whose last is the right check character."""
    if not isinstance(number, str) or len(number) != 18:
        return False
    head, last = number[:17], number[17].upper()
    if not head.isascii() or not head.isdigit():
        return False
    return id_check_char(head) == last


def mask_id_number(number: str) -> str:
    """3501**********1234: first four and last four kept, everything between starred."""
    number = (number or "").strip()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧***, JOHN SMITH -> J*** *****."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    return name[0] + "".join(" " if c == " " else "*" for c in name[1:])


def citizen_key(number: str, secret: bytes) -> str:
    """Keyed hash of an ID number (HMAC-SHA256, hex). Without the hall's secret it cannot be
    reversed by trying every number, unlike a plain hash of an 18-digit number."""
    if not secret:
        raise ValueError("citizen hash secret must not be empty")
    return hmac.new(secret, number.strip().upper().encode("ascii", "replace"), hashlib.sha256).hexdigest()


def mask_text(text: str) -> str:
    """Star the middle of anything in ``text`` that looks like an ID number."""
    return _ID_LIKE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


class MaskingFilter(logging.Filter):
    """Logging filter: masks ID-number-like runs in every record, as a second line of defence
    behind masking at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
