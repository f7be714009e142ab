"""May this ticket be issued (kiosk/core/issuing): every refusal from small facts."""

import datetime as dt
import zoneinfo

import pytest

from kiosk.core import issuing
from kiosk.core.catalogue import Calendar, Service, SlotCap, parse_period
from kiosk.core.citizens import citizen_from
from kiosk.core.errors import ErrorKind, HallError
from kiosk.core.policy import FairnessPolicy
from kiosk.core.tickets import Priority
from tests.helpers.hall import ELDER_ID, YOUNG_ID

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
ALWAYS = {d: (parse_period("00:00-24:00"),) for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
SLOT = SlotCap(parse_period("08:00-10:00"), 2)
SVC = Service("social", "社保业务", "C", hours=ALWAYS, daily_cap=5, slot_caps=(SLOT,))
ID_SVC = Service("property", "不动产登记", "A", hours=ALWAYS, requires_id=True)
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=TZ)  # a Thursday, inside the slot
SECRET = b"s" * 32


def refused(fn, *args):  # type: ignore[no-untyped-def]
    with pytest.raises(HallError) as e:
        fn(*args)
    assert e.value.zh and e.value.en
    return e.value


def check(svc=SVC, prio=Priority.NORMAL, citizen=None, appointment=None, policy=None,
          calendar=None, now=NOW):  # type: ignore[no-untyped-def]
    return issuing.check_request(svc, prio, citizen, appointment, policy or FairnessPolicy(),
                                 calendar or Calendar(), now)


def test_unknown_service_and_priority() -> None:
    e = refused(issuing.service_for, {"social": SVC}, "nope")
    assert (e.code, e.kind, e.details) == ("unknown_service", ErrorKind.BAD_REQUEST, {"service": "nope"})
    assert refused(issuing.parse_priority, "vip").code == "bad_priority"
    assert issuing.parse_priority("green") == Priority.GREEN


def test_id_required() -> None:
    assert refused(check, ID_SVC).code == "id_required"
    assert check(ID_SVC, citizen=citizen_from({"id_number": YOUNG_ID}, SECRET)) is None


def test_green_channel_by_the_policys_age() -> None:
    elder = citizen_from({"id_number": ELDER_ID}, SECRET)  # born 1949-12-31: 76 on NOW
    young = citizen_from({"id_number": YOUNG_ID}, SECRET)
    assert refused(check, SVC, Priority.GREEN).code == "green_not_eligible"
    e = refused(check, SVC, Priority.GREEN, young)
    assert e.code == "green_not_eligible" and "70" in e.zh
    assert check(SVC, Priority.GREEN, elder) == SLOT
    # one number in the policy moves the rule and its message
    e = refused(check, SVC, Priority.GREEN, elder, None, FairnessPolicy(green_channel_age=80))
    assert "80" in e.zh and "80" in e.en


def test_appointment_needs_its_code() -> None:
    assert refused(check, SVC, Priority.APPOINTMENT).code == "appointment_required"
    assert check(SVC, Priority.APPOINTMENT, None, "YY-1") == SLOT


def test_issuing_closed_on_a_holiday_says_why() -> None:
    e = refused(check, SVC, Priority.NORMAL, None, None, FairnessPolicy(), Calendar(frozenset({NOW.date()})))
    assert e.code == "issuing_closed" and e.kind == ErrorKind.CONFLICT and e.details["reason"] == "closed_today"


def test_daily_cap() -> None:
    issuing.check_counts(SVC, None, issuing.IssueFacts(issued_today=4))
    e = refused(issuing.check_counts, SVC, None, issuing.IssueFacts(issued_today=5))
    assert e.code == "daily_cap_reached" and e.details == {"cap": 5}
    assert issuing.cap_reached(SVC, 5) and not issuing.cap_reached(SVC, 4)


def test_slot_cap() -> None:
    issuing.check_counts(SVC, SLOT, issuing.IssueFacts(issued_today=1, issued_in_slot=1))
    e = refused(issuing.check_counts, SVC, SLOT, issuing.IssueFacts(issued_today=2, issued_in_slot=2))
    assert e.code == "slot_cap_reached" and e.details == {"period": "08:00-10:00"}
    start, end = issuing.slot_bounds(SLOT, NOW.date(), TZ)
    assert end - start == 2 * 3600 and start <= NOW.timestamp() < end


def test_duplicate_ticket_names_the_existing_one() -> None:
    e = refused(issuing.check_counts, SVC, None, issuing.IssueFacts(existing={"number": "C007", "id": "x"}))
    assert e.code == "duplicate_ticket" and "C007" in e.zh and e.details["ticket"]["number"] == "C007"


def test_citizen_record_is_masked_and_keyed() -> None:
    c = citizen_from({"id_number": YOUNG_ID.lower(), "name": "李小龙"}, SECRET)
    assert c is not None and c.name == "李**" and c.id_masked == "3604**********0071"
    assert c.birth_year == 1991 and c.born == dt.date(1991, 1, 1) and YOUNG_ID not in c.key
    assert citizen_from(None, SECRET) is None
    assert refused(citizen_from, {"id_number": "123"}, SECRET).code == "bad_id_number"
    assert refused(citizen_from, {"id_number": YOUNG_ID, "name": "x" * 61}, SECRET).code == "bad_name"
