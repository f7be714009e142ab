"""A virtual ticket printer: takes the same ESC/POS bytes as a real one over a pty, a TCP port,
a file or in-process (``sim:NAME``), answers ``DLE EOT n`` like a real printer, and renders
every cut ticket to a PNG.

Fault knobs (:class:`Faults`, changeable while running): paper near end / out, cover open,
offline, cutter error, a model that reports offline wrongly, link speed (bytes are taken at
baud/10 per second), unplug mid-job (the link closes after N bytes) and no reply.
"""

from __future__ import annotations

import logging
import os
import pty
import select
import socket
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from drivers.printer.preview import Interpreter
from drivers.printer.profiles import PAPERS
from drivers.printer.tokens import Tokenizer

log = logging.getLogger("drivers.sim.printer")

OK = 0x12  # every DLE EOT reply has bits 1 and 4 set


@dataclass
class Faults:
    paper_near_end: bool = False
    paper_out: bool = False
    cover_open: bool = False
    offline: bool = False
    cutter_error: bool = False
    false_offline: bool = False  # model quirk: DLE EOT 1 says offline while all is well
    baudrate: int | None = None  # None: as fast as the host; else bytes/10 per second
    unplug_after: int | None = None  # close the link after this many bytes
    no_reply: bool = False  # never answer DLE EOT


class Pacer:
    """Holds a link to ``baudrate`` (10 bits per byte, 8N1)."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._free_at = 0.0

    def take(self, n: int) -> None:
        baud = self.faults.baudrate
        if not baud:
            return
        now = time.monotonic()
        self._free_at = max(now, self._free_at) + n * 10 / baud
        delay = self._free_at - now
        if delay > 0:
            time.sleep(delay)  # the simulated wire, not a test wait

    @property
    def chunk(self) -> int:
        """Read size: small on a slow link so the sender feels the speed."""
        baud = self.faults.baudrate
        return 4096 if not baud else max(1, min(256, baud // 400))


class SimPrinter:
    """The printer itself: status, the bytes it took, and the tickets it cut."""

    def __init__(self, name: str = "printer", *, paper: int = 80, faults: Faults | None = None,
                 png_dir: str | Path | None = None,
                 on_ticket: Callable[[int, bytes, Path | None], None] | None = None) -> None:
        if paper not in PAPERS:
            raise ValueError("paper must be 58 or 80")
        self.name = name
        self.paper = PAPERS[paper]
        self.faults = faults or Faults()
        self.png_dir = Path(png_dir) if png_dir else None
        self.on_ticket = on_ticket
        self.received = bytearray()
        self.tickets: list[bytes] = []
        self.unplugged = False
        self._current = bytearray()
        self._tokens = Tokenizer()
        self._link_bytes = 0
        self._armed: int | None = None
        self._lock = threading.RLock()
        self.changed = threading.Condition(self._lock)

    # -- status --------------------------------------------------------------------------
    def status_byte(self, n: int) -> int:
        f = self.faults
        stopped = f.cover_open or f.paper_out or f.cutter_error
        if n == 1:
            return OK | (0x08 if (f.offline or stopped or f.false_offline) else 0)
        if n == 2:
            return (OK | (0x04 if f.cover_open else 0) | (0x20 if f.paper_out else 0)
                    | (0x40 if f.cutter_error else 0))
        if n == 3:
            return OK | (0x08 if f.cutter_error else 0)
        if n == 4:
            return (OK | (0x0C if (f.paper_near_end or f.paper_out) else 0)
                    | (0x60 if f.paper_out else 0))
        return OK

    # -- bytes in ------------------------------------------------------------------------
    def admit(self, data: bytes) -> tuple[bytes, bool]:
        """How much of ``data`` the link carries before an unplug knob cuts it."""
        with self._lock:
            limit = self.faults.unplug_after
            if limit != self._armed:  # the knob counts from when it was set
                self._armed, self._link_bytes = limit, 0
            if self.unplugged:
                return b"", True
            if limit is not None and self._link_bytes + len(data) >= limit:
                data = data[:max(0, limit - self._link_bytes)]
                self._link_bytes += len(data)
                self.unplugged = True
                log.info("%s: unplugged after %d bytes", self.name, self._link_bytes)
                return data, True
            self._link_bytes += len(data)
            return data, False

    def receive(self, data: bytes) -> bytes:
        """Take bytes; return what the printer answers (status bytes)."""
        replies = bytearray()
        done: list[bytes] = []
        with self._lock:
            self.received += data
            for token in self._tokens.feed(data):
                self._current += token.data
                if token.name == "DLE EOT" and token.params and not self.faults.no_reply:
                    replies.append(self.status_byte(token.params[0]))
                elif token.name == "GS V":
                    done.append(bytes(self._current))
                    self._current.clear()
            self.changed.notify_all()
        for ticket in done:
            self._finish(ticket)
        return bytes(replies)

    def flush(self) -> None:
        """Render what was printed since the last cut (e.g. on a printer without a cutter)."""
        with self._lock:
            ticket, self._current = bytes(self._current), bytearray()
        # Status requests and resets after the last cut are not a ticket.
        if any(t.kind != "cmd" or not t.name.startswith(("DLE", "ESC @"))
               for t in Tokenizer().feed(ticket)):
            self._finish(ticket)

    def load_file(self, path: str | Path) -> None:
        self.receive(Path(path).read_bytes())
        self.flush()

    def _finish(self, ticket: bytes) -> None:
        with self._lock:
            self.tickets.append(ticket)
            index = len(self.tickets)
            self.changed.notify_all()
        png = None
        if self.png_dir is not None:
            png = self.png_dir / f"{self.name}-{index:04d}.png"
            try:
                self.render(ticket).save(png, format="PNG")
            except OSError:
                log.exception("%s: cannot write %s", self.name, png)
                png = None
        if self.on_ticket is not None:
            self.on_ticket(index, ticket, png)

    def render(self, ticket: bytes):  # type: ignore[no-untyped-def]
        interp = Interpreter(self.paper.dots)
        interp.feed(Tokenizer().feed(ticket))
        interp._flush(newline=False)
        return interp.preview.render()[0]

    def wait_tickets(self, count: int, timeout: float) -> bool:
        """True once ``count`` tickets were cut, False at the deadline."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.tickets) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
            return True

    # -- plug ----------------------------------------------------------------------------
    def replug(self) -> None:
        with self._lock:
            self.unplugged = False
            self._link_bytes = 0
            self.faults.unplug_after = None


