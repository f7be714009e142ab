"""`kiosk devices announce` and `kiosk devices keypad-listen`: voice and USB keypad pads,
for installers checking a hall's speakers and rating keypads."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from pathlib import Path

from drivers.errors import DeviceError
from kiosk.core.ratings import LEVELS

# What each keypad key means: the five levels (words from the core) and the call-staff key.
LEVELS_ZH = {**{lv.value: lv.zh for lv in LEVELS}, 16: "呼叫工作人员"}


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def announce(args: argparse.Namespace) -> int:
    from drivers.voice import AplayPlayer, ClipLibrary, compose_call, render_wav

    try:
        announcement = compose_call(args.ticket, args.window, recall=args.recall,
                                    repeat=args.repeat)
        library = ClipLibrary()
        for name in announcement:
            library.path(name)  # every clip present, before anything is written or played
        if args.wav:
            seconds = render_wav(announcement, library, Path(args.wav))
            print(f"已写入 / written {args.wav} ({seconds:.2f} s): {announcement.text}")
            return 0
        if AplayPlayer.find() is None:
            _err("未找到音频播放程序 (aplay/paplay/pw-play);请用 --wav 文件名 生成 WAV 文件 / "
                 "no audio player found (aplay/paplay/pw-play); use --wav FILE to write a WAV file")
            return 2
        player = AplayPlayer()
        with tempfile.TemporaryDirectory(prefix="mashang-announce-") as tmp:
            wav = Path(tmp) / "announcement.wav"
            seconds = render_wav(announcement, library, wav)
            print(f"播放 / playing ({seconds:.2f} s, {Path(player.command).name}): "
                  f"{announcement.text}")
            player.play(wav)
        return 0
    except DeviceError as exc:
        _err(str(exc))
        return 2 if exc.code == "bad_announcement" else 1
    except OSError as exc:
        _err(f"无法写入 {args.wav}: {exc.strerror or exc} / cannot write {args.wav}: "
             f"{exc.strerror or exc}")
        return 1


def keypad_listen(args: argparse.Namespace) -> int:
    from drivers.hid import RatingEvent, parse_keypad_url, start_keypad
    from drivers.supervision import ConnectionState, DeviceHealth

    try:
        parse_keypad_url(args.device)
    except DeviceError as exc:
        _err(str(exc))
        return 2
    done = threading.Event()
    seen = [0]
    connected = threading.Event()
    out_lock = threading.Lock()

    def on_event(e: RatingEvent) -> None:
        line = json.dumps({"address": e.address, "event_id": e.event_id, "key": e.key,
                           "meaning": LEVELS_ZH.get(e.key, f"原因键 reason {e.key}")},
                          ensure_ascii=False)
        with out_lock:
            print(line, flush=True)
            seen[0] += 1
            if args.count and seen[0] >= args.count:
                done.set()

    last = [""]

    def on_health(h: DeviceHealth) -> None:
        if h.state is ConnectionState.CONNECTED:
            connected.set()
            message = f"已连接,请按键 (Ctrl-C 退出) / connected, press keys (Ctrl-C to quit): {args.device}"
        elif h.message_zh:
            message = f"{h.message_zh} / {h.message_en}"
        else:
            return
        if message != last[0]:  # retries repeat the same reason: say it once
            last[0] = message
            _err(message)

    hotplug = None
    try:
        from drivers.hotplug import HotplugMonitor

        hotplug = HotplugMonitor(("input",)).start_thread()
    except DeviceError:
        pass  # no udev: the backoff alone brings the pad back
    url = args.device
    if args.no_grab:
        url += ("&" if "?" in url else "?") + "grab=0"
    sup = start_keypad(url, on_event, name="keypad-listen", address=args.address,
                       on_health=on_health, hotplug=hotplug)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    try:
        while not done.is_set():
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            done.wait(0.5 if left is None else min(0.5, left))
    except KeyboardInterrupt:
        pass
    finally:
        sup.stop()
        if hotplug is not None:
            hotplug.stop()
    return 0 if connected.is_set() else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("announce", help="speak or render a call: 请 A012 号到 3 号窗口办理",
                       description="Speak a call through aplay/paplay, or write it to a WAV file.")
    p.add_argument("ticket", help="ticket number, e.g. A012")
    p.add_argument("window", help="window number 1-199")
    p.add_argument("--wav", metavar="OUT.wav", help="write the announcement to this WAV file")
    p.add_argument("--recall", action="store_true", help="announce as a recall (再次呼叫)")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="say the sentence N times (1-5, default 1)")
    p.set_defaults(func=announce)

    k = sub.add_parser("keypad-listen", help="print USB keypad rating pad presses as JSON lines",
                       description="Grab a USB keypad rating pad and print each key press as a "
                                   "JSON line (address, event_id, key). Needs the input group.")
    k.add_argument("--device", required=True, metavar="URL",
                   help="evdev:///dev/input/by-id/...-event-kbd or evdev:?name=TEXT")
    k.add_argument("--address", type=int, default=0, help="pad address put in events (default 0)")
    k.add_argument("--count", type=int, default=0, help="stop after N presses")
    k.add_argument("--seconds", type=float, default=0, help="stop after this many seconds")
    k.add_argument("--no-grab", action="store_true",
                   help="do not grab the keypad (presses also reach other programs)")
    k.set_defaults(func=keypad_listen)
