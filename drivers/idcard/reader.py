"""The card reader: the GA 467 dialogue over any transport, as a SupervisedDevice.

One swipe, one read: after a card is read (or refused), the reader wants to see the field empty
(find fails) before it reads a card again, whatever the module itself does about halted cards.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.errors import DeviceError, ProtocolError
from drivers.idcard import protocol as p
from drivers.idcard.card import IdCard, parse_new_address, parse_text_block
from drivers.idcard.errors import (
    BadCardData,
    BadReplyFrame,
    NoCardTimeout,
    ReaderNoReply,
    ReaderStatusError,
    TruncatedReply,
    UnsupportedCard,
)
from drivers.idcard.photo import decode_photo
from drivers.idcard.transport import Transport, open_transport
from drivers.supervision import ConnectionState, DeviceHealth

log = logging.getLogger("drivers.idcard")


@dataclass(frozen=True)
class CardData:
    """Raw blocks of one read. Short-lived: parse, hand the photo to a decoder, drop."""

    text: bytes
    photo: bytes
    fingerprint: bytes = b""


@dataclass(frozen=True)
class SamId:
    raw: bytes

    @property
    def text(self) -> str:
        """The usual printed form, e.g. 05.01-20130106-0001234567-0123456789."""
        r = self.raw
        if len(r) != 16:
            return r.hex()
        le = lambda a, b: int.from_bytes(r[a:b], "little")  # noqa: E731
        return f"{le(0, 2):02d}.{le(2, 4):02d}-{le(4, 8):08d}-{le(8, 12):010d}-{le(12, 16):010d}"


def _split_blocks(data: bytes, count: int) -> list[bytes]:
    """Card data after SW3: ``count`` big-endian lengths, then the blocks in order."""
    head = 2 * count
    if len(data) < head:
        raise ProtocolError("读卡器回复缺少长度字段", "reader reply lacks its length fields",
                            code="info_length_error")
    sizes = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(count)]
    if head + sum(sizes) != len(data):
        raise ProtocolError("读卡器回复的信息长度不符", "reader reply lengths do not add up",
                            code="info_length_error")
    blocks, at = [], head
    for size in sizes:
        blocks.append(data[at : at + size])
        at += size
    return blocks


class CardReader:
    """A GA 467 reader named by URL. Run it under :class:`drivers.supervision.Supervisor` (which
    calls open/poll/close on its I/O thread) and ask for cards with ``read_card`` as a job on
    that thread; or use it directly (``with CardReader(url) as r: r.read_card(10)``)."""

    kind = "idcard"

    def __init__(self, url: str, *, name: str = "idcard", baudrate: int = 115200,
                 timeouts: dict[str, float] | None = None, poll_interval: float = 0.05,
                 transport_factory: Callable[[], Transport] | None = None) -> None:
        self.url = url
        self.name = name
        self.baudrate = baudrate
        self.timeouts = dict(timeouts or {})  # command name -> seconds, overrides the table
        self.poll_interval = poll_interval  # between finds while waiting for a card
        self._factory = transport_factory or (lambda: open_transport(url, baudrate=baudrate))
        self._transport: Transport | None = None
        self._rx = p.FrameReceiver(min_length=4)
        self._await_removal = False  # one swipe, one read
        self.wire_bytes = 0  # bytes sent and received, preamble to CHK (for the benchmark)

    # -- SupervisedDevice ----------------------------------------------------------------
    def open(self) -> None:
        self.close()
        self._transport = self._factory()
        self._rx.reset()
        try:
            self.sam_status()
        except DeviceError:
            self.close()
            raise

    def close(self) -> None:
        if self._transport is not None:
            transport, self._transport = self._transport, None
            transport.close()

    def poll(self) -> DeviceHealth | None:
        """SAM status check: DEGRADED with the reason when the SAM reports a problem."""
        try:
            self.sam_status()
        except ReaderStatusError as err:
            return DeviceHealth(self.name, self.kind, ConnectionState.DEGRADED, err.code,
                                err.zh, err.en)
        return DeviceHealth(self.name, self.kind, ConnectionState.CONNECTED)

    def __enter__(self) -> CardReader:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_open(self) -> bool:
        return self._transport is not None

    # -- one command ------------------------------------------------------------------------
    def transact(self, command: p.Command, data: bytes = b"") -> p.Reply:
        """Send one command and wait for its reply frame (any status)."""
        transport = self._transport
        if transport is None:
            from drivers.errors import DeviceDisconnected

            raise DeviceDisconnected("读卡器未打开", "card reader is not open")
        frame = command.frame(data)
        timeout = self.timeouts.get(command.name, command.timeout)
        self._rx.reset()
        transport.flush_input()
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s tx %s", transport.description, frame.hex(" "))
        transport.write(frame)
        self.wire_bytes += len(frame)
        deadline = time.monotonic() + timeout
        got = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if got:
                    raise TruncatedReply(command, self._rx.pending, self._rx.expected())
                raise ReaderNoReply(command)
            chunk = transport.read(self._rx.wanted(), remaining)
            if not chunk:
                continue
            got += len(chunk)
            self.wire_bytes += len(chunk)
            for item in self._rx.feed(chunk):
                if isinstance(item, p.BadFrame):
                    raise BadReplyFrame(command, item.reason)
                reply = p.Reply.from_frame(item)
                if log.isEnabledFor(logging.DEBUG):
                    # Card data stays out of the traffic log: header and size only.
                    log.debug("%s rx SW=%02X%02X%02X +%d bytes", transport.description,
                              reply.sw1, reply.sw2, reply.sw3, len(reply.data))
                return reply

    def _expect_ok(self, command: p.Command, data: bytes = b"") -> p.Reply:
        reply = self.transact(command, data)
        if not reply.status.ok:
            raise ReaderStatusError(command, reply.status)
        return reply

    # -- the command set ------------------------------------------------------------------
    def reset_sam(self) -> None:
        self._expect_ok(p.RESET_SAM)

    def sam_status(self) -> None:
        self._expect_ok(p.SAM_STATUS)

    def sam_id(self) -> SamId:
        return SamId(self._expect_ok(p.SAM_ID).data)

    def find_card(self) -> bool:
        reply = self.transact(p.FIND_CARD)
        if reply.sw3 == 0x9F:
            return True
        if reply.status.kind == "no_card":
            return False
        raise ReaderStatusError(p.FIND_CARD, reply.status)

    def select_card(self) -> None:
        self._expect_ok(p.SELECT_CARD)

    def read_base(self) -> CardData:
        text, photo = _split_blocks(self._expect_ok(p.READ_BASE).data, 2)
        return CardData(text, photo)

    def read_with_fingerprint(self) -> CardData:
        text, photo, fingerprint = _split_blocks(self._expect_ok(p.READ_FINGERPRINT).data, 3)
        return CardData(text, photo, fingerprint)

    def read_new_address(self) -> str | None:
        """The address written later on the card (moves), or None when there is none."""
        reply = self.transact(p.READ_NEW_ADDRESS)
        if reply.status.kind == "absent":
            return None
        if not reply.status.ok:
            raise ReaderStatusError(p.READ_NEW_ADDRESS, reply.status)
        return parse_new_address(reply.data)

    def set_baudrate(self, baudrate: int) -> None:
        """`60 0n`: the reader answers at the old speed, then both sides switch."""
        self._expect_ok(p.set_baud_command(baudrate))
        if self._transport is not None:
            self._transport.set_baudrate(baudrate)
        self.baudrate = baudrate

    # -- a whole card -------------------------------------------------------------------------
    def read_card(self, timeout: float, *,
                  on_photo: Callable[[bytes | None], None] | None = None) -> IdCard:
        """Wait up to ``timeout`` seconds for a card and read it: find -> select -> read.

        A card that was already read must leave the field first. Passing faults (card pulled
        mid-read, line noise, a missed reply) are retried until the timeout, and then reported
        rather than a plain timeout; SAM faults and unsupported cards are raised at once.
        ``on_photo`` gets the decoded photo (see :mod:`drivers.idcard.photo`); it is not kept.
        """
        deadline = time.monotonic() + timeout
        last_error: DeviceError | None = None
        silent = 0
        while True:
            try:
                present = self.find_card()
                silent = 0
                if not present:
                    self._await_removal = False
                elif not self._await_removal:
                    return self._read_present_card(on_photo)
            except (UnsupportedCard, BadCardData):
                raise  # the card was read; another try gives the same answer
            except ReaderNoReply as err:
                silent += 1
                if silent >= 2:
                    raise
                last_error = err
            except ReaderStatusError as err:
                if err.status.kind == "card":
                    self._await_removal = True
                    raise UnsupportedCard(
                        f"读卡器无法识别此卡 (SW3={err.status.sw3:02X}),请使用身份证或居住证",
                        f"the reader does not know this card (SW3={err.status.sw3:02X}); use an "
                        "ID card or residence permit") from None
                if not err.transient:
                    raise
                last_error = err
            except ProtocolError as err:  # noise, truncation, checksum
                last_error = err
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if last_error is not None:
                    raise last_error
                raise NoCardTimeout(timeout)
            time.sleep(min(self.poll_interval, remaining))  # bounded: ends at the deadline

    def _read_present_card(self, on_photo: Callable[[bytes | None], None] | None) -> IdCard:
        self.select_card()
        data = self.read_base()
        # From here on the card has been read: refused or not, it must leave the field.
        self._await_removal = True
        card = parse_text_block(data.text, photo_present=any(data.photo))
        if on_photo is not None:
            on_photo(decode_photo(data.photo))
        log.info("read %s", card)
        return card
