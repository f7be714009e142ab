"""Draw what a printer would print for a stream of ESC/POS bytes (a PNG preview).

An interpreter for the commands our tickets use and the common ones around them: ``ESC @``,
``FS &`` / ``FS .``, ``GS !``, ``ESC !``, ``ESC E``, ``ESC a``, ``ESC d``, ``ESC J``, LF,
``GS ( k`` QR (store + print, drawn with the qrcode package), ``GS v 0`` raster images and
``GS V`` cuts (a dashed line). Everything else is skipped (see tokens.py), so any byte string
renders without an exception. Glyphs come from a CJK font (Noto Sans CJK or WenQuanYi Micro Hei)
drawn into the printer's 12x24 / 24x24 cells and scaled by whole dots as a printer does.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

from drivers.printer.encoding import ENCODING
from drivers.printer.tokens import Token, tokenize

CELL_H, HALF_W, FULL_W = 24, 12, 24
LINE_GAP = 6  # dots between lines (default line spacing ~ 30 dots)
MARGIN = 8  # white above the first and below the last line

FONT_CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2 = SC
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
)


@functools.cache
def find_cjk_font() -> tuple[str, int] | None:
    """(path, face index) of a font with Chinese glyphs, or None."""
    if shutil.which("fc-match"):
        for family in ("Noto Sans CJK SC", "WenQuanYi Micro Hei"):
            try:
                out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", f"{family}:lang=zh"],
                                     capture_output=True, text=True, timeout=5, check=False)
            except (OSError, subprocess.SubprocessError):
                break
            path, _, face = out.stdout.strip().rpartition(":")
            if path and os.path.exists(path) and ("CJK" in path or "wqy" in path.lower()):
                return path, int(face or 0)
    for path, index in FONT_CANDIDATES:
        if os.path.exists(path):
            return path, index
    return None


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = find_cjk_font()
    if found is None:
        return ImageFont.load_default()
    return ImageFont.truetype(found[0], size=size, index=found[1])


@functools.cache
def _glyph(ch: str, full: bool, bold: bool) -> Image.Image:
    """One character in its base cell (24x24 or 12x24), black on white, 1 bit."""
    w = FULL_W if full else HALF_W
    cell = Image.new("L", (w, CELL_H), 255)
    draw = ImageDraw.Draw(cell)
    font = _font(22 if full else 20)
    for dx in (0, 1) if bold else (0,):  # printers embolden by striking twice, one dot over
        draw.text((w / 2 + dx, CELL_H / 2), ch, font=font, fill=0, anchor="mm")
    return cell.point(lambda v: 0 if v < 140 else 255).convert("1")


@dataclass
class Region:
    """Where something landed on the preview: for tests and for people checking a layout."""

    kind: str  # "text" | "qr" | "image" | "cut"
    box: tuple[int, int, int, int]  # left, top, right, bottom
    text: str = ""


@dataclass
class _Glyph:
    ch: str
    full: bool
    wmul: int
    hmul: int
    bold: bool

    @property
    def width(self) -> int:
        return (FULL_W if self.full else HALF_W) * self.wmul


@dataclass
class _State:
    chinese: bool = True  # Chinese printers power up in double-byte mode
    wmul: int = 1
    hmul: int = 1
    bold: bool = False
    align: int = 0
    qr_module: int = 3
    qr_level: str = "M"
    qr_data: bytes = b""


@dataclass(frozen=True)
class _Line:
    glyphs: list[_Glyph]
    align: int

    @property
    def height(self) -> int:
        return max(CELL_H * g.hmul for g in self.glyphs) + LINE_GAP


@dataclass(frozen=True)
class _Space:
    dots: int

    @property
    def height(self) -> int:
        return self.dots


@dataclass(frozen=True)
class _Picture:
    kind: str  # "qr" | "image"
    picture: Image.Image
    align: int
    label: str = ""

    @property
    def height(self) -> int:
        return self.picture.height


@dataclass(frozen=True)
class _Cut:
    partial: bool
    height: int = 16


_Block = _Line | _Space | _Picture | _Cut


@dataclass
class Preview:
    width: int
    blocks: list[_Block] = field(default_factory=list)

    def render(self) -> tuple[Image.Image, list[Region]]:
        height = MARGIN * 2 + sum(b.height for b in self.blocks)
        img = Image.new("1", (self.width, max(height, 1)), 1)
        draw = ImageDraw.Draw(img)
        regions: list[Region] = []
        y = MARGIN
        for block in self.blocks:
            if isinstance(block, _Line):
                line_h = block.height - LINE_GAP
                x = left = _x_for(block.align, sum(g.width for g in block.glyphs), self.width)
                for g in block.glyphs:
                    gh = CELL_H * g.hmul
                    cell = _glyph(g.ch, g.full, g.bold)
                    if g.wmul != 1 or g.hmul != 1:
                        cell = cell.resize((g.width, gh), Image.Resampling.NEAREST)
                    img.paste(cell, (x, y + line_h - gh))
                    x += g.width
                regions.append(Region("text", (left, y, x, y + line_h),
                                      "".join(g.ch for g in block.glyphs)))
            elif isinstance(block, _Picture):
                pic = block.picture
                x = _x_for(block.align, pic.width, self.width)
                img.paste(pic, (x, y))
                regions.append(Region(block.kind, (x, y, x + pic.width, y + pic.height),
                                      block.label))
            elif isinstance(block, _Cut):
                mid = y + 8
                step = 6 if block.partial else 12
                for x0 in range(0, self.width, step * 2):
                    draw.line((x0, mid, min(x0 + step, self.width), mid), fill=0, width=2)
                regions.append(Region("cut", (0, mid - 1, self.width, mid + 1),
                                      "partial" if block.partial else "full"))
            y += block.height
        return img, regions


def _x_for(align: int, content: int, width: int) -> int:
    if align == 1:
        return max(0, (width - content) // 2)
    if align == 2:
        return max(0, width - content)
    return 0


class Interpreter:
    """Turns tokens into preview blocks for one paper width (in dots)."""

    def __init__(self, width: int) -> None:
        self.preview = Preview(width)
        self.s = _State()
        self.line: list[_Glyph] = []
        self.line_align = 0
        self.x = 0
        self.pending = b""  # a multi-byte character split across text tokens

    # -- lines ---------------------------------------------------------------------------
    def _add_char(self, ch: str, full: bool) -> None:
        g = _Glyph(ch, full, self.s.wmul, self.s.hmul, self.s.bold)
        if self.x + g.width > self.preview.width and self.line:
            self._flush(newline=True)
        if not self.line:
            self.line_align = self.s.align
        self.line.append(g)
        self.x += g.width

    def _flush(self, newline: bool) -> None:
        if self.line:
            self.preview.blocks.append(_Line(self.line, self.line_align))
        elif newline:
            self.preview.blocks.append(_Space(CELL_H * self.s.hmul + LINE_GAP))
        self.line, self.x = [], 0

    def _text(self, data: bytes) -> None:
        data = self.pending + data
        self.pending = b""
        i = 0
        while i < len(data):
            b = data[i]
            if b < 0x80 or not self.s.chinese:
                self._add_char(chr(b) if b < 0x80 else data[i:i + 1].decode("cp437"), False)
                i += 1
                continue
            size = 4 if i + 1 < len(data) and 0x30 <= data[i + 1] <= 0x39 else 2
            if i + size > len(data):
                self.pending = data[i:]
                return
            ch = data[i:i + size].decode(ENCODING, errors="replace")
            self._add_char(ch[:1] or "?", True)
            i += size

    # -- commands ------------------------------------------------------------------------
    def feed(self, tokens: list[Token]) -> None:
        for t in tokens:
            if t.kind != "text" and self.pending:
                self.pending = b""
                self._add_char("?", True)
            if t.kind == "text":
                self._text(t.data)
            elif t.kind == "lf":
                self._flush(newline=True)
            elif t.kind == "cmd":
                self._command(t)

    def _command(self, t: Token) -> None:
        p = t.params
        name = t.name
        if name == "ESC @":
            chinese = self.s.chinese
            self.s = _State(chinese=chinese)
        elif name == "FS &":
            self.s.chinese = True
        elif name == "FS .":
            self.s.chinese = False
        elif name == "GS !" and p:
            self.s.wmul, self.s.hmul = ((p[0] >> 4) & 7) + 1, (p[0] & 7) + 1
        elif name == "ESC !" and p:
            self.s.bold = bool(p[0] & 0x08)
            self.s.hmul = 2 if p[0] & 0x10 else 1
            self.s.wmul = 2 if p[0] & 0x20 else 1
        elif name == "FS !" and p:
            self.s.hmul = 2 if p[0] & 0x08 else self.s.hmul
            self.s.wmul = 2 if p[0] & 0x04 else self.s.wmul
        elif name in ("ESC E", "ESC G") and p:
            self.s.bold = bool(p[0] & 1)
        elif name == "ESC a" and p:
            self.s.align = p[0] % 48 if p[0] >= 48 else p[0] % 3
            if not self.line:
                self.line_align = self.s.align
        elif name == "ESC d" and p:
            self._flush(newline=False)
            self.preview.blocks.append(_Space(p[0] * (CELL_H + LINE_GAP)))
        elif name == "ESC J" and p:
            self._flush(newline=False)
            self.preview.blocks.append(_Space(p[0]))
        elif name == "GS ( k":
            self._qr(p)
        elif name == "GS v 0":
            self._raster(p)
        elif name == "GS V":
            self._flush(newline=False)
            partial = bool(p) and p[0] in (1, 49, 66, 98, 104)
            self.preview.blocks.append(_Cut(partial))

    def _qr(self, p: bytes) -> None:
        if len(p) < 2 or p[0] != ord("1"):
            return
        fn, args = p[1], p[2:]
        if fn == ord("C") and args:
            self.s.qr_module = max(1, min(16, args[0]))
        elif fn == ord("E") and args:
            self.s.qr_level = {48: "L", 49: "M", 50: "Q", 51: "H"}.get(args[0], "M")
        elif fn == ord("P") and args:
            self.s.qr_data = bytes(args[1:])
        elif fn == ord("Q") and self.s.qr_data:
            self._flush(newline=False)
            picture = _qr_image(self.s.qr_data, self.s.qr_module, self.s.qr_level)
            if picture is not None:
                self.preview.blocks.append(_Picture(
                    "qr", picture, self.s.align, self.s.qr_data.decode("utf-8", "replace")))

    def _raster(self, p: bytes) -> None:
        if len(p) < 6:
            return
        xb, y = p[2] | (p[3] << 8), p[4] | (p[5] << 8)
        if xb == 0 or y == 0:
            return
        data = p[6:6 + xb * y]
        picture = Image.frombytes("1", (xb * 8, y), bytes(b ^ 0xFF for b in data))
        if picture.width > self.preview.width:
            picture = picture.crop((0, 0, self.preview.width, y))
        self._flush(newline=False)
        self.preview.blocks.append(_Picture("image", picture, self.s.align))


def _qr_image(data: bytes, module: int, level: str) -> Image.Image | None:
    import qrcode
    from qrcode import constants

    levels = {"L": constants.ERROR_CORRECT_L, "M": constants.ERROR_CORRECT_M,
              "Q": constants.ERROR_CORRECT_Q, "H": constants.ERROR_CORRECT_H}
    try:
        qr = qrcode.QRCode(border=0, error_correction=levels[level], box_size=module)
        qr.add_data(data)
        qr.make(fit=True)
    except Exception:  # data a real printer would refuse (too long): nothing printed
        return None
    matrix = qr.get_matrix()
    size = len(matrix) * module
    picture = Image.new("1", (size, size), 1)
    draw = ImageDraw.Draw(picture)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                draw.rectangle((c * module, r * module, (c + 1) * module - 1,
                                (r + 1) * module - 1), fill=0)
    return picture


def render_bytes(data: bytes, *, paper_dots: int = 576) -> tuple[Image.Image, list[Region]]:
    """Preview image and regions for a complete ESC/POS byte string."""
    interp = Interpreter(paper_dots)
    interp.feed(tokenize(data))
    interp._flush(newline=False)
    return interp.preview.render()


def render_to_png(data: bytes, path: str, *, paper_dots: int = 576) -> list[Region]:
    img, regions = render_bytes(data, paper_dots=paper_dots)
    img.save(path, format="PNG")
    return regions
