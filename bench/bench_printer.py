"""Ticket printer benchmark (not a test): bytes per ticket, software time to build and send one
ticket per transport, and link time at 9600 / 115200 baud, for native QR against raster.

    .venv/bin/python bench/bench_printer.py [--rounds 50] [--out docs/benchmarks/printer.md]
"""

from __future__ import annotations

import argparse
import datetime
import os
import pathlib
import platform
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from drivers.printer import TicketPrinter, get_profile, ticket_bytes
from drivers.printer import commands as cmd
from drivers.printer.layout import sample_content
from drivers.printer.preview import render_bytes
from drivers.printer.transports import DummyLink
from drivers.sim.printer import PtyLink, SimPrinter, TcpLink

TARGET_BYTES, TARGET_MS = 2048, 10.0


def median_ms(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm caches (font, codec, qrcode)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def whole_ticket_raster(native: bytes, dots: int) -> bytes:
    """The same ticket sent the way a Windows driver does: one bitmap, then the cut."""
    img, _ = render_bytes(native, paper_dots=dots)
    gray = img.convert("L")
    px = gray.load()
    rows = [[px[x, y] < 128 for x in range(gray.width)] for y in range(gray.height)]
    return cmd.INIT + cmd.raster(rows) + cmd.feed_lines(4) + cmd.cut(partial=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--out", help="write a Markdown report here")
    args = ap.parse_args()

    content = sample_content()
    native_p, rasterqr_p = get_profile("generic-80"), get_profile("generic-80-noqr")
    native = ticket_bytes(content, native_p)
    raster_qr = ticket_bytes(content, rasterqr_p)
    raster_all = whole_ticket_raster(native, native_p.paper.dots)
    sizes = [("80 mm, native QR (GS ( k)", native),
             ("80 mm, QR as raster (GS v 0)", raster_qr),
             ("80 mm, whole ticket as one raster image", raster_all),
             ("58 mm, native QR", ticket_bytes(content, get_profile("generic-58")))]

    build = [("native QR", median_ms(lambda: ticket_bytes(content, native_p), args.rounds)),
             ("raster QR", median_ms(lambda: ticket_bytes(content, rasterqr_p), args.rounds))]

    send_rows = []
    tmp = tempfile.mkdtemp(prefix="bench-printer-")
    for profile in (native_p, rasterqr_p):
        dummy = TicketPrinter("dummy", profile, link=DummyLink())
        dummy.open()
        send_rows.append(("Dummy (in memory)", profile.name,
                          median_ms(lambda p=dummy: p.print_ticket(content), args.rounds)))
        filep = TicketPrinter(f"file://{tmp}/{profile.name}.bin", profile)
        filep.open()
        send_rows.append(("file", profile.name,
                          median_ms(lambda p=filep: p.print_ticket(content), args.rounds)))
        filep.close()
        for kind in ("tcp", "pty"):
            sim = SimPrinter(f"bench-{kind}")
            link = TcpLink(sim, port=0) if kind == "tcp" else PtyLink(sim)
            url = (f"tcp://127.0.0.1:{link.port}" if kind == "tcp"  # type: ignore[union-attr]
                   else f"serial://{link.path}?baudrate=115200")  # type: ignore[union-attr]
            p = TicketPrinter(url, profile)
            p.open()
            label = f"{kind.upper()} simulator (status + send + confirm)"
            send_rows.append((label, profile.name,
                              median_ms(lambda p=p: p.print_ticket(content), args.rounds)))
            p.close()
            link.stop()

    lines = [
        "# Ticket printer benchmark",
        "",
        f"Command: `.venv/bin/python bench/bench_printer.py --rounds {args.rounds}"
        + (f" --out {args.out}`" if args.out else "`"),
        f"Machine: nproc={os.cpu_count()}, {platform.machine()}, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}",
        f"Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "Ticket: `drivers.printer.layout.sample_content()` (hall name, number, service, two "
        "windows, masked name, QR URL, notice). Times are medians.",
        "",
        "## Bytes per ticket and link time",
        "",
        "| ticket | bytes | ratio to native | 9600 baud | 115200 baud |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, data in sizes:
        lines.append(f"| {label} | {len(data)} | {len(data) / len(native):.1f}x | "
                     f"{len(data) * 10 / 9600 * 1000:.0f} ms | "
                     f"{len(data) * 10 / 115200 * 1000:.1f} ms |")
    lines += ["", "## Software time to build one ticket (bytes only)", "",
              "| ticket | median |", "|---|---:|"]
    lines += [f"| {label} | {ms:.2f} ms |" for label, ms in build]
    lines += ["", "## Time to build and send one ticket, per transport", "",
              "| transport | profile | median |", "|---|---|---:|"]
    lines += [f"| {t} | {p} | {ms:.2f} ms |" for t, p, ms in send_rows]
    native_ms = next(ms for t, p, ms in send_rows if t.startswith("Dummy") and p == "generic-80")
    ok_bytes, ok_ms = len(native) <= TARGET_BYTES, native_ms <= TARGET_MS
    lines += ["", "## Target", "",
              f"80 mm ticket with native QR: {len(native)} bytes (target <= {TARGET_BYTES}: "
              f"{'met' if ok_bytes else 'MISSED'}), {native_ms:.2f} ms software time to build "
              f"and hand to the Dummy transport (target <= {TARGET_MS:.0f} ms: "
              f"{'met' if ok_ms else 'MISSED'}). Whole-ticket raster is "
              f"{len(raster_all) / len(native):.0f}x the bytes; QR-only raster "
              f"{len(raster_qr) / len(native):.1f}x.",
              "",
              "The TCP/pty rows include the four DLE EOT status round trips before the ticket and "
              "the one after it that confirms delivery; the simulator runs in the same process.",
              ""]
    report = "\n".join(lines)
    print(report)
    if args.out:
        pathlib.Path(args.out).write_text(report, encoding="utf-8")
    return 0 if ok_bytes and ok_ms else 1


if __name__ == "__main__":
    sys.exit(main())
