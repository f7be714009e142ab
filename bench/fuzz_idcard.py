"""Long-running fuzz of the ID card driver: the frame receiver, the text parser and the reader
dialogue, with random and near-valid bytes. Anything but a DeviceError, a hang, or a clear ID
number in a message is a finding; the first ones are printed with the seed to replay them.

    .venv/bin/python bench/fuzz_idcard.py --seconds 60
    .venv/bin/python bench/fuzz_idcard.py --iterations 100000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.errors import DeviceError  # noqa: E402
from drivers.idcard import CardReader, parse_text_block  # noqa: E402
from drivers.idcard import protocol as p  # noqa: E402
from drivers.sim.idcard import sample_cards  # noqa: E402

ID_RUN = re.compile(r"(?<![0-9A-Za-z])\d{15,17}[\dXx](?![0-9A-Za-z])")
SAMPLES = [c.text for c in sample_cards().values()]


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        if op < 0.5 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op < 0.7 and b:
            del b[rng.randrange(len(b)) :]
        elif op < 0.85:
            b[rng.randrange(len(b) + 1) : 0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 9)))
        else:
            b += p.PREAMBLE[: rng.randint(1, 5)]
    return bytes(b)


def base_reply(text: bytes, photo: bytes) -> bytes:
    return p.reply_frame(0x90, len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo)


class Scripted:
    description = "fuzz"

    def __init__(self, script: list[bytes]) -> None:
        self.script, self.buf = script, b""

    def write(self, data: bytes) -> None:
        if self.script:
            self.buf += self.script.pop(0)

    def read(self, size: int, timeout: float) -> bytes:
        out, self.buf = self.buf[:size], self.buf[size:]
        return out

    def flush_input(self) -> None:
        self.buf = b""

    def set_baudrate(self, baudrate: int) -> None:
        pass

    def close(self) -> None:
        pass


def check_message(err: DeviceError) -> None:
    text = str(err)
    if ID_RUN.search(text) or not (err.code and err.zh and err.en):
        raise AssertionError(f"bad error message: {err.code}")


def fuzz_receiver(rng: random.Random) -> None:
    frames = [p.reply_frame(rng.randrange(256), rng.randbytes(rng.randint(0, 50))) for _ in range(3)]
    stream = mutate(rng, b"".join(frames)) if rng.random() < 0.7 else rng.randbytes(rng.randint(0, 300))
    rx = p.FrameReceiver()
    at = 0
    while at < len(stream):
        n = rng.randint(1, 64)
        rx.feed(stream[at : at + n])
        at += n
        assert rx.wanted() >= 1 and rx.pending <= p.HEADER_SIZE + p.MAX_LENGTH


def fuzz_parser(rng: random.Random) -> None:
    text = mutate(rng, rng.choice(SAMPLES)) if rng.random() < 0.8 else rng.randbytes(256)
    try:
        card = parse_text_block(text)
    except DeviceError as err:
        check_message(err)
    else:
        if ID_RUN.search(repr(card) + str(card) + str(card.as_dict())):
            raise AssertionError("clear number in a masked view")


def fuzz_reader(rng: random.Random) -> None:
    find_ok = p.reply_frame(0x9F, bytes(4))
    script = [p.reply_frame(0x90), find_ok, p.reply_frame(0x90, bytes(8)),
              base_reply(rng.choice(SAMPLES), rng.randbytes(1024))]
    script = [mutate(rng, s) if rng.random() < 0.4 else s for s in script]
    fast = dict.fromkeys(("find_card", "select_card", "read_base", "sam_status"), 0.001)
    reader = CardReader("fuzz", timeouts=fast, poll_interval=0.0005,
                        transport_factory=lambda: Scripted(script))
    start = time.monotonic()
    try:
        reader.open()
        reader.read_card(0.01)
    except DeviceError as err:
        check_message(err)
    finally:
        reader.close()
    if time.monotonic() - start > 1.0:
        raise AssertionError("reader took too long (hang?)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="fuzz the ID card driver")
    ap.add_argument("--seconds", type=float, default=0.0, help="run this long (default: use --iterations)")
    ap.add_argument("--iterations", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    targets = [fuzz_receiver, fuzz_parser, fuzz_reader]
    end = time.monotonic() + args.seconds if args.seconds else None
    findings = 0
    i = 0
    while (end is not None and time.monotonic() < end) or (end is None and i < args.iterations):
        rng = random.Random(f"{seed}-{i}")
        target = targets[i % len(targets)]
        try:
            target(rng)
        except Exception:
            findings += 1
            if findings <= 5:
                print(f"finding in {target.__name__} (seed {seed}, iteration {i}):")
                traceback.print_exc()
        i += 1
    print(f"{i} iterations, seed {seed}, {findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
