"""PCM helpers in plain Python (no audioop: deprecated since 3.11): read, convert and write
WAV files, make tones and silence, and measure loudness.

Every clip the announcer joins is converted to one :data:`CLIP_FORMAT`, so a hall's own
recordings may be any common PCM WAV (8/16/24/32-bit, mono or stereo, any rate).
"""

from __future__ import annotations

import array
import math
import sys
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from drivers.errors import DeviceError


class BadClip(DeviceError):
    code = "bad_voice_clip"


@dataclass(frozen=True)
class AudioFormat:
    rate: int = 22050
    channels: int = 1
    width: int = 2  # bytes per sample

    @property
    def frame_size(self) -> int:
        return self.channels * self.width

    def seconds(self, frames: bytes) -> float:
        return len(frames) / self.frame_size / self.rate


# espeak-ng speaks at 22050 Hz mono 16-bit: the clip set keeps that, so nothing is resampled
# at install time and a whole announcement stays small.
CLIP_FORMAT = AudioFormat(22050, 1, 2)


def _samples16(data: bytes) -> array.array:
    a = array.array("h")
    a.frombytes(data)
    if sys.byteorder == "big":
        a.byteswap()
    return a


def _bytes16(a: array.array) -> bytes:
    if sys.byteorder == "big":
        a = array.array("h", a)
        a.byteswap()
    return a.tobytes()


def read_wav(path: Path | str) -> tuple[AudioFormat, bytes]:
    try:
        with wave.open(str(path), "rb") as w:
            fmt = AudioFormat(w.getframerate(), w.getnchannels(), w.getsampwidth())
            return fmt, w.readframes(w.getnframes())
    except (wave.Error, EOFError, OSError) as exc:
        raise BadClip(f"无法读取语音文件 {path}: {exc}(须为 PCM WAV)",
                      f"cannot read voice clip {path}: {exc} (must be PCM WAV)") from exc


def write_wav(target: Path | str | BinaryIO, fmt: AudioFormat, frames: bytes) -> None:
    if isinstance(target, (str, Path)):
        # Open the file ourselves: wave.open(path) leaves a noisy half-made writer behind
        # when the path cannot be created.
        with open(target, "wb") as f:
            write_wav(f, fmt, frames)
        return
    with wave.open(target, "wb") as w:
        w.setnchannels(fmt.channels)
        w.setsampwidth(fmt.width)
        w.setframerate(fmt.rate)
        w.writeframes(frames)


def _to_mono16(frames: bytes, fmt: AudioFormat) -> list[int]:
    """Decode to one channel of signed 16-bit values (channels averaged)."""
    n = len(frames) // fmt.frame_size
    frames = frames[: n * fmt.frame_size]
    if fmt.width == 2:
        values: list[int] | array.array = _samples16(frames)
    elif fmt.width == 1:  # 8-bit WAV is unsigned
        values = [(b - 128) << 8 for b in frames]
    elif fmt.width == 3:
        values = [int.from_bytes(frames[i:i + 3], "little", signed=True) >> 8
                  for i in range(0, len(frames), 3)]
    elif fmt.width == 4:
        a = array.array("i")
        a.frombytes(frames)
        if sys.byteorder == "big":
            a.byteswap()
        values = [v >> 16 for v in a]
    else:
        raise BadClip(f"不支持的采样位宽 {fmt.width * 8} 位", f"unsupported sample width {fmt.width * 8} bits")
    if fmt.channels == 1:
        return list(values)
    c = fmt.channels
    return [sum(values[i:i + c]) // c for i in range(0, len(values), c)]


def _resample(samples: list[int], src: int, dst: int) -> list[int]:
    if src == dst or not samples:
        return samples
    n_out = max(1, round(len(samples) * dst / src))
    step = src / dst
    last = len(samples) - 1
    out = []
    for i in range(n_out):
        pos = i * step
        j = int(pos)
        if j >= last:
            out.append(samples[last])
            continue
        frac = pos - j
        out.append(int(samples[j] + (samples[j + 1] - samples[j]) * frac))
    return out


def convert(frames: bytes, src: AudioFormat, dst: AudioFormat = CLIP_FORMAT) -> bytes:
    """Convert PCM to ``dst`` (which must be 16-bit); linear resampling is plenty for speech."""
    if src == dst:
        return frames
    if dst.width != 2:
        raise ValueError("only 16-bit output is supported")
    mono = _resample(_to_mono16(frames, src), src.rate, dst.rate)
    if dst.channels > 1:
        mono = [v for v in mono for _ in range(dst.channels)]
    return _bytes16(array.array("h", mono))


def silence(fmt: AudioFormat, seconds: float) -> bytes:
    return bytes(round(seconds * fmt.rate) * fmt.frame_size)


def rms(frames: bytes, fmt: AudioFormat = CLIP_FORMAT) -> float:
    """Root mean square level of 16-bit PCM, 0.0 (silence) .. 1.0 (full scale)."""
    if fmt.width != 2:
        raise ValueError("rms expects 16-bit PCM")
    a = _samples16(frames)
    if not a:
        return 0.0
    return math.sqrt(sum(v * v for v in a) / len(a)) / 32768.0


def trim_and_normalise(frames: bytes, fmt: AudioFormat = CLIP_FORMAT, *, threshold: float = 0.02,
                       margin: float = 0.02, peak: float = 0.7) -> bytes:
    """Cut leading/trailing silence (keeping ``margin`` seconds), bring the peak to ``peak``
    of full scale, and fade the edges in/out over 5 ms so joined clips do not click."""
    a = _samples16(frames)
    if fmt.channels != 1 or not a:
        return frames
    limit = threshold * 32767
    loud = [i for i, v in enumerate(a) if abs(v) > limit]
    if not loud:
        return frames
    keep = round(margin * fmt.rate)
    start, end = max(0, loud[0] - keep), min(len(a), loud[-1] + keep + 1)
    a = a[start:end]
    top = max(abs(v) for v in a) or 1
    gain = peak * 32767 / top
    fade = min(len(a) // 2, round(0.005 * fmt.rate))
    out = array.array("h", bytes(len(a) * 2))
    for i, v in enumerate(a):
        g = gain
        if i < fade:
            g *= i / fade
        elif i >= len(a) - fade:
            g *= (len(a) - 1 - i) / fade
        out[i] = max(-32768, min(32767, int(v * g)))
    return _bytes16(out)


def chime(fmt: AudioFormat = CLIP_FORMAT) -> bytes:
    """A soft two-tone "ding-dong" (E5 then C5) with a few harmonics, a 10 ms attack and an
    exponential decay, followed by a short rest so speech does not start on the tail."""
    if fmt.width != 2 or fmt.channels != 1:
        raise ValueError("chime is made in 16-bit mono")
    rate = fmt.rate
    out: list[int] = []
    for freq, length in ((659.25, 0.45), (523.25, 0.75)):
        n = round(length * rate)
        attack = round(0.01 * rate)
        for i in range(n):
            t = i / rate
            env = math.exp(-3.2 * t) * min(1.0, i / attack) * min(1.0, (n - i) / (0.03 * rate))
            s = (math.sin(2 * math.pi * freq * t) + 0.35 * math.sin(4 * math.pi * freq * t)
                 + 0.12 * math.sin(6 * math.pi * freq * t))
            out.append(int(0.45 * 32767 * env * s / 1.47))
    out += [0] * round(0.1 * rate)
    return _bytes16(array.array("h", out))
