"""`kiosk hall`: run the hall node (the queue authority for one hall)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys

log = logging.getLogger("kiosk.hall")


def parse_listen(text: str, default_port: int) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host:
        return text or "127.0.0.1", default_port
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        raise SystemExit(f"监听地址无效 / bad --listen value: {text!r} (expected HOST:PORT)") from None


def build_clock(args: argparse.Namespace, config):  # type: ignore[no-untyped-def]
    from kiosk.hall.clock import Clock

    if not getattr(args, "start_time", None):
        return Clock(config.tz)
    try:
        start = dt.datetime.fromisoformat(args.start_time)
    except ValueError:
        raise SystemExit(f"时间格式错误 / bad --start-time: {args.start_time!r}") from None
    if start.tzinfo is None:
        start = start.replace(tzinfo=config.tz)
    return Clock(config.tz, start, args.clock_speed)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.config.hall import load_config
    from kiosk.config.toml import ConfigError
    from kiosk.hall.api import create_app

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(f"配置错误 / config error: {exc}", file=sys.stderr)
        return 2
    host, port = parse_listen(args.listen, 8470)
    hooks = []
    if config.central is not None:
        try:
            from kiosk.sync.hook import start_sync
            hooks.append(start_sync)
        except ModuleNotFoundError:
            log.warning("[central] configured but this build has no sync module")
    app = create_app(config, args.db, build_clock(args, config), extra_startup=hooks)
    server = QuietServer(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                        access_log=False, lifespan="on", ws_ping_interval=10,
                                        timeout_graceful_shutdown=5))
    log.info("hall node %s listening on %s:%d", config.hall.id, host, port)
    serve(server)
    return 0


def serve(server) -> None:  # type: ignore[no-untyped-def]
    """Run a uvicorn server until SIGTERM/SIGINT, then shut down cleanly and return (exit 0)."""
    import asyncio
    import signal

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: setattr(server, "should_exit", True))
        await server.serve()

    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())


def _quiet_server_class():  # type: ignore[no-untyped-def]
    import contextlib

    import uvicorn

    class _QuietServer(uvicorn.Server):
        """uvicorn re-raises SIGTERM after shutdown (exit status -15); we handle the signal
        ourselves so a requested stop is a clean exit."""

        @contextlib.contextmanager
        def capture_signals(self):  # type: ignore[no-untyped-def, override]
            yield

    return _QuietServer


def QuietServer(config):  # type: ignore[no-untyped-def]
    return _quiet_server_class()(config)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hall", help="run the hall node (queue authority, HTTP + WebSocket API)")
    p.add_argument("--config", required=True, help="hall config file (TOML)")
    p.add_argument("--db", required=True, help="SQLite database file")
    p.add_argument("--listen", default="127.0.0.1:8470", help="HOST:PORT (default 127.0.0.1:8470)")
    p.add_argument("--start-time", help="demo/training clock: ISO time the hall clock starts at")
    p.add_argument("--clock-speed", type=float, default=1.0, help="demo clock speed factor")
    p.set_defaults(func=run)
