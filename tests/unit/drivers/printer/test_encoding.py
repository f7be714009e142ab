"""GB18030 text for the printer: round trips, punctuation, Extension A/B, no command bytes."""

from hypothesis import given
from hypothesis import strategies as st

from drivers.printer import commands as cmd
from drivers.printer.encoding import (
    clean_text,
    decode_text,
    encode_text,
    text_columns,
    wrap_columns,
)


def test_full_width_punctuation_is_gb18030_not_question_marks():
    assert encode_text("，。：！（）") == bytes.fromhex("a3aca1a3a3baa3a1a3a8a3a9")


def test_extension_a_and_b_names_survive():
    # 㐀 (U+3400, Ext A) and 𠀾 (U+2003E, Ext B) are four-byte GB18030 sequences.
    data = encode_text("王㐀𠀾")
    assert data == bytes.fromhex("cdf5") + bytes.fromhex("8139ee39") + bytes.fromhex("95328838")
    assert decode_text(data) == "王㐀𠀾"


def test_control_characters_cannot_inject_commands():
    data = encode_text("A\x1bd\x05\x1dV\x00B\n")
    assert data == b"A?d??V?B?"


def test_text_command_is_the_encoder():
    assert cmd.text("社保，") == "社保，".encode("gb18030")


@given(st.text())
def test_any_text_encodes_without_control_bytes_and_round_trips(text):
    data = encode_text(text)
    assert all(b >= 0x20 and b != 0x7F for b in data)
    assert decode_text(data) == clean_text(text)


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs"))))
def test_printable_text_round_trips_exactly(text):
    assert decode_text(encode_text(text)) == text


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=80),
       st.integers(min_value=2, max_value=48))
def test_wrapped_lines_fit_and_keep_every_character(text, columns):
    lines = wrap_columns(text, columns)
    assert all(text_columns(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == clean_text(text).replace(" ", "")


def test_columns_follow_the_printer_cells():
    assert text_columns("A012") == 4
    assert text_columns("3号窗口") == 7
    assert text_columns("𠀾") == 2
