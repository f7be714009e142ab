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
from dataclasses import dataclass
from typing import Any

from drivers.idcard.idnumber import (
    age_on,
    id_check_char,
    id_number_valid,
    mask_id_number,
    mask_name,
)
from kiosk.core.errors import bad_request

MAX_NAME_LENGTH = 60

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


@dataclass(frozen=True)
class Citizen:
    """What the hall keeps of a citizen: masked name and ID, keyed hash, birth year. ``born`` is
    used for today's decisions (the green channel) and is not stored."""

    key: str
    name: str | None
    id_masked: str
    birth_year: int | None
    born: dt.date | None = None


def citizen_from(data: dict[str, Any] | None, secret: bytes) -> Citizen | None:
    """The hall's record of the citizen a kiosk read (card or typed ID number); None without."""
    if not data:
        return None
    number = str(data.get("id_number") or "").strip().upper()
    if not id_number_valid(number):
        raise bad_request("bad_id_number", "身份证号码无效,请核对后重新输入",
                          "the ID number is not valid; please check it")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME_LENGTH):
        raise bad_request("bad_name", "姓名格式错误", "bad name")
    born = birth_date_of(number)
    return Citizen(citizen_key(number, secret), mask_name(name) if name else None,
                   mask_id_number(number), born.year if born else int(number[6:10]), born)


__all__ = [
    "MAX_NAME_LENGTH",
    "Citizen",
    "MaskingFilter",
    "age_on",
    "birth_date_of",
    "citizen_from",
    "citizen_key",
    "green_channel_eligible",
    "id_check_char",
    "id_number_valid",
    "mask_id_number",
    "mask_name",
    "mask_text",
]
