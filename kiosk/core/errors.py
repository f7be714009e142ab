"""Errors the hall gives back: a stable code, a kind, and Chinese + English messages.

The kind says what sort of refusal it is (the request is malformed, the thing is missing, the
state forbids it, the device may not); each API layer maps kinds to its transport's statuses
(kiosk/hall/api.py, kiosk/central/app.py), so the rules here know nothing of HTTP.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorKind(enum.StrEnum):
    BAD_REQUEST = "bad_request"      # the request breaks a rule of shape or policy
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"            # the current state forbids it (retrying later may work)
    FORBIDDEN = "forbidden"          # this device may not do this
    UNAUTHORIZED = "unauthorized"    # no valid credentials
    TOO_LARGE = "too_large"
    UNAVAILABLE = "unavailable"      # busy right now: retry


class HallError(Exception):
    def __init__(self, code: str, zh: str, en: str, *, kind: ErrorKind = ErrorKind.CONFLICT,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en, self.kind = code, zh, en, kind
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message_zh": self.zh, "message_en": self.en}
        if self.details:
            body["details"] = self.details
        return body


def not_found(what_zh: str, what_en: str, ident: object) -> HallError:
    return HallError("not_found", f"{what_zh}不存在: {ident}", f"{what_en} not found: {ident}",
                     kind=ErrorKind.NOT_FOUND)


def bad_request(code: str, zh: str, en: str, **details: Any) -> HallError:
    return HallError(code, zh, en, kind=ErrorKind.BAD_REQUEST, details=details or None)


def conflict(code: str, zh: str, en: str, **details: Any) -> HallError:
    return HallError(code, zh, en, kind=ErrorKind.CONFLICT, details=details or None)


def forbidden(zh: str, en: str) -> HallError:
    return HallError("forbidden", zh, en, kind=ErrorKind.FORBIDDEN)


def unauthorized(zh: str, en: str, code: str = "unauthorized") -> HallError:
    return HallError(code, zh, en, kind=ErrorKind.UNAUTHORIZED)
