"""The hall node's HTTP + WebSocket API (FastAPI). See docs/api.md.

Every terminal authenticates with its own bearer token; roles decide what it may do (the
gate here and the operations ask the same predicates, kiosk/core/roles). Errors are JSON
``{"error": {"code", "message_zh", "message_en", "details"?}}`` and change nothing; the HTTP
status of each kind of error is decided here, not in the rules.

The request models check shape only (types, no unknown fields, sizes of free text the rules do
not look at); every limit a rule sets is checked by that rule, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

from fastapi import Depends, FastAPI, Header, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.config.hall import Device, HallConfig
from kiosk.core.errors import ErrorKind, HallError, unauthorized
from kiosk.core.roles import Action, check_permitted
from kiosk.hall import repo, stats, views
from kiosk.hall.clock import Clock
from kiosk.hall.events import EventHub
from kiosk.hall.kernel import HallKernel
from kiosk.hall.service import HallService
from kiosk.protocol import version
from kiosk.store.db import Store, check_key, load_or_create_secret
from kiosk.store.eventlog import events_after

log = logging.getLogger("kiosk.hall.api")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitizenIn(Strict):
    id_number: str = Field(min_length=1, max_length=40)
    name: str | None = None


class TicketIn(Strict):
    service: str = Field(min_length=1, max_length=40)
    citizen: CitizenIn | None = None
    priority: Literal["normal", "green", "appointment"] = "normal"
    appointment: str | None = Field(default=None, max_length=40)


class CallIn(Strict):
    ticket: str = Field(min_length=1, max_length=64)


class TransferIn(Strict):
    service: str | None = Field(default=None, max_length=40)
    window: int | None = None


class RatingIn(Strict):
    level: int | None = None
    reasons: list[str] = Field(default_factory=list)
    not_rated: bool = False


class PauseIn(Strict):
    reason: str


class SignInIn(Strict):
    staff: str | None = None
    pin: str | None = Field(default=None, max_length=16)


class SignOffIn(Strict):
    override: bool = False
    reason: str | None = None


class HealthIn(Strict):
    device: str
    kind: str = Field(default="", max_length=40)
    state: str
    code: str = Field(default="", max_length=80)
    message_zh: str = ""
    message_en: str = ""
    since: float | None = None


# The hall API's status for each kind of refusal.
HTTP_STATUS: dict[ErrorKind, int] = {
    ErrorKind.BAD_REQUEST: 422, ErrorKind.NOT_FOUND: 404, ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403, ErrorKind.UNAUTHORIZED: 401, ErrorKind.TOO_LARGE: 413,
    ErrorKind.UNAVAILABLE: 503,
}


def error_response(err: HallError) -> JSONResponse:
    return error_json(err.as_dict(), HTTP_STATUS[err.kind])


def error_json(body: dict[str, Any], status: int) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": body}, status_code=status, headers=headers)


class HallNode:
    """Everything one running hall node holds: config, store, service, event hub."""

    def __init__(self, config: HallConfig, db_path: str | Path, clock: Clock | None = None) -> None:
        self._config = config
        self.db_path = Path(db_path)
        self.clock = clock
        self.store: Store | None = None
        self.service: HallService | None = None
        self.hub = EventHub()
        self.sync: Any = None  # kiosk.sync client, when [central] is configured

    @property
    def config(self) -> HallConfig:
        """The config in force: the kernel's, once started (catalogue reloads swap it there)."""
        return self.service.config if self.service is not None else self._config

    @config.setter
    def config(self, config: HallConfig) -> None:
        """Before start: the config to start with; after: a reload into the kernel."""
        if self.service is not None:
            self.service.reload(config)
        else:
            self._config = config

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self.hub.bind(loop)
        self.store = Store(self.db_path, self.config.hall.id)
        secret = load_or_create_secret(self.db_path.with_suffix(self.db_path.suffix + ".key"))
        check_key(self.store, secret)
        self.service = HallService(self.config, self.store, secret, self.clock)
        self.service.add_listener(self.hub.publish)

    @property
    def kernel(self) -> HallKernel:
        assert self.service is not None, "the hall node is not started"
        return self.service.kernel

    def stop(self) -> None:
        if self.store is not None:
            self.store.close()


