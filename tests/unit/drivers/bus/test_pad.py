"""Rating pad session state machine, against an in-memory bus and a fake clock."""

import pytest

from drivers.bus.pad import PadConfig, PadState, RatingPad
from drivers.bus.payloads import PadEvent, PadMode
from drivers.errors import DeviceError
from tests.helpers.bus import FakeBus


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


@pytest.fixture
def rig():
    bus, clock, results = FakeBus(), Clock(), []
    pad = RatingPad(bus, 3, config=PadConfig(reason_wait_s=5, thanks_s=2), on_result=results.append,
                    clock=clock)
    return bus, clock, pad, results


def press(bus, pad, *events):
    bus.events.setdefault(pad.address, []).extend(PadEvent(i, k) for i, k in events)
    pad.service(0)


def test_invite_shows_strings_then_rating_thanks_idle(rig):
    bus, clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A012", timeout_s=30).result()
    assert pad.state is PadState.INVITE
    assert bus.modes(3) == [PadMode.INVITE]
    press(bus, pad, (10, 4))
    assert [(r.ticket, r.level, r.rated, r.event_ids) for r in results] == [("A012", 4, True, (10,))]
    assert pad.state is PadState.THANKS and bus.modes(3)[-1] == PadMode.THANKS
    clock.t += 2.1
    pad.service(0)
    assert pad.state is PadState.IDLE and bus.modes(3)[-1] == PadMode.IDLE
    assert bus.events[3] == []  # acknowledged


def test_low_rating_waits_for_reasons(rig):
    bus, clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A013").result()
    press(bus, pad, (20, 6), (21, 1))  # a reason before the level counts too
    assert results == [] and pad.state is PadState.RATED
    press(bus, pad, (22, 9), (23, 9))  # repeated reason key counted once
    clock.t += 4
    pad.service(0)
    assert results == []  # each reason restarts the wait
    clock.t += 1.1
    pad.service(0)
    (r,) = results
    assert (r.level, r.reasons, r.reason_keys, r.event_ids) == (1, ("等候时间长", "办事效率低"), (6, 9), (20, 21, 22))


def test_timeout_is_explicit_not_rated(rig):
    bus, clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A014", timeout_s=10).result()
    clock.t += 10
    pad.service(0)
    (r,) = results
    assert (r.rated, r.level, r.outcome, r.reasons, r.event_ids) == (False, None, "timeout", (), ())
    assert pad.state is PadState.IDLE and bus.modes(3)[-1] == PadMode.IDLE


def test_duplicate_and_repeated_events_count_once(rig):
    bus, _clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A015").result()
    ev = PadEvent(7, 5)
    pad._receive(ev)
    pad._receive(ev)
    press(bus, pad, (7, 5))
    assert len(results) == 1 and pad.duplicates == 2


def test_one_result_per_ticket_and_second_level_ignored(rig):
    bus, clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A016").result()
    press(bus, pad, (1, 2), (2, 5))  # level 2 waits for reasons; level 5 must not replace it
    clock.t += 6
    pad.service(0)
    assert [r.level for r in results] == [2]
    with pytest.raises(DeviceError) as info:
        pad.invite(3, "张三", "0371", "A016").result()
    assert info.value.code == "already_rated"


def test_keys_outside_a_session_never_make_a_rating(rig):
    bus, clock, pad, results = rig
    press(bus, pad, (1, 5), (2, 1))
    assert results == [] and pad.ignored == 2
    pad.invite(3, "张三", "0371", "A017", timeout_s=1).result()
    clock.t += 1
    pad.service(0)
    assert [r.rated for r in results] == [False]


def test_new_invite_replaces_unrated_session(rig):
    bus, _clock, pad, results = rig
    pad.invite(3, "张三", "0371", "A018").result()
    pad.invite(3, "张三", "0371", "A019").result()
    assert [(r.ticket, r.outcome, r.rated) for r in results] == [("A018", "replaced", False)]
    press(bus, pad, (5, 3))
    assert results[-1].ticket == "A019" and results[-1].level == 3


def test_invite_to_offline_pad_fails_and_records_not_rated(rig):
    bus, _clock, pad, results = rig
    bus.offline.add(3)
    with pytest.raises(DeviceError) as info:
        pad.invite(3, "张三", "0371", "A020").result()
    assert info.value.code == "no_reply"
    assert [(r.ticket, r.outcome, r.rated) for r in results] == [("A020", "pad_offline", False)]


def test_cancel_and_call_staff(rig):
    bus, _clock, pad, results = rig
    called = []
    pad.on_call_staff = called.append
    pad.invite(3, "张三", "0371", "A021").result()
    press(bus, pad, (30, 16))
    assert called == [3] and results == []
    pad.cancel().result()
    assert [(r.outcome, r.rated) for r in results] == [("cancelled", False)]


def test_custom_reason_table():
    bus, results = FakeBus(), []
    pad = RatingPad(bus, 4, config=PadConfig(reasons={6: "材料要求不清"}, reason_wait_s=0),
                    on_result=results.append)
    pad.invite(4, "李四", "0001", "B001").result()
    press(bus, pad, (1, 6), (2, 11), (3, 1))
    pad.service(0)
    assert results[0].reasons == ("材料要求不清", "原因11")
