"""Printer errors: every one says why, in Chinese and English, and how far the job got."""

from __future__ import annotations

from drivers.errors import DeviceDisconnected, DeviceError


class PrinterError(DeviceError):
    """A ticket (or status check) that did not go through.

    ``bytes_sent`` counts the bytes the transport accepted before the failure and ``bytes_total``
    the size of the job (both 0 when nothing was attempted). When ``any_sent`` is true the printer
    may have printed part of the ticket: tell the citizen to check the tray and reprint.
    ``bytes_in_doubt`` counts bytes handed to the transport when it failed: some may be out.
    """

    code = "printer_error"

    def __init__(self, zh: str, en: str, *, code: str | None = None,
                 bytes_sent: int = 0, bytes_total: int = 0, bytes_in_doubt: int = 0) -> None:
        super().__init__(zh, en, code=code)
        self.bytes_sent = bytes_sent
        self.bytes_total = bytes_total
        self.bytes_in_doubt = bytes_in_doubt

    @property
    def any_sent(self) -> bool:
        """True when part of the ticket may have reached the printer."""
        return self.bytes_sent + self.bytes_in_doubt > 0

    def as_dict(self) -> dict[str, str]:
        out = super().as_dict()
        out["bytes_sent"] = str(self.bytes_sent)
        out["bytes_total"] = str(self.bytes_total)
        return out


class PrinterNotReady(PrinterError):
    """The printer answered but cannot print now (paper out, cover open, offline ...).
    Nothing was sent; ``code`` is the status code (``paper_out``, ``cover_open`` ...)."""

    code = "printer_not_ready"


class PrinterNoReply(PrinterError):
    """The link is open but the printer does not answer a status request."""

    code = "no_reply"


class PrinterUnplugged(PrinterError, DeviceDisconnected):
    """The link broke (cable pulled, socket closed, power off). The supervisor reconnects."""

    code = "unplugged"


class PrintInterrupted(PrinterError):
    """The link failed part way through a ticket: ``bytes_sent`` of ``bytes_total`` went out."""

    code = "print_interrupted"


class PrinterUnplugMidJob(PrintInterrupted, DeviceDisconnected):
    """The link broke part way through a ticket; the supervisor reconnects."""

    code = "unplugged"


class PrinterConfigError(PrinterError):
    """A bad printer URL, profile or option."""

    code = "printer_config"