def create_app(config: HallConfig, db_path: str | Path, clock: Clock | None = None,
               extra_startup: list[Callable[[HallNode], Any]] | None = None) -> FastAPI:
    node = HallNode(config, db_path, clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        node.start(asyncio.get_running_loop())
        for hook in extra_startup or []:
            result = hook(node)
            if asyncio.iscoroutine(result):
                await result
        log.info("hall %s ready (epoch %s)", config.hall.id, node.store.epoch if node.store else "?")
        try:
            yield
        finally:
            if node.sync is not None:
                with contextlib.suppress(Exception):
                    await node.sync.stop()
            await node.hub.close()
            node.stop()

    app = FastAPI(title="马上办 hall node", version="1", lifespan=lifespan,
                  description="Queue authority for one government service hall.")
    app.state.node = node

    @app.exception_handler(HallError)
    async def hall_error(request: Request, exc: HallError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]), "problem": e.get("msg", "")}
                    for e in exc.errors()]
        return error_response(HallError("bad_request", "请求格式错误", "malformed request",
                                        kind=ErrorKind.BAD_REQUEST, details={"problems": problems}))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        zh = {404: "没有这个地址", 405: "不支持此方法"}.get(exc.status_code, "请求错误")
        return error_json({"code": "http_error", "message_zh": zh, "message_en": str(exc.detail)},
                          exc.status_code)

    async def device(authorization: str | None = Header(default=None),
                     x_mashang_api: str | None = Header(default=None, max_length=8)) -> Device:
        if x_mashang_api is not None:
            try:
                peer = int(x_mashang_api)
            except ValueError:
                peer = 0
            if not version.compatible(peer):
                raise HallError("api_version", f"终端软件版本过旧(接口版本 {x_mashang_api}),请升级终端",
                                f"this terminal's software is too old (API {x_mashang_api}); upgrade it",
                                kind=ErrorKind.BAD_REQUEST, details=version.announce())
        token = ""
        if authorization and authorization.lower().startswith("bearer "):
            token = authorization[7:].strip()
        found = node.config.device_by_token(token) if token else None
        if found is None:
            raise unauthorized("缺少或无效的设备令牌", "missing or invalid device token")
        return found

    def svc() -> HallService:
        assert node.service is not None
        return node.service

    def kernel() -> HallKernel:
        return node.kernel

    def role(dev: Device, action: Action) -> None:
        check_permitted(dev.role, action)

    async def wait(fut: Any) -> Any:
        return await asyncio.wrap_future(fut)

    def replay_batch(conn: Any, after_seq: int) -> list[Any]:
        return events_after(conn, kernel().store.epoch, after_seq, 500)

    async def read(fn: Callable[[Any], Any]) -> Any:
        return await asyncio.wrap_future(svc().read(fn))

    # -- tickets --------------------------------------------------------------------------------
    @app.post("/api/v1/tickets", status_code=201)
    async def issue(body: TicketIn, dev: Device = Depends(device),
                    idempotency_key: str | None = Header(default=None, max_length=80)) -> Any:
        role(dev, Action.ISSUE)
        return await wait(svc().issue_ticket(
            dev, body.service, body.citizen.model_dump() if body.citizen else None,
            body.priority, body.appointment, idem_key=idempotency_key and f"{dev.id}:{idempotency_key}"))

    @app.get("/api/v1/tickets/{ticket_id}")
    async def get_ticket(ticket_id: str, dev: Device = Depends(device)) -> Any:
        return await read(lambda c: views.ticket(kernel(), c, ticket_id))

    @app.get("/api/v1/tickets")
    async def list_waiting(window: int | None = None, dev: Device = Depends(device)) -> Any:
        return await read(lambda c: views.waiting_list(kernel(), c, window))

    for action in ("recall", "start", "finish", "cancel"):
        def make(act: str) -> Callable[..., Any]:
            async def handler(ticket_id: str, dev: Device = Depends(device)) -> Any:
                role(dev, Action.CANCEL if act == "cancel" else Action.HANDLE_TICKET)
                return await wait(svc().ticket_action(dev, ticket_id, act))
            handler.__name__ = f"ticket_{act}"
            return handler
        app.post(f"/api/v1/tickets/{{ticket_id}}/{action}")(make(action))

    @app.post("/api/v1/tickets/{ticket_id}/no-show")
    async def no_show(ticket_id: str, dev: Device = Depends(device)) -> Any:
        role(dev, Action.HANDLE_TICKET)
        return await wait(svc().ticket_action(dev, ticket_id, "no_show"))

    @app.post("/api/v1/tickets/{ticket_id}/transfer")
    async def transfer(ticket_id: str, body: TransferIn, dev: Device = Depends(device)) -> Any:
        role(dev, Action.TRANSFER)
        return await wait(svc().transfer(dev, ticket_id, body.service, body.window))

    @app.post("/api/v1/tickets/{ticket_id}/rating", status_code=201)
    async def rating(ticket_id: str, body: RatingIn, dev: Device = Depends(device),
                     idempotency_key: str | None = Header(default=None, max_length=80)) -> Any:
        role(dev, Action.RATE)
        return await wait(svc().rate(dev, ticket_id, body.level, body.reasons, body.not_rated,
                                     idem_key=idempotency_key and f"{dev.id}:{idempotency_key}"))

    # -- windows --------------------------------------------------------------------------------
    @app.post("/api/v1/windows/{number}/call-next")
    async def call_next(number: int, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        result = await wait(svc().call_next(dev, number))
        if result is None:
            return Response(status_code=204)
        return result

    @app.post("/api/v1/windows/{number}/call")
    async def call(number: int, body: CallIn, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        return await wait(svc().call_ticket(dev, number, body.ticket))

    @app.post("/api/v1/windows/{number}/sign-in")
    async def sign_in(number: int, body: SignInIn, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        return await wait(svc().sign_in(dev, number, body.staff, body.pin))

    @app.post("/api/v1/windows/{number}/pause")
    async def pause(number: int, body: PauseIn, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        return await wait(svc().pause(dev, number, body.reason))

    @app.post("/api/v1/windows/{number}/resume")
    async def resume(number: int, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        return await wait(svc().resume(dev, number))

    @app.post("/api/v1/windows/{number}/sign-off")
    async def sign_off(number: int, body: SignOffIn | None = None, dev: Device = Depends(device)) -> Any:
        role(dev, Action.ACT_FOR_WINDOW)
        body = body or SignOffIn()
        return await wait(svc().sign_off(dev, number, body.override, body.reason))

    @app.get("/api/v1/windows")
    async def windows(dev: Device = Depends(device)) -> Any:
        return await read(lambda c: views.windows(kernel(), c))

    @app.get("/api/v1/windows/{number}")
    async def window(number: int, dev: Device = Depends(device)) -> Any:
        return await read(lambda c: views.window_view(kernel(), c, number))

    # -- views ----------------------------------------------------------------------------------
    @app.get("/api/v1/services")
    async def services(dev: Device = Depends(device)) -> Any:
        cfg = node.config  # the one handle: the kernel's config, reloads included
        return {"hall": {"id": cfg.hall.id, "name": cfg.hall.name, "name_en": cfg.hall.name_en,
                         "notice": cfg.hall.notice, "status_url": cfg.hall.status_url,
                         "timezone": cfg.hall.timezone, "green_channel_age": cfg.policy.green_channel_age},
                "now": kernel().clock.now().isoformat(timespec="seconds"),
                "categories": [{"name": c.name, "name_en": c.name_en, "services": list(c.services)}
                               for c in cfg.categories],
                "services": await read(lambda c: stats.service_catalogue(kernel(), c))}

    @app.get("/api/v1/queue")
    async def queue(dev: Device = Depends(device)) -> Any:
        return await read(lambda c: views.queue_view(kernel(), c))

    @app.get("/api/v1/stats/today")
    async def stats_today(dev: Device = Depends(device)) -> Any:
        return await read(lambda c: stats.stats_today(kernel(), c))

    @app.get("/api/v1/state")
    async def state(dev: Device = Depends(device)) -> Any:
        return await read(lambda c: stats.hall_state(kernel(), c))

    @app.get("/api/v1/callbacks")
    async def callbacks(day_from: str, day_to: str, dev: Device = Depends(device)) -> Any:
        role(dev, Action.READ_CALLBACKS)
        return await read(lambda c: stats.ratings_for_callback(c, day_from, day_to))

    # -- devices --------------------------------------------------------------------------------
    @app.post("/api/v1/devices/health")
    async def health(body: HealthIn, dev: Device = Depends(device)) -> Any:
        return await wait(svc().report_health(dev, body.model_dump()))

    @app.get("/api/v1/devices")
    async def devices(dev: Device = Depends(device)) -> Any:
        return await read(stats.devices_view)

    @app.get("/api/v1/whoami")
    async def whoami(dev: Device = Depends(device)) -> Any:
        return {"id": dev.id, "role": dev.role, "window": dev.window,
                "hall": {"id": node.config.hall.id, "name": node.config.hall.name}, **version.announce()}

    # -- sync status (filled in by kiosk.sync when [central] is configured) --------------------
    @app.get("/api/v1/sync/status")
    async def sync_status(dev: Device = Depends(device)) -> Any:
        if node.sync is not None:
            return node.sync.status()
        last = await read(lambda c: repo.last_seq(c, kernel().store.epoch))
        return {"last_seq": last, "acked_seq": 0, "pending": last, "connected": False}

    @app.get("/healthz")
    async def healthz() -> Any:
        return {"ok": True, "hall": node.config.hall.id, **version.announce()}

    # -- citizen status page (the ticket's QR code) -------------------------------------------------
    @app.get("/t/{ticket_id}", response_class=HTMLResponse)
    async def status_page(ticket_id: str) -> Any:
        try:
            t = await read(lambda c: views.ticket(kernel(), c, ticket_id))
        except HallError:
            return HTMLResponse("<h1>票号不存在 / ticket not found</h1>", status_code=404)
        state_zh = {"waiting": "等候中", "called": "请到窗口办理", "serving": "办理中", "done": "已办结",
                    "no_show": "已过号", "cancelled": "已取消"}.get(t["state"], t["state"])
        window = f"<p>请到 {t['window']} 号窗口</p>" if t["window"] and t["state"] == "called" else ""
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
            f"<title>{html.escape(t['number'])}</title><h1>{html.escape(t['number'])}</h1>"
            f"<p>{html.escape(t['service_name'])}</p><p>{state_zh}</p>{window}"
            f"<p>前面还有 {t['waiting_ahead']} 人</p>")

    # -- event stream ---------------------------------------------------------------------------
    @app.websocket("/api/v1/events")
    async def events(ws: WebSocket) -> None:
        token = ws.query_params.get("token") or ""
        auth = ws.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        if not token or node.config.device_by_token(token) is None:
            await ws.close(code=4401, reason="unauthorized")
            return
        try:
            after = int(ws.query_params.get("after", "-1"))
        except ValueError:
            after = -1
        await ws.accept()
        sub = node.hub.subscribe()
        try:
            current = await read(lambda c: repo.last_seq(c, kernel().store.epoch))
            await ws.send_json({"type": "hello", "seq": current, "epoch": kernel().store.epoch,
                                **version.announce()})
            sent = current
            if 0 <= after < current:
                sent = after
                while sent < current:
                    batch = await read(partial(replay_batch, after_seq=sent))
                    if not batch:
                        break
                    for ev in batch:
                        await ws.send_json(EventHub.message(ev))
                        sent = ev.seq
            # Watch for the client or the server (at shutdown) closing the socket while we
            # wait for events: an idle stream must end at once, not hold a stop up.
            closing = asyncio.ensure_future(ws.receive())
            closing.add_done_callback(lambda _t: sub.end())
            try:
                async for ev in sub:
                    if ev.seq <= sent:
                        continue
                    await ws.send_json(EventHub.message(ev))
                    sent = ev.seq
                client_left = closing.done()
            finally:
                closing.cancel()
            if not client_left:
                # the hub dropped us (too slow) or is closing: the client reconnects and re-fetches
                await ws.close(code=1013)
        except WebSocketDisconnect:
            pass
        except RuntimeError:
            pass
        finally:
            sub.close()

    return app
