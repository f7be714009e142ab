"""A virtual GA 467 card reader: the same bytes as a real SAM module, with fault knobs.

* :class:`VirtualReader` is the protocol engine: host bytes in, reply bytes out. Cards are
  placed and removed by the test (or the command); a card stays in the field until removed.
* :class:`PtySimulator` serves it on a pty (it holds the master; pyserial opens ``.path``),
  throttled to the baud rate so timings are honest.
* ``sim:NAME`` URLs reach a named in-process reader through :class:`SimTransport`.

Sample cards (:func:`sample_cards`) cover the three supported types plus a 1949-born resident
for the 70+ green channel. All people on them are invented.
"""

from __future__ import annotations

import contextlib
import os
import pty
import random
import select
import threading
import time
import tty
from collections.abc import Iterable
from dataclasses import dataclass, field

from drivers.idcard import idnumber as privacy
from drivers.idcard import protocol as p
from drivers.idcard.card import LAYOUTS, TEXT_SIZE, TYPE_OFFSET, CardType

# -- cards --------------------------------------------------------------------------------

TYPE_LETTER = {CardType.RESIDENT: " ", CardType.FOREIGN_PERMANENT: "I", CardType.HKMT_PERMIT: "J"}


def encode_field(value: str, size: int) -> bytes:
    """UCS-2LE, padded with spaces to ``size`` bytes."""
    raw = value.encode("utf-16-le")
    if len(raw) > size:
        raise ValueError(f"field value longer than {size} bytes")
    return raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def build_text_block(card_type: CardType, type_letter: str | None = None, **fields: str) -> bytes:
    """The 256-byte text block for ``fields`` (names as in ``card.LAYOUTS``); missing fields
    stay blank. ``type_letter`` overrides the letter at byte 248 (for unsupported-card tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_SIZE // 2))
    layout = {f.name: f for f in LAYOUTS[card_type]}
    for name, value in fields.items():
        f = layout.get(name)
        if f is None:
            raise KeyError(f"{card_type.value} cards have no field {name!r}")
        block[f.offset : f.offset + f.size] = encode_field(value, f.size)
    letter = TYPE_LETTER[card_type] if type_letter is None else type_letter
    block[TYPE_OFFSET : TYPE_OFFSET + 2] = encode_field(letter, 2)
    return bytes(block)


def fake_wlt(seed: int) -> bytes:
    """1024 bytes that stand in for the proprietary photo data."""
    rng = random.Random(seed)
    return b"WLT\x00" + bytes(rng.randrange(256) for _ in range(1020))


@dataclass
class SimCard:
    key: str
    text: bytes
    photo: bytes = field(default_factory=lambda: fake_wlt(0))
    fingerprint: bytes = b""  # 0, 512 or 1024 bytes
    new_address: str | None = None

    def __repr__(self) -> str:  # the text block is personal data, even invented
        return f"SimCard({self.key!r})"


def resident_card(key: str = "resident", **overrides: str) -> SimCard:
    fields = dict(name="张三", gender="1", ethnicity="01", birth="19910101",
                  address="江西省九江市德安县蒲亭镇八一路1号", id_number="360426199101010071",
                  authority="德安县公安局", valid_from="20110101", valid_until="20310101")
    fields.update(overrides)
    return SimCard(key, build_text_block(CardType.RESIDENT, **fields), fake_wlt(1),
                   fingerprint=bytes(range(256)) * 4)


def elder_card(key: str = "elder") -> SimCard:
    """Born 1949-12-31: 70+ on any date from 2020 on (green channel)."""
    fields = dict(name="李秀英", gender="2", ethnicity="03", birth="19491231",
                  address="北京市朝阳区建国路1号院2号楼301", id_number="11010519491231002X",
                  authority="北京市公安局朝阳分局", valid_from="20100501", valid_until="长期")
    return SimCard(key, build_text_block(CardType.RESIDENT, **fields), fake_wlt(2),
                   new_address="北京市朝阳区朝阳门外大街6号")


def foreign_card(key: str = "foreign") -> SimCard:
    fields = dict(english_name="SMITH, JOHN WILLIAM", gender="1", id_number="USA110078091203",
                  nationality="USA", name="史密斯", valid_from="20180601",
                  valid_until="20280601", birth="19780912", card_version="20", authority="1100")
    return SimCard(key, build_text_block(CardType.FOREIGN_PERMANENT, **fields), fake_wlt(3))


HKMT_NUMBER = "81000019940823003" + privacy.id_check_char("81000019940823003")


def hkmt_card(key: str = "hkmt") -> SimCard:
    fields = dict(name="陈大文", gender="1", birth="19940823",
                  address="广东省深圳市福田区福华一路1号", id_number=HKMT_NUMBER,
                  authority="深圳市公安局", valid_from="20230101", valid_until="20280101",
                  pass_number="H12345678", issue_count="01")
    return SimCard(key, build_text_block(CardType.HKMT_PERMIT, **fields), fake_wlt(4))


def sample_cards() -> dict[str, SimCard]:
    cards = [resident_card(), elder_card(), foreign_card(), hkmt_card()]
    return {c.key: c for c in cards}


# -- faults ---------------------------------------------------------------------------------

@dataclass
class Faults:
    """Counts are "the next N times"; flags hold until cleared."""

    no_card: bool = False  # find always fails, whatever is placed
    sam_failure: bool = False  # every command answers SW3 60
    no_reply: int = 0  # next N commands get no answer at all
    checksum_errors: int = 0  # next N card-data replies (30 xx) carry a wrong CHK
    truncate: int = 0  # next N card-data replies stop halfway
    pull_mid_read: int = 0  # next N card reads: half a reply, then the card leaves the field
    garbage: bool = False  # noise bytes before every reply
    read_failed: int = 0  # next N card reads answer SW3 41


# -- the engine ---------------------------------------------------------------------------------

class VirtualReader:
    def __init__(self, cards: Iterable[SimCard] | None = None, *, faults: Faults | None = None,
                 sam_id: bytes = bytes.fromhex("0500010037c00101aa0f5d0031d40000"),
                 seed: int = 0) -> None:
        self.cards = {c.key: c for c in (cards if cards is not None else sample_cards().values())}
        self.faults = faults or Faults()
        self.sam_id = sam_id
        self.baudrate = 115200
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._rx = p.FrameReceiver(min_length=3)
        self._card: SimCard | None = None
        self._found = self._selected = False
        self.reads = 0  # successful card-data replies sent
        self.commands: list[str] = []  # command names seen, for tests

    # -- the card in the field ----------------------------------------------------------------
    def place(self, card: SimCard | str) -> None:
        with self._lock:
            self._card = self.cards[card] if isinstance(card, str) else card
            self._found = self._selected = False

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._found = self._selected = False

    @property
    def card(self) -> SimCard | None:
        return self._card

    def configure(self, **faults: object) -> None:
        with self._lock:
            for name, value in faults.items():
                if not hasattr(self.faults, name):
                    raise AttributeError(f"no fault knob {name!r}")
                setattr(self.faults, name, value)

    # -- bytes in, bytes out --------------------------------------------------------------------
    def handle(self, data: bytes) -> list[bytes]:
        """Host bytes in; the reply byte strings to send, in order (maybe none)."""
        out: list[bytes] = []
        with self._lock:
            for item in self._rx.feed(data):
                if isinstance(item, p.BadFrame):
                    sw3 = 0x10 if item.reason == "checksum" else 0x11
                    out.append(self._decorate(p.reply_frame(sw3)))
                    continue
                reply = self._respond(item.payload)
                if reply is not None:
                    out.append(self._decorate(reply))
        return out

    def _decorate(self, frame: bytes) -> bytes:
        if self.faults.garbage:
            noise = bytes(self._rng.randrange(256) for _ in range(self._rng.randrange(1, 12)))
            return noise + b"\xaa\xaa\x96" + frame  # includes a broken preamble on purpose
        return frame

    def _respond(self, payload: bytes) -> bytes | None:
        f = self.faults
        if len(payload) < 2:
            return p.reply_frame(0x11)
        cmd, para = payload[0], payload[1]
        name = next((c.name for c in p.COMMANDS if (c.cmd, c.para) == (cmd, para)),
                    f"{cmd:02x}{para:02x}")
        self.commands.append(name)
        if f.no_reply > 0:
            f.no_reply -= 1
            return None
        if f.sam_failure:
            return p.reply_frame(0x60)
        if cmd == 0x10 and para == 0xFF:
            return p.reply_frame(0x90)
        if cmd == 0x11 and para == 0xFF:
            return p.reply_frame(0x90)
        if cmd == 0x12 and para == 0xFF:
            return p.reply_frame(0x90, self.sam_id)
        if cmd == 0x20 and para == 0x01:
            if self._card is None or f.no_card:
                self._found = self._selected = False
                return p.reply_frame(0x80)
            self._found, self._selected = True, False
            return p.reply_frame(0x9F, bytes(4))
        if cmd == 0x20 and para == 0x02:
            if not (self._found and self._card is not None):
                return p.reply_frame(0x81)
            self._selected = True
            return p.reply_frame(0x90, bytes(8))
        if cmd == 0x30 and para in (0x01, 0x03, 0x10):
            return self._card_data(para)
        if cmd == 0x60 and para <= 4:
            self.baudrate = p.BAUD_RATES[para]
            return p.reply_frame(0x90)
        return p.reply_frame(0x21)

    def _card_data(self, para: int) -> bytes | None:
        f, card = self.faults, self._card
        if card is None or not self._selected:
            return p.reply_frame(0x41)
        if para == 0x03:
            if card.new_address is None:
                return p.reply_frame(0x91)
            return p.reply_frame(0x90, encode_field(card.new_address, 70))
        if f.read_failed > 0:
            f.read_failed -= 1
            return p.reply_frame(0x41)
        if para == 0x01:
            data = (len(card.text).to_bytes(2, "big") + len(card.photo).to_bytes(2, "big")
                    + card.text + card.photo)
        else:
            fp = card.fingerprint
            data = (len(card.text).to_bytes(2, "big") + len(card.photo).to_bytes(2, "big")
                    + len(fp).to_bytes(2, "big") + card.text + card.photo + fp)
        frame = p.reply_frame(0x90, data)
        if f.pull_mid_read > 0:
            f.pull_mid_read -= 1
            self._card = None
            self._found = self._selected = False
            return frame[: len(frame) // 2]
        if f.truncate > 0:
            f.truncate -= 1
            return frame[: len(frame) // 2]
        if f.checksum_errors > 0:
            f.checksum_errors -= 1
            return frame[:-1] + bytes([frame[-1] ^ 0x5A])
        self.reads += 1
        return frame


# -- in process (sim:NAME) ------------------------------------------------------------------------

_simulators: dict[str, VirtualReader] = {}
_registry_lock = threading.Lock()


def get_simulator(name: str) -> VirtualReader:
    """The in-process reader behind ``sim:NAME``, made (with the sample cards, none placed) on
    first use."""
    with _registry_lock:
        reader = _simulators.get(name)
        if reader is None:
            reader = _simulators[name] = VirtualReader()
        return reader


def install_simulator(name: str, reader: VirtualReader) -> VirtualReader:
    with _registry_lock:
        _simulators[name] = reader
    return reader


def remove_simulator(name: str) -> None:
    with _registry_lock:
        _simulators.pop(name, None)


class SimTransport:
    """In-process transport: replies are computed on write; an empty read waits out its
    timeout (a silent reader costs real time, as on the wire)."""

    def __init__(self, reader: VirtualReader) -> None:
        self.reader = reader
        self.description = "sim"
        self._buf = bytearray()
        self._cond = threading.Condition()
        self._closed = False

    def write(self, data: bytes) -> None:
        chunks = self.reader.handle(bytes(data))
        with self._cond:
            for chunk in chunks:
                self._buf += chunk
            self._cond.notify_all()

    def read(self, size: int, timeout: float) -> bytes:
        with self._cond:
            if not self._buf:
                self._cond.wait_for(lambda: bool(self._buf) or self._closed, timeout)
            out = bytes(self._buf[:size])
            del self._buf[:size]
            return out

    def flush_input(self) -> None:
        with self._cond:
            self._buf.clear()

    def set_baudrate(self, baudrate: int) -> None:
        """An in-process link has no line speed; the reader's `60 0n` command is still answered
        by the simulated SAM, which is what the driver checks."""

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


# -- on a pty ---------------------------------------------------------------------------------------

class PtySimulator:
    """Serves a :class:`VirtualReader` on a pty. With ``throttle`` replies leave at the
    reader's baud rate (10 bits per byte, following `60 0n`) and each command is charged its
    own wire time before the reply starts; without it bytes go at full speed. Use as a context
    manager, or start()/stop()."""

    CHUNK = 16

    def __init__(self, reader: VirtualReader | None = None, *, throttle: bool = True) -> None:
        self.reader = reader or VirtualReader()
        self.throttle = throttle
        self._master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sim-idcard-pty", daemon=True)

    def start(self) -> PtySimulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> PtySimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _byte_time(self) -> float:
        return 10.0 / self.reader.baudrate if self.throttle else 0.0

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(self._master, 4096)
            except BlockingIOError:
                continue
            except OSError:
                return  # closed
            arrived = time.monotonic()
            byte_time = self._byte_time()  # taken before `60 0n` switches: it answers at the old speed
            replies = self.reader.handle(data)
            # The command itself took its wire time to arrive at the reader.
            start = arrived + len(data) * byte_time
            for reply in replies:
                start = self._send(reply, start, byte_time)

    def _send(self, data: bytes, start: float, byte_time: float) -> float:
        sent = 0
        while sent < len(data) and not self._stop.is_set():
            n = min(self.CHUNK, len(data) - sent) if byte_time else len(data) - sent
            if byte_time:
                target = start + (sent + n) * byte_time
                delay = target - time.monotonic()
                if delay > 0:
                    time.sleep(delay)  # emulating the wire, not waiting for a result
            sent += self._write(data[sent : sent + n])
        return start + len(data) * byte_time

    def _write(self, data: bytes) -> int:
        done = 0
        while done < len(data) and not self._stop.is_set():
            try:
                done += os.write(self._master, data[done:])
            except BlockingIOError:
                select.select([], [self._master], [], 0.05)
            except OSError:
                self._stop.set()
        return len(data)