# -- in-process link (sim:NAME) -------------------------------------------------------------
_REGISTRY: dict[str, SimPrinter] = {}
_REGISTRY_LOCK = threading.Lock()


def get_sim(name: str, *, create: bool = True, paper: int = 80) -> SimPrinter:
    with _REGISTRY_LOCK:
        sim = _REGISTRY.get(name)
        if sim is None:
            if not create:
                raise KeyError(name)
            sim = _REGISTRY[name] = SimPrinter(name, paper=paper)
        return sim


def install(sim: SimPrinter) -> SimPrinter:
    """Make ``sim`` the printer behind ``sim:<sim.name>``."""
    with _REGISTRY_LOCK:
        _REGISTRY[sim.name] = sim
    return sim


def remove(name: str) -> None:
    with _REGISTRY_LOCK:
        _REGISTRY.pop(name, None)


class SimConnection:
    """What ``sim:NAME`` opens: write blocks at the link speed, read waits for replies."""

    def __init__(self, sim: SimPrinter) -> None:
        self.sim = sim
        self._pacer = Pacer(sim.faults)
        self._replies = bytearray()
        self._closed = False
        self._cond = threading.Condition()

    @property
    def baudrate(self) -> int | None:
        return self.sim.faults.baudrate

    def write(self, data: bytes) -> None:
        if self._closed:
            raise ConnectionResetError("simulated printer link is closed")
        accepted, cut = self.sim.admit(data)
        self._pacer.take(len(accepted))
        replies = self.sim.receive(accepted)
        with self._cond:
            self._replies += replies
            if cut:
                self._closed = True
            self._cond.notify_all()
        if cut:
            raise ConnectionResetError("simulated printer unplugged")

    def read(self, size: int, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._replies:
                if self._closed:
                    raise ConnectionResetError("simulated printer link is closed")
                left = deadline - time.monotonic()
                if left <= 0:
                    return b""
                self._cond.wait(left)
            out = bytes(self._replies[:size])
            del self._replies[:size]
            return out

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def connect(name: str) -> SimConnection:
    sim = get_sim(name)
    if sim.unplugged:
        raise ConnectionRefusedError(f"simulated printer {name} is unplugged")
    return SimConnection(sim)


# -- pty and TCP links --------------------------------------------------------------------------
class _LinkThread:
    def __init__(self, sim: SimPrinter) -> None:
        self.sim = sim
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _spawn(self, target: Callable[..., None], *args: object) -> None:
        t = threading.Thread(target=target, args=args, daemon=True,
                             name=f"sim-{self.sim.name}-{target.__name__}")
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(2)


class PtyLink(_LinkThread):
    """The simulator holds the master side; the driver opens :attr:`path` with pyserial.
    After an unplug the pty is gone; :meth:`replug` makes a new one (a new path)."""

    def __init__(self, sim: SimPrinter) -> None:
        super().__init__(sim)
        self.path = ""
        self._fds: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._open_pty()
        self._spawn(self._run)

    def _open_pty(self) -> None:
        master, slave = pty.openpty()
        tty.setraw(slave)  # no echo, no CR/LF or ^D translation: bytes go through as sent
        self.path = os.ttyname(slave)
        with self._lock:
            self._fds = (master, slave)

    def _close_pty(self) -> None:
        with self._lock:
            fds, self._fds = self._fds, None
        for fd in fds or ():
            try:
                os.close(fd)
            except OSError:
                pass

    def replug(self) -> str:
        self.sim.replug()
        if self._fds is None:
            self._open_pty()
        return self.path

    def _run(self) -> None:
        pacer = Pacer(self.sim.faults)
        while not self._stop.is_set():
            fds = self._fds
            if fds is None:
                self._stop.wait(0.05)
                continue
            master = fds[0]
            try:
                ready, _, _ = select.select([master], [], [], 0.1)
                if not ready:
                    continue
                data = os.read(master, pacer.chunk)
            except (OSError, ValueError):
                self._stop.wait(0.05)  # no reader yet, or closed under us
                continue
            accepted, cut = self.sim.admit(data)
            pacer.take(len(accepted))
            replies = self.sim.receive(accepted)
            try:
                if replies:
                    os.write(master, replies)
            except OSError:
                pass
            if cut:
                self._close_pty()

    def stop(self) -> None:
        super().stop()
        self._close_pty()


class TcpLink(_LinkThread):
    """A raw TCP port (like a network printer's 9100). Port 0 picks a free port."""

    def __init__(self, sim: SimPrinter, port: int = 9100, host: str = "127.0.0.1") -> None:
        super().__init__(sim)
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind((host, port))
        self._server.listen(4)
        self._server.settimeout(0.1)
        self.host, self.port = self._server.getsockname()[:2]
        self._spawn(self._accept)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.sim.unplugged:
                conn.close()
                continue
            self._spawn(self._serve, conn)
        self._server.close()

    def _serve(self, conn: socket.socket) -> None:
        pacer = Pacer(self.sim.faults)
        conn.settimeout(0.1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with conn:
            while not self._stop.is_set():
                try:
                    data = conn.recv(pacer.chunk)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not data:
                    return
                accepted, cut = self.sim.admit(data)
                pacer.take(len(accepted))
                replies = self.sim.receive(accepted)
                try:
                    if replies:
                        conn.sendall(replies)
                except OSError:
                    return
                if cut:
                    # RST rather than FIN: like a pulled cable, pending bytes are lost.
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    return
