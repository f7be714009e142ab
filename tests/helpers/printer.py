"""Helpers for printer tests: sample tickets, image probes and simulator links."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PIL import Image

from drivers.printer.layout import TicketContent, sample_content

CST = timezone(timedelta(hours=8))


def ticket(**changes: object) -> TicketContent:
    """The sample ticket, with fields replaced."""
    base = sample_content(datetime(2024, 5, 6, 9, 30, tzinfo=CST))
    fields = {k: getattr(base, k) for k in base.__dataclass_fields__}
    fields.update(changes)
    return TicketContent(**fields)  # type: ignore[arg-type]


def dark(img: Image.Image, x: int, y: int) -> bool:
    return img.convert("L").getpixel((x, y)) < 128


def dark_row_bands(img: Image.Image) -> list[tuple[int, int]]:
    """(top, bottom) of each run of rows that hold at least one dark pixel."""
    gray = img.convert("L")
    w, h = gray.size
    px = gray.load()
    bands, start = [], None
    for y in range(h):
        has = any(px[x, y] < 128 for x in range(w))
        if has and start is None:
            start = y
        elif not has and start is not None:
            bands.append((start, y))
            start = None
    if start is not None:
        bands.append((start, h))
    return bands


def dark_columns(img: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """(leftmost, rightmost + 1) dark column between rows top and bottom."""
    gray = img.convert("L")
    px = gray.load()
    cols = [x for x in range(gray.width) if any(px[x, y] < 128 for y in range(top, bottom))]
    return (min(cols), max(cols) + 1) if cols else (0, 0)


def sample_modules(img: Image.Image, box: tuple[int, int, int, int], count: int
                   ) -> list[list[bool]]:
    """Read a QR symbol back from the picture: the centre pixel of each of count x count
    modules inside box."""
    left, top, right, _ = box
    module = (right - left) / count
    gray = img.convert("L")
    return [[gray.getpixel((int(left + (c + 0.5) * module), int(top + (r + 0.5) * module))) < 128
             for c in range(count)] for r in range(count)]


FINDER = [[r in (0, 6) or c in (0, 6) or (2 <= r <= 4 and 2 <= c <= 4) for c in range(7)]
          for r in range(7)]


def has_finder_patterns(modules: list[list[bool]]) -> bool:
    n = len(modules)
    corners = [(0, 0), (0, n - 7), (n - 7, 0)]
    return all([row[c0:c0 + 7] for row in modules[r0:r0 + 7]] == FINDER for r0, c0 in corners)


def start_sim_process(*args: str, timeout: float = 15.0):  # type: ignore[no-untyped-def]
    """Run `kiosk devices printer-sim ARGS` and wait until it says where it listens.
    Returns (process, {"tcp": "host:port", "pty": "/dev/pts/N"}); read the rest of its
    output with ``process.communicate()``."""
    import os
    import queue
    import subprocess
    import sys
    import threading
    import time

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "devices", "printer-sim", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root)
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in iter(proc.stdout.readline, ""):
            lines.put(line)
            if "running" in line:
                return  # leave the rest for communicate()
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    where: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if not line:
            break
        seen.append(line)
        key, _, value = line.strip().partition(": ")
        if key in ("tcp", "pty"):
            where[key] = value
        if "running" in line:
            return proc, where
    proc.kill()
    _, err = proc.communicate(timeout=5)
    raise AssertionError(f"printer-sim did not start: {''.join(seen)} {err}")
