"""Hall bus test helpers: an in-memory bus for pad/screen logic, pty simulators, bounded waits."""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from drivers.bus.frame import Cmd, Frame
from drivers.bus.master import HallBus, NoReply
from drivers.bus.payloads import PadEvent, encode_events
from drivers.sim.bus import SimBus, SimDevice
from drivers.supervision import Backoff, Supervisor

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable


def wait_until(predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.01) -> None:
    """Bounded polling: return as soon as ``predicate()`` is truthy, fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(interval)


class FakeBus:
    """Stands in for HallBus in pure unit tests: records commands, scripts pad events."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, int, bytes]] = []
        self.events: dict[int, list[PadEvent]] = {}
        self.offline: set[int] = set()
        self.devices: dict[int, object] = {}

    def attach(self, device: object) -> None:
        self.devices[device.address] = device  # type: ignore[attr-defined]

    def submit(self, job: Callable[[], object]) -> concurrent.futures.Future:
        fut: concurrent.futures.Future = concurrent.futures.Future()
        try:
            fut.set_result(job())
        except BaseException as exc:
            fut.set_exception(exc)
        return fut

    def command(self, addr: int, cmd: int, payload: bytes = b"", *, retries: int | None = None) -> Frame:
        self.sent.append((addr, cmd, payload))
        if addr in self.offline:
            raise NoReply(f"地址 {addr} 无应答", f"no reply from address {addr}")
        if cmd == Cmd.POLL_EVENTS:
            return Frame(addr, Cmd.EVENTS_REPLY, 0, encode_events(self.events.get(addr, [])))
        if cmd == Cmd.ACK_EVENTS:
            last = int.from_bytes(payload, "big")
            evs = self.events.get(addr, [])
            ids = [e.event_id for e in evs]
            if last in ids:
                del evs[: ids.index(last) + 1]
        return Frame(addr, Cmd.ACK, 0)

    def modes(self, addr: int) -> list[int]:
        return [p[0] for a, c, p in self.sent if a == addr and c == Cmd.PAD_MODE]


@contextlib.contextmanager
def running_sim(devices: list[SimDevice], **kwargs: object) -> Iterator[SimBus]:
    sim = SimBus(devices, **kwargs).start()  # type: ignore[arg-type]
    try:
        yield sim
    finally:
        sim.stop()


@contextlib.contextmanager
def supervised(bus: HallBus, **kwargs: object) -> Iterator[Supervisor]:
    sup = bus.supervise(backoff=Backoff(initial=0.05, maximum=0.2), **kwargs)  # type: ignore[arg-type]
    try:
        yield sup
    finally:
        sup.stop()


def kiosk(*args: str, timeout: float = 20.0, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kiosk ARGS`` as installers would."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([PYTHON, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env, **kwargs)  # type: ignore[call-overload]


class LineReader:
    """Lines from a subprocess pipe, read on a thread so a test can wait with a deadline."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        import queue
        import threading

        self.lines: queue.Queue[str] = queue.Queue()
        self.eof = threading.Event()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:  # type: ignore[no-untyped-def]
        try:
            for line in stream:
                self.lines.put(line.rstrip("\n"))
        except (OSError, ValueError):
            pass
        finally:
            self.eof.set()

    def rest(self, timeout: float = 5.0) -> list[str]:
        """Everything still to come once the process has ended."""
        assert self.eof.wait(timeout), "stream did not end"
        out = []
        while not self.lines.empty():
            out.append(self.lines.get_nowait())
        return out

    def get(self, timeout: float = 5.0) -> str:
        import queue

        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no output line within {timeout}s") from None

    def until(self, predicate: Callable[[str], bool], timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            line = self.get(max(0.01, deadline - time.monotonic()))
            if predicate(line):
                return line


@contextlib.contextmanager
def kiosk_process(*args: str) -> Iterator[subprocess.Popen[str]]:
    """Start ``python -m kiosk ARGS`` with pipes; SIGTERM and reap it at the end."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([PYTHON, "-m", "kiosk", *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=env)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for s in (proc.stdin, proc.stdout, proc.stderr):
            if s:
                s.close()


class PtyBridge:
    """Two ptys joined back to back (like ``socat pty pty``): open ``a`` at one end, ``b`` at the other."""

    def __init__(self) -> None:
        import tty

        self._fds = []
        self.paths = []
        for _ in range(2):
            master, slave = os.openpty()
            tty.setraw(slave)
            self._fds += [master, slave]
            self.paths.append(os.ttyname(slave))
        self.a, self.b = self.paths
        self._stop = False
        self._thread = None

    def start(self) -> PtyBridge:
        import threading

        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        import select

        ma, mb = self._fds[0], self._fds[2]
        peer = {ma: mb, mb: ma}
        while not self._stop:
            ready, _, _ = select.select([ma, mb], [], [], 0.05)
            for fd in ready:
                try:
                    os.write(peer[fd], os.read(fd, 4096))
                except OSError:
                    pass

    def stop(self) -> None:
        self._stop = True
        if self._thread:
            self._thread.join(2)
        for fd in self._fds:
            os.close(fd)
