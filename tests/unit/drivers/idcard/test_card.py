"""Parsing the text block of all three card types, the code tables, dates and privacy."""

import datetime as dt
import json
import logging

import pytest

from drivers.idcard import LONG_TERM, CardType, UnsupportedCard, parse_text_block
from drivers.idcard.card import mask_address
from drivers.idcard.errors import BadCardData
from drivers.idcard.tables import ETHNIC_GROUPS, GENDERS
from kiosk.core.citizens import id_check_char
from tests.helpers.idcard import (
    assert_no_clear_id,
    block_at,
    foreign_block,
    hkmt_block,
    resident_block,
)

# Typed again from PROTOCOLS.md, row by row; several public tables are shifted from 25 on.
PROTOCOLS_ETHNIC = (
    "01 汉 02 蒙古 03 回 04 藏 05 维吾尔 06 苗 07 彝 08 壮 09 布依 10 朝鲜 11 满 12 侗 13 瑶 14 白 "
    "15 土家 16 哈尼 17 哈萨克 18 傣 19 黎 20 傈僳 21 佤 22 畲 23 高山 24 拉祜 25 水 26 东乡 27 纳西 "
    "28 景颇 29 柯尔克孜 30 土 31 达斡尔 32 仫佬 33 羌 34 布朗 35 撒拉 36 毛南 37 仡佬 38 锡伯 "
    "39 阿昌 40 普米 41 塔吉克 42 怒 43 乌孜别克 44 俄罗斯 45 鄂温克 46 德昂 47 保安 48 裕固 49 京 "
    "50 塔塔尔 51 独龙 52 鄂伦春 53 赫哲 54 门巴 55 珞巴 56 基诺 97 其他 98 外国血统中国籍人士"
)


def test_ethnic_table_is_exactly_the_documented_one():
    words = PROTOCOLS_ETHNIC.split()
    assert ETHNIC_GROUPS == dict(zip(words[::2], words[1::2], strict=True))
    assert len(ETHNIC_GROUPS) == 58


@pytest.mark.parametrize(("code", "name"), [("25", "水"), ("26", "东乡"), ("30", "土"), ("56", "基诺")])
def test_ethnic_rows_where_shifted_tables_go_wrong(code, name):
    assert parse_text_block(resident_block(ethnic=code)).ethnicity == name


def test_gender_table():
    assert {k: v[0] for k, v in GENDERS.items()} == {"0": "未知", "1": "男", "2": "女", "9": "未说明"}


def test_resident_card_fields():
    card = parse_text_block(resident_block(), photo_present=True)
    assert card.card_type is CardType.RESIDENT
    assert card.reveal_name() == "王小明" and card.masked_name == "王**"
    assert card.gender == "男" and card.gender_en == "male" and card.ethnicity == "水"
    assert card.birth_date == dt.date(1991, 1, 1)
    assert card.reveal_address() == "江西省九江市德安县蒲亭镇八一路1号"
    assert card.masked_address == "江西省九江市****"
    assert card.reveal_id_number() == "360426199101010071" and card.id_valid
    assert card.masked_id_number == "3604**********0071"
    assert card.issuing_authority == "德安县公安局"
    assert (card.valid_from, card.valid_until) == (dt.date(2011, 1, 1), dt.date(2031, 1, 1))
    assert card.photo_present and not card.long_term


def test_long_term_validity_and_elder_age():
    card = parse_text_block(resident_block(number="11010519491231002X", birth="19491231",
                                           until="长期", gender="2"))
    assert card.valid_until == LONG_TERM and card.long_term and not card.expired(dt.date(2099, 1, 1))
    assert card.as_dict()["valid_until"] == "长期"
    assert card.age(dt.date(2019, 12, 30)) == 69
    assert card.age(dt.date(2019, 12, 31)) == 70
    assert card.gender == "女" and card.id_valid


def test_age_of_a_leap_day_birthday():
    card = parse_text_block(resident_block(birth="20000229"))
    assert card.age(dt.date(2018, 2, 28)) == 17 and card.age(dt.date(2018, 3, 1)) == 18


def test_expiry():
    card = parse_text_block(resident_block(until="20200101"))
    assert card.expired(dt.date(2020, 1, 2)) and not card.expired(dt.date(2020, 1, 1))


def test_wrong_check_character_is_reported_not_refused():
    card = parse_text_block(resident_block(number="360426199101010072"))
    assert not card.id_valid and card.as_dict()["id_valid"] is False


