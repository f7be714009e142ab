"""Real-time status (``DLE EOT n``) decoded into what the hall needs to know.

Each reply is one byte shaped ``0xx1xx10`` (bit 1 and bit 4 set, bits 0 and 7 clear). Bit meanings
(Epson ESC/POS reference, copied by the Chinese makers):

- n=1 printer: bit 3 offline
- n=2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped at paper end,
  bit 6 error
- n=3 error cause: bit 3 cutter error, bit 5 unrecoverable error, bit 6 auto-recoverable error
- n=4 paper sensor: bits 2-3 roll near end, bits 5-6 roll end
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.errors import ProtocolError

REPLY_MASK, REPLY_FIXED = 0x93, 0x12


def valid_reply(byte: int) -> bool:
    return (byte & REPLY_MASK) == REPLY_FIXED


@dataclass(frozen=True)
class StatusProblem:
    code: str
    zh: str  # for staff and the citizen at the kiosk
    en: str
    blocks_printing: bool


# In priority order: the first that applies is the one reported.
PROBLEMS = {p.code: p for p in (
    StatusProblem("cover_open", "打印机盖未关好, 请工作人员合上机盖",
                  "printer cover is open; staff please close it", True),
    StatusProblem("paper_out", "打印纸已用完, 请工作人员更换纸卷",
                  "printer is out of paper; staff please load a new roll", True),
    StatusProblem("cutter_error", "切纸刀故障, 请工作人员检查打印机",
                  "paper cutter error; staff please check the printer", True),
    StatusProblem("printer_fault", "打印机故障, 请工作人员检查或重启打印机",
                  "printer error; staff please check or restart the printer", True),
    StatusProblem("offline", "打印机脱机, 请工作人员检查打印机",
                  "printer is offline; staff please check it", True),
    StatusProblem("paper_near_end", "打印纸即将用完, 请工作人员准备换纸",
                  "printer paper is running low; staff please prepare a new roll", False),
)}


@dataclass(frozen=True)
class PrinterStatus:
    """Decoded ``DLE EOT 1..4`` replies (``None`` for a reply not asked for)."""

    offline: bool = False
    cover_open: bool = False
    feed_button: bool = False
    paper_end_stop: bool = False
    error: bool = False
    cutter_error: bool = False
    unrecoverable: bool = False
    auto_recoverable: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    raw: tuple[int | None, int | None, int | None, int | None] = (None, None, None, None)
    checked: bool = True  # False: the link has no status channel (file, spool), nothing known

    @property
    def problem(self) -> StatusProblem | None:
        """The one problem to tell people about, or ``None`` when the printer is fine."""
        if self.cover_open:
            return PROBLEMS["cover_open"]
        if self.paper_out or self.paper_end_stop:
            return PROBLEMS["paper_out"]
        if self.cutter_error:
            return PROBLEMS["cutter_error"]
        if self.unrecoverable or self.auto_recoverable or self.error:
            return PROBLEMS["printer_fault"]
        if self.offline:
            return PROBLEMS["offline"]
        if self.paper_near_end:
            return PROBLEMS["paper_near_end"]
        return None

    @property
    def ready(self) -> bool:
        problem = self.problem
        return problem is None or not problem.blocks_printing


def decode(replies: dict[int, int], *, ignore_offline_bit: bool = False) -> PrinterStatus:
    """Decode replies keyed by ``n``. Raises ProtocolError on a byte that is not a status byte."""
    for n, byte in replies.items():
        if n not in (1, 2, 3, 4) or not 0 <= byte <= 255 or not valid_reply(byte):
            raise ProtocolError(
                f"打印机状态回复无效: DLE EOT {n} -> {byte:#04x}",
                f"printer sent an invalid status reply: DLE EOT {n} -> {byte:#04x}")
    s1, s2, s3, s4 = (replies.get(n) for n in (1, 2, 3, 4))

    def bit(value: int | None, mask: int) -> bool:
        return value is not None and bool(value & mask)

    return PrinterStatus(
        offline=bit(s1, 0x08) and not ignore_offline_bit,
        cover_open=bit(s2, 0x04),
        feed_button=bit(s2, 0x08),
        paper_end_stop=bit(s2, 0x20),
        error=bit(s2, 0x40),
        cutter_error=bit(s3, 0x08),
        unrecoverable=bit(s3, 0x20),
        auto_recoverable=bit(s3, 0x40),
        paper_near_end=bit(s4, 0x0C),
        paper_out=bit(s4, 0x60),
        raw=(s1, s2, s3, s4),
    )
