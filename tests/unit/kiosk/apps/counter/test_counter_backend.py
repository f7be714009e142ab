"""The counter's backend with a fake hall client: what it pulls, which typed operation each
command sends, the can* rules with busy folded in, and the hall's refusals on screen."""

import asyncio

import pytest

from kiosk.apps.counter.backend import PAUSE_REASONS, CounterBackend
from kiosk.core.tickets import TicketState
from kiosk.core.windows import WindowState
from tests.gui.demo.apphelpers import run
from tests.helpers.stubs import FakeHallClient, hall_error, hall_state, ticket, window_row


@pytest.fixture
def counter(qtbot, aloop):
    client = FakeHallClient()
    backend = CounterBackend(client, 3)
    yield backend, client
    run(qtbot, backend.stop())


def settle(qtbot, backend):
    qtbot.waitUntil(lambda: not backend._tasks and not backend.busy, timeout=3000)


def at_window(client, state="open", current=None, **kw):
    row = window_row(3, state, current=current, staff_name="张*", staff_number="S1", **kw)
    client.state_answer = hall_state([row, window_row(1), window_row(5, "signed_off")])
    client.window_answers[3] = row
    return row


def test_pull_reads_state_waiting_window_and_services_once(qtbot, counter):
    backend, client = counter
    at_window(client, current=ticket("A001", "called", recalls=2), served_today=4,
              satisfaction={"ratings": 2, "satisfaction_rate": 0.5, "distribution": {"5": 1, "1": 1}})
    client.waiting_answer = [ticket("A002", "waiting", window=None, priority="green")]
    run(qtbot, backend.pull())
    run(qtbot, backend.pull())
    assert client.names() == ["state", "waiting", "window", "services", "state", "waiting", "window"]
    assert ("waiting", 3) in client.calls and ("window", 3) in client.calls
    assert backend.state == "open" and backend.isOpen and backend.stateText == "办理中"
    assert backend.stateTone == "green"
    assert backend.currentNumber == "A001" and "已重呼 2 次" in backend.currentText
    assert backend.servedToday == 4 and backend.satisfaction["distribution"] == [1, 0, 0, 0, 1]
    assert backend.satisfactionSplit == "非常满意 1 · 满意 0 · 基本满意 0 · 不满意 0 · 非常不满意 1"
    backend.setLanguage("en")  # the level names are the core's, in the screen's language
    assert backend.satisfactionSplit.startswith("Very satisfied 1 · Satisfied 0")
    backend.setLanguage("zh")
    assert backend.windows == [1, 5] and [s["code"] for s in backend.services] == ["social", "tax"]
    assert backend.waiting[0]["tag"] == "绿色通道"


def test_a_window_the_hall_does_not_have_says_so(qtbot, counter):
    backend, client = counter
    client.state_answer = hall_state([window_row(1)])
    run(qtbot, backend.pull())
    assert "3" in backend.error and "窗口" in backend.error


@pytest.mark.parametrize("slot, args, operation", [
    ("recall", (), ("recall", "t-A001")),
    ("startService", (), ("start", "t-A001")),
    ("finish", (), ("finish", "t-A001")),
    ("noShow", (), ("no_show", "t-A001")),
    ("transferToService", ("tax",), ("transfer", "t-A001", {"service": "tax", "window": None})),
    ("transferToWindow", (1,), ("transfer", "t-A001", {"service": None, "window": 1})),
])
def test_each_ticket_command_is_one_typed_operation(qtbot, counter, slot, args, operation):
    backend, client = counter
    backend._apply_window(at_window(client, current=ticket("A001", "called")))
    leaves = operation[0] in ("finish", "no_show", "transfer")
    at_window(client, current=None if leaves else ticket("A001", "called"))  # the hall after it
    getattr(backend, slot)(*args)
    settle(qtbot, backend)
    assert client.commands() == [operation]
    assert backend.error == "" and "A001" in backend.info
    if leaves:
        assert backend.current == {} and not backend.hasTicket


def test_window_commands_are_typed_operations(qtbot, counter):
    backend, client = counter
    backend.signIn(" S1 ", "1234")
    settle(qtbot, backend)
    assert backend.isOpen
    backend.callNext()
    settle(qtbot, backend)
    assert backend.currentNumber == "A001" and backend.canStart and not backend.canCallNext
    backend._set("current", {})
    backend.pause(PAUSE_REASONS[3])
    settle(qtbot, backend)
    assert backend.isPaused and backend.canResume and not backend.canPause and backend.stateTone == "orange"
    backend.resume()
    settle(qtbot, backend)
    backend.signOff()
    settle(qtbot, backend)
    assert [c[0] for c in client.commands()] == ["sign_in", "call_next", "pause", "resume", "sign_off"]
    assert client.commands()[0] == ("sign_in", 3, "S1", "1234")
    assert client.commands()[2] == ("pause", 3, "会议")
    assert client.commands()[4] == ("sign_off", 3, {"override": False, "reason": None})
    assert backend.isSignedOff and backend.canSignIn and not backend.canSignOff


def test_nobody_waiting_is_an_info_not_an_error(qtbot, counter):
    backend, client = counter
    backend._apply_window(at_window(client))
    client.answers["call_next"] = None
    backend.callNext()
    settle(qtbot, backend)
    assert backend.info == "当前没有等候的群众" and backend.error == "" and not backend.hasTicket


def test_call_selected_calls_the_chosen_ticket_and_clears_the_choice(qtbot, counter):
    backend, client = counter
    at_window(client)
    client.waiting_answer = [ticket("A002", "waiting", window=None), ticket("A003", "waiting", window=None)]
    run(qtbot, backend.pull())
    assert not backend.canCallSelected
    backend.select("t-A003")
    assert backend.canCallSelected
    backend.callSelected()
    settle(qtbot, backend)
    assert ("call", 3, "t-A003") in client.commands()
    assert backend.selectedId == "" and backend.currentNumber == "A003"


