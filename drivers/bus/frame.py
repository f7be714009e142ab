"""Hall bus protocol v1 as data: frames, commands, NAK reasons, CRC and an incremental parser.

Wire format (docs/protocols/hall-bus.md)::

    02 | ADDR | CMD | SEQ | LEN_H LEN_L | PAYLOAD (LEN bytes) | CRC_L CRC_H | 03

CRC-16/MODBUS over ADDR..PAYLOAD, sent little-endian. Nothing here does I/O: the bus master,
the simulators and the tests all build and parse bytes through this module.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

STX = 0x02
ETX = 0x03
HEADER_LEN = 6  # 02 ADDR CMD SEQ LEN_H LEN_L
OVERHEAD = HEADER_LEN + 3  # header + CRC_L CRC_H + 03
MAX_PAYLOAD = 1024  # anything longer is noise; a v1 device never sends more
BROADCAST = 0
MIN_ADDRESS, MAX_ADDRESS = 1, 247
BITS_PER_CHAR = 10  # 8N1: start + 8 data + stop


class Cmd(enum.IntEnum):
    IDENTIFY = 0x01
    POLL_EVENTS = 0x10
    ACK_EVENTS = 0x11
    PAD_MODE = 0x12
    SCREEN_TEXT = 0x20
    SCREEN_CLEAR = 0x21
    BRIGHTNESS = 0x22
    PING = 0x30
    # device -> host
    ACK = 0x06
    NAK = 0x15
    IDENTIFY_REPLY = 0x81
    EVENTS_REPLY = 0x90
    PING_REPLY = 0xB0


@dataclass(frozen=True)
class CommandSpec:
    cmd: Cmd
    name: str
    reply: Cmd  # the reply a healthy device sends (besides NAK)


# Host requests and the reply each expects.
COMMANDS: dict[Cmd, CommandSpec] = {
    spec.cmd: spec
    for spec in (
        CommandSpec(Cmd.IDENTIFY, "IDENTIFY", Cmd.IDENTIFY_REPLY),
        CommandSpec(Cmd.POLL_EVENTS, "POLL_EVENTS", Cmd.EVENTS_REPLY),
        CommandSpec(Cmd.ACK_EVENTS, "ACK_EVENTS", Cmd.ACK),
        CommandSpec(Cmd.PAD_MODE, "PAD_MODE", Cmd.ACK),
        CommandSpec(Cmd.SCREEN_TEXT, "SCREEN_TEXT", Cmd.ACK),
        CommandSpec(Cmd.SCREEN_CLEAR, "SCREEN_CLEAR", Cmd.ACK),
        CommandSpec(Cmd.BRIGHTNESS, "BRIGHTNESS", Cmd.ACK),
        CommandSpec(Cmd.PING, "PING", Cmd.PING_REPLY),
    )
}
REPLY_CMDS = frozenset({Cmd.ACK, Cmd.NAK, Cmd.IDENTIFY_REPLY, Cmd.EVENTS_REPLY, Cmd.PING_REPLY})


class NakReason(enum.IntEnum):
    CRC = 1
    LENGTH = 2
    UNKNOWN_COMMAND = 3
    BAD_PARAMETER = 4
    BUSY = 5


@dataclass(frozen=True)
class NakInfo:
    reason: NakReason
    retry: bool  # does the host try again with the same SEQ?
    zh: str
    en: str


NAK_REASONS: dict[int, NakInfo] = {
    info.reason: info
    for info in (
        NakInfo(NakReason.CRC, True, "设备收到的帧校验错误", "device saw a CRC error"),
        NakInfo(NakReason.LENGTH, False, "帧长度错误", "bad frame length"),
        NakInfo(NakReason.UNKNOWN_COMMAND, False, "设备不支持该命令", "command not supported by device"),
        NakInfo(NakReason.BAD_PARAMETER, False, "命令参数错误", "bad command parameter"),
        NakInfo(NakReason.BUSY, True, "设备忙", "device busy"),
    )
}


class DeviceType(enum.IntEnum):
    RATING_PAD = 1
    WINDOW_SCREEN = 2
    HALL_STRIP = 3


DEVICE_TYPE_NAMES = {
    DeviceType.RATING_PAD: "rating_pad",
    DeviceType.WINDOW_SCREEN: "window_screen",
    DeviceType.HALL_STRIP: "hall_strip",
}


def crc16_modbus(data: bytes) -> int:
    """CRC-16/MODBUS: reflected poly 0xA001, init 0xFFFF, no final xor ("123456789" -> 0x4B37)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@dataclass(frozen=True)
