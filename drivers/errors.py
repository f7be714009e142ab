"""Errors every driver raises: a stable code plus a message in Chinese and in English."""

from __future__ import annotations


class DeviceError(Exception):
    """A device problem a person can read.

    ``code`` is stable (for logs, the hall node and tests); ``zh`` and ``en`` are the two
    messages. ``str()`` gives both, Chinese first.
    """

    code: str = "device_error"

    def __init__(self, zh: str, en: str, *, code: str | None = None) -> None:
        if code is not None:
            self.code = code
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_zh": self.zh, "message_en": self.en}


class DeviceNotFound(DeviceError):
    code = "device_not_found"


class DeviceTimeout(DeviceError):
    code = "device_timeout"


class DeviceDisconnected(DeviceError):
    code = "device_disconnected"


class ProtocolError(DeviceError):
    """Bytes from a device that do not follow its protocol."""

    code = "protocol_error"


class BadDeviceUrl(DeviceError):
    code = "bad_device_url"
