"""Whole read cycles through a real pty: pyserial opens the slave, the virtual reader holds the
master and sends at 115200 baud."""

import time

import pytest

from drivers.errors import DeviceError
from drivers.idcard import CardReader, CardType, NoCardTimeout
from drivers.sim.idcard import PtySimulator
from tests.helpers.idcard import assert_no_clear_id

pytestmark = pytest.mark.integration


@pytest.fixture
def pty_sim():
    with PtySimulator() as sim:
        yield sim


@pytest.mark.parametrize(("key", "card_type"), [
    ("resident", CardType.RESIDENT), ("foreign", CardType.FOREIGN_PERMANENT),
    ("hkmt", CardType.HKMT_PERMIT), ("elder", CardType.RESIDENT),
])
def test_read_cycle_over_pty(pty_sim, key, card_type):
    pty_sim.reader.place(key)
    with CardReader(f"serial://{pty_sim.path}?baudrate=115200") as reader:
        start = time.monotonic()
        card = reader.read_card(2.0)
        elapsed = time.monotonic() - start
    assert card.card_type is card_type and card.id_valid
    # find + select + base read: 1359 bytes on the wire, ~118 ms at 115200 baud; the
    # throttle means it cannot be faster than the wire.
    assert elapsed >= 0.11


def test_bare_pty_path_and_one_swipe(pty_sim):
    pty_sim.reader.place("resident")
    with CardReader(pty_sim.path) as reader:
        reader.read_card(2.0)
        with pytest.raises(NoCardTimeout):
            reader.read_card(0.2)
        pty_sim.reader.remove()
        with pytest.raises(NoCardTimeout):
            reader.read_card(0.1)
        pty_sim.reader.place("foreign")
        assert reader.read_card(2.0).card_type is CardType.FOREIGN_PERMANENT
    assert pty_sim.reader.reads == 2


@pytest.mark.parametrize(("knob", "value", "code"), [
    ("truncate", 100, "truncated_reply"),
    ("checksum_errors", 100, "checksum_error"),
    ("pull_mid_read", 1, "truncated_reply"),
    ("no_reply", 1000, "reader_no_reply"),
    ("sam_failure", True, "sam_self_test_failed"),
])
def test_faults_over_pty_then_recovery(pty_sim, knob, value, code):
    pty_sim.reader.place("hkmt")
    reader = CardReader(pty_sim.path, timeouts={"read_base": 0.4})
    reader.open()
    try:
        pty_sim.reader.configure(**{knob: value})
        with pytest.raises(DeviceError) as info:
            reader.read_card(1.0)
        err = info.value
        assert err.code == code and err.zh and err.en
        assert_no_clear_id(str(err))
        pty_sim.reader.configure(**{knob: type(value)()})
        pty_sim.reader.place("hkmt")
        assert reader.read_card(2.0).card_type is CardType.HKMT_PERMIT
    finally:
        reader.close()


def test_garbage_on_the_line(pty_sim):
    pty_sim.reader.place("elder")
    pty_sim.reader.configure(garbage=True)
    with CardReader(pty_sim.path) as reader:
        assert reader.read_card(2.0).long_term


def test_baud_switch_over_pty(pty_sim):
    pty_sim.reader.place("resident")
    with CardReader(pty_sim.path) as reader:
        reader.set_baudrate(57600)
        start = time.monotonic()
        reader.read_card(2.0)
        assert time.monotonic() - start >= 1359 * 10 / 57600
