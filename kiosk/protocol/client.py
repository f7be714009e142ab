"""The typed hall client: one method per hall operation, and the WebSocket event stream.

This is the only place that knows the hall's paths (docs/api.md); apps, the demo and the
benchmarks call named operations (``call_next(window)``, ``finish(ticket)``,
``rate(ticket, level, reasons)``) and never build a URL.

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
from urllib.parse import quote

import aiohttp

from kiosk.protocol import version

log = logging.getLogger("kiosk.protocol.client")

API = "/api/v1"


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
                headers={"Authorization": f"Bearer {self.token}", version.HEADER: str(version.API_VERSION)},
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

    async def _get(self, path: str, **query: Any) -> Any:
        params = "&".join(f"{k}={quote(str(v))}" for k, v in query.items() if v is not None)
        return await self.request("GET", API + path + (f"?{params}" if params else ""))

    async def _post(self, path: str, body: Any = None, *, retry_safe: bool = False) -> Any:
        """POST a command. With ``retry_safe`` the command carries an idempotency key and is
        retried a few times on a lost link, so a ticket is issued once even when the answer
        was lost on the way back."""
        if not retry_safe:
            return await self.request("POST", API + path, body)
        key = str(uuid.uuid4())
        delay = 0.2
        for attempt in range(4):
            try:
                return await self.request("POST", API + path, body, idempotency_key=key)
            except HallApiError as err:
                if not err.offline or attempt == 3:
                    raise
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    # -- reads ---------------------------------------------------------------------------------
    async def state(self) -> dict[str, Any]:
        """Windows, queues and today's satisfaction: everything a screen shows."""
        return await self._get("/state")  # type: ignore[no-any-return]

    async def services(self) -> dict[str, Any]:
        """The hall, its categories and services with their issuing status and waits."""
        return await self._get("/services")  # type: ignore[no-any-return]

    async def window(self, number: int) -> dict[str, Any]:
        return await self._get(f"/windows/{int(number)}")  # type: ignore[no-any-return]

    async def windows(self) -> list[dict[str, Any]]:
        return await self._get("/windows")  # type: ignore[no-any-return]

    async def ticket(self, ticket_id: str) -> dict[str, Any]:
        return await self._get(f"/tickets/{_id(ticket_id)}")  # type: ignore[no-any-return]

    async def waiting(self, window: int | None = None) -> list[dict[str, Any]]:
        """Waiting tickets, for one window's services when ``window`` is given."""
        return await self._get("/tickets", window=window)  # type: ignore[no-any-return]

    async def queue(self) -> Any:
        return await self._get("/queue")

    async def stats_today(self) -> dict[str, Any]:
        return await self._get("/stats/today")  # type: ignore[no-any-return]

    async def callbacks(self, day_from: str, day_to: str) -> Any:
        return await self._get("/callbacks", day_from=day_from, day_to=day_to)

    async def devices(self) -> Any:
        return await self._get("/devices")

    async def whoami(self) -> dict[str, Any]:
        return await self._get("/whoami")  # type: ignore[no-any-return]

    async def sync_status(self) -> dict[str, Any]:
        return await self._get("/sync/status")  # type: ignore[no-any-return]

    # -- tickets -------------------------------------------------------------------------------
    async def issue(self, service: str, *, citizen: dict[str, Any] | None = None,
                    priority: str = "normal", appointment: str | None = None,
                    retry_safe: bool = True) -> dict[str, Any]:
        """Issue a ticket (kiosk). Retry-safe by default: the hall issues it once."""
        body: dict[str, Any] = {"service": service}
        if citizen is not None:
            body["citizen"] = citizen
        if priority != "normal":
            body["priority"] = priority
        if appointment is not None:
            body["appointment"] = appointment
        return await self._post("/tickets", body, retry_safe=retry_safe)  # type: ignore[no-any-return]

    async def recall(self, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/tickets/{_id(ticket_id)}/recall")  # type: ignore[no-any-return]

    async def start(self, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/tickets/{_id(ticket_id)}/start")  # type: ignore[no-any-return]

    async def finish(self, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/tickets/{_id(ticket_id)}/finish")  # type: ignore[no-any-return]

    async def cancel(self, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/tickets/{_id(ticket_id)}/cancel")  # type: ignore[no-any-return]

    async def no_show(self, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/tickets/{_id(ticket_id)}/no-show")  # type: ignore[no-any-return]

    async def transfer(self, ticket_id: str, *, service: str | None = None,
                       window: int | None = None) -> dict[str, Any]:
        body = {"service": service} if service is not None else {"window": window}
        return await self._post(f"/tickets/{_id(ticket_id)}/transfer", body)  # type: ignore[no-any-return]

    async def rate(self, ticket_id: str, level: int | None, reasons: list[str] | None = None, *,
                   not_rated: bool = False) -> dict[str, Any]:
        """Record the citizen's rating (or that they left without rating). Retry-safe."""
        body: dict[str, Any] = ({"not_rated": True} if not_rated
                                else {"level": level, "reasons": list(reasons or [])})
        return await self._post(f"/tickets/{_id(ticket_id)}/rating", body,  # type: ignore[no-any-return]
                                retry_safe=True)

    # -- windows -------------------------------------------------------------------------------
    async def sign_in(self, window: int, staff: str | None = None, pin: str | None = None) -> dict[str, Any]:
        body = {k: v for k, v in (("staff", staff), ("pin", pin)) if v is not None}
        return await self._post(f"/windows/{int(window)}/sign-in", body)  # type: ignore[no-any-return]

    async def call_next(self, window: int) -> dict[str, Any] | None:
        """The next ticket for ``window`` (None when nobody waits)."""
        return await self._post(f"/windows/{int(window)}/call-next")  # type: ignore[no-any-return]

    async def call(self, window: int, ticket_id: str) -> dict[str, Any]:
        return await self._post(f"/windows/{int(window)}/call", {"ticket": ticket_id})  # type: ignore[no-any-return]

    async def pause(self, window: int, reason: str) -> dict[str, Any]:
        return await self._post(f"/windows/{int(window)}/pause", {"reason": reason})  # type: ignore[no-any-return]

    async def resume(self, window: int) -> dict[str, Any]:
        return await self._post(f"/windows/{int(window)}/resume")  # type: ignore[no-any-return]

    async def sign_off(self, window: int, *, override: bool = False,
                       reason: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"override": True, "reason": reason} if override else {}
        return await self._post(f"/windows/{int(window)}/sign-off", body)  # type: ignore[no-any-return]

    # -- devices -------------------------------------------------------------------------------
    async def report_health(self, health: dict[str, Any]) -> dict[str, Any]:
        """One device's connection state (``device``, ``kind``, ``state``, ``code``, messages)."""
        return await self._post("/devices/health", health)  # type: ignore[no-any-return]

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
                async with session.ws_connect(ws_url + API + "/events", heartbeat=10,
                                              timeout=aiohttp.ClientWSTimeout(ws_close=2)) as ws:
                    hello = await ws.receive_json(timeout=self.timeout)
                    if hello.get("type") != "hello":
                        raise aiohttp.ClientError("bad hello")
                    if not version.compatible(hello.get("api_version"), hello.get("api_oldest")):
                        raise incompatible_hall(hello.get("api_version"))
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


def incompatible_hall(hall_version: object) -> HallApiError:
    return HallApiError(0, "api_version", f"大厅服务器软件版本(接口 {hall_version})与本终端不兼容,请升级",
                        f"the hall's software (API {hall_version}) cannot talk to this terminal; upgrade one of them")


def _id(ticket_id: str) -> str:
    """A ticket id as one path segment, whatever it holds."""
    return quote(str(ticket_id), safe="")


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
