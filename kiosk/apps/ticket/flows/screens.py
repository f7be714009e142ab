"""Which screen shows and for how long: every screen but the spinner counts down and goes home,
so the kiosk never strands a citizen; going home from a citizen's screen resets the kiosk for
the next person. In elder mode each screen says what to do as it opens."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from drivers.voice.announcement import (
    CHIME,
    GUIDE_CHOOSE,
    GUIDE_HELP,
    GUIDE_KEYPAD,
    GUIDE_SWIPE,
    Announcement,
)
from kiosk.apps.ticket import texts
from kiosk.apps.ticket.flows import held_weakly
from kiosk.apps.ticket.model import Screen

if TYPE_CHECKING:
    from kiosk.apps.ticket.backend import KioskBackend

log = logging.getLogger("kiosk.apps.ticket.screens")

# What the elder-mode voice says when a screen opens.
GUIDES = {Screen.CARD: GUIDE_SWIPE, Screen.MANUAL: GUIDE_KEYPAD, Screen.MESSAGE: GUIDE_HELP,
          Screen.HOME: GUIDE_CHOOSE}


class Screens:
    def __init__(self, kiosk: KioskBackend) -> None:
        self.kiosk = held_weakly(kiosk)
        self.busy_text: texts.Shown = texts.nothing

    def go(self, screen: Screen) -> None:
        k = self.kiosk
        k.put("secondsLeft", k.timeouts.for_screen(screen))
        if k.put("screen", screen.value):
            guide = GUIDES.get(screen)
            if k.elder and guide:
                self.say((CHIME, guide))

    def busy(self, source: str) -> None:
        """The spinner, with what the kiosk is waiting for (a texts source)."""
        self.busy_text = texts.ui(source)
        self.kiosk.busyTextChanged.emit()
        self.go(Screen.BUSY)

    def tick(self) -> None:
        k = self.kiosk
        left = k.seconds_left
        if left <= 0:
            return
        k.put("secondsLeft", left - 1)
        if left - 1 == 0:
            self._timed_out()

    def _timed_out(self) -> None:
        k = self.kiosk
        if k.current == Screen.HOME:
            self.reset_citizen()
        elif k.current != Screen.BUSY:
            k.goHome()

    def reset_citizen(self) -> None:
        """The next person gets the kiosk as configured: default language, normal mode."""
        k = self.kiosk
        k.put("greenRequested", False)
        k.put("elder", False)
        k.put("category", 0)
        k.servicesChanged.emit()
        if k.language != k.default_language:
            k.setLanguage(k.default_language)

    def say(self, clips: tuple[str, ...]) -> None:
        voice = self.kiosk.voice
        if voice is None:
            return
        try:
            voice.announce(Announcement(clips))
        except Exception:  # voice is a help, never a reason to fail a ticket
            log.exception("voice announcement failed")
