import datetime as dt
import zoneinfo

import pytest

from kiosk.core.catalogue import (
    Calendar,
    Service,
    SlotCap,
    issuing_status,
    parse_period,
    slot_cap_for,
)

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
WEEKDAY_HOURS = {d: (parse_period("08:30-12:00"), parse_period("14:00-17:30"))
                 for d in ("mon", "tue", "wed", "thu", "fri")}
SVC = Service("property", "不动产登记", "A", hours=WEEKDAY_HOURS)
THURSDAY = dt.date(2026, 11, 26)


def at(hhmm, day=THURSDAY):
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), TZ)


@pytest.mark.parametrize("hhmm,open_,reason", [
    ("07:49", False, "not_yet"),
    ("07:50", True, ""),      # issuing opens 40 minutes before the windows
    ("12:30", True, ""),      # lunch break: tickets still issued
    ("17:29", True, ""),
    ("17:30", False, "closed_for_day"),
])
def test_issuing_window(hhmm, open_, reason):
    st = issuing_status(SVC, Calendar(), at(hhmm))
    assert (st.open, st.reason) == (open_, reason)


def test_not_yet_says_when():
    st = issuing_status(SVC, Calendar(), at("07:00"))
    assert st.opens_at == at("07:50")


def test_weekend_holiday_and_make_up_day():
    saturday = dt.date(2026, 11, 28)
    assert issuing_status(SVC, Calendar(), at("09:00", saturday)).reason == "closed_today"
    assert issuing_status(SVC, Calendar(workdays={saturday: "mon"}), at("09:00", saturday)).open
    assert issuing_status(SVC, Calendar(holidays=frozenset({THURSDAY})), at("09:00")).reason == "closed_today"


def test_hours_text_groups_days():
    assert SVC.hours_text() == "周一至周五 08:30-12:00 14:00-17:30"


def test_slot_caps():
    svc = Service("x", "x", "X", slot_caps=(SlotCap(parse_period("08:30-10:00"), 5),))
    assert slot_cap_for(svc, at("09:59")).cap == 5
    assert slot_cap_for(svc, at("10:00")) is None


@pytest.mark.parametrize("text", ["8:30", "12:00-08:00", "aa-bb", "09:00-09:00"])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)
