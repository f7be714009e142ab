"""The hall display (LED wall / TV): latest calls, waiting per service and the live satisfaction
board (办事满意度现场直播).

Calls and ratings are applied straight from the event (well under a frame after it arrives) and
then reconciled by a coalesced pull of the hall's state (``client.state()``); after any reconnect the whole state is
pulled again (notify, then pull). A state snapshot carries the event ``seq`` it reflects, so an
event already inside a snapshot is never counted twice. Only ticket numbers and masked staff
names are shown. The satisfaction rate is the core's (kiosk.core.metrics), rating labels too.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.apps.common_backend import Backend, qprop
from kiosk.core import ratings
from kiosk.core.metrics import satisfaction_rate_of
from kiosk.core.windows import WindowState
from kiosk.protocol.client import HallClient
from kiosk.protocol.events import EventType

log = logging.getLogger("kiosk.apps.display")

MAX_CALLS = 9  # the newest one big, eight more below
BOARD_PAGE = 5  # windows per page of the satisfaction board
LEVELS = tuple(lv.value for lv in ratings.LEVELS)  # 5 .. 1: the board's columns


def _distribution(dist: list[int]) -> dict[int, int]:
    return dict(zip(LEVELS, dist, strict=True))


def rate_text(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class DisplayBackend(Backend):
    hallNameChanged = Signal()
    hallName = qprop(str, "hallName", hallNameChanged)
    clockChanged = Signal()
    clock = qprop(str, "clock", clockChanged)
    callsChanged = Signal()
    calls = qprop("QVariantList", "calls", callsChanged)  # newest first: number, window, recall
    queueChanged = Signal()
    queue = qprop("QVariantList", "queue", queueChanged)
    boardChanged = Signal()
    board = qprop("QVariantList", "board", boardChanged)  # the current page
    boardPageChanged = Signal()
    boardPage = qprop(str, "boardPage", boardPageChanged)  # "1/2", "" for one page
    totalRatingsChanged = Signal()
    totalRatings = qprop(int, "totalRatings", totalRatingsChanged)
    totalRateChanged = Signal()
    totalRate = qprop(str, "totalRate", totalRateChanged)
    noticeChanged = Signal()
    notice = qprop(str, "notice", noticeChanged)
    levelLabelsChanged = Signal()
    levelLabels = qprop("QVariantList", "levelLabels", levelLabelsChanged)  # 5 .. 1, the board's headings

    def __init__(self, client: HallClient, *, language: str = "zh",
                 announce: Callable[[str, int, bool], Any] | None = None,
                 strip: Callable[[list[tuple[str, int]]], Any] | None = None,
                 page_seconds: float = 10.0, parent: QObject | None = None) -> None:
        super().__init__(client, language=language, parent=parent)
        self._hallName = ""
        self._clock = ""
        self._calls: list[dict[str, Any]] = []
        self._queue: list[dict[str, Any]] = []
        self._board: list[dict[str, Any]] = []
        self._boardPage = ""
        self._totalRatings = 0
        self._totalRate = "—"
        self._notice = ""
        self._levelLabels: list[str] = []
        self.announce = announce
        self.strip = strip
        self._windows: dict[int, dict[str, Any]] = {}  # number -> board row (all pages)
        self._state_seq = 0
        self._live_order: dict[str, int] = {}  # number -> order of the live call/recall events
        self._page = 0
        self._clock_offset = 0.0  # hall clock minus local clock, seconds
        self._tz: dt.tzinfo | None = None
        self.applied: list[tuple[str, str, float]] = []  # (event type, key, monotonic s) for benchmarks
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()
        self._pager = QTimer(self)
        self._pager.setInterval(int(page_seconds * 1000))
        self._pager.timeout.connect(self._next_page)
        self._pager.start()
        self.retranslate()

    def retranslate(self) -> None:
        self._set("levelLabels", [ratings.label_en(v) if self._language == "en" else ratings.label_zh(v)
                                  for v in LEVELS])

    # -- pull ---------------------------------------------------------------------------------
    async def _resync(self) -> None:
        self._live_order.clear()  # events were missed: the hall's order is the truth again
        await super()._resync()

    async def pull(self) -> None:
        state = await self.client.state()
        if not self._notice:
            hall = (await self.client.services()).get("hall") or {}
            self._set("notice", hall.get("notice") or "")
        self.apply_state(state)

    def apply_state(self, state: dict[str, Any]) -> None:
        self._state_seq = int(state.get("seq", 0))
        hall = state.get("hall") or {}
        self._set("hallName", (hall.get("name_en") or hall.get("name") or "") if self._language == "en"
                  else hall.get("name") or "")
        try:
            now = dt.datetime.fromisoformat(state["now"])
            self._tz = now.tzinfo
            self._clock_offset = now.timestamp() - time.time()
        except (KeyError, ValueError):
            pass
        self._tick()
        calls = []
        for c in state.get("recent_calls", []):
            if c.get("window") is None:
                continue
            calls.append({"number": c["number"], "window": c["window"], "recall": bool(c.get("recalls"))})
        # A recall keeps its first call time in the hall's list; what the hall last said comes first.
        calls.sort(key=lambda c: -self._live_order.get(c["number"], 0))
        self._set("calls", calls[:MAX_CALLS])
        self._set("queue", [
            {"service": q["service"], "name": q["name"], "name_en": q.get("name_en") or q["service"],
             "prefix": q["prefix"], "waiting": q["waiting"], "open_windows": q["open_windows"],
             "minutes": max(1, round(q["estimated_wait_s"] / 60)) if q["waiting"] else 0}
            for q in state.get("queue", []) if q["waiting"] or q["open_windows"]])
        rows = {}
        for w in state.get("windows", []):
            sat = w.get("satisfaction") or {}
            if w["state"] == WindowState.SIGNED_OFF and not sat.get("ratings") and not sat.get("not_rated"):
                continue
            dist = sat.get("distribution") or {}
            rows[w["number"]] = {
                "window": w["number"], "name": w.get("name") or "", "staff": w.get("staff_name") or "",
                "staff_number": w.get("staff_number") or "", "state": w["state"],
                "ratings": int(sat.get("ratings", 0)), "not_rated": int(sat.get("not_rated", 0)),
                "dist": [int(dist.get(str(k), 0)) for k in LEVELS], "served": int(w.get("served_today", 0)),
            }
            rows[w["number"]]["rate"] = self._rate(rows[w["number"]])
        self._windows = rows
        self._publish_board()
        self.applied.append(("state", str(self._state_seq), time.monotonic()))

    @staticmethod
    def _rate(row: dict[str, Any]) -> str:
        return rate_text(satisfaction_rate_of(_distribution(row["dist"])))

    def _publish_board(self) -> None:
        rows = [self._windows[n] for n in sorted(self._windows)]
        pages = max(1, -(-len(rows) // BOARD_PAGE))
        self._page %= pages
        page = rows[self._page * BOARD_PAGE:(self._page + 1) * BOARD_PAGE]
        self._set("board", [{**r, "dist": list(r["dist"])} for r in page])
        self._set("boardPage", f"{self._page + 1}/{pages}" if pages > 1 else "")
        total: dict[int, int] = {lv: sum(r["dist"][i] for r in rows) for i, lv in enumerate(LEVELS)}
        self._set("totalRatings", sum(r["ratings"] for r in rows))
        self._set("totalRate", rate_text(satisfaction_rate_of(total)))

    def _next_page(self) -> None:
        self._page += 1
        self._publish_board()

    def _tick(self) -> None:
        if self._tz is not None:
            now = dt.datetime.fromtimestamp(time.time() + self._clock_offset, self._tz)
            self._set("clock", now.strftime("%H:%M"))

    # -- live events ------------------------------------------------------------------------------
    def _on_event(self, ev: dict[str, Any]) -> None:
        kind = EventType.parse(str(ev.get("type", "")))
        if kind == EventType.DEVICE_HEALTH:
            return
        payload = ev.get("payload") or {}
        fresh = int(ev.get("seq", 0)) > self._state_seq  # not in the last snapshot yet
        if kind in (EventType.TICKET_CALLED, EventType.TICKET_RECALLED):
            # Every call is announced and sent to the strip exactly once, from its event, even
            # when a snapshot pulled a moment earlier already listed it.
            self._apply_call(payload, recall=kind == EventType.TICKET_RECALLED, update_list=fresh)
        elif kind == EventType.RATING_RECORDED and fresh:
            self._apply_rating(payload)
        self.refresh_soon()

    def _apply_call(self, payload: dict[str, Any], *, recall: bool, update_list: bool = True) -> None:
        t = payload.get("ticket") or {}
        number, window = t.get("number"), payload.get("window") or t.get("window")
        if not number or window is None:
            return
        if update_list:
            self._live_order[number] = len(self._live_order) + 1
            calls = [c for c in self._calls if c["number"] != number]
            self._set("calls", [{"number": number, "window": int(window), "recall": recall}, *calls][:MAX_CALLS])
            self.applied.append((("recall" if recall else "call"), number, time.monotonic()))
        if self.announce is not None:
            try:
                self.announce(number, int(window), recall)
            except Exception:  # a bad clip or a stopped announcer never stops the display
                log.exception("announcement failed")
        if self.strip is not None:
            try:
                self.strip([(c["number"], c["window"]) for c in self._calls[:4]])
            except Exception:
                log.exception("hall strip update failed")

    def _apply_rating(self, payload: dict[str, Any]) -> None:
        try:
            window = int(payload["window"])
        except (KeyError, TypeError, ValueError):
            return  # a rating at no window is not on the board
        row = self._windows.get(window)
        if row is None:
            row = self._windows[window] = {"window": window, "name": "", "staff": "", "staff_number": "",
                                           "state": WindowState.OPEN.value, "ratings": 0, "not_rated": 0,
                                           "dist": [0] * 5, "served": 0}
        if payload.get("rated") and ratings.valid_level(payload.get("level")):
            row["ratings"] += 1
            row["dist"][LEVELS.index(int(payload["level"]))] += 1
        else:
            row["not_rated"] += 1
        row["rate"] = self._rate(row)
        self._publish_board()
        self.applied.append(("rating", str(payload.get("ticket")), time.monotonic()))
