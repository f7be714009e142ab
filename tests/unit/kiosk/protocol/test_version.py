"""Adjacent releases talk; a peer too old or too new does not (the hall side: tests/unit/kiosk/hall/test_api_version.py)."""

from kiosk.protocol.version import API_VERSION, OLDEST_UNDERSTOOD, compatible


def test_adjacent_versions_are_compatible():
    assert compatible(None)  # release 0.1 announced nothing: version 1
    assert compatible(API_VERSION, OLDEST_UNDERSTOOD)
    assert compatible(API_VERSION + 1, API_VERSION)  # a newer hall that still understands us
    assert not compatible(API_VERSION + 2, API_VERSION + 1)  # one that no longer does
    assert not compatible(OLDEST_UNDERSTOOD - 1)


def test_a_terminal_will_not_follow_a_hall_it_cannot_understand():
    """A hall that no longer understands this release: the client never goes online."""
    import asyncio

    from aiohttp import web

    from kiosk.protocol.client import HallClient, LinkState

    async def scenario() -> list[LinkState]:
        async def events(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            await ws.send_json({"type": "hello", "seq": 0, "api_version": API_VERSION + 5,
                                "api_oldest": API_VERSION + 5})
            await asyncio.sleep(5)
            return ws

        app = web.Application()
        app.router.add_get("/api/v1/events", events)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        states: list[LinkState] = []
        resynced: list[bool] = []

        async def resync() -> None:
            resynced.append(True)

        client = HallClient(f"http://127.0.0.1:{port}", "t", timeout=2)

        async def follow() -> None:
            async for _ in client.events(states.append, resync, max_backoff=0.2):
                pass

        task = asyncio.create_task(follow())
        for _ in range(80):  # the client closes its socket (up to 2 s), then reports offline
            if LinkState.OFFLINE in states:
                break
            await asyncio.sleep(0.05)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
        await client.close()
        await runner.cleanup()
        assert not resynced
        return states

    states = asyncio.run(scenario())
    assert LinkState.ONLINE not in states and LinkState.OFFLINE in states
