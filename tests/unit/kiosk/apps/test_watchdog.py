"""sd_notify over a real Unix datagram socket, as systemd listens for it."""

import os
import socket

from kiosk.apps.watchdog import Watchdog, interval_ms, notify


def listener(tmp_path):
    path = str(tmp_path / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(5)
    return sock, path


def test_notify_sends_the_datagram_and_is_silent_outside_systemd(tmp_path):
    sock, path = listener(tmp_path)
    with sock:
        assert notify("READY=1", {"NOTIFY_SOCKET": path})
        assert sock.recv(64) == b"READY=1"
    assert notify("READY=1", {}) is False


def test_interval_is_half_the_timeout_for_this_process_only():
    assert interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000
    assert interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}) == 15000
    assert interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}) is None
    # under cage the app is a child of the unit's main process: the unit says NotifyAccess=all
    assert interval_ms({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1", "MASHANG_WATCHDOG_ANY_PID": "1"}) == 15000
    assert interval_ms({}) is None and interval_ms({"WATCHDOG_USEC": "x"}) is None


def test_pings_come_from_the_qt_event_loop(qtbot, tmp_path):
    sock, path = listener(tmp_path)
    with sock:
        dog = Watchdog(environ={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "200000"})
        dog.ready()
        assert sock.recv(64) == b"READY=1"
        qtbot.waitUntil(lambda: dog.pings >= 2, timeout=3000)
        assert sock.recv(64) == b"WATCHDOG=1"
        dog.stop()
        got = [sock.recv(64) for _ in range(dog.pings)]
        assert got[-1] == b"STOPPING=1"
