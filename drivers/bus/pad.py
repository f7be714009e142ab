"""Rating pad (评价器) on the hall bus: the session state machine and exactly-once ratings.

States: ``IDLE -> INVITE -> RATED -> THANKS -> IDLE``.

* ``invite()`` shows window, staff and ticket on the pad (PAD_MODE 1) and opens a session.
* A level key (1..5) rates the ticket. Levels in ``PadConfig.levels_needing_reasons`` (1 and 2 by
  default) wait up to ``reason_wait_s`` after the last key for reason keys 6..15; other levels
  finish at once. Reason keys pressed before the level count too.
* When the session finishes the pad shows thanks (PAD_MODE 2) for ``thanks_s``, then idle.
* A session nobody rates before ``timeout_s`` ends with an explicit *not rated* result
  (``rated=False, level=None``): a rating is never invented.
* Every event is deduplicated by (pad address, event_id) before it reaches the state machine, so
  a retried POLL_EVENTS or a pad that repeats unacknowledged events never counts twice; each
  ticket gets at most one result.

All state lives on the bus I/O thread; public methods hand work to it and return futures.
Results go to ``on_result`` (called on the I/O thread: keep it quick) and to ``results`` (a queue).
"""

from __future__ import annotations

import concurrent.futures
import enum
import logging
import queue
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from drivers.bus.frame import Cmd
from drivers.bus.master import HallBus
from drivers.bus.payloads import (
    KEY_CALL_STAFF,
    RATING_KEYS,
    REASON_KEYS,
    PadEvent,
    PadMode,
    decode_events,
    encode_pad_mode,
)
from drivers.errors import DeviceError

log = logging.getLogger("drivers.bus.pad")

# Key -> level name. 1 is the worst, 5 the best.
RATING_LEVELS = MappingProxyType({
    1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意",
})
DEFAULT_REASONS = MappingProxyType({
    6: "等候时间长", 7: "服务态度差", 8: "一次性告知不到位", 9: "办事效率低", 10: "其他",
})
DEDUP_WINDOW = 1024  # event ids remembered per pad
DONE_TICKETS = 4096  # tickets remembered as finished, for the one-result-per-ticket rule


@dataclass(frozen=True)
class PadConfig:
    reasons: Mapping[int, str] = field(default_factory=lambda: dict(DEFAULT_REASONS))
    levels_needing_reasons: frozenset[int] = frozenset({1, 2})
    reason_wait_s: float = 8.0
    thanks_s: float = 3.0
    invite_timeout_s: float = 60.0

    def reason_text(self, key: int) -> str:
        return self.reasons.get(key, f"原因{key}")


class EventDedup:
    """Remembers the last ``window`` event ids of one pad: ``first_time(id)`` is True once per id.

    Pads start their event ids at a random value at power-up (hall-bus.md), so ids a pad used
    before a restart are unlikely to collide with the ones it uses after.
    """

    def __init__(self, window: int = DEDUP_WINDOW) -> None:
        self.window = window
        self._seen: OrderedDict[int, None] = OrderedDict()
        self.duplicates = 0

    def first_time(self, event_id: int) -> bool:
        if event_id in self._seen:
            self.duplicates += 1
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        if len(self._seen) > self.window:
            self._seen.popitem(last=False)
        return True


class PadState(enum.Enum):
    IDLE = "idle"
    INVITE = "invite"
    RATED = "rated"
    THANKS = "thanks"


@dataclass(frozen=True)
class RatingResult:
    ticket: str
    level: int | None  # 1..5, None when not rated
    reasons: tuple[str, ...]
    rated: bool
    address: int
    event_ids: tuple[int, ...]  # the pad events this result rests on
    outcome: str = "rated"  # rated | timeout | replaced | cancelled | pad_offline
    reason_keys: tuple[int, ...] = ()
    window: str = ""
    staff_no: str = ""
    finished_at: float = field(default_factory=time.time)

    @property
    def level_text(self) -> str:
        return RATING_LEVELS.get(self.level, "未评价") if self.level else "未评价"


