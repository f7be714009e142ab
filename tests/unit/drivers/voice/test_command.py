"""`kiosk devices announce` / `keypad-listen`, run through their own parser (so a half-built
sibling command elsewhere cannot break these tests)."""

import argparse
import json
import os
import stat

import pytest

from kiosk.commands.devices import voice as voice_cmd
from tests.helpers.voice import make_tone_clips, wav_info


def run(argv):
    parser = argparse.ArgumentParser(prog="kiosk devices")
    sub = parser.add_subparsers(dest="cmd", required=True)
    voice_cmd.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.fixture
def sounds(tmp_path, monkeypatch):
    lengths = make_tone_clips(tmp_path / "sounds" / "generated")
    monkeypatch.setenv("MASHANG_SOUNDS_DIR", str(tmp_path / "sounds"))
    return lengths


def test_render_to_wav(sounds, tmp_path, capsys):
    out = tmp_path / "call.wav"
    assert run(["announce", "A012", "105", "--wav", str(out), "--recall", "--repeat", "2"]) == 0
    _fmt, frames = wav_info(out)
    assert len(frames) > 0
    text = capsys.readouterr().out
    assert "已写入 / written" in text and "再次呼叫 请 A 零 一 二 号 到 一 百 零 五 号 窗口 办理" in text


@pytest.mark.parametrize(("argv", "needle"), [
    (["announce", "A-12", "3"], "票号无效"),
    (["announce", "A12", "0"], "窗口号无效"),
    (["announce", "A12", "3", "--repeat", "9"], "重复次数无效"),
])
def test_bad_input_is_bilingual_and_nonzero(sounds, argv, needle, capsys, tmp_path):
    assert run([*argv, "--wav", str(tmp_path / "x.wav")]) == 2
    err = capsys.readouterr().err
    assert needle in err and " / bad " in err and "Traceback" not in err
    assert not (tmp_path / "x.wav").exists()


def test_unwritable_target_is_a_clear_error(sounds, capsys):
    assert run(["announce", "A1", "1", "--wav", "/nonexistent-dir/x.wav"]) == 1
    err = capsys.readouterr().err
    assert "无法写入" in err and "cannot write" in err


def test_missing_clips_say_how_to_build_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MASHANG_SOUNDS_DIR", str(tmp_path / "empty"))
    assert run(["announce", "A1", "1", "--wav", str(tmp_path / "x.wav")]) == 1
    assert "kiosk build-resources" in capsys.readouterr().err


def test_without_a_player_asks_for_wav(sounds, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert run(["announce", "A1", "1"]) == 2
    err = capsys.readouterr().err
    assert "--wav" in err and "aplay" in err


def test_speaks_through_aplay_when_present(sounds, monkeypatch, tmp_path, capsys):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "aplay.log"
    aplay = bindir / "aplay"
    aplay.write_text(f'#!/bin/sh\necho "$@" >> {log}\nfor a; do f="$a"; done\ncp "$f" {tmp_path}/played.wav\n')
    aplay.chmod(aplay.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}/usr/bin:/bin")
    assert run(["announce", "b7", "12"]) == 0
    assert "-q" in log.read_text()
    assert len(wav_info(tmp_path / "played.wav")[1]) > 0
    assert "请 B 七 号 到 十 二 号 窗口 办理" in capsys.readouterr().out


def test_keypad_listen_bad_url(capsys):
    assert run(["keypad-listen", "--device", "serial:///dev/ttyUSB0"]) == 2
    err = capsys.readouterr().err
    assert "键盘评价器地址无效" in err and "bad keypad URL" in err


def test_keypad_listen_prints_json_lines(monkeypatch, capsys):
    """The CLI wiring, with the driver's evdev seam replaced by a scripted keypad."""
    from drivers.hid import keypad

    real = keypad.KeypadRatingPad

    class ScriptedPad(real):
        def __init__(self, url, on_event, **kw):
            super().__init__(url, on_event, opener=lambda p: None, **kw)
            self._sent = False

        def open(self):
            pass

        def close(self):
            pass

        def poll(self):
            if not self._sent:
                self._sent = True
                for key in (5, 2):
                    self.on_event(keypad.RatingEvent(self.address, self.ids.next(), key))

    monkeypatch.setattr(keypad, "KeypadRatingPad", ScriptedPad)
    rc = run(["keypad-listen", "--device", "evdev:?name=pad", "--address", "4", "--count", "2",
              "--seconds", "5"])
    assert rc == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [(x["address"], x["key"], x["meaning"]) for x in lines] == [(4, 5, "非常满意"), (4, 2, "不满意")]
    assert lines[1]["event_id"] > lines[0]["event_id"]
