"""The terminals' link to the hall node: HTTP JSON commands and the WebSocket event stream.

Plain asyncio + aiohttp (it runs on the Qt loop through qasync in the apps, and in plain
asyncio in the demo and tests). No Qt here. Terminals hold no authority: they send commands and
render what the hall says; after any reconnect they re-fetch the state (notify, then pull).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import random
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp

log = logging.getLogger("kiosk.apps.hallclient")


class LinkState(enum.StrEnum):
    OFFLINE = "offline"
    CONNECTING = "connecting"
    ONLINE = "online"


class HallApiError(Exception):
    """An answer from the hall that is not a success, or no answer at all (status 0)."""

    def __init__(self, status: int, code: str, zh: str, en: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.status, self.code, self.zh, self.en = status, code, zh, en
        self.details = details or {}

    @property
    def offline(self) -> bool:
        return self.status == 0


def _offline(exc: BaseException) -> HallApiError:
    return HallApiError(0, "hall_unreachable", "暂时无法连接大厅服务器,请稍候",
                        f"cannot reach the hall server right now ({type(exc).__name__})")


class HallClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def _sess(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(self, method: str, path: str, body: Any = None, *,
                      idempotency_key: str | None = None) -> Any:
        """One command. Returns the JSON answer (None for 204). Raises HallApiError, with
        status 0 when the hall cannot be reached."""
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        try:
            session = await self._sess()
            async with session.request(method, self.base_url + path, json=body, headers=headers) as r:
                if r.status == 204:
                    return None
                try:
                    data = await r.json(content_type=None)
                except (ValueError, aiohttp.ContentTypeError):
                    data = None
                if 200 <= r.status < 300:
                    return data
                err = (data or {}).get("error") if isinstance(data, dict) else None
                if not isinstance(err, dict):
                    err = {"code": "http_error", "message_zh": f"服务器错误 {r.status}",
                           "message_en": f"server error {r.status}"}
                raise HallApiError(r.status, err.get("code", "error"), err.get("message_zh", ""),
                                   err.get("message_en", ""), err.get("details"))
        except HallApiError:
            raise
        except (TimeoutError, aiohttp.ClientError, OSError) as exc:
            raise _offline(exc) from exc

    async def get(self, path: str) -> Any:
        return await self.request("GET", path)

    async def post(self, path: str, body: Any = None, *, retry_safe: bool = False) -> Any:
        """POST a command. With ``retry_safe`` the command carries an idempotency key and is
        retried a few times on a lost link, so a ticket is issued once even when the answer
        was lost on the way back."""
        if not retry_safe:
            return await self.request("POST", path, body)
        key = str(uuid.uuid4())
        delay = 0.2
        for attempt in range(4):
            try:
                return await self.request("POST", path, body, idempotency_key=key)
            except HallApiError as err:
                if not err.offline or attempt == 3:
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    # -- event stream --------------------------------------------------------------------------
    async def events(self, on_state: Callable[[LinkState], Any] | None = None,
                     on_resync: Callable[[], Awaitable[None]] | None = None,
                     max_backoff: float = 5.0) -> AsyncIterator[dict[str, Any]]:
        """Events forever. Reconnects with backoff after any drop; after each (re)connect it
        calls ``on_resync`` (re-fetch the whole state) before yielding new events."""
        ws_url = self.base_url.replace("http://", "ws://").replace("https://", "wss://")
        backoff = 0.2
        while True:
            if on_state:
                on_state(LinkState.CONNECTING)
            try:
                session = await self._sess()
                async with session.ws_connect(ws_url + "/api/v1/events", heartbeat=10,
                                              timeout=aiohttp.ClientWSTimeout(ws_close=2)) as ws:
                    hello = await ws.receive_json(timeout=self.timeout)
                    if hello.get("type") != "hello":
                        raise aiohttp.ClientError("bad hello")
                    if on_resync is not None:
                        await on_resync()
                    if on_state:
                        on_state(LinkState.ONLINE)
                    backoff = 0.2
                    seen = int(hello.get("seq", 0))
                    async for msg in ws:
                        if msg.type != aiohttp.WSMsgType.TEXT:
                            break
                        ev = msg.json()
                        if ev.get("seq", 0) <= seen:
                            continue
                        seen = ev["seq"]
                        yield ev
            except asyncio.CancelledError:
                raise
            except (TimeoutError, aiohttp.ClientError, OSError, ValueError, HallApiError) as exc:
                log.info("event stream dropped: %s", exc)
            if on_state:
                on_state(LinkState.OFFLINE)
            await asyncio.sleep(backoff * (1 + random.random() * 0.3))
            backoff = min(backoff * 2, max_backoff)


class EventFollower:
    """Runs :meth:`HallClient.events` as a task and hands each event to a callback."""

    def __init__(self, client: HallClient, on_event: Callable[[dict[str, Any]], Any],
                 on_resync: Callable[[], Awaitable[None]], on_state: Callable[[LinkState], Any] | None = None) -> None:
        self.client, self.on_event, self.on_resync, self.on_state = client, on_event, on_resync, on_state
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        async for ev in self.client.events(self.on_state, self.on_resync):
            try:
                result = self.on_event(ev)
                if asyncio.iscoroutine(result):
                    await result
            except Exception:
                log.exception("event handler failed")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