@dataclass
class _Session:
    ticket: str
    window: str
    staff_name: str
    staff_no: str
    deadline: float
    level: int | None = None
    level_event: int | None = None
    reason_keys: list[int] = field(default_factory=list)
    event_ids: list[int] = field(default_factory=list)
    reason_deadline: float = 0.0


class RatingPad:
    kind = "rating_pad"

    def __init__(self, bus: HallBus, address: int, *, window: str | int | None = None,
                 name: str | None = None, config: PadConfig | None = None,
                 on_result: Callable[[RatingResult], None] | None = None,
                 on_call_staff: Callable[[int], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.bus = bus
        self.address = address
        self.window = str(window if window is not None else address)
        self.name = name or f"window-{self.window}-pad"
        self.config = config or PadConfig()
        self.on_result = on_result
        self.on_call_staff = on_call_staff
        self.results: queue.Queue[RatingResult] = queue.Queue()
        self._clock = clock
        self.state = PadState.IDLE
        self._session: _Session | None = None
        self._thanks_until = 0.0
        self._dedup = EventDedup()
        self._done: deque[str] = deque(maxlen=DONE_TICKETS)
        self._done_set: set[str] = set()
        self.ignored = 0  # events outside a session, or a second level key
        bus.attach(self)

    def offline_message(self) -> tuple[str, str]:
        return (f"{self.window}号窗口评价器离线 (地址 {self.address})",
                f"window {self.window} rating pad offline (address {self.address})")

    # -- public API (any thread) ---------------------------------------------------------
    def invite(self, window: str | int, staff_name: str, staff_no: str, ticket: str,
               timeout_s: float | None = None) -> concurrent.futures.Future[None]:
        timeout = self.config.invite_timeout_s if timeout_s is None else timeout_s
        return self.bus.submit(lambda: self._invite(str(window), staff_name, staff_no, ticket, timeout))

    def cancel(self) -> concurrent.futures.Future[None]:
        """End the current session as not rated (staff pressed "skip") and show idle."""
        return self.bus.submit(self._cancel)

    def pause(self, text: str = "暂停服务") -> concurrent.futures.Future[None]:
        return self.bus.submit(lambda: self._mode(PadMode.PAUSED, (text,)))

    def resume(self) -> concurrent.futures.Future[None]:
        return self.bus.submit(lambda: self._mode(PadMode.IDLE))

    # -- I/O thread ----------------------------------------------------------------------
    def _mode(self, mode: PadMode, strings: tuple[str, ...] = ()) -> None:
        self.bus.command(self.address, Cmd.PAD_MODE, encode_pad_mode(mode, strings))

    def _invite(self, window: str, staff_name: str, staff_no: str, ticket: str, timeout: float) -> None:
        if ticket in self._done_set:
            raise DeviceError(f"票号 {ticket} 已有评价结果, 不能再次评价",
                              f"ticket {ticket} already has a rating result", code="already_rated")
        current = self._session
        if current is not None and current.ticket == ticket:
            self._mode(PadMode.INVITE, (window, staff_name, staff_no, ticket))  # re-show, same session
            return
        if current is not None:
            self._finish("replaced")
        session = _Session(ticket, window, staff_name, staff_no, self._clock() + timeout)
        try:
            self._mode(PadMode.INVITE, (window, staff_name, staff_no, ticket))
        except DeviceError:
            self._session = session
            self._finish("pad_offline", show_thanks=False)
            raise
        self._session = session
        self.state = PadState.INVITE

    def _cancel(self) -> None:
        if self._session is not None:
            self._finish("cancelled", show_thanks=False)
        self.state = PadState.IDLE
        self._mode(PadMode.IDLE)

    def service(self, now: float) -> None:
        """Called by the bus about every poll interval: fetch events, ack them, run timers."""
        reply = self.bus.command(self.address, Cmd.POLL_EVENTS)
        events = decode_events(reply.payload)
        if events:
            for ev in events:
                self._receive(ev)
            # Ack even the duplicates: the pad drops everything up to the last id it sent.
            self.bus.command(self.address, Cmd.ACK_EVENTS, events[-1].event_id.to_bytes(2, "big"))
        self._tick(self._clock())

    @property
    def duplicates(self) -> int:
        """Events dropped as already seen (retried polls, repeated unacked events)."""
        return self._dedup.duplicates

    def _receive(self, ev: PadEvent) -> None:
        if self._dedup.first_time(ev.event_id):
            self._on_event(ev)

    def _on_event(self, ev: PadEvent) -> None:
        s = self._session
        if ev.key == KEY_CALL_STAFF:
            if self.on_call_staff is not None:
                self.on_call_staff(self.address)
            return
        if s is None or self.state not in (PadState.INVITE, PadState.RATED):
            self.ignored += 1
            log.info("pad %d: key %d (event %d) outside a session, ignored", self.address, ev.key, ev.event_id)
            return
        if ev.key in RATING_KEYS:
            if s.level is not None:
                self.ignored += 1  # one rating per ticket; a second level key changes nothing
                return
            s.level, s.level_event = ev.key, ev.event_id
            s.event_ids.append(ev.event_id)
            if ev.key in self.config.levels_needing_reasons:
                self.state = PadState.RATED
                s.reason_deadline = self._clock() + self.config.reason_wait_s
            else:
                self._finish("rated")
        elif ev.key in REASON_KEYS:
            if ev.key not in s.reason_keys:
                s.reason_keys.append(ev.key)
                s.event_ids.append(ev.event_id)
            if self.state is PadState.RATED:
                s.reason_deadline = self._clock() + self.config.reason_wait_s

    def _tick(self, now: float) -> None:
        if self.state is PadState.INVITE and self._session and now >= self._session.deadline:
            self._finish("timeout", show_thanks=False)
            self._mode(PadMode.IDLE)
        elif self.state is PadState.RATED and self._session and now >= self._session.reason_deadline:
            self._finish("rated")
        elif self.state is PadState.THANKS and now >= self._thanks_until:
            self.state = PadState.IDLE
            self._mode(PadMode.IDLE)

    def _finish(self, outcome: str, *, show_thanks: bool = True) -> None:
        s = self._session
        assert s is not None
        self._session = None
        rated = s.level is not None
        if rated:
            outcome = "rated"  # a level was pressed: that is the citizen's rating whatever ended it
        result = RatingResult(
            ticket=s.ticket, level=s.level,
            reasons=tuple(self.config.reason_text(k) for k in s.reason_keys) if rated else (),
            rated=rated, address=self.address,
            event_ids=tuple(s.event_ids) if rated else (), outcome=outcome,
            reason_keys=tuple(s.reason_keys) if rated else (), window=s.window, staff_no=s.staff_no,
        )
        if s.ticket not in self._done_set:
            if len(self._done) == self._done.maxlen:
                self._done_set.discard(self._done[0])
            self._done.append(s.ticket)
            self._done_set.add(s.ticket)
        log.info("pad %d: ticket %s -> %s level=%s", self.address, s.ticket, outcome, s.level)
        self.results.put(result)
        if self.on_result is not None:
            try:
                self.on_result(result)
            except Exception:
                log.exception("rating result listener failed")
        self.state = PadState.IDLE
        if rated and show_thanks:
            self.state = PadState.THANKS
            self._thanks_until = self._clock() + self.config.thanks_s
            try:
                self._mode(PadMode.THANKS)
            except DeviceError as err:  # the rating stands; the pad just misses its thank-you
                log.warning("pad %d: thanks not shown: %s", self.address, err)
