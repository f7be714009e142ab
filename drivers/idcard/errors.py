"""Errors of the ID card reader. All are :class:`drivers.errors.DeviceError`: a stable code plus
Chinese and English text. No message ever carries card data (names, numbers, addresses)."""

from __future__ import annotations

from drivers.errors import DeviceError, DeviceTimeout, ProtocolError
from drivers.idcard.protocol import Command, Status


class CardReaderError(DeviceError):
    code = "idcard_error"


class NoCardTimeout(DeviceTimeout):
    """No card was placed (or none could be read) before the caller's timeout."""

    code = "no_card"

    def __init__(self, timeout: float) -> None:
        super().__init__(f"{timeout:g} 秒内未读到身份证,请将证件放在读卡区",
                         f"no ID card read within {timeout:g} s; place the card on the reader")


class ReaderNoReply(DeviceTimeout):
    code = "reader_no_reply"

    def __init__(self, command: Command) -> None:
        super().__init__(f"读卡器无响应({command.zh}),请检查连接和电源",
                         f"the card reader did not answer ({command.en}); check cable and power")


class TruncatedReply(ProtocolError):
    code = "truncated_reply"

    def __init__(self, command: Command, got: int, expected: int | None) -> None:
        of = f"{expected}" if expected else "?"
        super().__init__(f"读卡器回复不完整({command.zh}: 收到 {got}/{of} 字节),请重新放卡",
                         f"incomplete reply from the reader ({command.en}: {got} of {of} bytes); "
                         "place the card again")


class BadReplyFrame(ProtocolError):
    """A reply frame whose checksum or length did not hold."""

    def __init__(self, command: Command, reason: str) -> None:
        if reason == "checksum":
            zh, en, code = "校验和错误", "bad checksum", "checksum_error"
        else:
            zh, en, code = "长度错误", "bad length", "length_error"
        super().__init__(f"读卡器回复{zh}({command.zh}),数据可能受干扰",
                         f"reader reply with {en} ({command.en}); the line may be noisy",
                         code=code)


class ReaderStatusError(CardReaderError):
    """The reader answered with an error status (SW3)."""

    def __init__(self, command: Command, status: Status) -> None:
        super().__init__(f"{command.zh}失败: {status.zh} (SW3={status.sw3:02X})",
                         f"{command.en} failed: {status.en} (SW3={status.sw3:02X})",
                         code=status.code)
        self.status = status

    @property
    def transient(self) -> bool:
        """Worth another try with the card (re)placed; fatal ones need a technician."""
        return self.status.kind in ("transient", "no_card", "absent")


class UnsupportedCard(CardReaderError):
    code = "unsupported_card"


class BadCardData(ProtocolError):
    """Card text that does not follow the published layouts."""

    code = "bad_card_data"

    def __init__(self, zh_field: str, en_field: str) -> None:
        super().__init__(f"证件信息无法解析: {zh_field}", f"card data cannot be parsed: {en_field}")
