"""Errors the hall gives back: a stable code, an HTTP status, and Chinese + English messages."""

from __future__ import annotations

from typing import Any


class HallError(Exception):
    def __init__(self, code: str, zh: str, en: str, *, status: int = 409,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en, self.status = code, zh, en, status
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message_zh": self.zh, "message_en": self.en}
        if self.details:
            body["details"] = self.details
        return body


def not_found(what_zh: str, what_en: str, ident: object) -> HallError:
    return HallError("not_found", f"{what_zh}不存在: {ident}", f"{what_en} not found: {ident}",
                     status=404)


def bad_request(code: str, zh: str, en: str, **details: Any) -> HallError:
    return HallError(code, zh, en, status=422, details=details or None)


def conflict(code: str, zh: str, en: str, **details: Any) -> HallError:
    return HallError(code, zh, en, status=409, details=details or None)
