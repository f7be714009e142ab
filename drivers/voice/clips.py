"""The clip set: one WAV per word, found in ``resources/sounds/custom/`` (a hall's own
recordings, which win) then ``resources/sounds/generated/`` (made at install time by
:func:`build_default_clips` with espeak-ng, git-ignored).

File names are ASCII (pinyin) so they are easy to type on any system; :data:`CLIP_FILES`
maps each clip name to its file stem and :data:`SPOKEN` says what espeak-ng is asked to say.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from drivers.errors import DeviceError, DeviceNotFound
from drivers.voice import announcement as a
from drivers.voice.audio import (
    CLIP_FORMAT,
    convert,
    read_wav,
    silence,
    trim_and_normalise,
    write_wav,
)
from drivers.voice.audio import chime as make_chime

# Bump when the words, texts or processing change, so installed clip sets are rebuilt.
CLIPSET_VERSION = 2  # 2: kiosk guidance phrases
ESPEAK_VOICE = "cmn"
ESPEAK_SPEED = 165  # words per minute; a little slower than espeak's 175 for a noisy hall
PAUSE_SECONDS = 0.5
MANIFEST = "manifest.json"

_PINYIN_DIGITS = ("ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu")

CLIP_FILES: dict[str, str] = {
    a.CHIME: "chime", a.PAUSE: "pause",
    a.PLEASE: "qing", a.NUMBER: "hao", a.GO_TO: "dao", a.WINDOW: "chuangkou",
    a.SERVE: "banli", a.RECALL: "zaici_hujiao", a.TEN: "shi", a.HUNDRED: "bai",
    **{d: f"digit_{i}_{_PINYIN_DIGITS[i]}" for i, d in enumerate(a.DIGITS)},
    **{letter: f"letter_{letter.lower()}" for letter in a.LETTERS},
    a.GUIDE_CHOOSE: "guide_xuanze_yewu", a.GUIDE_SWIPE: "guide_shua_shenfenzheng",
    a.GUIDE_KEYPAD: "guide_shuru_haoma", a.GUIDE_TAKE: "guide_quzou_haopiao",
    a.GUIDE_HELP: "guide_fuwutai",
}

# What espeak-ng says for each spoken clip (the cmn voice reads Latin letters the English way,
# as halls do: "A" is "ei").
SPOKEN: dict[str, str] = {name: name for name in CLIP_FILES if name not in (a.CHIME, a.PAUSE)}


class MissingClip(DeviceError):
    code = "voice_clip_missing"


def sounds_dir() -> Path:
    """``$MASHANG_SOUNDS_DIR`` or the repository's ``resources/sounds``."""
    env = os.environ.get("MASHANG_SOUNDS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "resources" / "sounds"


def default_dirs(base: Path | None = None) -> list[Path]:
    base = base or sounds_dir()
    return [base / "custom", base / "generated"]


class ClipLibrary:
    """Finds clips by name (first directory wins) and keeps their frames, converted to
    :data:`CLIP_FORMAT`, in memory until the file changes."""

    def __init__(self, dirs: Sequence[Path | str] | None = None) -> None:
        self.dirs = [Path(d) for d in (dirs if dirs is not None else default_dirs())]
        self.format = CLIP_FORMAT
        self._cache: dict[Path, tuple[int, bytes]] = {}
        self._lock = threading.Lock()

    def path(self, name: str) -> Path:
        stem = CLIP_FILES.get(name)
        if stem is None:
            raise MissingClip(f"没有这个语音片段: {name!r}", f"no such voice clip: {name!r}")
        for d in self.dirs:
            p = d / f"{stem}.wav"
            if p.is_file():
                return p
        raise MissingClip(
            f"缺少语音片段 {stem}.wav ({name}),请运行 kiosk build-resources 或放入 {self.dirs[0]}",
            f"voice clip {stem}.wav ({name}) is missing; run `kiosk build-resources` "
            f"or put a recording in {self.dirs[0]}",
        )

    def missing(self, names: Iterable[str] | None = None) -> list[str]:
        out = []
        for name in names if names is not None else CLIP_FILES:
            try:
                self.path(name)
            except MissingClip:
                out.append(name)
        return out

    def frames(self, name: str) -> bytes:
        p = self.path(name)
        mtime = p.stat().st_mtime_ns
        with self._lock:
            hit = self._cache.get(p)
            if hit is not None and hit[0] == mtime:
                return hit[1]
        fmt, raw = read_wav(p)
        data = convert(raw, fmt, self.format)
        with self._lock:
            self._cache[p] = (mtime, data)
        return data


# -- building the default set ------------------------------------------------------------

def espeak_version(espeak: str) -> str:
    out = subprocess.run([espeak, "--version"], capture_output=True, text=True, timeout=10,
                         check=False).stdout
    return out.split("Data at:")[0].strip() or "unknown"


def _speak(espeak: str, text: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        proc = subprocess.run(
            [espeak, "-v", ESPEAK_VOICE, "-s", str(ESPEAK_SPEED), "-w", str(raw), text],
            capture_output=True, text=True, timeout=30, check=False,
        )
        if proc.returncode != 0 or not raw.is_file():
            raise DeviceError(f"espeak-ng 生成 {text!r} 失败: {proc.stderr.strip()}",
                              f"espeak-ng failed on {text!r}: {proc.stderr.strip()}")
        fmt, frames = read_wav(raw)
    frames = trim_and_normalise(convert(frames, fmt, CLIP_FORMAT), CLIP_FORMAT)
    _write_atomic(target, frames)


def _write_atomic(target: Path, frames: bytes) -> None:
    tmp = target.with_suffix(".wav.part")
    write_wav(tmp, CLIP_FORMAT, frames)
    os.replace(tmp, target)


def build_default_clips(target: Path | str | None = None, *, espeak: str | None = None,
                        force: bool = False) -> str:
    """Generate the default clip set into ``target`` (``resources/sounds/generated``).

    Idempotent: skips the work when every clip exists and the manifest records the same
    clip-set version and espeak-ng version. Returns a one-line report; raises
    :class:`DeviceNotFound` with an install hint when espeak-ng is missing.
    """
    out = Path(target) if target is not None else sounds_dir() / "generated"
    exe = espeak or shutil.which("espeak-ng")
    if exe is None or shutil.which(exe) is None:
        raise DeviceNotFound(
            "未找到 espeak-ng,无法生成语音片段;请安装: sudo apt-get install espeak-ng",
            "espeak-ng not found, cannot generate voice clips; install it: "
            "sudo apt-get install espeak-ng",
        )
    version = espeak_version(exe)
    wanted = {
        "clipset": CLIPSET_VERSION, "espeak": version, "voice": ESPEAK_VOICE,
        "speed": ESPEAK_SPEED,
        "format": [CLIP_FORMAT.rate, CLIP_FORMAT.channels, CLIP_FORMAT.width],
        "clips": sorted(CLIP_FILES.values()),
    }
    manifest = out / MANIFEST
    files = [out / f"{stem}.wav" for stem in CLIP_FILES.values()]
    if not force and manifest.is_file() and all(f.is_file() for f in files):
        try:
            if json.loads(manifest.read_text(encoding="utf-8")) == wanted:
                return (f"语音片段已是最新 / voice clips up to date: {len(files)} clips in {out} "
                        f"({version})")
        except (OSError, ValueError):
            pass  # unreadable manifest: rebuild
    out.mkdir(parents=True, exist_ok=True)
    manifest.unlink(missing_ok=True)  # a half-built set is never taken as complete
    _write_atomic(out / f"{CLIP_FILES[a.CHIME]}.wav", make_chime(CLIP_FORMAT))
    _write_atomic(out / f"{CLIP_FILES[a.PAUSE]}.wav", silence(CLIP_FORMAT, PAUSE_SECONDS))
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(8, (os.cpu_count() or 2) * 2)) as pool:
        jobs = [pool.submit(_speak, exe, text, out / f"{CLIP_FILES[name]}.wav")
                for name, text in SPOKEN.items()]
        for job in jobs:
            job.result()
    manifest.write_text(json.dumps(wanted, ensure_ascii=False, indent=1), encoding="utf-8")
    return f"语音片段已生成 / voice clips built: {len(files)} clips in {out} ({version})"
