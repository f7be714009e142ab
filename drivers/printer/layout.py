"""Ticket layout as data: a ticket is a tuple of elements (text, rule, qr, feed, cut), written
once per paper width in :data:`TICKET_LAYOUTS`, filled from a :class:`TicketContent` and turned
into ESC/POS bytes by :func:`render`. To change what a ticket looks like, edit the layout table,
not the byte code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from drivers.printer import commands as cmd
from drivers.printer.encoding import text_columns, wrap_columns
from drivers.printer.profiles import PrinterProfile


@dataclass(frozen=True)
class TicketContent:
    hall_name: str  # 马上办政务服务中心
    number: str  # A012
    service_name: str  # 社保业务
    waiting_ahead: int
    estimated_wait_s: int
    issued_at: datetime  # timezone-aware
    windows: tuple[str, ...] = ()  # ("3号窗口", "5号窗口")
    holder_name: str | None = None  # already masked: 张*
    qr_url: str | None = None
    notice: str | None = None

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.waiting_ahead < 0 or self.estimated_wait_s < 0:
            raise ValueError("waiting_ahead and estimated_wait_s must not be negative")
        if not self.number.strip():
            raise ValueError("ticket number is empty")

    def fields(self) -> dict[str, str]:
        """The values a layout's ``{placeholders}`` can use."""
        minutes = math.ceil(self.estimated_wait_s / 60)
        return {
            "hall_name": self.hall_name,
            "number": self.number,
            "service_name": self.service_name,
            "waiting_ahead": str(self.waiting_ahead),
            "wait_text": "不到 1 分钟" if minutes <= 1 else f"约 {minutes} 分钟",
            "issued_at": self.issued_at.strftime("%Y-%m-%d %H:%M:%S"),
            "windows": "、".join(self.windows),
            "holder_name": self.holder_name or "",
            "qr_url": self.qr_url or "",
            "notice": self.notice or "",
        }


# -- elements -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    template: str
    width: int = 1  # GS ! multipliers
    height: int = 1
    bold: bool = False
    align: str = "left"
    needs: tuple[str, ...] = ()  # skip the element when any of these fields is empty


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Qr:
    template: str = "{qr_url}"
    error_level: str = "M"
    align: str = "center"
    needs: tuple[str, ...] = ("qr_url",)


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Cut the paper (full or partial per profile; feed only on printers without a cutter)."""


Element = Text | Rule | Qr | Feed | Cut


def _ticket(hall: tuple[int, int], number: tuple[int, int]) -> tuple[Element, ...]:
    return (
        Text("{hall_name}", *hall, bold=True, align="center"),
        Rule(),
        Text("{service_name}", 1, 2, bold=True, align="center"),
        Text("{number}", *number, bold=True, align="center"),
        Text("前面还有 {waiting_ahead} 人等候", align="center"),
        Text("预计等候时间: {wait_text}", align="center"),
        Text("办理窗口: {windows}", align="center", needs=("windows",)),
        Text("取号人: {holder_name}", align="center", needs=("holder_name",)),
        Rule(),
        Qr(),
        Text("扫码查看排队进度", align="center", needs=("qr_url",)),
        Text("{notice}", needs=("notice",)),
        Text("取号时间: {issued_at}", align="left"),
        Text("过号请重新取号, 请保管好此票", align="left"),
        Cut(),
    )


TICKET_LAYOUTS: dict[int, tuple[Element, ...]] = {
    58: _ticket(hall=(1, 2), number=(4, 4)),
    80: _ticket(hall=(2, 2), number=(4, 4)),
}


# -- rendering ----------------------------------------------------------------------------
@dataclass
class _Writer:
    """Collects bytes and sends a mode command only when the mode changes."""

    profile: PrinterProfile
    out: bytearray = field(default_factory=bytearray)
    _align: str = "left"
    _size: tuple[int, int] = (1, 1)
    _bold: bool = False

    def mode(self, *, align: str | None = None, size: tuple[int, int] = (1, 1),
             bold: bool = False) -> None:
        if align is not None and align != self._align:
            self.out += cmd.align(align)
            self._align = align
        if size != self._size:
            self.out += cmd.char_size(*size)
            self._size = size
        if bold != self._bold:
            self.out += cmd.bold(bold)
            self._bold = bold

    def text(self, el: Text, value: str) -> None:
        columns = self.profile.paper.chars // el.width
        self.mode(align=el.align, size=(el.width, el.height), bold=el.bold)
        for line in wrap_columns(value, columns):
            self.out += cmd.text(line) + cmd.LF

    def rule(self, el: Rule) -> None:
        self.mode(align="left")
        self.out += cmd.text(el.char * (self.profile.paper.chars // max(1, text_columns(el.char))))
        self.out += cmd.LF

    def qr(self, el: Qr, value: str) -> None:
        self.mode(align=el.align)
        module = self.profile.qr_module
        if self.profile.native_qr:
            self.out += cmd.qr_native(value, module=module, error_level=el.error_level)
        else:
            width = len(cmd.qr_matrix(value, error_level=el.error_level))
            module = max(1, min(module, self.profile.paper.dots // width))
            self.out += cmd.qr_raster(value, module=module, error_level=el.error_level)
        self.out += cmd.LF

    def cut(self) -> None:
        self.mode(align="left")
        self.out += cmd.feed_lines(self.profile.cut_feed_lines)
        if self.profile.cutter is not None:
            self.out += cmd.cut(partial=self.profile.cutter == "partial")


def render(elements: tuple[Element, ...], values: dict[str, str], profile: PrinterProfile
           ) -> bytes:
    """ESC/POS bytes for ``elements`` filled with ``values`` on ``profile``'s paper."""
    w = _Writer(profile)
    w.out += cmd.INIT + cmd.CHINESE_ON
    for el in elements:
        if isinstance(el, Text | Qr) and any(not values.get(k) for k in el.needs):
            continue
        if isinstance(el, Text):
            w.text(el, el.template.format_map(values))
        elif isinstance(el, Rule):
            w.rule(el)
        elif isinstance(el, Qr):
            w.qr(el, el.template.format_map(values))
        elif isinstance(el, Feed):
            w.out += cmd.feed_lines(el.lines)
        elif isinstance(el, Cut):
            w.cut()
    return bytes(w.out)


def ticket_bytes(content: TicketContent, profile: PrinterProfile) -> bytes:
    """The full ticket for ``profile``'s paper width."""
    try:
        layout = TICKET_LAYOUTS[profile.paper.width_mm]
    except KeyError:
        raise ValueError(f"no ticket layout for {profile.paper.width_mm} mm paper") from None
    return render(layout, content.fields(), profile)


def sample_content(issued_at: datetime | None = None) -> TicketContent:
    """The ticket installers print to test a printer (and the benchmark measures)."""
    from datetime import timedelta, timezone

    return TicketContent(
        hall_name="马上办政务服务中心",
        number="A012",
        service_name="社保业务（养老保险）",
        waiting_ahead=5,
        estimated_wait_s=600,
        issued_at=issued_at or datetime(2024, 5, 6, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        windows=("3号窗口", "5号窗口"),
        holder_name="张*",
        qr_url="https://hall.example.cn/q/A012",
        notice="请带好身份证原件，过号作废！",
    )
