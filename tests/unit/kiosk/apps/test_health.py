"""The one device-health reporter: changes only, coalesced, kept for the reconnect."""

import asyncio
import threading

from drivers.supervision import ConnectionState, DeviceHealth
from kiosk.apps.health import HealthReporter
from tests.helpers.stubs import FakeHallClient

CONNECTED, DISCONNECTED, CONNECTING, DEGRADED = (ConnectionState.CONNECTED, ConnectionState.DISCONNECTED,
                                                  ConnectionState.CONNECTING, ConnectionState.DEGRADED)


def h(device, state, code=""):
    return DeviceHealth(device, "hall_strip", state, code, "中文" * 150, "english")


def sent(client):
    return [(c[1]["device"], c[1]["state"], c[1]["code"]) for c in client.calls if c[0] == "report_health"]


def test_only_changes_are_reported_and_connecting_is_not():
    async def main():
        client = FakeHallClient()
        rep = HealthReporter(client)
        rep.start()
        for health in (h("strip", CONNECTING), h("strip", CONNECTED), h("strip", CONNECTED),
                       h("strip", CONNECTING), h("strip", CONNECTED), h("strip", DEGRADED, "no_reply")):
            rep.update(health)
            await rep.drain()
            await asyncio.sleep(0)
        await rep.drain()
        return client, rep

    client, rep = asyncio.run(main())
    assert sent(client) == [("strip", "connected", ""), ("strip", "degraded", "no_reply")]
    assert len(client.calls[0][1]["message_zh"]) == 200  # the hall's limit
    assert rep.pending == [] and len(rep.delivered) == 2


def test_reports_before_start_and_from_other_threads_are_sent_once_the_loop_runs():
    async def main():
        client = FakeHallClient()
        rep = HealthReporter(client)
        rep.update(h("pad", CONNECTED))  # before the app's loop is bound
        rep.start()
        t = threading.Thread(target=lambda: rep.update(h("screen", DISCONNECTED, "no_port")))
        t.start()
        t.join()
        for _ in range(20):
            await asyncio.sleep(0.01)
            await rep.drain()
        return client

    assert sorted(sent(asyncio.run(main()))) == [("pad", "connected", ""), ("screen", "disconnected", "no_port")]


def test_a_burst_while_one_report_is_in_flight_sends_only_the_latest():
    async def main():
        client = FakeHallClient()
        client.gate = asyncio.Event()
        rep = HealthReporter(client)
        rep.start()
        rep.update(h("strip", CONNECTED))
        await asyncio.sleep(0.01)  # the first report is in flight, held by the gate
        for state in (DISCONNECTED, CONNECTED, DISCONNECTED, DEGRADED):
            rep.update(h("strip", state, "x" if state == DEGRADED else ""))
        client.gate.set()
        await rep.drain()
        return client

    assert sent(asyncio.run(main())) == [("strip", "connected", ""), ("strip", "degraded", "x")]


def test_what_the_hall_did_not_take_is_sent_after_the_reconnect():
    async def main():
        client = FakeHallClient()
        client.offline = True
        rep = HealthReporter(client)
        rep.start()
        rep.update(h("strip", DISCONNECTED, "no_port"))
        await asyncio.sleep(0.01)
        await rep.drain()
        assert [x.device for x in rep.pending] == ["strip"]
        client.offline = False
        rep.retry()
        await asyncio.sleep(0.01)
        await rep.drain()
        return client, rep

    client, rep = asyncio.run(main())
    assert sent(client) == [("strip", "disconnected", "no_port")] * 2  # failed once, then delivered
    assert rep.pending == [] and [d["code"] for d in rep.delivered] == ["no_port"]


def test_nothing_is_sent_after_close():
    async def main():
        client = FakeHallClient()
        rep = HealthReporter(client)
        rep.start()
        rep.close()
        rep.update(h("strip", CONNECTED))
        await asyncio.sleep(0.01)
        return client

    assert sent(asyncio.run(main())) == []
