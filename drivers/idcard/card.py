"""The card record and the parser of the 256-byte text block.

Layouts are data (offset, size in bytes of UCS-2LE text, space padded), typed from PROTOCOLS.md.
The record masks itself everywhere a person or a log can see it: ``repr``, ``str``, ``format``
and :meth:`IdCard.as_dict` all show 张* and 3501**********1234; the clear ID number comes only
from :meth:`IdCard.reveal_id_number`. The photo is never kept: only a flag that one was present.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from drivers.idcard import idnumber as privacy
from drivers.idcard.errors import BadCardData, UnsupportedCard
from drivers.idcard.tables import ETHNIC_GROUPS, GENDERS

TEXT_SIZE = 256
TYPE_OFFSET = 248  # one UCS-2 character: 'I', 'J', or (resident card) usually a space
LONG_TERM = "长期"


class CardType(enum.Enum):
    RESIDENT = "resident"
    FOREIGN_PERMANENT = "foreign_permanent"
    HKMT_PERMIT = "hkmt_permit"

    @property
    def zh(self) -> str:
        return _CARD_TYPE_ZH[self]

    @property
    def en(self) -> str:
        return _CARD_TYPE_EN[self]


_CARD_TYPE_ZH = {
    CardType.RESIDENT: "居民身份证",
    CardType.FOREIGN_PERMANENT: "外国人永久居留身份证",
    CardType.HKMT_PERMIT: "港澳台居民居住证",
}
_CARD_TYPE_EN = {
    CardType.RESIDENT: "resident identity card",
    CardType.FOREIGN_PERMANENT: "foreigner's permanent residence card",
    CardType.HKMT_PERMIT: "Hong Kong/Macau/Taiwan residence permit",
}
TYPE_LETTERS = {"I": CardType.FOREIGN_PERMANENT, "J": CardType.HKMT_PERMIT}


@dataclass(frozen=True)
class TextField:
    name: str
    offset: int
    size: int  # bytes; characters = size // 2


def _layout(*rows: tuple[str, int, int]) -> tuple[TextField, ...]:
    return tuple(TextField(*row) for row in rows)


LAYOUTS: dict[CardType, tuple[TextField, ...]] = {
    CardType.RESIDENT: _layout(
        ("name", 0, 30), ("gender", 30, 2), ("ethnicity", 32, 4), ("birth", 36, 16),
        ("address", 52, 70), ("id_number", 122, 36), ("authority", 158, 30),
        ("valid_from", 188, 16), ("valid_until", 204, 16),
    ),
    CardType.FOREIGN_PERMANENT: _layout(
        ("english_name", 0, 120), ("gender", 120, 2), ("id_number", 122, 30),
        ("nationality", 152, 6), ("name", 158, 30), ("valid_from", 188, 16),
        ("valid_until", 204, 16), ("birth", 220, 16), ("card_version", 236, 4),
        ("authority", 240, 8),
    ),
    CardType.HKMT_PERMIT: _layout(
        ("name", 0, 30), ("gender", 30, 2), ("birth", 36, 16), ("address", 52, 70),
        ("id_number", 122, 36), ("authority", 158, 30), ("valid_from", 188, 16),
        ("valid_until", 204, 16), ("pass_number", 220, 18), ("issue_count", 238, 4),
    ),
}

# -- masking ---------------------------------------------------------------------------

_PROVINCE_END = ("特别行政区", "自治区", "省", "市")
_CITY_END = ("自治州", "地区", "市", "州", "盟")


def mask_address(address: str) -> str:
    """Keep the province and city (江西省九江市****), star the rest with a fixed run so the
    length tells nothing either. Municipalities keep just the city (北京市****)."""
    address = (address or "").strip()
    if not address:
        return ""
    keep = 0
    for end in _PROVINCE_END:
        i = address.find(end, 0, 12)
        if i > 0:
            keep = i + len(end)
            break
    if keep and address[keep - 1] != "市":
        for end in _CITY_END:
            j = address.find(end, keep, keep + 10)
            if j > keep:
                keep = j + len(end)
                break
    if not keep:
        keep = min(2, len(address) - 1)
    return address[:keep] + "****"


def mask_short_number(number: str) -> str:
    """Pass numbers (H12345678): first and last two kept."""
    number = (number or "").strip()
    if len(number) <= 4:
        return "*" * len(number)
    return number[0] + "*" * (len(number) - 3) + number[-2:]


# -- the record -----------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class IdCard:
    """One card as read. Personal fields are private; use the ``masked_*`` properties, or the
    explicit ``reveal_*`` methods where the clear value is truly needed."""

    card_type: CardType
    _name: str
    gender_code: str
    birth_date: dt.date
    _id_number: str
    issuing_authority: str
    valid_from: dt.date
    valid_until: dt.date | str  # a date, or LONG_TERM ("长期")
    _address: str = ""
    ethnicity_code: str = ""  # resident cards only
    _english_name: str = ""  # foreigner cards only
    nationality: str = ""  # foreigner cards only, ISO 3166 alpha-3
    card_version: str = ""  # foreigner cards only
    _pass_number: str = ""  # HK/Macau/Taiwan permits only
    issue_count: int | None = None  # HK/Macau/Taiwan permits only
    photo_present: bool = False  # the photo itself is never kept

    # -- masked views ------------------------------------------------------------------
    @property
    def masked_name(self) -> str:
        return privacy.mask_name(self._name)

    @property
    def masked_english_name(self) -> str:
        return privacy.mask_name(self._english_name)

    @property
    def masked_id_number(self) -> str:
        return privacy.mask_id_number(self._id_number)

    @property
    def masked_address(self) -> str:
        return mask_address(self._address)

    @property
    def masked_pass_number(self) -> str:
        return mask_short_number(self._pass_number)

    # -- explicit clear values ------------------------------------------------------------
    def reveal_id_number(self) -> str:
        return self._id_number

    def reveal_name(self) -> str:
        return self._name

    def reveal_english_name(self) -> str:
        return self._english_name

    def reveal_address(self) -> str:
        return self._address

    def reveal_pass_number(self) -> str:
        return self._pass_number

    # -- derived -------------------------------------------------------------------------
    @property
    def gender(self) -> str:
        return GENDERS[self.gender_code][0]

    @property
    def gender_en(self) -> str:
        return GENDERS[self.gender_code][1]

    @property
    def ethnicity(self) -> str | None:
        return ETHNIC_GROUPS.get(self.ethnicity_code) if self.ethnicity_code else None

    @property
    def id_valid(self) -> bool:
        """Resident and HK/Macau/Taiwan numbers: GB 11643 check character. Foreigner (2017)
        numbers have no public check rule: three letters and twelve digits."""
        if self.card_type is CardType.FOREIGN_PERMANENT:
            return bool(_FOREIGN_NUMBER.fullmatch(self._id_number))
        return privacy.id_number_valid(self._id_number)

    @property
    def long_term(self) -> bool:
        return self.valid_until == LONG_TERM

    def age(self, on_date: dt.date | None = None) -> int:
        """Whole years on ``on_date`` (today by default). A 29 February birthday counts from
        1 March in common years."""
        return privacy.age_on(self.birth_date, on_date or dt.date.today())

    def expired(self, on_date: dt.date | None = None) -> bool:
        if isinstance(self.valid_until, str):
            return False
        return (on_date or dt.date.today()) > self.valid_until

    # -- output -----------------------------------------------------------------------------
    def as_dict(self, *, unmasked: bool = False) -> dict[str, Any]:
        """JSON-ready dict, masked unless ``unmasked=True`` is asked for explicitly."""
        until = self.valid_until if isinstance(self.valid_until, str) else self.valid_until.isoformat()
        d: dict[str, Any] = {
            "card_type": self.card_type.value,
            "name": self._name if unmasked else self.masked_name,
            "gender": self.gender,
        }
        if self.card_type is CardType.RESIDENT:
            d["ethnicity"] = self.ethnicity
        d.update({
            "birth_date": self.birth_date.isoformat(),
            "address": self._address if unmasked else self.masked_address,
            "id_number": self._id_number if unmasked else self.masked_id_number,
            "issuing_authority": self.issuing_authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": until,
            "id_valid": self.id_valid,
        })
        if self.card_type is CardType.FOREIGN_PERMANENT:
            d["english_name"] = self._english_name if unmasked else self.masked_english_name
            d["nationality"] = self.nationality
        if self.card_type is CardType.HKMT_PERMIT:
            d["pass_number"] = self._pass_number if unmasked else self.masked_pass_number
            d["issue_count"] = self.issue_count
        d["photo_present"] = self.photo_present
        return d

    def __repr__(self) -> str:
        return (f"IdCard(card_type={self.card_type.value}, name={self.masked_name!r}, "
                f"id_number={self.masked_id_number!r}, birth_date={self.birth_date.isoformat()}, "
                f"id_valid={self.id_valid})")

    def __str__(self) -> str:
        return f"{self.card_type.zh} {self.masked_name} {self.masked_id_number}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


# -- parsing ----------------------------------------------------------------------------

_FOREIGN_NUMBER = re.compile(r"[A-Z]{3}[0-9]{12}")
_DATE = re.compile(r"[0-9]{8}")


def card_type_of(text: bytes) -> CardType:
    """Card type from the letter at byte 248; anything unknown is a clear "unsupported card"."""
    if len(text) != TEXT_SIZE:
        raise BadCardData(f"文字信息长度 {len(text)} 字节,应为 256",
                          f"text block is {len(text)} bytes, expected 256")
    letter = text[TYPE_OFFSET : TYPE_OFFSET + 2].decode("utf-16-le", errors="replace")
    if letter in (" ", "\x00"):
        return CardType.RESIDENT
    card_type = TYPE_LETTERS.get(letter)
    if card_type is None:
        shown = letter if letter.isprintable() else f"U+{ord(letter):04X}"
        raise UnsupportedCard(
            f"不支持的证件类型(类型标记 {shown!r}),请使用居民身份证、外国人永久居留身份证或港澳台居民居住证",
            f"unsupported card type (type letter {shown!r}); use a resident ID card, a "
            "foreigner's permanent residence card or a Hong Kong/Macau/Taiwan residence permit",
        )
    return card_type


def decode_fields(text: bytes, card_type: CardType) -> dict[str, str]:
    return {
        f.name: text[f.offset : f.offset + f.size].decode("utf-16-le", errors="replace")
        .strip(" \x00")
        for f in LAYOUTS[card_type]
    }


def _date(value: str, zh: str, en: str) -> dt.date:
    if not _DATE.fullmatch(value):
        raise BadCardData(f"{zh}不是 8 位日期", f"{en} is not an 8-digit date")
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise BadCardData(f"{zh}不是有效日期", f"{en} is not a valid date") from None


def _valid_until(value: str) -> dt.date | str:
    if value == LONG_TERM:
        return LONG_TERM
    return _date(value, "有效期截止日期", "valid-until date")


def parse_text_block(text: bytes, *, photo_present: bool = False) -> IdCard:
    """Parse the 256-byte text block of any supported card.

    Raises :class:`UnsupportedCard` (code ``unsupported_card``) for unknown type letters and for
    the 2023 foreigner cards (numbers starting with 9, layout not public), and
    :class:`BadCardData` for anything else that does not fit. Messages never carry card data.
    """
    card_type = card_type_of(bytes(text))
    f = decode_fields(bytes(text), card_type)
    number = f["id_number"].upper()
    if len(number) == 18 and number.startswith("9"):
        raise UnsupportedCard(
            "暂不支持 2023 版外国人永久居留身份证(号码以 9 开头),请使用其他证件或人工办理",
            "the 2023 foreigner's permanent residence card (number starting with 9) is not "
            "supported yet; use another document or the staffed counter",
        )
    if not number:
        raise BadCardData("证件号码为空", "card number is empty")
    gender = f["gender"]
    if gender not in GENDERS:
        raise BadCardData("性别代码无效", "gender code is not in GB/T 2261.1")
    if not f["name"] and not f.get("english_name"):
        raise BadCardData("姓名为空", "name is empty")
    common: dict[str, Any] = dict(
        card_type=card_type, _name=f["name"], gender_code=gender,
        birth_date=_date(f["birth"], "出生日期", "birth date"), _id_number=number,
        issuing_authority=f["authority"],
        valid_from=_date(f["valid_from"], "有效期起始日期", "valid-from date"),
        valid_until=_valid_until(f["valid_until"]), photo_present=photo_present,
    )
    if card_type is CardType.RESIDENT:
        code = f["ethnicity"]
        if code not in ETHNIC_GROUPS:
            raise BadCardData("民族代码无效", "ethnic group code is not in GB 3304")
        return IdCard(**common, _address=f["address"], ethnicity_code=code)
    if card_type is CardType.FOREIGN_PERMANENT:
        return IdCard(**common, _english_name=f["english_name"],
                      nationality=f["nationality"], card_version=f["card_version"])
    count = f["issue_count"]
    if not (count.isascii() and count.isdigit()):
        raise BadCardData("签发次数不是数字", "issue count is not a number")
    return IdCard(**common, _address=f["address"], _pass_number=f["pass_number"],
                  issue_count=int(count))


def parse_new_address(data: bytes) -> str:
    """The 70-byte "new address" (30 03): UCS-2LE, space padded."""
    return bytes(data).decode("utf-16-le", errors="replace").strip(" \x00")
