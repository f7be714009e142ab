"""The bus master against simulated devices over real ptys: retries, dedup, health, replug."""

import pytest

from drivers.bus import HallBus, HallStrip, PadConfig, RatingPad, WindowScreen
from drivers.bus.frame import Cmd
from drivers.bus.master import DeviceNak, NoReply
from drivers.sim.bus import Faults, SimPad, SimScreen, SimStrip
from drivers.supervision import ConnectionState
from tests.helpers.bus import running_sim, supervised, wait_until

pytestmark = pytest.mark.integration


def test_scan_finds_each_device_type_at_its_address():
    devices = [SimPad(1), SimPad(2), SimScreen(11), SimStrip(30)]
    with running_sim(devices) as sim, HallBus(sim.path) as bus:
        found = {a: i.type_name for a, i in bus.scan([1, 2, 5, 11, 29, 30])}
    assert found == {1: "rating_pad", 2: "rating_pad", 11: "window_screen", 30: "hall_strip"}


def test_corrupted_reply_is_retried_with_same_seq_and_acted_on_once():
    screen = SimScreen(11, faults=Faults(corrupt_next=2))
    with running_sim([screen]) as sim, HallBus(sim.path) as bus:
        WindowScreen(bus, 11, window=3).show_call("A012").result(2)
        assert bus.stats.retries == 2 and bus.stats.bad_frames == 2
    assert screen.text == "请 A012 号到 3 号窗口"
    assert screen.acted["SCREEN_TEXT"] == 1 and screen.repeats == 2  # re-sent, not re-done


def test_lost_request_delayed_and_duplicated_replies():
    screen = SimScreen(11, faults=Faults(drop_next=1, duplicate_replies=True))
    slow = SimScreen(12, faults=Faults(delay_s=0.12))  # beyond frame time + 50 ms
    with running_sim([screen, slow], echo=True) as sim, HallBus(sim.path) as bus:
        ws = WindowScreen(bus, 11)
        ws.show_idle("欢迎").result(2)
        ws.show_paused("暂停").result(2)  # the duplicate of the previous reply is discarded
        WindowScreen(bus, 12).set_brightness(3).result(3)
        assert bus.stats.stray_frames >= 3  # the adapter echoed each request back
    assert screen.history == ["欢迎", "暂停"] and slow.brightness == 3
    assert slow.acted["BRIGHTNESS"] == 1 and slow.repeats >= 1


def test_nak_busy_retried_but_bad_parameter_is_an_error():
    screen = SimScreen(11, faults=Faults(busy_next=2))
    pad = SimPad(3)
    with running_sim([screen, pad]) as sim, HallBus(sim.path) as bus:
        bus.ping(11)
        assert bus.stats.naks == 2
        with pytest.raises(DeviceNak) as info:
            bus.transact(3, Cmd.SCREEN_TEXT, b"\x00\x00\x01A")  # pads have no screen text
        assert "不支持" in info.value.zh and "not supported" in info.value.en
        with pytest.raises(NoReply) as info:
            bus.ping(9)
        assert info.value.code == "no_reply"


def test_key_press_gives_one_rating_through_the_supervised_bus():
    sim_pad = SimPad(3)
    results, health = [], []
    with running_sim([sim_pad]) as sim:
        bus = HallBus(sim.path, on_device_health=health.append)
        pad = RatingPad(bus, 3, on_result=results.append, config=PadConfig(thanks_s=0.2))
        with supervised(bus):
            pad.invite(3, "张三", "0371", "A012", timeout_s=10).result(2)
            assert sim_pad.mode == 1 and sim_pad.strings == ("3", "张三", "0371", "A012")
            sim_pad.press(6)
            sim_pad.press(5)
            wait_until(lambda: results)
            wait_until(lambda: sim_pad.mode == 0 and not sim_pad.events)  # thanks, then idle; acked
    (r,) = results
    assert (r.ticket, r.level, r.reasons, r.rated, r.address) == ("A012", 5, ("等候时间长",), True, 3)
    assert [m for m, _ in sim_pad.modes] == [1, 2, 0]


