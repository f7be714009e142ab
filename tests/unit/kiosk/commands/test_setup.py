"""`kiosk setup` writes the terminal's env file only after every value has been checked."""

import stat
import subprocess
import sys

import pytest

from kiosk.commands.setup import SetupError, terminal_env


def run_setup(tmp_path, *args):
    env_file = tmp_path / "terminal.env"
    done = subprocess.run([sys.executable, "-m", "kiosk", "setup", "--env-file", str(env_file),
                           "--chrony-dir", str(tmp_path), *args],
                          capture_output=True, text=True)
    return done, env_file


def test_a_kiosk_is_configured_with_its_devices_and_rotation(tmp_path):
    done, env_file = run_setup(tmp_path, "ticket", "--hall", "http://10.0.0.2:8470", "--token", "kiosk-1-token",
                               "--rotate", "90", "--app-options", "--printer usb://0416:5011 --no-voice")
    assert done.returncode == 0, done.stderr
    text = env_file.read_text(encoding="utf-8")
    assert "MASHANG_APP=ticket\n" in text and "MASHANG_ROTATE=90\n" in text
    assert ("MASHANG_ARGS=--hall http://10.0.0.2:8470 --token kiosk-1-token --printer usb://0416:5011 "
            "--no-voice\n") in text
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o640  # the token is a secret
    # the terminal takes its time from the hall node (chrony's sources.d)
    assert "server 10.0.0.2 iburst prefer" in (tmp_path / "mashang.sources").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, says", [
    (["ticket", "--hall", "10.0.0.2:8470", "--token", "t"], "hall URL"),
    (["ticket", "--hall", "http://h:8470", "--token", "a b"], "token"),
    (["counter", "--hall", "http://h:8470", "--token", "t", "--rotate", "45"], "rotation"),
    (["pad", "--hall", "http://h:8470", "--token", "t", "--app-options=--window 3 --no-such-option"],
     "does not know"),
    (["pad", "--hall", "http://h:8470", "--token", "t"], "--window"),  # the pad's parser needs it
])
def test_bad_values_write_nothing(tmp_path, args, says):
    done, env_file = run_setup(tmp_path, *args)
    assert done.returncode == 2 and says in done.stderr and "设置失败" in done.stderr
    assert not env_file.exists()


def test_option_words_must_survive_the_session_scripts_word_split():
    with pytest.raises(SetupError, match="spaces or quotes"):
        terminal_env("display", "http://h:8470", "t", "0", ["--title", "大 厅"])
