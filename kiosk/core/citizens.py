"""Citizens: the hall's one definition of what it derives from an ID number (validity, age,
green-channel eligibility), of masking, and of the keyed hash that serves the
one-ticket-per-citizen rule.

Names show as 张* and ID numbers as 3501**********1234 wherever a person or a log can see them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re

from drivers.idcard.idnumber import (
    age_on,
    id_check_char,
    id_number_valid,
    mask_id_number,
    mask_name,
)

# 15-18 character ID-like runs: digits with an optional trailing X. Used by the log filter.
_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{7,10})(\d{3}[\dXx])(?![0-9A-Za-z])")


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


def birth_date_of(number: str) -> dt.date | None:
    """The birth date written in an 18-character resident ID number, or None."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, TypeError):
        return None


def green_channel_eligible(born: dt.date | None, on: dt.date, age_limit: int) -> bool:
    """The green channel (绿色通道) is for citizens aged ``age_limit`` or more on the day."""
    return born is not None and age_on(born, on) >= age_limit


__all__ = ["MaskingFilter", "age_on", "birth_date_of", "citizen_key", "green_channel_eligible",
           "id_check_char", "id_number_valid", "mask_id_number", "mask_name", "mask_text"]