def test_busy_disables_every_command_while_one_is_in_flight(qtbot, counter):
    backend, client = counter
    backend._apply_window(at_window(client, current=ticket("A001", "serving")))
    assert backend.canFinish and backend.canTransfer and not backend.canRecall and not backend.canNoShow
    client.gate = asyncio.Event()
    backend.finish()
    qtbot.waitUntil(lambda: backend.busy, timeout=3000)
    assert not any([backend.canFinish, backend.canTransfer, backend.canCallNext, backend.canSignOff,
                    backend.canPauseOrResume])
    client.gate.set()
    settle(qtbot, backend)
    assert backend.canCallNext and backend.canPause and backend.canSignOff


def test_sign_off_refused_while_tickets_wait_shows_the_halls_reason_then_override(qtbot, counter):
    backend, client = counter
    backend._apply_window(at_window(client))
    client.answers["sign_off"] = hall_error("tickets_waiting", "还有 1 位群众只能由本窗口办理", "1 citizen waits")
    backend.signOff()
    settle(qtbot, backend)
    assert backend.signOffBlocked == "还有 1 位群众只能由本窗口办理" and backend.isOpen
    backend.signOffOverride("  ")
    assert backend.error != "" and [c[0] for c in client.commands()] == ["sign_off"]
    del client.answers["sign_off"]
    backend.signOffOverride("系统维护")
    settle(qtbot, backend)
    assert client.commands()[-1] == ("sign_off", 3, {"override": True, "reason": "系统维护"})
    assert backend.signOffBlocked == "" and backend.isSignedOff


def test_the_hall_away_reads_clearly_and_never_leaves_busy(qtbot, counter):
    backend, client = counter
    backend._apply_window(at_window(client))
    client.offline = True
    backend.callNext()
    settle(qtbot, backend)
    assert "暂时无法连接大厅服务器" in backend.error and backend.canCallNext


@pytest.mark.parametrize("name", ["ticket.finished", "ticket.finish", "window.paused", "ticket.issued"])
def test_hall_events_refresh_but_device_health_does_not(qtbot, counter, name):
    backend, client = counter
    backend._on_event({"type": "device.health", "seq": 1, "payload": {}})
    assert client.calls == []
    backend._on_event({"type": name, "seq": 2, "payload": {}})
    qtbot.waitUntil(lambda: "state" in client.names(), timeout=3000)


def test_pause_reasons_are_recorded_in_chinese_whatever_the_screen_shows(qtbot, counter):
    backend, _ = counter
    assert [r["value"] for r in backend.pauseReasons] == list(PAUSE_REASONS)
    assert [r["text"] for r in backend.pauseReasons] == list(PAUSE_REASONS)  # no translator installed


def test_the_state_rules_follow_the_core_not_the_old_screen(qtbot, counter):
    """The old screen allowed recall and no-show on a ticket being served; the core does not."""
    backend, client = counter
    for state in (TicketState.CALLED, TicketState.SERVING):
        backend._apply_window(at_window(client, current=ticket("A001", state.value)))
        assert backend.canRecall == backend.canNoShow == backend.canStart == (state == TicketState.CALLED)
        assert backend.canFinish and not backend.canSignOff and not backend.canPause
    backend._apply_window(at_window(client, WindowState.PAUSED.value))
    assert backend.canResume and backend.canSignOff and not backend.canCallNext


class FakeDevices:
    """Stands in for CounterDevices: records what the counter asks of the bus."""

    has_pad = True

    def __init__(self):
        self.did, self.on_pad_result, self.on_health = [], None, None

    def __getattr__(self, name):
        return lambda *args: self.did.append((name, *args))


@pytest.mark.parametrize("rated, level, reasons, sent, status", [
    (True, 4, (), ("rate", "t-A001", 4, []), "评价器: A001 满意"),
    (True, 1, (), ("rate", "t-A001", 1, ["未选择原因"]), "评价器: A001 非常不满意"),  # says so, invents none
    (False, 0, (), ("rate", "t-A001", {"not_rated": True}), "评价器: A001 未评价"),
])
def test_the_hardware_pads_result_becomes_the_rating(qtbot, aloop, rated, level, reasons, sent, status):
    from types import SimpleNamespace

    client, devices = FakeHallClient(), FakeDevices()
    backend = CounterBackend(client, 3, devices=devices)
    try:
        assert devices.on_health == backend.health.update  # bus health goes through the one reporter
        backend._apply_window(at_window(client, current=ticket("A001", "serving")))
        backend.finish()
        settle(qtbot, backend)
        assert ("invite", 3, "张*", "S1", "A001") in devices.did and "A001" in backend.padStatus
        backend._on_pad_result(SimpleNamespace(ticket="A001", rated=rated, level=level, reasons=reasons))
        settle(qtbot, backend)
        assert client.commands()[-1] == sent and backend.padStatus == status
        backend._on_pad_result(SimpleNamespace(ticket="A001", rated=True, level=5, reasons=()))
        settle(qtbot, backend)
        assert client.commands()[-1] == sent  # a second result for the same case is not sent
    finally:
        run(qtbot, backend.stop())


def test_a_window_that_does_not_work_today_cannot_sign_in(qtbot, counter):
    backend, client = counter
    row = at_window(client, "signed_off")
    run(qtbot, backend.pull())
    assert backend.worksToday and backend.canSignIn
    row["works_today"] = False  # the hall's view: its days leave out today
    run(qtbot, backend.pull())
    assert not backend.worksToday and not backend.canSignIn
