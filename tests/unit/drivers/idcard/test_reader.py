"""The reader's dialogue against the in-process virtual reader: whole reads, one swipe one
read, every fault with a clear message and a working reader afterwards, supervision."""

import time

import pytest

from drivers.errors import DeviceError
from drivers.idcard import (
    CardReader,
    CardType,
    NoCardTimeout,
    ReaderNoReply,
    ReaderStatusError,
    UnsupportedCard,
    register_photo_decoder,
    unregister_photo_decoder,
)
from drivers.idcard import protocol as p
from drivers.sim.idcard import SimCard, build_text_block
from drivers.supervision import ConnectionState, Supervisor
from tests.helpers.idcard import assert_no_clear_id


def test_read_each_card_type(sim, reader):
    for key, card_type in [("resident", CardType.RESIDENT), ("foreign", CardType.FOREIGN_PERMANENT),
                           ("hkmt", CardType.HKMT_PERMIT), ("elder", CardType.RESIDENT)]:
        sim.place(key)
        card = reader.read_card(1.0)
        assert card.card_type is card_type and card.id_valid and card.photo_present
        sim.remove()
        with pytest.raises(NoCardTimeout):
            reader.read_card(0.05)  # sees the empty field


def test_dialogue_is_find_select_read(sim, reader):
    sim.place("resident")
    sim.commands.clear()
    reader.read_card(1.0)
    assert sim.commands == ["find_card", "select_card", "read_base"]


def test_one_swipe_one_read(sim, reader):
    sim.place("elder")
    first = reader.read_card(1.0)
    with pytest.raises(NoCardTimeout) as info:
        reader.read_card(0.1)  # the card is still lying there
    assert info.value.code == "no_card" and "身份证" in info.value.zh
    assert sim.reads == 1
    sim.remove()
    with pytest.raises(NoCardTimeout):
        reader.read_card(0.05)
    sim.place("elder")
    assert reader.read_card(1.0) == first and sim.reads == 2


def test_waits_for_a_card_placed_later(sim, reader):
    import threading

    timer = threading.Timer(0.1, sim.place, args=("hkmt",))
    timer.start()
    try:
        card = reader.read_card(2.0)
    finally:
        timer.cancel()
    assert card.card_type is CardType.HKMT_PERMIT


def test_timeout_is_honoured(reader):
    start = time.monotonic()
    with pytest.raises(NoCardTimeout):
        reader.read_card(0.2)
    assert 0.18 <= time.monotonic() - start < 0.6


def check_message(err: DeviceError) -> None:
    assert err.code and err.zh and err.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.zh)
    assert_no_clear_id(str(err))


@pytest.mark.parametrize(("knob", "code"), [
    ("pull_mid_read", "truncated_reply"),
    ("truncate", "truncated_reply"),
    ("checksum_errors", "checksum_error"),
    ("read_failed", "read_failed"),
])
def test_passing_faults_are_retried_then_reported(sim, reader, knob, code):
    sim.place("resident")
    sim.configure(**{knob: 100})
    with pytest.raises(DeviceError) as info:
        reader.read_card(0.5)
    assert info.value.code == code
    check_message(info.value)
    # The reader keeps working once the fault is gone.
    sim.configure(**{knob: 0})
    sim.place("resident")
    assert reader.read_card(1.0).card_type is CardType.RESIDENT


@pytest.mark.parametrize("knob", ["truncate", "checksum_errors", "read_failed", "no_reply"])
def test_a_single_fault_is_absorbed(sim, reader, knob):
    sim.place("foreign")
    sim.configure(**{knob: 1})
    assert reader.read_card(2.0).card_type is CardType.FOREIGN_PERMANENT


def test_card_pulled_mid_read_then_placed_again(sim, reader):
    sim.place("resident")
    sim.configure(pull_mid_read=1)
    with pytest.raises(DeviceError) as info:
        reader.read_card(0.5)  # pulled, and nobody puts it back
    assert info.value.code == "truncated_reply" and "重新放卡" in info.value.zh
    sim.place("resident")
    assert reader.read_card(1.0).id_valid


def test_garbage_between_frames_is_skipped(sim, reader):
    sim.place("hkmt")
    sim.configure(garbage=True)
    assert reader.read_card(1.0).card_type is CardType.HKMT_PERMIT
    assert reader.sam_id().raw == sim.sam_id


def test_silent_reader_is_a_fault_not_a_missing_card(sim, reader):
    sim.place("resident")
    sim.configure(no_reply=1000)
    with pytest.raises(ReaderNoReply) as info:
        reader.read_card(5.0)
    assert info.value.code == "reader_no_reply" and "无响应" in info.value.zh
    check_message(info.value)
    sim.configure(no_reply=0)
    assert reader.read_card(1.0).id_valid


