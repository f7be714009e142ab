"""The terminals' hall client against a real hall node process: commands, errors, offline,
idempotent retries and the event stream's reconnect + resync."""

import asyncio

import pytest

from kiosk.protocol.client import HallApiError, HallClient, LinkState
from tests.helpers.hall import TOKENS, HallProcess

pytestmark = pytest.mark.integration


def test_commands_errors_and_offline(tmp_path):
    async def main():
        with HallProcess(tmp_path) as hall:
            kiosk = HallClient(hall.url, TOKENS["kiosk"])
            t = await kiosk.issue("social")
            assert t["number"] == "C001"
            with pytest.raises(HallApiError) as err:
                await kiosk.issue("nope")
            assert err.value.status == 422 and err.value.code == "unknown_service" and err.value.zh
            counter = HallClient(hall.url, TOKENS["counter3"])
            await counter.sign_in(3)
            assert (await counter.call_next(3))["number"] == "C001"
            await counter.finish(t["id"])
            assert await counter.call_next(3) is None  # 204: nobody waits
            await kiosk.close()
            await counter.close()
        gone = HallClient(hall.url, TOKENS["kiosk"], timeout=1)
        with pytest.raises(HallApiError) as err:
            await gone.queue()
        assert err.value.offline and "大厅" in err.value.zh
        await gone.close()
    asyncio.run(main())


def test_event_stream_reconnects_and_resyncs_after_a_hall_restart(tmp_path):
    async def main():
        hall = HallProcess(tmp_path).start()
        client = HallClient(hall.url, TOKENS["display"], timeout=2)
        kiosk = HallClient(hall.url, TOKENS["kiosk"])
        states, resyncs, seen = [], [], []

        async def resync():
            resyncs.append(len(seen))

        async def follow():
            async for ev in client.events(states.append, resync, max_backoff=0.5):
                seen.append(ev["type"])

        task = asyncio.ensure_future(follow())
        for _ in range(200):
            if LinkState.ONLINE in states:
                break
            await asyncio.sleep(0.02)
        await kiosk.issue("social", retry_safe=False)
        for _ in range(200):
            if seen:
                break
            await asyncio.sleep(0.02)
        assert seen == ["ticket.issued"]
        hall.kill()
        for _ in range(200):
            if states[-1] != LinkState.ONLINE:
                break
            await asyncio.sleep(0.02)
        hall2 = HallProcess(tmp_path, db=hall.db, port=hall.port).start()  # same address, as after a restart
        try:
            for _ in range(400):
                if len(resyncs) >= 2 and states[-1] == LinkState.ONLINE:
                    break
                await asyncio.sleep(0.02)
            assert len(resyncs) >= 2, states
            await kiosk.issue("social", retry_safe=False)
            for _ in range(200):
                if len(seen) >= 2:
                    break
                await asyncio.sleep(0.02)
            assert seen == ["ticket.issued", "ticket.issued"]
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await client.close()
            await kiosk.close()
            hall2.kill()
    asyncio.run(main())