def test_pad_repeating_unacked_events_and_lost_acks_count_once():
    sim_pad = SimPad(3, faults=Faults(ignore_acks=6, duplicate_replies=True))
    results = []
    with running_sim([sim_pad]) as sim:
        bus = HallBus(sim.path)
        pad = RatingPad(bus, 3, on_result=results.append, config=PadConfig(reason_wait_s=0.5))
        with supervised(bus):
            pad.invite(3, "张三", "0371", "A013").result(2)
            sim_pad.press(1)
            sim_pad.press(7)
            wait_until(lambda: results and not sim_pad.events, timeout=5)
            sim_pad.faults.corrupt_next = 3  # a poll with damaged replies: retried, not doubled
            sim_pad.press(2)  # outside any session now: never a rating
            wait_until(lambda: not sim_pad.events)
    assert [(r.ticket, r.level, r.reasons) for r in results] == [("A013", 1, ("服务态度差",))]
    assert pad.duplicates >= 6 and pad.ignored == 1


def test_silent_pad_reports_no_reply_then_comes_back():
    sim_pad, screen = SimPad(3), SimScreen(11)
    health = []
    with running_sim([sim_pad, screen]) as sim:
        bus = HallBus(sim.path, on_device_health=health.append)
        RatingPad(bus, 3)
        ws = WindowScreen(bus, 11)
        with supervised(bus) as sup:
            wait_until(lambda: bus.device_health(3).state is ConnectionState.CONNECTED)
            sim_pad.faults.silent = True
            wait_until(lambda: bus.device_health(3).code == "no_reply")
            h = bus.device_health(3)
            assert "3号窗口评价器离线" in h.message_zh and "window 3 rating pad offline" in h.message_en
            wait_until(lambda: sup.health.code == "devices_offline")
            ws.show_call("A001").result(2)  # the rest of the bus keeps working
            sim_pad.faults.silent = False
            wait_until(lambda: bus.device_health(3).state is ConnectionState.CONNECTED)
            wait_until(lambda: sup.health.state is ConnectionState.CONNECTED)
    assert [(h.device, h.state.value) for h in health if h.device == "window-3-pad"] == [
        ("window-3-pad", "connected"), ("window-3-pad", "disconnected"), ("window-3-pad", "connected")]


def test_unplug_and_replug_reconnects_by_itself(tmp_path):
    sim_pad = SimPad(3)
    strip = SimStrip(30)
    results = []
    with running_sim([sim_pad, strip], link=str(tmp_path / "ttyBUS0")) as sim:
        bus = HallBus(sim.path)
        pad = RatingPad(bus, 3, on_result=results.append)
        hall = HallStrip(bus, 30)
        with supervised(bus) as sup:
            wait_until(lambda: sup.health.state is ConnectionState.CONNECTED)
            sim.unplug()
            wait_until(lambda: sup.health.state is ConnectionState.DISCONNECTED)
            assert sup.health.code in ("device_disconnected", "device_not_found")
            sim.replug()
            wait_until(lambda: sup.health.state is ConnectionState.CONNECTED, timeout=5)
            hall.show_calls([("A012", 3)], notice="请保管好随身物品").result(3)
            pad.invite(3, "张三", "0371", "A014").result(3)
            sim_pad.press(4)
            wait_until(lambda: results)
    assert strip.text == "请 A012 号到 3 号窗口    请保管好随身物品"
    assert [(r.ticket, r.level) for r in results] == [("A014", 4)]


def test_broadcast_reaches_every_device_without_replies():
    a, b = SimScreen(11), SimScreen(12)
    with running_sim([a, b]) as sim, HallBus(sim.path) as bus:
        bus.broadcast(Cmd.BRIGHTNESS, b"\x02")
        bus.ping(11)  # the next request still works: nobody answered the broadcast
        wait_until(lambda: a.brightness == 2 and b.brightness == 2)
        assert bus.stats.stray_frames == 0
