import io
import wave

import pytest

from drivers.voice.announcement import compose_call
from drivers.voice.audio import CLIP_FORMAT, AudioFormat, chime, convert, rms, silence, write_wav
from drivers.voice.clips import ClipLibrary, MissingClip
from drivers.voice.render import render_bytes, render_wav
from tests.helpers.voice import make_tone_clips, tone, wav_info


@pytest.fixture
def clips(tmp_path):
    lengths = make_tone_clips(tmp_path / "generated")
    return ClipLibrary([tmp_path / "custom", tmp_path / "generated"]), lengths


@pytest.mark.parametrize("gap", [0.0, 0.06, 0.2])
def test_rendered_length_is_clips_plus_gaps(clips, tmp_path, gap):
    library, lengths = clips
    ann = compose_call("A012", 105, repeat=2)
    out = tmp_path / "call.wav"
    seconds = render_wav(ann, library, out, gap=gap)
    fmt, frames = wav_info(out)
    assert fmt == CLIP_FORMAT
    measured = len(frames) / fmt.frame_size / fmt.rate
    expected = sum(lengths[c] for c in ann) + gap * (len(ann) - 1)
    assert measured == pytest.approx(expected, abs=len(ann) / fmt.rate)  # rounding per gap
    assert seconds == pytest.approx(measured)
    # Tones at half scale (RMS 0.354) fill the clip share of the time; the gaps are silent.
    voiced = sum(lengths[c] for c in ann) / measured
    assert rms(frames) == pytest.approx(0.5 / 2**0.5 * voiced**0.5, rel=0.05)
    assert rms(frames) > 0.1
    assert not (tmp_path / "call.wav.part").exists()


def test_silence_really_is_silent():
    assert rms(silence(CLIP_FORMAT, 0.1)) == 0.0
    assert rms(chime()) > 0.05


def test_custom_recording_wins_and_is_converted(clips, tmp_path):
    library, lengths = clips
    # A hall's own "请": 44.1 kHz stereo, 0.5 s.
    hall_fmt = AudioFormat(44100, 2, 2)
    (tmp_path / "custom").mkdir()
    write_wav(tmp_path / "custom" / "qing.wav", hall_fmt, tone(0.5, 440, hall_fmt))
    assert library.path("请") == tmp_path / "custom" / "qing.wav"
    frames = library.frames("请")
    assert CLIP_FORMAT.seconds(frames) == pytest.approx(0.5, abs=0.001)
    ann = compose_call("A1", 1)
    data = render_bytes(ann, library, gap=0.0)
    with wave.open(io.BytesIO(data)) as w:
        total = w.getnframes() / w.getframerate()
    assert total == pytest.approx(sum(lengths[c] for c in ann) - lengths["请"] + 0.5, abs=0.002)


@pytest.mark.parametrize("fmt", [AudioFormat(8000, 1, 1), AudioFormat(48000, 2, 2),
                                 AudioFormat(16000, 1, 3), AudioFormat(22050, 2, 4)])
def test_convert_any_common_pcm(fmt):
    src = tone(0.25, 300, CLIP_FORMAT)
    # Build the source format by hand from 16-bit mono samples.
    import array
    s16 = array.array("h", src)
    step = CLIP_FORMAT.rate / fmt.rate
    picked = [s16[min(len(s16) - 1, int(i * step))] for i in range(round(0.25 * fmt.rate))]
    if fmt.width == 1:
        raw = bytes(((v >> 8) + 128) & 0xFF for v in picked for _ in range(fmt.channels))
    elif fmt.width == 3:
        raw = b"".join((v << 8).to_bytes(3, "little", signed=True) for v in picked for _ in range(fmt.channels))
    else:
        code = "h" if fmt.width == 2 else "i"
        shift = 0 if fmt.width == 2 else 16
        raw = array.array(code, [v << shift for v in picked for _ in range(fmt.channels)]).tobytes()
    out = convert(raw, fmt, CLIP_FORMAT)
    assert CLIP_FORMAT.seconds(out) == pytest.approx(0.25, abs=0.001)
    assert rms(out) == pytest.approx(rms(src), rel=0.05)


def test_missing_clip_is_a_clear_bilingual_error(tmp_path):
    library = ClipLibrary([tmp_path / "custom", tmp_path / "generated"])
    with pytest.raises(MissingClip) as err:
        render_bytes(compose_call("A1", 1), library)
    assert "chime.wav" in err.value.zh and "kiosk build-resources" in err.value.en
    assert library.missing() != []


def test_not_a_wav_is_a_clear_error(clips, tmp_path):
    library, _ = clips
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "hao.wav").write_bytes(b"ID3 this is an mp3")
    with pytest.raises(Exception) as err:
        library.frames("号")
    assert "PCM WAV" in str(err.value)
