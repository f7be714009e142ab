"""Fakes for unit tests of the apps: a hall client with canned answers and a record of calls.

``FakeHallClient`` implements the typed methods of ``kiosk.protocol.client.HallClient`` that
the counter, pad and display use. Each call is recorded as ``(method, args...)`` in
``calls`` (keyword arguments as a trailing dict); answers come from attributes a test sets (``state_answer``, ``window_answers``...)
or from ``answers[method]`` (a value, an exception to raise, or a callable taking the call's
arguments). ``offline = True`` makes every call fail as if the hall were unreachable.

Default answers keep a little state, so a pull after a command sees what the hall would say:
window commands change that window's row (in ``state_answer`` and ``window_answers``), calls put
the ticket at the window, finish / no-show / transfer take it away.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable
from typing import Any

from kiosk.protocol.client import HallApiError, LinkState


def offline_error() -> HallApiError:
    return HallApiError(0, "hall_unreachable", "暂时无法连接大厅服务器,请稍候", "cannot reach the hall server right now")


def hall_error(code: str, zh: str = "操作被拒绝", en: str = "refused", status: int = 409) -> HallApiError:
    return HallApiError(status, code, zh, en)


def window_row(number: int, state: str = "open", *, name: str = "", staff_name: str = "",
               staff_number: str = "", current: dict[str, Any] | None = None, services: list[str] | None = None,
               served_today: int = 0, satisfaction: dict[str, Any] | None = None,
               pause_reason: str = "") -> dict[str, Any]:
    return {"number": number, "name": name or f"{number}号窗口", "state": state, "staff_name": staff_name,
            "staff_number": staff_number, "pause_reason": pause_reason, "current": current,
            "services": services or ["social"], "served_today": served_today,
            "satisfaction": satisfaction or {"ratings": 0, "not_rated": 0, "satisfaction_rate": None,
                                             "distribution": {}}}


def ticket(number: str = "A001", state: str = "called", *, id: str | None = None, window: int | None = 3,
           service: str = "social", service_name: str = "社保业务", recalls: int = 0,
           priority: str = "normal") -> dict[str, Any]:
    return {"id": id or f"t-{number}", "number": number, "state": state, "window": window, "service": service,
            "service_name": service_name, "recalls": recalls, "priority": priority,
            "issued_at": "2026-12-01T08:31:00+08:00", "target_window": None}


def hall_state(windows: list[dict[str, Any]] | None = None, *, seq: int = 0,
               queue: list[dict[str, Any]] | None = None, recent_calls: list[dict[str, Any]] | None = None,
               now: str = "2026-12-01T09:15:00+08:00") -> dict[str, Any]:
    return {"seq": seq, "now": now, "hall": {"name": "测试大厅", "name_en": "Test Hall"},
            "windows": windows if windows is not None else [window_row(3)],
            "queue": queue if queue is not None else [
                {"service": "social", "name": "社保业务", "name_en": "Social security", "prefix": "A",
                 "waiting": 0, "open_windows": 1, "estimated_wait_s": 0}],
            "recent_calls": recent_calls or []}


class FakeHallClient:
    """The typed hall client without a hall: canned answers, every call recorded."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.answers: dict[str, Any] = {}
        self.offline = False
        self.closed = False
        self.state_answer: dict[str, Any] = hall_state()
        self.window_answers: dict[int, dict[str, Any]] = {}
        self.waiting_answer: list[dict[str, Any]] = []
        self.services_answer: dict[str, Any] = {
            "hall": {"name": "测试大厅", "notice": ""},
            "services": [{"code": "social", "name": "社保业务", "name_en": "Social security"},
                         {"code": "tax", "name": "税务业务", "name_en": "Tax"}]}
        self.gate: asyncio.Event | None = None  # when set, commands wait for it (a slow hall)

    def names(self) -> list[str]:
        return [c[0] for c in self.calls]

    def commands(self) -> list[tuple[Any, ...]]:
        """Calls that change something (not reads)."""
        reads = {"state", "services", "window", "windows", "ticket", "waiting", "queue", "stats_today",
                 "whoami", "sync_status", "devices"}
        return [c for c in self.calls if c[0] not in reads]

    async def _answer(self, method: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((method, *args) + ((kwargs,) if kwargs else ()))
        if self.gate is not None and method not in ("state", "services", "window", "waiting"):
            await self.gate.wait()
        else:
            await asyncio.sleep(0)
        if self.offline:
            raise offline_error()
        answer = self.answers.get(method, default)
        if isinstance(answer, BaseException):
            raise answer
        if callable(answer):
            answer = answer(*args, **kwargs)
        return copy.deepcopy(answer)

    async def close(self) -> None:
        self.closed = True

    # -- reads ----------------------------------------------------------------------------------
    async def state(self) -> dict[str, Any]:
        return await self._answer("state", self.state_answer)  # type: ignore[no-any-return]

    async def services(self) -> dict[str, Any]:
        return await self._answer("services", self.services_answer)  # type: ignore[no-any-return]

    async def window(self, number: int) -> dict[str, Any]:
        default = self.window_answers.get(number) or next(
            (w for w in self.state_answer["windows"] if w["number"] == number), window_row(number))
        return await self._answer("window", default, number)  # type: ignore[no-any-return]

    async def waiting(self, window: int | None = None) -> list[dict[str, Any]]:
        return await self._answer("waiting", self.waiting_answer, window)  # type: ignore[no-any-return]

    # -- the little state the default answers keep ----------------------------------------------
    def _rows(self, window: int) -> list[dict[str, Any]]:
        rows = [w for w in self.state_answer["windows"] if w["number"] == window]
        if window in self.window_answers:
            rows.append(self.window_answers[window])
        return rows

    def _update_window(self, window: int, **fields: Any) -> None:
        for row in self._rows(window):
            row.update(fields)

    def _ticket_moved(self, ticket_id: str, t: dict[str, Any] | None) -> None:
        for w in self.state_answer["windows"] + list(self.window_answers.values()):
            cur = w.get("current") or {}
            if cur.get("id") == ticket_id or (t is not None and w["number"] == t.get("window")):
                w["current"] = t

    async def _ticket_command(self, method: str, default: dict[str, Any], ticket_id: str, *args: Any,
                              leaves: bool = False, **kwargs: Any) -> dict[str, Any]:
        answer = await self._answer(method, default, ticket_id, *args, **kwargs)
        if method not in self.answers:
            self._ticket_moved(ticket_id, None if leaves else answer)
        return answer  # type: ignore[no-any-return]

    async def _window_command(self, method: str, default: dict[str, Any], window: int, *args: Any,
                              **kwargs: Any) -> dict[str, Any]:
        answer = await self._answer(method, default, window, *args, **kwargs)
        if method not in self.answers and isinstance(answer, dict):
            self._update_window(window, **{k: answer[k] for k in ("state", "staff_name", "staff_number",
                                                                   "pause_reason") if k in answer})
        return answer  # type: ignore[no-any-return]

    # -- tickets --------------------------------------------------------------------------------
    def _ticket_after(self, ticket_id: str, state: str, **extra: Any) -> dict[str, Any]:
        number = ticket_id[2:] if ticket_id.startswith("t-") else ticket_id
        return {**ticket(number, state, id=ticket_id), **extra}

    async def recall(self, ticket_id: str) -> dict[str, Any]:
        return await self._ticket_command("recall", self._ticket_after(ticket_id, "called", recalls=1), ticket_id)

    async def start(self, ticket_id: str) -> dict[str, Any]:
        return await self._ticket_command("start", self._ticket_after(ticket_id, "serving"), ticket_id,
                                          leaves=False)

    async def finish(self, ticket_id: str) -> dict[str, Any]:
        return await self._ticket_command("finish", self._ticket_after(ticket_id, "done"), ticket_id,
                                          leaves=True)

    async def no_show(self, ticket_id: str) -> dict[str, Any]:
        return await self._ticket_command("no_show", self._ticket_after(ticket_id, "no_show"), ticket_id,
                                          leaves=True)

    async def transfer(self, ticket_id: str, *, service: str | None = None,
                       window: int | None = None) -> dict[str, Any]:
        return await self._ticket_command("transfer", self._ticket_after(ticket_id, "waiting"), ticket_id,
                                          leaves=True, service=service, window=window)

    async def rate(self, ticket_id: str, level: int | None, reasons: list[str] | None = None, *,
                   not_rated: bool = False) -> dict[str, Any]:
        if not_rated:
            return await self._answer("rate", {"ticket": ticket_id, "rated": False}, ticket_id,  # type: ignore[no-any-return]
                                      not_rated=True)
        return await self._answer("rate", {"ticket": ticket_id, "rated": True, "level": level},  # type: ignore[no-any-return]
                                  ticket_id, level, list(reasons or []))

    # -- windows --------------------------------------------------------------------------------
    async def sign_in(self, window: int, staff: str | None = None, pin: str | None = None) -> dict[str, Any]:
        return await self._window_command("sign_in", window_row(window, "open", staff_name="张*",
                                                                staff_number=staff or ""), window, staff, pin)

    async def call_next(self, window: int) -> dict[str, Any] | None:
        answer = await self._answer("call_next", ticket("A001", "called", window=window), window)
        if "call_next" not in self.answers and answer is not None:
            self._ticket_moved(answer["id"], answer)
        return answer  # type: ignore[no-any-return]

    async def call(self, window: int, ticket_id: str) -> dict[str, Any]:
        answer = await self._answer("call", self._ticket_after(ticket_id, "called", window=window), window, ticket_id)
        if "call" not in self.answers:
            self._ticket_moved(ticket_id, answer)
        return answer  # type: ignore[no-any-return]

    async def pause(self, window: int, reason: str) -> dict[str, Any]:
        return await self._window_command("pause", window_row(window, "paused", pause_reason=reason), window, reason)

    async def resume(self, window: int) -> dict[str, Any]:
        return await self._window_command("resume", window_row(window, "open"), window)

    async def sign_off(self, window: int, *, override: bool = False, reason: str | None = None) -> dict[str, Any]:
        return await self._window_command("sign_off", window_row(window, "signed_off"), window,
                                          override=override, reason=reason)

    # -- devices --------------------------------------------------------------------------------
    async def report_health(self, health: dict[str, Any]) -> dict[str, Any]:
        return await self._answer("report_health", {"ok": True}, health)  # type: ignore[no-any-return]

    # -- events: the test pushes them straight into the backend (backend._on_event) ----------------
    async def events(self, on_state: Callable[[LinkState], Any] | None = None,
                     on_resync: Any = None, max_backoff: float = 5.0) -> Any:
        if on_resync is not None:
            await on_resync()
        if on_state is not None:
            on_state(LinkState.ONLINE)
        await asyncio.Event().wait()
        yield {}  # pragma: no cover  (never reached: an async generator needs a yield)
