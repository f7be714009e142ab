"""Fan-out of committed events to WebSocket subscribers.

Events arrive from the store's owner thread in commit order and are handed to the event loop
with ``call_soon_threadsafe``, which keeps that order. A subscriber that falls too far behind is
dropped; its client reconnects and re-fetches the state (notify, then pull)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from kiosk.store.eventlog import Event

_CLOSED = object()


class Subscription:
    def __init__(self, hub: EventHub, maxsize: int) -> None:
        self._hub = hub
        self.queue: asyncio.Queue[Any] = asyncio.Queue(maxsize)

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iter()

    async def _iter(self) -> AsyncIterator[Event]:
        while True:
            item = await self.queue.get()
            if item is _CLOSED:
                return
            yield item

    def close(self) -> None:
        self._hub._subs.discard(self)

    def end(self) -> None:
        """Stop the iteration after what is already queued is dropped (the socket closed)."""
        self._hub._drop(self)


class EventHub:
    def __init__(self, maxsize: int = 5000) -> None:
        self._subs: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._maxsize = maxsize
        self.last_seq = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def subscribe(self) -> Subscription:
        sub = Subscription(self, self._maxsize)
        self._subs.add(sub)
        return sub

    def publish(self, events: list[Event]) -> None:
        """Any thread; order of calls is kept."""
        if self._loop is None or self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._fanout, events)

    def _fanout(self, events: list[Event]) -> None:
        for ev in events:
            self.last_seq = max(self.last_seq, ev.seq)
            for sub in list(self._subs):
                try:
                    sub.queue.put_nowait(ev)
                except asyncio.QueueFull:
                    self._drop(sub)

    def _drop(self, sub: Subscription) -> None:
        self._subs.discard(sub)
        while not sub.queue.empty():
            sub.queue.get_nowait()
        sub.queue.put_nowait(_CLOSED)

    async def close(self) -> None:
        for sub in list(self._subs):
            self._drop(sub)

    @staticmethod
    def message(ev: Event) -> dict[str, Any]:
        return {"type": ev.type, "seq": ev.seq, "epoch": ev.epoch, "ts": ev.ts, "uuid": ev.uuid,
                "payload": ev.payload}
