"""What the card parser itself needs of an ID number: the GB 11643 check character and the
masked form it shows of its own record (its repr, logs), and the age written in it. The hall's citizen rules (keyed
hashes, ages, the green channel) live in kiosk/core/citizens.py, which builds on these."""

from __future__ import annotations

import datetime as dt

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


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


def age_on(born: dt.date, on: dt.date) -> int:
    """Whole years on ``on``. A 29 February birthday counts from 1 March in common years."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
