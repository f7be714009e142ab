"""Devices that present as keyboards: USB keypad rating pads (read exclusively with evdev)."""

from drivers.hid.keypad import (
    DEFAULT_KEYMAP,
    EventIds,
    KeypadRatingPad,
    RatingEvent,
    list_keyboards,
    parse_keypad_url,
    start_keypad,
)

__all__ = ["DEFAULT_KEYMAP", "EventIds", "KeypadRatingPad", "RatingEvent", "list_keyboards",
           "parse_keypad_url", "start_keypad"]
