"""Printer profiles are data: paper geometry, cutter, QR, quirks."""

import dataclasses

import pytest

from drivers.printer.errors import PrinterConfigError
from drivers.printer.profiles import (
    PAPER_58,
    PAPER_80,
    PROFILES,
    PrinterProfile,
    get_profile,
    profile_for_usb,
)


def test_paper_geometry():
    assert (PAPER_58.dots, PAPER_58.chars) == (384, 32)
    assert (PAPER_80.dots, PAPER_80.chars) == (576, 48)
    for paper in (PAPER_58, PAPER_80):
        assert paper.dots == paper.chars * 12  # Font A is 12 dots wide


def test_profiles_are_frozen_and_named_by_their_key():
    for name, profile in PROFILES.items():
        assert profile.name == name
        with pytest.raises(dataclasses.FrozenInstanceError):
            profile.cutter = None  # type: ignore[misc]


def test_get_profile_by_paper_and_unknown_name():
    assert get_profile(paper=58).paper is PAPER_58
    assert get_profile().paper is PAPER_80
    with pytest.raises(PrinterConfigError) as info:
        get_profile("no-such-printer")
    assert "未知打印机型号" in info.value.zh and "unknown printer profile" in info.value.en


def test_quirks_and_usb_lookup():
    assert get_profile("star-escpos-80").ignore_offline_bit
    assert not get_profile("generic-80-noqr").native_qr
    assert profile_for_usb(0x0416, 0x5011).paper is PAPER_58
    assert profile_for_usb(0x1234, 0x5678) is None


def test_bad_profile_values_are_refused():
    with pytest.raises(ValueError):
        PrinterProfile("x", "", PAPER_80, cutter="sideways")
    with pytest.raises(ValueError):
        PrinterProfile("x", "", PAPER_80, code_page="cp437")
