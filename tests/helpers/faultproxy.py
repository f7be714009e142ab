"""A TCP proxy that injects the faults a hall's uplink meets: requests dropped before they reach
the server, connections reset after the server answered (the answer is lost), delays, duplicated
requests, and the whole link down. Runs in background threads of the test process; the knobs can
be turned while it runs and ``counts`` says which faults actually happened."""

from __future__ import annotations

import random
import socket
import struct
import threading
from collections import Counter


def _rst(sock: socket.socket) -> None:
    """Abort a connection with a TCP reset. SHUT_RD first wakes a thread blocked in recv() on
    it, so the descriptor is really released and the reset goes out now."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, upstream_port: int, *, upstream_host: str = "127.0.0.1", seed: int = 8,
                 drop: float = 0.0, reset: float = 0.0, delay: float = 0.0, duplicate: float = 0.0) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.drop, self.reset, self.delay, self.duplicate = drop, reset, delay, duplicate
        self.down = False
        self.counts: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(128)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._closing = False
        self._socks: set[socket.socket] = set()
        self._thread = threading.Thread(target=self._accept, name="faultproxy", daemon=True)

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> FaultProxy:
        return self.__enter__()

    def close(self) -> None:
        self._closing = True
        _rst(self._listener)
        self.cut()

    def cut(self) -> None:
        """Reset every open connection (the link drops mid-request)."""
        with self._lock:
            socks, self._socks = list(self._socks), set()
        for s in socks:
            _rst(s)

    def set_faults(self, *, drop: float = 0.0, reset: float = 0.0, delay: float = 0.0,
                   duplicate: float = 0.0) -> None:
        self.drop, self.reset, self.delay, self.duplicate = drop, reset, delay, duplicate

    def _chance(self, p: float) -> bool:
        with self._lock:
            return p > 0 and self._rng.random() < p

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down:
                self.counts["refused"] += 1
                _rst(client)
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                self.counts["upstream_down"] += 1
                _rst(client)
                continue
            with self._lock:
                self._socks.update((client, server))
            threading.Thread(target=self._pipe, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, to_server: bool) -> None:
        try:
            while True:
                data = src.recv(1 << 20)
                if not data:
                    break
                if self.down:
                    self.counts["cut"] += 1
                    break
                if to_server:
                    if self._chance(self.drop):
                        self.counts["dropped"] += 1  # the request never reaches the server
                        break
                    if self.delay > 0:
                        with self._lock:
                            pause = self._rng.uniform(0, self.delay)
                        threading.Event().wait(pause)
                        self.counts["delayed"] += 1
                    if self._chance(self.duplicate):
                        self.counts["duplicated"] += 1
                        threading.Thread(target=self._replay, args=(data,), daemon=True).start()
                elif self._chance(self.reset):
                    self.counts["reset"] += 1  # the server acted; its answer is lost
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            _rst(src)
            _rst(dst)
            with self._lock:
                self._socks.discard(src)
                self._socks.discard(dst)

    def _replay(self, data: bytes) -> None:
        try:
            with socket.create_connection(self.upstream, timeout=5) as s:
                s.sendall(data)
                s.settimeout(5)
                while s.recv(1 << 16):
                    pass
        except OSError:
            pass
