import itertools
import threading
import time

import pytest

from drivers.voice.announcement import BadAnnouncement, compose_call, compose_recall
from drivers.voice.announcer import Announcer
from drivers.voice.clips import ClipLibrary, MissingClip
from drivers.voice.render import render_frames
from tests.helpers.voice import RecordingPlayer, make_tone_clips


@pytest.fixture
def library(tmp_path):
    make_tone_clips(tmp_path / "generated", seconds=0.005)
    return ClipLibrary([tmp_path / "custom", tmp_path / "generated"])


@pytest.fixture
def announcer_factory(library, tmp_path):
    made = []

    def make(player, **kw):
        a = Announcer(player, library, workdir=tmp_path / "work", **kw).start()
        made.append(a)
        return a

    (tmp_path / "work").mkdir()
    yield make
    for a in made:
        a.stop()


def test_announcements_from_many_threads_never_overlap_and_keep_queue_order(library, announcer_factory):
    player = RecordingPlayer(seconds=0.01)
    announcer = announcer_factory(player)
    submitted, futures = [], []
    order_lock = threading.Lock()

    def counter(window):
        for n in range(5):
            ticket = f"A{window}{n:02d}"
            with order_lock:  # the queue order is the order of submission
                submitted.append((ticket, window))
                futures.append(announcer.call(ticket, window))

    threads = [threading.Thread(target=counter, args=(w,)) for w in (3, 10, 12, 105)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    for f in futures:
        f.result(timeout=10)

    by_frames = {render_frames(compose_call(t, w), library).frames: (t, w) for t, w in submitted}
    played = [by_frames[p.frames] for p in player.plays]
    assert played == submitted
    assert player.max_active == 1
    intervals = [(p.start, p.end) for p in player.plays]
    for (_, end), (start, _) in itertools.pairwise(intervals):
        assert end <= start
    assert {p.thread for p in player.plays} == {"voice-announcer"}


def test_recall_repeats_the_last_call_with_prefix(library, announcer_factory):
    player = RecordingPlayer(seconds=0)
    announcer = announcer_factory(player)
    with pytest.raises(BadAnnouncement):
        announcer.recall()
    announcer.call("A012", 20).result(timeout=5)
    announcer.recall().result(timeout=5)
    announcer.recall("B3", 7).result(timeout=5)
    assert [p.frames for p in player.plays] == [
        render_frames(compose_call("A012", 20), library).frames,
        render_frames(compose_recall("A012", 20), library).frames,
        render_frames(compose_recall("B3", 7), library).frames,
    ]


def test_configured_repeat_is_applied(library, announcer_factory):
    player = RecordingPlayer(seconds=0)
    announcer = announcer_factory(player, repeat=2)
    seconds = announcer.call("A1", 1).result(timeout=5)
    assert player.plays[0].frames == render_frames(compose_call("A1", 1, repeat=2), library).frames
    assert seconds == pytest.approx(render_frames(compose_call("A1", 1, repeat=2), library).seconds)


def test_bad_input_raises_in_the_caller_and_nothing_is_queued(announcer_factory):
    announcer = announcer_factory(RecordingPlayer(seconds=0))
    with pytest.raises(BadAnnouncement):
        announcer.call("A-1", 3)
    with pytest.raises(BadAnnouncement):
        announcer.call("A1", 0)
    assert announcer.pending == 0


def test_a_failed_play_or_missing_clip_does_not_stop_the_worker(library, announcer_factory, tmp_path):
    player = RecordingPlayer(seconds=0, fail_on={1})
    announcer = announcer_factory(player)
    with pytest.raises(OSError):
        announcer.call("A1", 1).result(timeout=5)
    (tmp_path / "generated" / "letter_q.wav").unlink()
    with pytest.raises(MissingClip):
        announcer.call("Q1", 1).result(timeout=5)
    assert announcer.call("A2", 2).result(timeout=5) > 0
    assert len(player.plays) == 2
    assert list((tmp_path / "work").iterdir()) == []  # rendered files are cleaned up


def test_stop_drops_what_is_queued(library, tmp_path):
    gate = threading.Event()

    class Blocking:
        def play(self, wav):
            gate.wait(5)

    announcer = Announcer(Blocking(), library).start()
    first = announcer.call("A1", 1)
    rest = [announcer.call(f"A{n}", 1) for n in range(2, 6)]
    deadline = time.monotonic() + 5
    while not first.running() and time.monotonic() < deadline:
        time.sleep(0.005)
    stopper = threading.Thread(target=announcer.stop)
    stopper.start()
    gate.set()
    stopper.join(5)
    assert first.result(timeout=1) > 0
    assert all(f.cancelled() for f in rest)
    assert announcer.call("A9", 1).exception(timeout=1) is not None
    assert not announcer.workdir.exists()
