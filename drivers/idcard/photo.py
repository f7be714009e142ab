"""The card photo: 1024 bytes of proprietary WLT data that only vendor libraries decode (to a
102x126 image). The driver never stores it; a deployment that must show it on screen registers a
:class:`PhotoDecoder` (usually a thin wrapper over the vendor's library) and passes an
``on_photo`` callback to ``CardReader.read_card``. With no decoder registered, nothing decodes.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol, runtime_checkable

log = logging.getLogger("drivers.idcard")

WLT_SIZE = 1024


@runtime_checkable
class PhotoDecoder(Protocol):
    def decode(self, wlt: bytes) -> bytes | None:
        """Image bytes (e.g. BMP or PNG) for the WLT data, or None when it cannot decode."""
        ...


_lock = threading.Lock()
_decoders: dict[str, PhotoDecoder] = {}
_default: str | None = None


def register_photo_decoder(name: str, decoder: PhotoDecoder, *, default: bool = True) -> None:
    global _default
    if not isinstance(decoder, PhotoDecoder):
        raise TypeError("decoder must have decode(wlt: bytes) -> bytes | None")
    with _lock:
        _decoders[name] = decoder
        if default or _default is None:
            _default = name


def unregister_photo_decoder(name: str) -> None:
    global _default
    with _lock:
        _decoders.pop(name, None)
        if _default == name:
            _default = next(iter(_decoders), None)


def photo_decoder(name: str | None = None) -> PhotoDecoder | None:
    """The named decoder, or the default one; None when none is registered (the default)."""
    with _lock:
        key = name if name is not None else _default
        return _decoders.get(key) if key is not None else None


def decode_photo(wlt: bytes, name: str | None = None) -> bytes | None:
    decoder = photo_decoder(name)
    if decoder is None:
        return None
    try:
        return decoder.decode(bytes(wlt))
    except Exception:  # a vendor library failing must not fail the card read
        log.warning("photo decoder failed", exc_info=True)
        return None
