"""QtVoicePlayer: real QMediaPlayer (offscreen, no sound card needed), queued, never overlapping."""

import threading

import pytest

from drivers.voice.announcement import compose_call, compose_recall
from drivers.voice.announcer import Announcer
from drivers.voice.audio import CLIP_FORMAT, write_wav
from drivers.voice.clips import ClipLibrary
from tests.helpers.voice import make_tone_clips, tone

pytestmark = [
    pytest.mark.gui,
    # Without a sound server or VA-API, QtMultimedia says so; that is the test machine, not a failure.
    pytest.mark.qt_log_ignore(r".*(PulseAudio|pa_context|No audio device|Couldn.t (load|resolve) ).*"),
]


@pytest.fixture
def player(qtbot):
    from kiosk.apps.voice import QtVoicePlayer

    p = QtVoicePlayer()
    yield p
    p.stop()


@pytest.fixture
def wavs(tmp_path):
    out = []
    for i, seconds in enumerate((0.25, 0.15, 0.2)):
        path = tmp_path / f"s{i}.wav"
        write_wav(path, CLIP_FORMAT, tone(seconds, 440 + 100 * i))
        out.append(str(path))
    return out


def record(player):
    log = []
    player.started.connect(lambda p: log.append(("start", p)))
    player.finished.connect(lambda p: log.append(("end", p)))
    player.failed.connect(lambda p, why: log.append(("fail", p)))
    return log


def test_queued_sounds_play_in_order_one_at_a_time(qtbot, player, wavs):
    log = record(player)
    for path in wavs:
        player.enqueue(path)
    assert player.busy and player.pending == 2
    with qtbot.waitSignals([player.finished] * 3, timeout=10000, order="strict"):
        pass
    assert log == [(kind, p) for p in wavs for kind in ("start", "end")]
    assert not player.busy


def test_a_broken_file_is_reported_and_the_rest_still_play(qtbot, player, wavs, tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav")
    log = record(player)
    with qtbot.waitSignal(player.failed, timeout=5000) as failed:
        player.enqueue(str(bad))
    assert failed.args[0] == str(bad)
    with qtbot.waitSignal(player.finished, timeout=5000):
        player.enqueue(wavs[0])
    assert log[0] == ("fail", str(bad)) and log[-1] == ("end", wavs[0])


def test_play_blocks_only_off_the_gui_thread(player, wavs):
    with pytest.raises(RuntimeError):
        player.play(wavs[0])


def test_announcer_drives_the_qt_player_from_its_worker(qtbot, player, tmp_path):
    make_tone_clips(tmp_path / "generated", seconds=0.004)
    announcer = Announcer(player, ClipLibrary([tmp_path / "generated"])).start()
    log = record(player)
    try:
        futures = []
        callers = [threading.Thread(target=lambda t=t: futures.append(announcer.call(t, 12)))
                   for t in ("A001", "A002")]
        for c in callers:
            c.start()
        for c in callers:
            c.join(2)
        futures.append(announcer.recall())
        qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=15000)
        assert [f.exception() for f in futures] == [None, None, None]
        kinds = [k for k, _ in log]
        assert kinds == ["start", "end"] * 3  # never two sounds at once
        assert compose_recall("A001", 12) != compose_call("A001", 12)
    finally:
        announcer.stop()
