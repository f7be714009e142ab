"""`kiosk devices bus-scan | pad-listen | screen-text | bus-sim`: hall bus tools for installers.

Exit codes: 0 done, 1 device or port fault, 2 bad arguments or text, 3 nothing answered.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

EXIT_FAULT, EXIT_USAGE, EXIT_NOTHING = 1, 2, 3


def register(sub: argparse._SubParsersAction) -> None:
    port_help = "serial:///dev/ttyUSB0?baudrate=9600, a serial path such as /dev/pts/5, or a pyserial URL"

    p = sub.add_parser("bus-scan", help="list hall bus devices that answer IDENTIFY",
                       description="Ask every address for IDENTIFY and print one line per device: "
                                   "address, type, model, firmware.")
    p.add_argument("--port", required=True, metavar="URL", help=port_help)
    p.add_argument("--addresses", default="1-32", metavar="RANGE",
                   help="addresses to try, e.g. 1-32 or 1,2,11-14 (default 1-32)")
    p.add_argument("--baudrate", type=int, default=9600)
    p.add_argument("--retries", type=int, default=1, help="retries per address (default 1)")
    p.set_defaults(func=bus_scan)

    p = sub.add_parser("pad-listen", help="print rating pad key presses as JSON lines",
                       description="Poll one rating pad and print each key event once as "
                                   '{"address", "event_id", "key"} until Ctrl-C.')
    p.add_argument("--port", required=True, metavar="URL", help=port_help)
    p.add_argument("--address", required=True, type=int)
    p.add_argument("--baudrate", type=int, default=9600)
    p.set_defaults(func=pad_listen)

    p = sub.add_parser("screen-text", help="show text on a window LED screen or the hall strip",
                       description="Send SCREEN_TEXT to one screen and wait for its ACK.")
    p.add_argument("--port", required=True, metavar="URL", help=port_help)
    p.add_argument("--address", required=True, type=int)
    p.add_argument("--line", type=int, default=0)
    p.add_argument("--effect", choices=("static", "scroll", "blink"), default="static")
    p.add_argument("--brightness", type=int, metavar="0-15", help="also set the brightness")
    p.add_argument("--replace", action="store_true",
                   help="replace characters outside GBK with ? instead of refusing the text")
    p.add_argument("--baudrate", type=int, default=9600)
    p.add_argument("text")
    p.set_defaults(func=screen_text)

    p = sub.add_parser("bus-sim", help="run simulated pads and LED screens on a pty",
                       description="Simulated hall bus on a pty: prints the path to open, then runs "
                                   "until Ctrl-C. Keys 1-9 (0 = 10) on stdin press the first pad.")
    p.add_argument("--pty", action="store_true", default=True, help="serve on a pty (the default)")
    p.add_argument("--link", metavar="PATH",
                   help="also make a stable symlink at PATH (survives --unplug-every)")
    p.add_argument("--pads", default="1", metavar="LIST", help="pad addresses, e.g. 1,2 (default 1)")
    p.add_argument("--screens", default="", metavar="LIST", help="window screen addresses, e.g. 11,12")
    p.add_argument("--strip", default="", metavar="LIST", help="hall strip address(es), e.g. 30")
    p.add_argument("--baudrate", type=int, default=9600)
    p.add_argument("--throttle", action="store_true", help="pace the line at --baudrate")
    f = p.add_argument_group("fault knobs (applied to every simulated device)")
    f.add_argument("--silent", default="", metavar="LIST", help="addresses that never answer")
    f.add_argument("--drop", type=int, default=0, metavar="N", help="ignore the first N frames")
    f.add_argument("--corrupt", type=int, default=0, metavar="N", help="break the CRC of the first N replies")
    f.add_argument("--duplicate", action="store_true", help="send every reply twice")
    f.add_argument("--delay", type=float, default=0.0, metavar="S", help="delay every reply by S seconds")
    f.add_argument("--busy", type=int, default=0, metavar="N", help="NAK busy the first N requests")
    f.add_argument("--ignore-acks", type=int, default=0, metavar="N",
                   help="pads ignore the first N ACK_EVENTS, so they repeat their events")
    f.add_argument("--echo", action="store_true", help="echo the host's bytes back (RS-485 adapter)")
    f.add_argument("--unplug-every", type=float, default=0.0, metavar="S",
                   help="unplug for 1 s every S seconds (use with --link)")
    p.set_defaults(func=bus_sim)


# -- helpers ---------------------------------------------------------------------------------
def _error(zh: str, en: str) -> None:
    print(f"错误: {zh}\nerror: {en}", file=sys.stderr)


def _device_error(err: Exception) -> None:
    zh, en = getattr(err, "zh", str(err)), getattr(err, "en", str(err))
    _error(zh, en)


def parse_addresses(spec: str) -> list[int]:
    """"1-32" or "1,2,11-14" -> sorted unique addresses; ValueError (bilingual) when bad."""
    out: set[int] = set()
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        try:
            a, b = (int(lo), int(hi)) if sep else (int(lo), int(lo))
        except ValueError:
            raise ValueError(f"地址格式错误: {part!r} / bad address: {part!r}") from None
        if not (1 <= a <= b <= 247):
            raise ValueError(f"地址须在 1–247 之间: {part!r} / addresses must be 1-247: {part!r}")
        out.update(range(a, b + 1))
    return sorted(out)


def _addresses_or_exit(spec: str, what: str) -> list[int] | None:
    try:
        return parse_addresses(spec)
    except ValueError as exc:
        zh, _, en = str(exc).partition(" / ")
        _error(f"{what}: {zh}", f"{what}: {en}")
        return None


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    return stop


def _open_bus(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from drivers.bus import HallBus

    return HallBus(args.port, baudrate=args.baudrate)


# -- bus-scan --------------------------------------------------------------------------------
def bus_scan(args: argparse.Namespace) -> int:
    from drivers.errors import DeviceError

    addresses = _addresses_or_exit(args.addresses, "--addresses")
    if addresses is None:
        return EXIT_USAGE
    try:
        with _open_bus(args) as bus:
            found = bus.scan(addresses, retries=args.retries)
    except DeviceError as err:
        _device_error(err)
        return EXIT_FAULT
    for addr, ident in found:
        print(f"{addr:3d}  {ident.type_name:<13} {ident.model:<16} firmware {ident.firmware_text}")
    if not found:
        _error(f"地址 {args.addresses} 上没有设备应答", f"no device answered at addresses {args.addresses}")
        return EXIT_NOTHING
    return 0


# -- pad-listen ------------------------------------------------------------------------------
class _PadListener:
    """A bus device that prints each new event once (no sessions: installers just press keys)."""

    kind = "rating_pad"

    def __init__(self, bus, address: int) -> None:  # type: ignore[no-untyped-def]
        from drivers.bus.pad import EventDedup

        self.bus, self.address = bus, address
        self.name = f"pad-{address}"
        self.dedup = EventDedup()
        bus.attach(self)

    def offline_message(self) -> tuple[str, str]:
        return (f"评价器 (地址 {self.address}) 无应答", f"rating pad (address {self.address}) not answering")

    def service(self, now: float) -> None:
        from drivers.bus.frame import Cmd
        from drivers.bus.payloads import decode_events

        events = decode_events(self.bus.command(self.address, Cmd.POLL_EVENTS).payload)
        for ev in events:
            if self.dedup.first_time(ev.event_id):
                print(json.dumps({"address": self.address, "event_id": ev.event_id, "key": ev.key}),
                      flush=True)
        if events:
            self.bus.command(self.address, Cmd.ACK_EVENTS, events[-1].event_id.to_bytes(2, "big"))


def pad_listen(args: argparse.Namespace) -> int:
    from drivers.bus import HallBus
    from drivers.errors import DeviceError
    from drivers.supervision import Backoff, DeviceHealth

    stop = _stop_on_signals()

    def on_health(h: DeviceHealth) -> None:
        if h.code:
            print(f"{h.message_zh} / {h.message_en}", file=sys.stderr, flush=True)

    try:
        bus = HallBus(args.port, baudrate=args.baudrate, on_device_health=on_health)
        _PadListener(bus, args.address)
    except DeviceError as err:
        _device_error(err)
        return EXIT_USAGE
    print(f"正在监听地址 {args.address} 的评价器, Ctrl-C 结束 / listening to the pad at address "
          f"{args.address}, Ctrl-C to stop", file=sys.stderr, flush=True)
    sup = bus.supervise(on_health=on_health, backoff=Backoff(initial=0.5, maximum=5.0))
    try:
        while not stop.wait(0.2):
            pass
    finally:
        sup.stop()
    return 0


# -- screen-text -----------------------------------------------------------------------------
def screen_text(args: argparse.Namespace) -> int:
    from drivers.bus.frame import Cmd
    from drivers.bus.payloads import MAX_BRIGHTNESS, Effect, TextEncodingError, encode_screen_text
    from drivers.errors import DeviceError

    if args.brightness is not None and not 0 <= args.brightness <= MAX_BRIGHTNESS:
        _error(f"亮度须在 0–{MAX_BRIGHTNESS} 之间", f"brightness must be 0-{MAX_BRIGHTNESS}")
        return EXIT_USAGE
    if not 0 <= args.line <= 255:
        _error("行号须在 0–255 之间", "line must be 0-255")
        return EXIT_USAGE
    try:
        payload = encode_screen_text(args.line, Effect[args.effect.upper()], args.text,
                                     errors="replace" if args.replace else "strict")
    except TextEncodingError as err:
        _device_error(err)
        return EXIT_USAGE
    try:
        with _open_bus(args) as bus:
            bus.transact(args.address, Cmd.SCREEN_TEXT, payload)
            if args.brightness is not None:
                bus.transact(args.address, Cmd.BRIGHTNESS, bytes((args.brightness,)))
    except DeviceError as err:
        _device_error(err)
        return EXIT_USAGE if err.code == "bad_address" else EXIT_FAULT
    print(f"地址 {args.address} 已显示 / address {args.address} acknowledged: {args.text}")
    return 0


# -- bus-sim ---------------------------------------------------------------------------------
def bus_sim(args: argparse.Namespace) -> int:
    from drivers.sim.bus import Faults, SimBus, SimPad, SimScreen, SimSpec

    lists = {}
    for opt in ("pads", "screens", "strip", "silent"):
        got = _addresses_or_exit(getattr(args, opt), f"--{opt}")
        if got is None:
            return EXIT_USAGE
        lists[opt] = got
    spec = SimSpec(lists["pads"], lists["screens"], lists["strip"])
    faults = Faults(drop_next=args.drop, corrupt_next=args.corrupt, duplicate_replies=args.duplicate,
                    delay_s=args.delay, busy_next=args.busy, ignore_acks=args.ignore_acks)
    try:
        devices = spec.build(faults)
        for dev in devices:
            dev.faults.silent = dev.address in lists["silent"]
        sim = SimBus(devices, baudrate=args.baudrate, throttle=args.throttle, link=args.link,
                     echo=args.echo)
    except ValueError as exc:
        _error(f"模拟设备配置错误: {exc}", f"bad simulated devices: {exc}")
        return EXIT_USAGE
    if not devices:
        _error("没有模拟设备", "no simulated devices")
        return EXIT_USAGE

    def show(dev: object) -> None:
        if isinstance(dev, SimScreen) and dev.history and dev.history[-1] != getattr(dev, "_shown", None):
            dev._shown = dev.history[-1]  # type: ignore[attr-defined]
            print(f"screen {dev.address}: {dev.text}", flush=True)
        elif isinstance(dev, SimPad) and dev.modes and dev.modes[-1] != getattr(dev, "_shown", None):
            dev._shown = dev.modes[-1]  # type: ignore[attr-defined]
            mode, strings = dev.modes[-1]
            print(f"pad {dev.address}: mode {mode.name} {' '.join(strings)}".rstrip(), flush=True)

    for dev in devices:
        dev.on_change = show
    stop = _stop_on_signals()
    try:
        sim.start()
    except OSError as exc:
        _error(f"无法创建模拟串口: {exc}", f"cannot create the simulated port: {exc}")
        return EXIT_FAULT
    print(sim.path, flush=True)
    names = ", ".join(f"{type(d).__name__}@{d.address}" for d in devices)
    print(f"模拟总线 / simulated bus: {names}; 按 1-5 评价第一个评价器 / press 1-5 to rate on the first pad",
          file=sys.stderr, flush=True)
    pads = [d for d in devices if isinstance(d, SimPad)]
    saved_tty = None
    if pads:
        saved_tty = _cbreak_stdin()
        threading.Thread(target=_read_keys, args=(pads[0], stop), daemon=True).start()
    next_unplug = time.monotonic() + args.unplug_every if args.unplug_every > 0 else None
    try:
        while not stop.wait(0.1):
            if next_unplug is not None and time.monotonic() >= next_unplug:
                sim.unplug()
                print("unplugged", file=sys.stderr, flush=True)
                if stop.wait(1.0):
                    break
                sim.replug()
                print(f"replugged {sim.path}", file=sys.stderr, flush=True)
                next_unplug = time.monotonic() + args.unplug_every
    finally:
        _restore_stdin(saved_tty)
        sim.stop()
    return 0


def _cbreak_stdin():  # type: ignore[no-untyped-def]
    """Put a terminal stdin in cbreak mode (keys arrive one by one); return what to restore."""
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            import termios
            import tty

            old = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
            return old
    except Exception:
        return None
    return None


def _restore_stdin(old) -> None:  # type: ignore[no-untyped-def]
    if old is not None:
        import termios

        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, old)


def _read_keys(pad, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    """Keys from stdin press the pad: 1-9, 0 = key 10."""
    try:
        while not stop.is_set():
            ch = sys.stdin.read(1)
            if not ch:
                return  # EOF: the sim keeps running until a signal
            if ch.isdigit():
                ev = pad.press(int(ch) or 10)
                print(f"pad {pad.address}: key {ev.key} (event {ev.event_id})", file=sys.stderr, flush=True)
    except (OSError, ValueError, AttributeError):
        return
