import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.citizens import (
    MaskingFilter,
    citizen_key,
    id_check_char,
    id_number_valid,
    mask_id_number,
    mask_name,
    mask_text,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "360426199101010071"])
def test_sample_numbers_from_the_standard_are_valid(number):
    assert id_number_valid(number)
    assert id_check_char(number[:17]) == number[17]


@pytest.mark.parametrize("number", ["110105194912310021", "36042619910101007", "", "A10105194912310021"])
def test_wrong_check_or_shape_is_invalid(number):
    assert not id_number_valid(number)


def test_masks():
    assert mask_id_number("350102199001011234") == "3501**********1234"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_name("JOHN SMITH") == "J*** *****"


def test_keyed_hash_depends_on_secret_and_ignores_case():
    a = citizen_key("11010519491231002x", b"k1")
    assert a == citizen_key("11010519491231002X", b"k1")
    assert a != citizen_key("11010519491231002X", b"k2")
    assert "11010519491231002X" not in a


@given(st.text())
def test_mask_text_never_leaves_a_valid_id_number(prefix):
    text = prefix + " 11010519491231002X done"
    assert "11010519491231002X" not in mask_text(text)


def test_logging_filter_masks_records(caplog):
    logger = logging.getLogger("test.privacy")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.privacy"):
        logger.info("card %s read", "360426199101010071")
    assert "360426199101010071" not in caplog.text
    assert "3604**********0071" in caplog.text


def test_citizen_key_of_a_card_is_keyed_and_stable():
    from drivers.idcard import parse_text_block
    from tests.helpers.idcard import resident_block
    a = parse_text_block(resident_block())
    b = parse_text_block(resident_block(address="江西省南昌市红谷滩区1号"))
    key = lambda card, secret: citizen_key(card.reveal_id_number(), secret)  # noqa: E731
    assert key(a, b"s1") == key(b, b"s1") != key(a, b"s2")
    assert "360426199101010071" not in key(a, b"s1")