class Frame:
    addr: int
    cmd: int
    seq: int
    payload: bytes = b""

    def __post_init__(self) -> None:
        if not 0 <= self.addr <= 255:
            raise ValueError(f"address out of range: {self.addr}")
        if not 0 <= self.cmd <= 255 or not 0 <= self.seq <= 255:
            raise ValueError("cmd and seq are single bytes")
        if len(self.payload) > MAX_PAYLOAD:
            raise ValueError(f"payload longer than {MAX_PAYLOAD} bytes")

    def encode(self) -> bytes:
        body = bytes((self.addr, self.cmd, self.seq)) + len(self.payload).to_bytes(2, "big") + self.payload
        return bytes((STX,)) + body + crc16_modbus(body).to_bytes(2, "little") + bytes((ETX,))

    @property
    def wire_len(self) -> int:
        return OVERHEAD + len(self.payload)

    @property
    def command_name(self) -> str:
        try:
            return Cmd(self.cmd).name
        except ValueError:
            return f"0x{self.cmd:02X}"

    @property
    def nak_reason(self) -> int | None:
        if self.cmd != Cmd.NAK:
            return None
        return self.payload[0] if self.payload else 0


def char_time(baudrate: int) -> float:
    return BITS_PER_CHAR / baudrate


def frame_time(n_bytes: int, baudrate: int) -> float:
    """Seconds a frame of ``n_bytes`` occupies the wire at 8N1."""
    return n_bytes * char_time(baudrate)


def inter_frame_gap(baudrate: int) -> float:
    """At least 3.5 character times between frames (never below 1 ms, like Modbus above 19200)."""
    return max(3.5 * char_time(baudrate), 0.00175 if baudrate > 19200 else 0.0)


@dataclass(frozen=True)
class BadFrame:
    """Bytes that started like a frame but were not one; the parser resynced after them."""

    reason: str  # crc | etx | length | address
    data: bytes


class FrameParser:
    """Incremental receiver: ``feed()`` bytes as they arrive, get frames and bad-frame notes back.

    Bytes before a 02 are skipped. A header with an impossible length or address, a CRC that does
    not match or a missing closing 03 is reported as :class:`BadFrame` and the parser resyncs on
    the next 02 *after the first byte* of the bad frame, so a real frame hiding inside is found.
    """

    def __init__(self, max_payload: int = MAX_PAYLOAD) -> None:
        self.max_payload = max_payload
        self._buf = bytearray()
        self.skipped = 0  # bytes discarded while hunting for 02
        self.bad_frames = 0

    @property
    def pending(self) -> int:
        return len(self._buf)

    def reset(self) -> None:
        self._buf.clear()

    def pending_total(self) -> int:
        """Length of the frame being received, once its header is in (else 0)."""
        if len(self._buf) < HEADER_LEN or self._buf[0] != STX:
            return 0
        return OVERHEAD + ((self._buf[4] << 8) | self._buf[5])

    def feed(self, data: bytes) -> list[Frame | BadFrame]:
        self._buf += data
        return self._scan()

    def drain(self) -> list[Frame | BadFrame]:
        """The line went quiet: an incomplete frame will never finish, so give up on its 02 and
        rescan what follows (a real frame may sit behind a noise 02 with a bogus length)."""
        out: list[Frame | BadFrame] = []
        while self._buf:
            if self._buf[0] == STX:
                out.append(BadFrame("incomplete", bytes(self._buf)))
                self.bad_frames += 1
            del self._buf[0]
            out += self._scan()
        return out

    def _scan(self) -> list[Frame | BadFrame]:
        out: list[Frame | BadFrame] = []
        buf = self._buf
        while True:
            start = buf.find(STX)
            if start < 0:
                self.skipped += len(buf)
                buf.clear()
                return out
            if start:
                self.skipped += start
                del buf[:start]
            if len(buf) < HEADER_LEN:
                return out
            addr, length = buf[1], (buf[4] << 8) | buf[5]
            if length > self.max_payload or addr > MAX_ADDRESS:
                out.append(BadFrame("length" if length > self.max_payload else "address", bytes(buf[:HEADER_LEN])))
                self.bad_frames += 1
                del buf[0]
                continue
            total = OVERHEAD + length
            if len(buf) < total:
                return out
            raw = bytes(buf[:total])
            body = raw[1 : HEADER_LEN + length]
            crc = raw[HEADER_LEN + length] | (raw[HEADER_LEN + length + 1] << 8)
            if raw[-1] != ETX:
                out.append(BadFrame("etx", raw))
            elif crc != crc16_modbus(body):
                out.append(BadFrame("crc", raw))
            else:
                out.append(Frame(raw[1], raw[2], raw[3], raw[HEADER_LEN : HEADER_LEN + length]))
                del buf[:total]
                continue
            self.bad_frames += 1
            del buf[0]


def hexdump(data: bytes) -> str:
    return data.hex(" ").upper()
