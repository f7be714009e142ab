"""`kiosk devices print-test | render-escpos | printer-sim`: ticket printer tools for installers."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print-test", help="print a sample ticket on a printer URL",
                       description="Print a sample ticket (Chinese hall name, number, service, "
                                   "QR). With file:///PATH the raw ESC/POS bytes land in PATH.")
    p.add_argument("--printer", required=True, metavar="URL",
                   help="usb://VID:PID, serial:///dev/ttyUSB0?baudrate=9600, tcp://HOST:9100, "
                        "file:///PATH or sim:NAME")
    p.add_argument("--paper", type=int, choices=(58, 80), default=80)
    p.add_argument("--profile", help="printer profile name (default: generic for the paper)")
    p.set_defaults(func=print_test)

    r = sub.add_parser("render-escpos", help="render an ESC/POS byte file to PNG")
    r.add_argument("input", metavar="IN.bin")
    r.add_argument("output", metavar="OUT.png")
    r.add_argument("--paper", type=int, choices=(58, 80), default=80)
    r.set_defaults(func=render_escpos)

    s = sub.add_parser("printer-sim", help="run a simulated ticket printer (pty and/or TCP)",
                       description="A virtual ESC/POS printer: answers DLE EOT status, renders "
                                   "each cut ticket to a PNG. Runs until Ctrl-C / SIGTERM.")
    s.add_argument("--tcp", type=int, metavar="PORT", help="listen on this TCP port (0: any)")
    s.add_argument("--host", default="127.0.0.1", help="TCP address to listen on")
    s.add_argument("--pty", action="store_true", help="open a pty; its path is printed")
    s.add_argument("--png-dir", metavar="DIR", help="write one PNG per cut ticket here")
    s.add_argument("--paper", type=int, choices=(58, 80), default=80)
    s.add_argument("--name", default="printer", help="file name prefix for the PNGs")
    knobs = s.add_argument_group("fault knobs")
    for flag in ("paper-near-end", "paper-out", "cover-open", "offline", "cutter-error",
                 "false-offline", "no-reply"):
        knobs.add_argument(f"--{flag}", action="store_true")
    knobs.add_argument("--baud", type=int, metavar="N", help="throttle to N/10 bytes per second")
    knobs.add_argument("--unplug-after", type=int, metavar="N",
                       help="close the link after N bytes")
    s.set_defaults(func=printer_sim)


def _fail(err: Exception) -> int:
    zh, en = getattr(err, "zh", None), getattr(err, "en", None)
    if zh is None:
        zh = en = str(err)
    print(f"错误: {zh}\nerror: {en}", file=sys.stderr)
    return 1


def print_test(args: argparse.Namespace) -> int:
    from drivers.errors import DeviceError
    from drivers.printer import TicketPrinter, get_profile
    from drivers.printer.layout import sample_content

    try:
        profile = get_profile(args.profile, paper=args.paper)
        printer = TicketPrinter(args.printer, profile)
        printer.open()
        try:
            receipt = printer.print_ticket(sample_content(datetime.now().astimezone()))
        finally:
            printer.close()
    except DeviceError as err:
        return _fail(err)
    note = "" if receipt.confirmed is not False else " (打印机未确认 / not confirmed by the printer)"
    print(f"已打印测试票 {receipt.number}: {receipt.bytes_sent} 字节, {receipt.seconds * 1000:.1f} ms{note}")
    print(f"test ticket {receipt.number} printed: {receipt.bytes_sent} bytes on {args.printer} "
          f"({profile.name})")
    if receipt.warning_code:
        print(f"注意: {receipt.warning_zh}\nnote: {receipt.warning_en}")
    return 0


def render_escpos(args: argparse.Namespace) -> int:
    from drivers.printer.preview import render_bytes
    from drivers.printer.profiles import PAPERS

    try:
        data = Path(args.input).read_bytes()
    except OSError as exc:
        return _fail(_Msg(f"无法读取文件 {args.input}: {exc.strerror}",
                          f"cannot read {args.input}: {exc.strerror}"))
    image, regions = render_bytes(data, paper_dots=PAPERS[args.paper].dots)
    try:
        image.save(args.output, format="PNG")
    except (OSError, ValueError) as exc:
        return _fail(_Msg(f"无法写入 {args.output}: {exc}", f"cannot write {args.output}: {exc}"))
    print(f"{args.output}: {image.width}x{image.height}, {len(data)} bytes, "
          f"{sum(r.kind == 'text' for r in regions)} text lines, "
          f"{sum(r.kind == 'qr' for r in regions)} QR, {sum(r.kind == 'cut' for r in regions)} cuts")
    return 0


class _Msg(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def printer_sim(args: argparse.Namespace) -> int:
    from drivers.sim.printer import Faults, PtyLink, SimPrinter, TcpLink

    faults = Faults(
        paper_near_end=args.paper_near_end, paper_out=args.paper_out,
        cover_open=args.cover_open, offline=args.offline, cutter_error=args.cutter_error,
        false_offline=args.false_offline, no_reply=args.no_reply, baudrate=args.baud,
        unplug_after=args.unplug_after)
    if args.png_dir:
        try:
            Path(args.png_dir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return _fail(_Msg(f"无法创建目录 {args.png_dir}: {exc}",
                              f"cannot create {args.png_dir}: {exc}"))

    def on_ticket(index: int, data: bytes, png: Path | None) -> None:
        where = f" -> {png}" if png else ""
        print(f"ticket {index}: {len(data)} bytes{where}", flush=True)

    sim = SimPrinter(args.name, paper=args.paper, faults=faults, png_dir=args.png_dir,
                     on_ticket=on_ticket)
    links: list[PtyLink | TcpLink] = []
    try:
        if args.pty:
            pty_link = PtyLink(sim)
            links.append(pty_link)
            print(f"pty: {pty_link.path}", flush=True)
        if args.tcp is not None or not args.pty:
            tcp = TcpLink(sim, port=9100 if args.tcp is None else args.tcp, host=args.host)
            links.append(tcp)
            print(f"tcp: {tcp.host}:{tcp.port}", flush=True)
    except OSError as exc:
        for link in links:
            link.stop()
        return _fail(_Msg(f"模拟打印机无法启动: {exc}", f"printer simulator cannot start: {exc}"))

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    print("模拟打印机运行中, Ctrl-C 退出 / printer simulator running, Ctrl-C to stop", flush=True)
    try:
        stop.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for link in links:
            link.stop()
        sim.flush()
    print(f"stopped: {len(sim.tickets)} tickets, {len(sim.received)} bytes", flush=True)
    return 0
