"""The preview renderer: checked for content (where the number is, the QR reads back), not
just for producing a file."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.printer import commands as cmd
from drivers.printer import get_profile, ticket_bytes
from drivers.printer.preview import find_cjk_font, render_bytes
from drivers.printer.tokens import Tokenizer, tokenize
from tests.helpers.printer import (
    dark_columns,
    dark_row_bands,
    has_finder_patterns,
    sample_modules,
    ticket,
)


@pytest.mark.parametrize("profile", ["generic-80", "generic-58", "generic-80-noqr",
                                     "generic-58-noqr"])
def test_ticket_preview_has_the_number_big_and_centred_and_a_readable_qr(profile):
    p = get_profile(profile)
    img, regions = render_bytes(ticket_bytes(ticket(), p), paper_dots=p.paper.dots)
    assert img.width == p.paper.dots

    texts = [r for r in regions if r.kind == "text"]
    assert texts[0].text == "马上办政务服务中心"
    number = next(r for r in texts if r.text == "A012")
    # 4x4 characters: 4 half-width cells of 48 dots, 96 dots high.
    assert number.box[2] - number.box[0] == 4 * 48 and number.box[3] - number.box[1] == 96
    # The ink agrees: above the QR, the tallest band of dark rows is the number, centred.
    qr = next(r for r in regions if r.kind in ("qr", "image"))
    bands = [b for b in dark_row_bands(img) if b[1] <= qr.box[1]]
    top, bottom = max(bands, key=lambda b: b[1] - b[0])
    assert 60 <= bottom - top <= 96
    assert number.box[1] <= top and bottom <= number.box[3]
    left, right = dark_columns(img, top, bottom)
    assert abs((left + right) / 2 - p.paper.dots / 2) < 16

    modules = cmd.qr_matrix("https://hall.example.cn/q/A012")
    read_back = sample_modules(img, qr.box, len(modules))
    assert has_finder_patterns(read_back)
    assert read_back == modules  # the symbol on paper is the one for the URL
    assert [r.kind for r in regions].count("cut") == (1 if p.cutter else 0)


def test_chinese_is_drawn_with_a_cjk_font_not_boxes():
    assert find_cjk_font() is not None
    img_a, _ = render_bytes(b"\x1c&" + "社".encode("gb18030") + b"\n", paper_dots=384)
    img_b, _ = render_bytes(b"\x1c&" + "保".encode("gb18030") + b"\n", paper_dots=384)
    # A missing glyph draws the same box for every character; real glyphs differ.
    assert img_a.tobytes() != img_b.tobytes()


def test_bold_and_double_size_change_the_ink():
    plain, _ = render_bytes(b"\x1c&ABC\n", paper_dots=384)
    bold, _ = render_bytes(b"\x1c&\x1bE\x01ABC\n", paper_dots=384)
    big, regions = render_bytes(b"\x1c&\x1d!\x11ABC\n", paper_dots=384)
    assert _ink(bold) > _ink(plain)
    assert regions[0].box[2] - regions[0].box[0] == 3 * 24 and big.height > plain.height


def test_alignment_and_wrapping_follow_the_printer():
    _, regions = render_bytes(b"\x1ba\x02R\n" + b"x" * 40 + b"\n", paper_dots=384)
    assert regions[0].box == (384 - 12, regions[0].box[1], 384, regions[0].box[3])
    assert [len(r.text) for r in regions[1:]] == [32, 8]  # 32 chars per 58 mm line


def _ink(img):
    return sum(img.convert("L").histogram()[:128])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_render_without_crashing(data):
    img, _ = render_bytes(data, paper_dots=384)
    assert img.width == 384


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=1, max_value=50))
def test_tokenizer_gives_the_same_commands_however_the_bytes_are_split(data, step):
    whole = tokenize(data)
    tok = Tokenizer()
    pieces = []
    for i in range(0, len(data), step):
        pieces += tok.feed(data[i:i + step])
    # text runs may be split differently; the bytes and the command sequence may not
    assert b"".join(t.data for t in pieces) == b"".join(t.data for t in whole)
    assert [t.name for t in pieces if t.kind == "cmd"] == [t.name for t in whole if t.kind == "cmd"]


def test_unknown_and_truncated_commands_are_skipped():
    tokens = tokenize(b"\x1b\xfe" + b"\x1d(Z\x02\x00ab" + b"OK\n" + b"\x1dv0\x00\xff")
    assert [t.kind for t in tokens] == ["cmd", "cmd", "text", "lf"]
    assert tokens[2].data == b"OK"
