"""Printer models as data: paper, cutter, QR, code page and quirks.

Add a model by adding one :class:`PrinterProfile` to :data:`PROFILES` (see
docs/protocols/printer.md, "Adding a model"). Values for named models come from their public
spec sheets; check them on the device before relying on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printer.errors import PrinterConfigError


@dataclass(frozen=True)
class Paper:
    width_mm: int
    dots: int  # printable width in dots (203 dpi heads)
    chars: int  # Font A (12x24) half-width characters per line


PAPER_58 = Paper(58, 384, 32)
PAPER_80 = Paper(80, 576, 48)
PAPERS = {58: PAPER_58, 80: PAPER_80}


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    description: str
    paper: Paper
    cutter: str | None = "partial"  # "full" | "partial" | None (tear bar: feed only)
    native_qr: bool = True  # understands GS ( k
    code_page: str = "gb18030"  # what FS & text is encoded in
    status: bool = True  # answers DLE EOT n
    ignore_offline_bit: bool = False  # quirk: DLE EOT 1 bit 3 is set while it prints fine
    cut_feed_lines: int = 4  # lines between the last print line and the cutter blade
    qr_module: int = 6  # QR module size in dots
    usb_ids: tuple[tuple[int, int], ...] = ()  # (VID, PID) pairs this profile is picked for

    def __post_init__(self) -> None:
        if self.cutter not in ("full", "partial", None):
            raise ValueError(f"cutter must be full, partial or None, not {self.cutter!r}")
        if self.code_page != "gb18030":
            raise ValueError("only GB18030 Chinese printers are supported")


PROFILES: dict[str, PrinterProfile] = {p.name: p for p in (
    PrinterProfile("generic-80", "any 80 mm ESC/POS printer with cutter and native QR",
                   PAPER_80, cutter="partial"),
    PrinterProfile("generic-58", "any 58 mm ESC/POS printer, tear bar, native QR",
                   PAPER_58, cutter=None),
    PrinterProfile("generic-80-noqr", "80 mm printer without GS ( k: QR sent as raster image",
                   PAPER_80, cutter="full", native_qr=False),
    PrinterProfile("generic-58-noqr", "58 mm printer without GS ( k: QR sent as raster image",
                   PAPER_58, cutter=None, native_qr=False),
    PrinterProfile("xprinter-80", "Xprinter 80 mm kiosk/receipt family (e.g. XP-Q80 series)",
                   PAPER_80, cutter="partial"),
    PrinterProfile("xprinter-58", "Xprinter 58 mm family (e.g. XP-58 series), no cutter",
                   PAPER_58, cutter=None, usb_ids=((0x0416, 0x5011),)),
    PrinterProfile("star-escpos-80", "Star printer in ESC/POS emulation: offline bit unreliable",
                   PAPER_80, cutter="partial", ignore_offline_bit=True),
    PrinterProfile("spool-file", "file or spool without a status channel", PAPER_80,
                   cutter="partial", status=False),
)}

DEFAULT_PROFILE = "generic-80"


def get_profile(name: str | PrinterProfile | None = None, *, paper: int | None = None
                ) -> PrinterProfile:
    """A profile by name (or the default); ``paper`` (58/80) picks the generic one."""
    if isinstance(name, PrinterProfile):
        return name
    if name is None:
        name = f"generic-{paper}" if paper else DEFAULT_PROFILE
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise PrinterConfigError(f"未知打印机型号 {name!r}, 可用: {known}",
                                 f"unknown printer profile {name!r}; known: {known}") from None


def profile_for_usb(vendor_id: int, product_id: int) -> PrinterProfile | None:
    for profile in PROFILES.values():
        if (vendor_id, product_id) in profile.usb_ids:
            return profile
    return None
