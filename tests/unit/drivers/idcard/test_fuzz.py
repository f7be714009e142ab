"""Property tests: no byte sequence may crash the receiver, the text parser or the reader with
anything but the driver's own error, hang, or put a clear ID number into a message."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.errors import DeviceError
from drivers.idcard import CardReader, parse_text_block
from drivers.idcard import protocol as p
from drivers.idcard.card import LAYOUTS, CardType
from drivers.sim.idcard import elder_card, foreign_card, hkmt_card, resident_card
from tests.helpers.idcard import assert_no_clear_id

replies = st.builds(lambda sw3, data: p.reply_frame(sw3, data),
                    st.integers(0, 255), st.binary(max_size=300))
noise = st.binary(max_size=40).map(lambda b: b.replace(b"\xaa", b"\x55"))


@given(st.lists(st.binary(max_size=64), max_size=30))
def test_receiver_survives_anything(chunks):
    rx = p.FrameReceiver()
    for chunk in chunks:
        for item in rx.feed(chunk):
            assert isinstance(item, p.Frame | p.BadFrame)
        assert rx.wanted() >= 1
        assert rx.pending <= p.HEADER_SIZE + p.MAX_LENGTH


@given(st.lists(st.tuples(noise, replies), min_size=1, max_size=6), st.data())
def test_receiver_finds_every_frame_through_noise_and_any_split(pairs, data):
    stream = b"".join(n + f for n, f in pairs)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=20)))
    rx, frames = p.FrameReceiver(), []
    for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        frames += rx.feed(stream[a:b])
    assert [p.Reply.from_frame(f).frame() for f in frames] == [f for _, f in pairs]


def _check_error(err: DeviceError, clear: str = "") -> None:
    assert err.code and err.zh and err.en
    assert_no_clear_id(str(err))
    if clear:
        assert clear not in str(err)


@given(st.binary(min_size=0, max_size=300))
def test_text_parser_random_bytes(text):
    try:
        card = parse_text_block(text)
    except DeviceError as err:
        _check_error(err)
    else:
        assert_no_clear_id(repr(card) + str(card) + str(card.as_dict()))


SAMPLES = [resident_card(), elder_card(), foreign_card(), hkmt_card()]


@given(st.sampled_from(SAMPLES), st.data())
def test_text_parser_with_one_field_mangled(sample, data):
    """Near-valid blocks reach deeper code than random bytes."""
    card_type = {" ": CardType.RESIDENT, "I": CardType.FOREIGN_PERMANENT,
                 "J": CardType.HKMT_PERMIT}[sample.text[248:250].decode("utf-16-le")]
    field = data.draw(st.sampled_from(LAYOUTS[card_type]))
    junk = data.draw(st.binary(min_size=field.size, max_size=field.size))
    text = bytearray(sample.text)
    text[field.offset : field.offset + field.size] = junk
    clear = parse_text_block(sample.text).reveal_id_number()
    try:
        card = parse_text_block(bytes(text))
    except DeviceError as err:
        _check_error(err, clear)
    else:
        assert clear not in repr(card) + str(card) + str(card.as_dict())


class ScriptedTransport:
    """Answers each command with the next scripted bytes; silence afterwards."""

    description = "fuzz"

    def __init__(self, script):
        self.script = list(script)
        self.buf = b""

    def write(self, data):
        if self.script:
            self.buf += self.script.pop(0)

    def read(self, size, timeout):
        out, self.buf = self.buf[:size], self.buf[size:]
        return out

    def flush_input(self):
        self.buf = b""

    def set_baudrate(self, baudrate):
        pass

    def close(self):
        pass


base = st.builds(
    lambda text, photo: p.reply_frame(0x90, len(text).to_bytes(2, "big")
                                      + len(photo).to_bytes(2, "big") + text + photo),
    st.one_of(st.binary(min_size=256, max_size=256), st.sampled_from([c.text for c in SAMPLES])),
    st.binary(max_size=64))
answers = st.one_of(replies, base, st.binary(max_size=64),
                    st.just(p.reply_frame(0x9F, bytes(4))), st.just(p.reply_frame(0x90)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answers, max_size=8))
def test_reader_on_arbitrary_replies(script):
    fast = {name: 0.002 for name in ("find_card", "select_card", "read_base", "sam_status")}
    reader = CardReader("fuzz", timeouts=fast, poll_interval=0.001,
                        transport_factory=lambda: ScriptedTransport([p.reply_frame(0x90), *script]))
    start = time.monotonic()
    try:
        reader.open()
        card = reader.read_card(0.02)
    except DeviceError as err:
        _check_error(err)
    else:
        assert_no_clear_id(repr(card) + str(card))
    finally:
        reader.close()
    assert time.monotonic() - start < 2.0