def test_sam_failure_is_raised_at_once_and_shows_in_health(sim, reader):
    sim.place("resident")
    sim.configure(sam_failure=True)
    start = time.monotonic()
    with pytest.raises(ReaderStatusError) as info:
        reader.read_card(5.0)
    assert time.monotonic() - start < 1.0
    assert info.value.code == "sam_self_test_failed" and "SAM" in info.value.zh
    health = reader.poll()
    assert health.state is ConnectionState.DEGRADED and health.code == "sam_self_test_failed"
    sim.configure(sam_failure=False)
    assert reader.poll().state is ConnectionState.CONNECTED
    assert reader.read_card(1.0).id_valid


def test_unsupported_card_is_refused_once_per_swipe(sim, reader):
    sim.cards["odd"] = SimCard("odd", build_text_block(CardType.RESIDENT, type_letter="Y",
                                                        name="某某"))
    sim.place("odd")
    with pytest.raises(UnsupportedCard) as info:
        reader.read_card(1.0)
    assert info.value.code == "unsupported_card"
    with pytest.raises(NoCardTimeout):
        reader.read_card(0.1)
    sim.remove()
    with pytest.raises(NoCardTimeout):
        reader.read_card(0.05)
    sim.place("resident")
    assert reader.read_card(1.0).card_type is CardType.RESIDENT


def test_reader_unknown_card_type_status_is_unsupported(sim, reader, monkeypatch):
    sim.place("resident")
    monkeypatch.setattr(sim, "_card_data", lambda para: p.reply_frame(0x40))
    with pytest.raises(UnsupportedCard):
        reader.read_card(1.0)


def test_other_commands(sim, reader):
    sim.place("elder")
    reader.find_card()
    reader.select_card()
    data = reader.read_with_fingerprint()
    assert len(data.text) == 256 and len(data.photo) == 1024 and data.fingerprint == b""
    assert reader.read_new_address() == "北京市朝阳区朝阳门外大街6号"
    sim.place("resident")
    reader.find_card()
    reader.select_card()
    assert len(reader.read_with_fingerprint().fingerprint) == 1024
    assert reader.read_new_address() is None
    reader.reset_sam()
    assert reader.sam_id().text == "05.01-16891959-0006098858-0000054321"
    reader.set_baudrate(9600)
    assert sim.baudrate == 9600 and reader.baudrate == 9600


def test_photo_goes_to_the_decoder_and_is_not_kept(sim, reader):
    class Decoder:
        def __init__(self):
            self.seen = []

        def decode(self, wlt: bytes) -> bytes | None:
            self.seen.append(wlt)
            return b"BM-image"

    got = []
    decoder = Decoder()
    sim.place("resident")
    register_photo_decoder("test", decoder)
    try:
        card = reader.read_card(1.0, on_photo=got.append)
    finally:
        unregister_photo_decoder("test")
    assert got == [b"BM-image"] and decoder.seen == [sim.cards["resident"].photo]
    assert card.photo_present
    assert not any(isinstance(v, bytes) for v in vars(card).values())


def test_no_decoder_means_no_photo(sim, reader):
    got = []
    sim.place("resident")
    reader.read_card(1.0, on_photo=got.append)
    assert got == [None]


def test_logs_never_show_card_data(sim, caplog):
    caplog.set_level("DEBUG", logger="drivers.idcard")
    sim.place("elder")
    with CardReader(sim.url) as r:
        r.read_card(1.0)
    assert "read 居民身份证 李**" in caplog.text
    assert_no_clear_id(caplog.text)
    assert "李秀英" not in caplog.text


def test_supervisor_owns_the_reader(sim):
    reader = CardReader(sim.url, poll_interval=0.01)
    healths = []
    sup = Supervisor(reader, name="kiosk-1-idcard", kind="idcard", poll_interval=0.05,
                     on_health=healths.append).start()
    try:
        deadline = time.monotonic() + 5
        while sup.health.state is not ConnectionState.CONNECTED and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sup.health.state is ConnectionState.CONNECTED
        sim.place("elder")
        card = sup.call(lambda: reader.read_card(2.0), timeout=5)
        assert card.age() >= 70
        sim.configure(sam_failure=True)
        deadline = time.monotonic() + 5
        while sup.health.state is not ConnectionState.DEGRADED and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sup.health.code == "sam_self_test_failed"
        sim.configure(sam_failure=False)
        while sup.health.state is not ConnectionState.CONNECTED and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sup.health.state is ConnectionState.CONNECTED
    finally:
        sup.stop()
    assert sup.health.state is ConnectionState.STOPPED


def test_open_fails_clearly_when_the_reader_is_silent(sim):
    sim.configure(no_reply=1)
    with pytest.raises(ReaderNoReply):
        CardReader(sim.url).open()
