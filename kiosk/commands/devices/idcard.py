"""`kiosk devices read-card` and `kiosk devices idcard-sim`: try an ID card reader, or stand in
for one.

Exit codes of read-card: 0 card read, 1 reader fault, 3 no card before the timeout,
4 unsupported card or unreadable card data.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time

EXIT_FAULT, EXIT_NO_CARD, EXIT_UNSUPPORTED = 1, 3, 4

_LABELS = [
    ("card_type", "证件类型", "card type"), ("name", "姓名", "name"),
    ("english_name", "英文姓名", "English name"), ("gender", "性别", "gender"),
    ("ethnicity", "民族", "ethnic group"), ("nationality", "国籍", "nationality"),
    ("birth_date", "出生日期", "birth date"), ("address", "住址", "address"),
    ("id_number", "证件号码", "ID number"), ("id_valid", "校验位正确", "check character ok"),
    ("issuing_authority", "签发机关", "issuing authority"),
    ("valid_from", "有效期起", "valid from"), ("valid_until", "有效期止", "valid until"),
    ("pass_number", "通行证号码", "pass number"), ("issue_count", "签发次数", "issue count"),
    ("photo_present", "含照片", "photo present"),
]


def register(sub: argparse._SubParsersAction) -> None:
    read = sub.add_parser(
        "read-card", help="wait for one ID card and print it (masked by default)",
        description="Wait for one ID card on a GA 467 reader and print it. Names, numbers and "
                    "addresses are masked unless --unmasked is given.")
    read.add_argument("--reader", required=True, metavar="URL",
                      help="serial:///dev/ttyUSB0?baudrate=115200, a serial path, usb://VID:PID "
                           "or sim:NAME")
    read.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                      help="how long to wait for a card (default 30)")
    read.add_argument("--json", action="store_true", help="print one JSON object")
    read.add_argument("--unmasked", action="store_true",
                      help="show full personal data (installer checks only)")
    read.set_defaults(func=read_card)

    sim = sub.add_parser(
        "idcard-sim", help="run a virtual ID card reader on a pty",
        description="Run a virtual GA 467 reader on a pty and print its path. The first card is "
                    "placed at once; Enter (or --cycle) takes it away and places the next one. "
                    "Stops on Ctrl-C or SIGTERM.")
    sim.add_argument("--pty", action="store_true", default=True,
                     help="serve on a pty (the only mode; accepted for clarity)")
    sim.add_argument("--card", action="append", choices=["resident", "foreign", "hkmt", "elder"],
                     help="card(s) to offer, in turn (default: all four)")
    sim.add_argument("--cycle", type=float, default=0.0, metavar="SECONDS",
                     help="swap to the next card every SECONDS (0: only on Enter)")
    sim.add_argument("--no-throttle", action="store_true",
                     help="send at full speed instead of the baud rate")
    faults = sim.add_argument_group("faults")
    faults.add_argument("--no-card", action="store_true", help="find never succeeds")
    faults.add_argument("--sam-failure", action="store_true", help="every command answers SW3 60")
    faults.add_argument("--garbage", action="store_true", help="noise before every reply")
    for knob, what in [("no-reply", "commands get no reply"),
                       ("checksum-errors", "card-data replies carry a wrong checksum"),
                       ("truncate", "card-data replies stop halfway"),
                       ("pull-mid-read", "reads see the card pulled halfway"),
                       ("read-failed", "reads answer SW3 41")]:
        faults.add_argument(f"--{knob}", type=int, default=0, metavar="N", help=f"the next N {what}")
    sim.set_defaults(func=idcard_sim)


def _error(zh: str, en: str) -> None:
    print(f"错误: {zh}\nerror: {en}", file=sys.stderr)


def read_card(args: argparse.Namespace) -> int:
    from drivers.errors import DeviceError, DeviceTimeout
    from drivers.idcard import BadCardData, CardReader, UnsupportedCard

    if not args.timeout > 0:
        _error("--timeout 须大于 0", "--timeout must be greater than 0")
        return 2
    try:
        with CardReader(args.reader) as reader:
            card = reader.read_card(args.timeout)
    except (UnsupportedCard, BadCardData) as err:
        _error(err.zh, err.en)
        return EXIT_UNSUPPORTED
    except DeviceTimeout as err:
        _error(err.zh, err.en)
        return EXIT_NO_CARD if err.code == "no_card" else EXIT_FAULT
    except DeviceError as err:
        _error(err.zh, err.en)
        return EXIT_FAULT
    except KeyboardInterrupt:
        _error("已取消", "cancelled")
        return 130
    if args.unmasked:
        print("注意: 以下输出含完整个人信息,请勿保存或外传 / warning: full personal data below; "
              "do not keep or share it", file=sys.stderr)
    data = card.as_dict(unmasked=args.unmasked)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    data["card_type"] = f"{card.card_type.zh} ({card.card_type.value})"
    for key, zh, en in _LABELS:
        if key in data:
            value = data[key]
            if isinstance(value, bool):
                value = "是 yes" if value else "否 no"
            print(f"{zh} / {en}: {value if value is not None else '-'}")
    return 0


def idcard_sim(args: argparse.Namespace) -> int:
    from drivers.sim.idcard import Faults, PtySimulator, VirtualReader, sample_cards

    keys = args.card or ["resident", "foreign", "hkmt", "elder"]
    cards = sample_cards()
    faults = Faults(no_card=args.no_card, sam_failure=args.sam_failure, garbage=args.garbage,
                    no_reply=args.no_reply, checksum_errors=args.checksum_errors,
                    truncate=args.truncate, pull_mid_read=args.pull_mid_read,
                    read_failed=args.read_failed)
    reader = VirtualReader([cards[k] for k in keys], faults=faults)
    stop = threading.Event()
    swap = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def watch_stdin() -> None:
        try:
            for _line in sys.stdin:
                swap.set()
        except (OSError, ValueError):
            pass

    if sys.stdin is not None and sys.stdin.isatty():
        threading.Thread(target=watch_stdin, name="sim-stdin", daemon=True).start()

    with PtySimulator(reader, throttle=not args.no_throttle) as sim:
        print(sim.path, flush=True)
        print(f"模拟读卡器已就绪: {sim.path} / virtual card reader ready: {sim.path}",
              file=sys.stderr, flush=True)
        turn = 0
        while not stop.is_set():
            key = keys[turn % len(keys)]
            reader.place(key)
            print(f"放卡 / card placed: {key}", file=sys.stderr, flush=True)
            swap.clear()
            # Wait for Enter, the cycle, or a stop; whichever first.
            until = time.monotonic() + args.cycle if args.cycle > 0 else None
            while not stop.is_set() and not swap.wait(0.2):
                if until is not None and time.monotonic() >= until:
                    break
            reader.remove()
            print("取走卡片 / card removed", file=sys.stderr, flush=True)
            turn += 1
            stop.wait(0.5)  # the field stays empty for a moment, as with a real hand
    return 0