def test_foreigner_card_2017_layout():
    card = parse_text_block(foreign_block())
    assert card.card_type is CardType.FOREIGN_PERMANENT
    assert card.reveal_english_name() == "SMITH, JOHN" and card.reveal_name() == "史密斯"
    assert card.nationality == "USA" and card.card_version == "20"
    assert card.issuing_authority == "1100" and card.gender == "男"
    assert card.birth_date == dt.date(1978, 9, 12) and card.valid_until == dt.date(2028, 6, 1)
    assert card.reveal_id_number() == "USA110078091203" and card.id_valid
    d = card.as_dict()
    assert d["english_name"] == "S***** ****" and "ethnicity" not in d and "pass_number" not in d


def test_hkmt_permit_layout():
    card = parse_text_block(hkmt_block())
    assert card.card_type is CardType.HKMT_PERMIT
    assert card.reveal_name() == "陈大文" and card.gender == "女"
    assert card.reveal_pass_number() == "H12345678" and card.masked_pass_number == "H******78"
    assert card.issue_count == 3 and card.id_valid
    assert card.masked_address == "广东省深圳市****"
    d = card.as_dict()
    assert d["pass_number"] == "H******78" and d["issue_count"] == 3 and "nationality" not in d


@pytest.mark.parametrize("letter", ["Y", "A", "\u4e00", "\x07"])
def test_unknown_type_letters_are_unsupported(letter):
    with pytest.raises(UnsupportedCard) as info:
        parse_text_block(block_at({0: ("某某", 30)}, letter))
    err = info.value
    assert err.code == "unsupported_card" and "不支持" in err.zh and "unsupported" in err.en


def test_2023_foreigner_numbers_are_unsupported_until_documented():
    number = "91123419900101001" + id_check_char("91123419900101001")
    with pytest.raises(UnsupportedCard) as info:
        parse_text_block(resident_block(number=number))
    assert "2023" in info.value.zh and "2023" in info.value.en
    assert_no_clear_id(str(info.value))


@pytest.mark.parametrize(("over", "word"), [
    ({"birth": "19911301"}, "birth"), ({"birth": "1991010A"}, "birth"),
    ({"from": ""}, "valid-from"), ({"until": "永久"}, "valid-until"),
    ({"gender": "5"}, "gender"), ({"ethnic": "57"}, "ethnic"), ({"number": ""}, "number"),
])
def test_bad_fields_give_clear_errors_without_card_data(over, word):
    with pytest.raises(BadCardData) as info:
        parse_text_block(resident_block(**over))
    assert info.value.code == "bad_card_data" and word in info.value.en
    assert "王小明" not in str(info.value)
    assert_no_clear_id(str(info.value))


def test_wrong_block_size():
    with pytest.raises(BadCardData):
        parse_text_block(resident_block()[:200])


def test_record_masks_itself_everywhere(caplog):
    card = parse_text_block(resident_block())
    shown = [repr(card), str(card), f"{card}", f"{card!r}", f"{card:>60}", format(card, "<10"),
             json.dumps(card.as_dict(), ensure_ascii=False), str([card])]
    logging.getLogger("test.idcard").warning("card %s %r", card, card)
    shown.append(caplog.text)
    for text in shown:
        assert_no_clear_id(text)
        assert "王小明" not in text and "蒲亭镇" not in text
    assert "3604**********0071" in repr(card) and "王**" in str(card)


def test_unmasked_only_when_asked():
    card = parse_text_block(resident_block())
    d = card.as_dict(unmasked=True)
    assert d["id_number"] == "360426199101010071" and d["name"] == "王小明"


def test_json_keys_per_card_type():
    common = {"card_type", "name", "gender", "birth_date", "address", "id_number",
              "issuing_authority", "valid_from", "valid_until", "id_valid", "photo_present"}
    assert set(parse_text_block(resident_block()).as_dict()) == common | {"ethnicity"}
    assert set(parse_text_block(foreign_block()).as_dict()) == common | {"english_name", "nationality"}
    assert set(parse_text_block(hkmt_block()).as_dict()) == common | {"pass_number", "issue_count"}


@pytest.mark.parametrize(("address", "masked"), [
    ("江西省九江市德安县蒲亭镇八一路1号", "江西省九江市****"),
    ("北京市朝阳区建国路1号院", "北京市****"),
    ("新疆维吾尔自治区乌鲁木齐市天山区1号", "新疆维吾尔自治区乌鲁木齐市****"),
    ("吉林省延边朝鲜族自治州延吉市1号", "吉林省延边朝鲜族自治州****"),
    ("某地某路1号", "某地****"),
    ("", ""),
])
def test_mask_address(address, masked):
    assert mask_address(address) == masked
