"""The central server's HTTP API (FastAPI). See docs/central.md.

Origins (hall nodes, community terminals) sign every request with their secret
(kiosk.sync.signing); operators use a bearer token. Errors are JSON
``{"error": {"code", "message_zh", "message_en", "details"?}}`` like the hall's.
All database work runs in the thread pool; the process keeps no state that matters.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
import tomllib
from typing import Any

from fastapi import FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, delete
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from kiosk.central import catalogue, db, ingest, stats
from kiosk.config.central import CentralConfig, Operator
from kiosk.config.toml import ConfigError
from kiosk.core.errors import ErrorKind, HallError
from kiosk.sync import signing

log = logging.getLogger("kiosk.central")
MAX_BODY = 32 * 1024 * 1024


# The central API's statuses for each kind of refusal (the rules themselves know no HTTP).
HTTP_STATUS: dict[ErrorKind, int] = {
    ErrorKind.BAD_REQUEST: 422, ErrorKind.NOT_FOUND: 404, ErrorKind.CONFLICT: 409,
    ErrorKind.FORBIDDEN: 403, ErrorKind.UNAUTHORIZED: 401, ErrorKind.TOO_LARGE: 413,
    ErrorKind.UNAVAILABLE: 503,
}


def _err(code: str, zh: str, en: str, kind: ErrorKind, **details: Any) -> HallError:
    return HallError(code, zh, en, kind=kind, details=details or None)


def unauthorized(zh: str, en: str, code: str = "unauthorized") -> HallError:
    return _err(code, zh, en, ErrorKind.UNAUTHORIZED)


def create_central_app(config: CentralConfig, engine: Engine) -> FastAPI:
    app = FastAPI(title="马上办 central server", version="1",
                  description="Receives hall event logs exactly once; serves catalogues; statistics.")
    app.state.engine = engine
    app.state.config = config

    @app.exception_handler(HallError)
    async def hall_error(request: Request, exc: HallError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.kind == ErrorKind.UNAUTHORIZED else None
        return JSONResponse({"error": exc.as_dict()}, status_code=HTTP_STATUS[exc.kind], headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        zh = {404: "没有这个地址", 405: "不支持此方法"}.get(exc.status_code, "请求错误")
        return JSONResponse({"error": {"code": "http_error", "message_zh": zh, "message_en": str(exc.detail)}},
                            status_code=exc.status_code)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, exc: ClientDisconnect) -> Response:
        log.debug("client went away during %s %s", request.method, request.url.path)
        return Response(status_code=499)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed: %s %s", request.method, request.url.path)
        return JSONResponse({"error": {"code": "internal", "message_zh": "服务器内部错误,请稍后重试",
                                       "message_en": "internal server error; retry later"}},
                            status_code=500)

    # -- authentication -------------------------------------------------------------------
    async def body_of(request: Request) -> bytes:
        body = await request.body()
        if len(body) > MAX_BODY:
            raise _err("too_large", "请求体过大", "request body too large", ErrorKind.TOO_LARGE)
        return body

    async def signed_origin(request: Request, body: bytes) -> str:
        h = request.headers
        origin, ts, nonce, sig = (h.get("x-origin", ""), h.get("x-timestamp", ""), h.get("x-nonce", ""),
                                  h.get("x-signature", ""))
        if not (origin and ts and nonce and sig):
            raise unauthorized("缺少签名头 X-Origin/X-Timestamp/X-Nonce/X-Signature",
                               "missing signature headers X-Origin/X-Timestamp/X-Nonce/X-Signature")
        known = config.origins.get(origin)
        if known is None:
            raise unauthorized(f"未知来源 {origin[:40]!r}", f"unknown origin {origin[:40]!r}", "unknown_origin")
        try:
            ts_value = int(ts)
        except ValueError:
            raise unauthorized("X-Timestamp 应为 Unix 秒数", "X-Timestamp must be unix seconds", "bad_timestamp") from None
        now = time.time()
        if abs(now - ts_value) > signing.MAX_SKEW_S:
            raise unauthorized(f"时间戳偏差超过 {signing.MAX_SKEW_S} 秒,请校准时钟",
                               f"timestamp more than {signing.MAX_SKEW_S}s off the server clock; check the clock",
                               "stale_timestamp")
        if not signing.NONCE_RE.match(nonce):
            raise unauthorized("X-Nonce 格式错误", "malformed X-Nonce", "bad_nonce")
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if not signing.verify(known.secret, request.method, path, body, ts, nonce, origin, sig):
            raise unauthorized("签名无效", "bad signature", "bad_signature")

        def remember() -> int:
            with engine.begin() as conn:
                if random.random() < 0.02:  # keep the nonce table small; old ones fail the clock check
                    conn.execute(delete(db.nonces).where(db.nonces.c.ts < now - 2 * signing.MAX_SKEW_S - 60))
                return db.insert_ignore(conn, db.nonces, {"origin": origin, "nonce": nonce, "ts": now},
                                        ["origin", "nonce"])
        if await run_in_threadpool(remember) != 1:
            raise unauthorized("重复的请求(nonce 已用过)", "replayed request (nonce already used)", "replay")
        return origin

    def operator(authorization: str | None) -> Operator:
        token = authorization[7:].strip() if authorization and authorization.lower().startswith("bearer ") else ""
        op = config.operator_by_token(token) if token else None
        if op is None:
            raise unauthorized("缺少或无效的操作员令牌", "missing or invalid operator token")
        return op

    def hall_known(hall: str) -> None:
        if hall not in config.origins:
            raise _err("not_found", f"大厅不存在: {hall[:40]}", f"hall not found: {hall[:40]}", ErrorKind.NOT_FOUND)

    # -- push -------------------------------------------------------------------------------
    @app.post("/api/v1/sync/events")
    async def push(request: Request) -> Any:
        body = await body_of(request)
        origin = await signed_origin(request, body)
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise _err("bad_json", "请求体不是合法 JSON", "request body is not valid JSON", ErrorKind.BAD_REQUEST) from None
        try:
            result = await run_in_threadpool(ingest.store_batch, engine, origin, doc)
        except ingest.BatchError as exc:
            raise _err(exc.code, exc.zh, exc.en, exc.kind, **exc.details) from None
        if result.gap_expected is not None:
            raise _err("gap", f"事件不连续,应从 {result.gap_expected} 开始",
                       f"events must continue from seq {result.gap_expected}", ErrorKind.CONFLICT,
                       expected_seq=result.gap_expected, acked_seq=result.acked_seq, epoch=result.epoch)
        return result.as_dict()

    @app.get("/api/v1/sync/acked")
    async def acked(request: Request, epoch: int) -> Any:
        origin = await signed_origin(request, await body_of(request))

        def q() -> int:
            with db.reading(engine) as conn:
                return ingest.epoch_status(conn, origin, epoch)
        return {"origin": origin, "epoch": epoch, "acked_seq": await run_in_threadpool(q)}

    # -- catalogue --------------------------------------------------------------------------
    @app.get("/api/v1/halls/{hall}/catalogue")
    async def get_catalogue(hall: str, request: Request, after: int = 0,
                            authorization: str | None = Header(default=None)) -> Any:
        if request.headers.get("x-signature"):
            origin = await signed_origin(request, await body_of(request))
            if origin != hall:
                raise _err("forbidden", "只能读取本大厅的目录", "an origin may read only its own catalogue", ErrorKind.FORBIDDEN)
        else:
            operator(authorization)
        hall_known(hall)

        def q() -> tuple[int, dict[str, Any]] | None:
            with db.reading(engine) as conn:
                return catalogue.latest(conn, hall)
        found = await run_in_threadpool(q)
        if found is None or found[0] <= after:
            return {"hall": hall, "version": found[0] if found else 0, "changed": False}
        return {"hall": hall, "version": found[0], "changed": True, "catalogue": found[1]}

    @app.put("/api/v1/halls/{hall}/catalogue", status_code=201)
    async def put_catalogue(hall: str, request: Request,
                            authorization: str | None = Header(default=None)) -> Any:
        op = operator(authorization)
        hall_known(hall)
        body = await body_of(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _err("bad_encoding", "目录应为 UTF-8 编码", "catalogue must be UTF-8", ErrorKind.BAD_REQUEST) from None
        try:
            if "json" in request.headers.get("content-type", ""):
                doc = catalogue.check_catalogue(json.loads(text), f"PUT {hall}")
            else:
                doc = catalogue.parse_catalogue(text, f"PUT {hall}")
        except ConfigError as exc:
            raise _err("bad_catalogue", exc.zh, exc.en, ErrorKind.BAD_REQUEST, line=exc.line) from None
        except (ValueError, tomllib.TOMLDecodeError):
            raise _err("bad_catalogue", "目录格式错误", "malformed catalogue", ErrorKind.BAD_REQUEST) from None
        version = await run_in_threadpool(catalogue.publish, engine, hall, doc, text, op.name or "operator")
        log.info("catalogue v%d published for %s by %s", version, hall, op.name or "operator")
        return {"hall": hall, "version": version}

    # -- read API -----------------------------------------------------------------------------
    @app.get("/api/v1/origins/{origin}/status")
    async def origin_status(origin: str, authorization: str | None = Header(default=None)) -> Any:
        operator(authorization)
        hall_known(origin)

        def q() -> dict[str, Any]:
            with db.reading(engine) as conn:
                return ingest.origin_status(conn, origin)
        return await run_in_threadpool(q)

    @app.get("/api/v1/halls/{hall}/days/{day}")
    async def day(hall: str, day: str, authorization: str | None = Header(default=None)) -> Any:
        operator(authorization)
        hall_known(hall)
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            raise _err("bad_day", f"日期格式错误 {day[:20]!r}(应为 2026-10-01)",
                       f"bad day {day[:20]!r} (expected like 2026-10-01)", ErrorKind.BAD_REQUEST) from None

        def q() -> dict[str, Any]:
            with db.reading(engine) as conn:
                return stats.day_stats(conn, hall, day)
        return await run_in_threadpool(q)

    @app.get("/healthz")
    async def healthz() -> Response:
        return JSONResponse({"ok": True})

    return app
