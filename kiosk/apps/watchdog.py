"""systemd readiness and watchdog for the terminal apps, without libsystemd.

The terminal unit is ``Type=notify`` with ``WatchdogSec``: the app says READY=1 once its screen
is up, then WATCHDOG=1 from a QTimer on the Qt event loop. A screen whose event loop hangs stops
pinging and systemd restarts the session, where a liveness check from another thread would
keep a frozen screen alive. Outside systemd (no ``NOTIFY_SOCKET``) every call does nothing.
"""

from __future__ import annotations

import logging
import os
import socket

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("kiosk.apps.watchdog")


def notify(message: str, environ: dict[str, str] | None = None) -> bool:
    """Send one sd_notify datagram (e.g. ``READY=1``); False when not under systemd."""
    env = os.environ if environ is None else environ
    address = env.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract socket namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.sendall(message.encode("utf-8"))
        return True
    except OSError as exc:
        log.warning("sd_notify %r failed: %s", message, exc)
        return False


def interval_ms(environ: dict[str, str] | None = None) -> int | None:
    """Half the watchdog timeout systemd gave this process, or None when it gave none (or gave
    it to another process: WATCHDOG_PID names the one that must ping)."""
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    pid = env.get("WATCHDOG_PID")
    if usec <= 0 or (pid and pid != str(os.getpid()) and not env.get("MASHANG_WATCHDOG_ANY_PID")):
        return None
    return max(100, usec // 2000)


class Watchdog(QObject):
    """Call ``ready()`` when the first screen is shown; pings follow on the Qt loop."""

    def __init__(self, parent: QObject | None = None, environ: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self._env = environ
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.ping)
        self.pings = 0

    def ready(self) -> None:
        notify("READY=1", self._env)
        every = interval_ms(self._env)
        if every is not None:
            self._timer.start(every)

    def ping(self) -> None:
        if notify("WATCHDOG=1", self._env):
            self.pings += 1

    def stop(self) -> None:
        self._timer.stop()
        notify("STOPPING=1", self._env)
