import json
import shutil

import pytest

from drivers.errors import DeviceNotFound
from drivers.voice.announcement import compose_call
from drivers.voice.audio import CLIP_FORMAT, rms
from drivers.voice.clips import CLIP_FILES, MANIFEST, ClipLibrary, build_default_clips
from drivers.voice.render import render_wav
from tests.helpers.voice import wav_info

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


@pytest.mark.integration
@needs_espeak
def test_build_with_espeak_is_uniform_and_idempotent(tmp_path):
    out = tmp_path / "generated"
    report = build_default_clips(out)
    assert "voice clips built" in report and "语音片段已生成" in report
    stems = set(CLIP_FILES.values())
    assert {p.stem for p in out.glob("*.wav")} == stems
    for stem in stems:
        fmt, frames = wav_info(out / f"{stem}.wav")
        assert fmt == CLIP_FORMAT, stem
        if stem != "pause":
            assert rms(frames) > 0.02, f"{stem} is silent"
            longest = 6.0 if stem.startswith("guide_") else 2.0  # guidance is a phrase, not a word
            assert 0.1 < CLIP_FORMAT.seconds(frames) < longest, stem
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    assert "up to date" in build_default_clips(out)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes

    # A different espeak-ng version (or clip-set version) in the manifest means rebuild.
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["espeak"] = "eSpeak NG 0.1"
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert "built" in build_default_clips(out)
    # So does a missing clip.
    (out / "hao.wav").unlink()
    assert "built" in build_default_clips(out)

    wav = tmp_path / "call.wav"
    seconds = render_wav(compose_call("A012", 105), ClipLibrary([tmp_path / "none", out]), wav)
    assert 3.0 < seconds < 12.0
    assert rms(wav_info(wav)[1]) > 0.05


def test_missing_espeak_is_a_clear_error(tmp_path):
    with pytest.raises(DeviceNotFound) as err:
        build_default_clips(tmp_path, espeak=str(tmp_path / "no-espeak-ng"))
    assert "apt-get install espeak-ng" in err.value.zh
    assert "espeak-ng not found" in err.value.en
    assert list(tmp_path.iterdir()) == []
