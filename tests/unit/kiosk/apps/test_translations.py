"""One i18n scheme for the shell and the counter, pad and display: every string the code or the
QML shows is in a .ts file with its English, and the backends' own texts follow the
installed language (Chinese source, English from the .qm)."""

import shutil

import pytest

from kiosk.i18n_build import I18N, SOURCES, build_translations, unfinished, update_sources
from tests.gui.demo.apphelpers import aloop  # noqa: F401  (asyncio on the Qt loop)


def _messages(ts):
    import xml.etree.ElementTree as ET

    return sorted((ctx.findtext("name"), m.findtext("source"), m.findtext("comment") or "")
                  for ctx in ET.parse(ts).getroot().iter("context") for m in ctx.iter("message"))


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_shown_string_is_in_the_ts_file_with_its_english(tmp_path, name):
    shutil.copy(I18N / name, tmp_path / name)
    update_sources(tmp_path, [name])  # what lupdate finds in the code today
    assert unfinished(tmp_path / name) == [], f"strings without English (run kiosk.i18n_build.update_sources): {name}"
    assert _messages(tmp_path / name) == _messages(I18N / name), f"{name} is out of date with the code"


@pytest.mark.usefixtures("aloop")
def test_the_backends_texts_follow_the_installed_language(qtbot):
    from PySide6.QtCore import QCoreApplication

    from kiosk.apps.counter.backend import CounterBackend
    from kiosk.apps.pad.backend import PadBackend
    from kiosk.apps.runtime import Translations
    from tests.gui.demo.apphelpers import run
    from tests.helpers.stubs import FakeHallClient, window_row

    build_translations()
    counter, pad = CounterBackend(FakeHallClient(), 3), PadBackend(FakeHallClient(), 3)
    tr = Translations(QCoreApplication.instance())
    try:
        counter._apply_window(window_row(3, "open"))
        assert counter.stateText == "办理中" and counter.pauseReasons[3]["text"] == "会议"
        assert tr.set_language("en")
        counter.setLanguage("en")
        pad.setLanguage("en")
        assert counter.stateText == "Open"
        assert [r["text"] for r in counter.pauseReasons][3] == "Meeting"
        assert counter.pauseReasons[3]["value"] == "会议"  # recorded in Chinese
        assert pad.reasons[0] == {"value": "等候时间长", "text": "Waited too long"}
        assert pad.levels[0]["text"] == "Very satisfied"
        tr.set_language("zh")
        assert counter.stateText == "办理中" and pad.reasons[0]["text"] == "等候时间长"
    finally:
        tr.set_language("zh")
        run(qtbot, counter.stop())
        run(qtbot, pad.stop())
