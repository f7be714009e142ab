"""GA 467 "SAM" frames as data: commands, status codes, frame building and an incremental
receiver. No I/O here: transports move bytes, :mod:`drivers.idcard.reader` drives the dialogue.

Frame (multi-byte fields big-endian)::

    host -> reader:  AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA... | CHK
    reader -> host:  AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA... | CHK

LEN counts every byte after the two length bytes, CHK included; CHK is the XOR of LEN_H
through the last DATA byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from drivers.errors import ProtocolError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_SIZE = 7  # preamble + two length bytes
# The longest real reply is the fingerprint read: 2321 bytes, LEN 2314. Anything much longer
# is a false preamble inside noise; refusing it keeps the receiver from waiting for ever.
MAX_LENGTH = 4096


def xor(data: bytes | bytearray) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def build_frame(payload: bytes) -> bytes:
    """Wrap ``payload`` (CMD PARA DATA or SW1 SW2 SW3 DATA) into a full frame."""
    length = len(payload) + 1
    if length > 0xFFFF:
        raise ValueError("payload too long for a GA 467 frame")
    body = length.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([xor(body)])


# -- commands --------------------------------------------------------------------------

@dataclass(frozen=True)
class Command:
    name: str
    cmd: int
    para: int
    timeout: float  # seconds to wait for the whole reply
    zh: str
    en: str

    def frame(self, data: bytes = b"") -> bytes:
        return build_frame(bytes([self.cmd, self.para]) + data)


RESET_SAM = Command("reset_sam", 0x10, 0xFF, 2.0, "复位 SAM", "reset SAM")
SAM_STATUS = Command("sam_status", 0x11, 0xFF, 0.5, "SAM 状态检测", "SAM status")
SAM_ID = Command("sam_id", 0x12, 0xFF, 0.5, "读 SAM 编号", "read SAM id")
FIND_CARD = Command("find_card", 0x20, 0x01, 0.1, "寻找卡片", "find card")
SELECT_CARD = Command("select_card", 0x20, 0x02, 0.1, "选取卡片", "select card")
READ_BASE = Command("read_base", 0x30, 0x01, 2.0, "读文字和照片", "read text and photo")
READ_NEW_ADDRESS = Command("read_new_address", 0x30, 0x03, 2.0, "读最新住址", "read new address")
READ_FINGERPRINT = Command("read_fingerprint", 0x30, 0x10, 3.0, "读文字、照片和指纹",
                           "read text, photo and fingerprint")

COMMANDS: tuple[Command, ...] = (
    RESET_SAM, SAM_STATUS, SAM_ID, FIND_CARD, SELECT_CARD, READ_BASE, READ_NEW_ADDRESS,
    READ_FINGERPRINT,
)

# `60 0n`: n = 0..4
BAUD_RATES: tuple[int, ...] = (115200, 57600, 38400, 19200, 9600)


def set_baud_command(baudrate: int) -> Command:
    try:
        n = BAUD_RATES.index(baudrate)
    except ValueError:
        raise ProtocolError(
            f"读卡器不支持波特率 {baudrate},可用: {', '.join(map(str, BAUD_RATES))}",
            f"the reader does not support {baudrate} baud; use one of "
            f"{', '.join(map(str, BAUD_RATES))}",
            code="bad_baudrate",
        ) from None
    return Command(f"set_baud_{baudrate}", 0x60, n, 0.5, f"设置波特率 {baudrate}",
                   f"set baud rate {baudrate}")


# -- status codes (SW3) ------------------------------------------------------------------

@dataclass(frozen=True)
class Status:
    sw3: int
    code: str  # stable name for logs, health and tests
    kind: str  # ok | no_card | absent | transient | card | fatal
    zh: str
    en: str

    @property
    def ok(self) -> bool:
        return self.kind == "ok"


_STATUS_ROWS = (
    (0x90, "ok", "ok", "操作成功", "success"),
    (0x9F, "card_found", "ok", "寻找证/卡成功", "card found"),
    (0x91, "no_such_item", "absent", "证/卡中此项无内容", "no such item on the card"),
    (0x10, "checksum_error", "transient", "读卡器收到的数据校验和错",
     "the reader received a frame with a bad checksum"),
    (0x11, "length_error", "transient", "读卡器收到的数据长度错",
     "the reader received a frame with a bad length"),
    (0x21, "bad_command", "fatal", "读卡器不认识该命令或参数", "bad command or parameter"),
    (0x23, "not_authorised", "fatal", "越权操作", "operation not authorised"),
    (0x24, "unknown_error", "transient", "无法识别的错误", "unknown error"),
    (0x31, "card_auth_failed", "transient", "证/卡认证机具失败",
     "the card failed to authenticate the SAM"),
    (0x32, "sam_auth_failed", "transient", "机具认证证/卡失败",
     "the SAM failed to authenticate the card"),
    (0x33, "verification_failed", "transient", "信息验证错误", "information verification failed"),
    (0x37, "fingerprint_error", "transient", "指纹信息验证错误", "fingerprint data error"),
    (0x3F, "info_length_error", "transient", "信息长度错误", "information length error"),
    (0x40, "unknown_card_type", "card", "无法识别的卡类型", "unknown card type"),
    (0x41, "read_failed", "transient", "读证/卡操作失败", "reading the card failed"),
    (0x47, "random_failed", "transient", "取随机数失败", "getting a random number failed"),
    (0x60, "sam_self_test_failed", "fatal", "SAM 自检失败,不能接收命令",
     "SAM self-test failed; it cannot take commands"),
    (0x66, "sam_unauthorised", "fatal", "SAM 未经授权,无法使用", "SAM not authorised; unusable"),
    (0x80, "no_card", "no_card", "找证/卡失败(无卡)", "find card failed (no card)"),
    (0x81, "select_failed", "transient", "选取证/卡失败", "select card failed"),
)

STATUS: dict[int, Status] = {row[0]: Status(*row) for row in _STATUS_ROWS}


def status_of(sw3: int) -> Status:
    known = STATUS.get(sw3)
    if known is not None:
        return known
    return Status(sw3, f"status_{sw3:02x}", "fatal", f"未知状态码 {sw3:02X}",
                  f"unknown status code {sw3:02X}")


# -- frames and replies -------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """A frame whose checksum held: ``payload`` is everything between LEN and CHK."""

    payload: bytes
    size: int  # bytes on the wire, preamble to CHK


@dataclass(frozen=True)
class BadFrame:
    """Something that started like a frame but was not one."""

    reason: str  # "checksum" | "length"
    size: int


@dataclass(frozen=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @classmethod
    def from_frame(cls, frame: Frame) -> Reply:
        p = frame.payload
        if len(p) < 3:
            raise ProtocolError("读卡器回复过短", "reader reply too short", code="length_error")
        return cls(p[0], p[1], p[2], p[3:])

    @property
    def status(self) -> Status:
        return status_of(self.sw3)

    def frame(self) -> bytes:
        return build_frame(bytes([self.sw1, self.sw2, self.sw3]) + self.data)


def reply_frame(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return build_frame(bytes([sw1, sw2, sw3]) + data)


class FrameReceiver:
    """Incremental frame parser: feed it bytes as they come, in any split, with any noise.

    It resyncs on the preamble after noise, waits for the header, then for LEN more bytes.
    A header with an impossible LEN is taken as a false preamble (skip one byte, resync); a
    complete frame with a bad checksum is dropped whole and reported as a :class:`BadFrame`.
    ``min_length`` is 3 for commands (CMD PARA CHK) and 4 for replies (SW1 SW2 SW3 CHK).
    """

    def __init__(self, *, min_length: int = 4, max_length: int = MAX_LENGTH) -> None:
        self.min_length = min_length
        self.max_length = max_length
        self._buf = bytearray()
        self.discarded = 0  # noise bytes dropped so far

    def reset(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> int:
        """Bytes held that belong to a frame not complete yet (or a partial preamble)."""
        return len(self._buf)

    def expected(self) -> int | None:
        """Total size of the frame being received, once its header is in."""
        if len(self._buf) >= HEADER_SIZE and self._buf.startswith(PREAMBLE):
            return HEADER_SIZE + int.from_bytes(self._buf[5:7], "big")
        return None

    def wanted(self) -> int:
        """How many more bytes would complete the header or frame being received (>= 1).

        Reading exactly this many never reads past the end of a frame.
        """
        total = self.expected()
        if total is None:
            return max(1, HEADER_SIZE - len(self._buf))
        return max(1, total - len(self._buf))

    def feed(self, data: bytes) -> list[Frame | BadFrame]:
        if data:
            self._buf += data
        out: list[Frame | BadFrame] = []
        buf = self._buf
        while buf:
            start = buf.find(PREAMBLE)
            if start < 0:
                keep = _partial_preamble(buf)
                self.discarded += len(buf) - keep
                del buf[: len(buf) - keep]
                break
            if start:
                self.discarded += start
                del buf[:start]
            if len(buf) < HEADER_SIZE:
                break
            length = int.from_bytes(buf[5:7], "big")
            if not self.min_length <= length <= self.max_length:
                out.append(BadFrame("length", HEADER_SIZE))
                self.discarded += 1
                del buf[:1]
                continue
            total = HEADER_SIZE + length
            if len(buf) < total:
                break
            if xor(buf[5 : total - 1]) != buf[total - 1]:
                out.append(BadFrame("checksum", total))
            else:
                out.append(Frame(bytes(buf[HEADER_SIZE : total - 1]), total))
            del buf[:total]
        return out


def _partial_preamble(buf: bytearray) -> int:
    """Length of the longest tail of ``buf`` that could be the start of a preamble."""
    for n in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
        if buf.endswith(PREAMBLE[:n]):
            return n
    return 0
