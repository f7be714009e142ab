"""ID card reader: GA 467 "SAM" protocol over serial, USB bulk or the in-process simulator.

Public API (what the kiosk app uses)::

    from drivers.idcard import CardReader, IdCard, CardType
    from drivers.supervision import Supervisor

    reader = CardReader("serial:///dev/ttyUSB0?baudrate=115200")   # or usb://VID:PID, sim:NAME
    sup = Supervisor(reader, name="kiosk-1-idcard", kind="idcard").start()
    card: IdCard = sup.call(lambda: reader.read_card(timeout=30))  # on the reader's I/O thread

    card.card_type            # CardType.RESIDENT | FOREIGN_PERMANENT | HKMT_PERMIT
    card.masked_name          # 张*
    card.masked_id_number     # 1101**********002X
    card.birth_date, card.age(on_date), card.id_valid

    card.reveal_id_number()   # the only way to the clear number; think twice

``read_card`` raises :class:`drivers.errors.DeviceError` subclasses with ``code``, ``zh`` and
``en``: ``no_card`` (timeout), ``unsupported_card``, ``bad_card_data``, ``reader_no_reply``,
``truncated_reply``, ``checksum_error`` and the SW3 status codes of
:data:`drivers.idcard.protocol.STATUS`. One swipe, one read: a card is read again only after it
has left the field. The photo is never stored; see :mod:`drivers.idcard.photo`.
"""

from drivers.idcard.card import LONG_TERM, CardType, IdCard, mask_address, parse_text_block
from drivers.idcard.errors import (
    BadCardData,
    BadReplyFrame,
    CardReaderError,
    NoCardTimeout,
    ReaderNoReply,
    ReaderStatusError,
    TruncatedReply,
    UnsupportedCard,
)
from drivers.idcard.photo import PhotoDecoder, register_photo_decoder, unregister_photo_decoder
from drivers.idcard.reader import CardData, CardReader, SamId

__all__ = [
    "LONG_TERM", "BadCardData", "BadReplyFrame", "CardData", "CardReader", "CardReaderError",
    "CardType", "IdCard", "NoCardTimeout", "PhotoDecoder", "ReaderNoReply", "ReaderStatusError",
    "SamId", "TruncatedReply", "UnsupportedCard", "mask_address", "parse_text_block",
    "register_photo_decoder", "unregister_photo_decoder",
]
