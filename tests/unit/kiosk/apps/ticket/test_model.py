"""What the kiosk shows, from what the hall says (pure functions)."""

import datetime as dt

import pytest

from drivers.printer.status import PROBLEMS
from kiosk.apps.ticket import model

CATALOGUE = {
    "hall": {"name": "测试大厅", "notice": "请留意叫号", "status_url": "http://h/t/{number}"},
    "categories": [{"name": "不动产", "name_en": "Real estate", "services": ["property", "gone"]}],
    "services": [
        {"code": "property", "name": "不动产登记", "name_en": "Real estate", "requires_id": True,
         "issuing_open": True, "issuing_reason": "", "waiting": 3, "estimated_wait_s": 61},
        {"code": "social", "name": "社保", "issuing_open": False, "issuing_reason": "not_yet",
         "opens_at": "08:20", "hours": "周一至周五 09:00-12:00"},
        {"code": "tax", "name": "税务", "issuing_open": True, "cap_reached": True},
        {"code": "night", "name": "夜间", "issuing_open": False, "issuing_reason": "closed_for_day"},
    ],
}


def test_categories_keep_known_services_and_collect_the_rest():
    rows = model.category_rows(CATALOGUE, "en")
    assert rows[0] == {"name": "不动产", "label": "Real estate", "services": ["property"]}
    assert rows[1]["services"] == ["social", "tax", "night"]


@pytest.mark.parametrize(("code", "state", "available"), [
    ("property", "open", True), ("social", "not_yet", False), ("tax", "cap", False), ("night", "closed", False)])
def test_service_states(code, state, available):
    row = model.service_row(model.find_service(CATALOGUE, code), "zh")
    assert (row["state"], row["available"]) == (state, available)


def test_service_row_numbers_and_language():
    row = model.service_row(model.find_service(CATALOGUE, "property"), "en")
    assert (row["name"], row["waiting"], row["waitMinutes"], row["requiresId"]) == ("Real estate", 3, 2, True)
    assert model.service_row(model.find_service(CATALOGUE, "social"), "en")["name"] == "社保"  # no English: Chinese


def test_ticket_content_masks_and_fills_status_url():
    ticket = {"id": "x", "number": "A012", "service_name": "不动产登记", "waiting_ahead": 4,
              "estimated_wait_s": 300, "issued_at": "2026-03-02T09:00:00+08:00",
              "citizen": {"name": "张三", "id_number": "3604**********0071"}}
    c = model.ticket_content(ticket, CATALOGUE["hall"])
    assert (c.number, c.holder_name, c.qr_url, c.notice) == ("A012", "张*", "http://h/t/A012", "请留意叫号")
    assert c.issued_at.utcoffset() == dt.timedelta(hours=8)


def test_status_url_with_a_bad_template_is_left_out():
    assert model.status_url("http://h/{nope}", {"id": "1"}) is None
    assert model.status_url("", {"id": "1"}) is None


def test_manual_entry_keys():
    text = ""
    for k in "11010519491231002":
        text = model.manual_entry_key(text, k)
    assert model.manual_entry_key(text[:-1], "X") == text[:-1]  # X only as the 18th character
    text = model.manual_entry_key(text, "X")
    assert text == "11010519491231002X"
    assert model.manual_entry_key(text, "5") == text  # full
    assert model.manual_entry_key(text, "back") == text[:-1]
    assert model.manual_entry_key(text, "clear") == ""
    assert model.manual_entry_key("1", "a") == "1"


def test_manual_entry_hides_the_birth_date():
    shown = model.mask_manual_entry("11010519491231002X")
    assert "19491231" not in shown.replace(" ", "")
    assert shown == "110105 •••• •••• 002X"
    assert model.mask_manual_entry("") == ""


@pytest.mark.parametrize(("state", "code", "blocks"), [
    ("connected", "", False), ("degraded", "paper_near_end", False), ("degraded", "paper_out", True),
    ("degraded", "cover_open", True), ("disconnected", "", False), ("disconnected", "unplugged", True),
    ("stopped", "", True), ("connecting", "", False)])
def test_printer_blocks(state, code, blocks):
    assert model.printer_blocks(state, code) is blocks


def test_admin_gesture_needs_five_quick_taps():
    taps = model.TapCounter()
    assert not any(taps.tap(t) for t in (0, 0.5, 1, 1.5))
    assert taps.tap(2.0)
    assert not taps.tap(2.1)  # counting starts again
    slow = model.TapCounter()
    assert not any(slow.tap(t * 1.0) for t in range(0, 20, 2))


def test_elder_timeouts_are_longer():
    assert model.ELDER_TIMEOUTS.card == 2 * model.NORMAL_TIMEOUTS.card
    assert model.ELDER_TIMEOUTS.issue == model.NORMAL_TIMEOUTS.issue


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_printer_blocks_follows_the_drivers_own_table(code):
    assert model.printer_blocks("degraded", code) is PROBLEMS[code].blocks_printing


def test_each_screen_but_the_spinner_goes_home_by_itself():
    t = model.Timeouts(card=1, manual=2, done=3, message=4, admin=5)
    assert {s: t.for_screen(s) for s in model.Screen} == {
        model.Screen.HOME: 2, model.Screen.CARD: 1, model.Screen.MANUAL: 2, model.Screen.BUSY: 0,
        model.Screen.DONE: 3, model.Screen.MESSAGE: 4, model.Screen.ADMIN_PIN: 5, model.Screen.ADMIN: 5}
    assert [s.position for s in model.Screen] == list(range(len(model.Screen)))


def test_green_channel_age_is_the_halls_or_the_policy_default():
    from kiosk.core.policy import FairnessPolicy

    assert model.green_channel_age({"green_channel_age": 65}) == 65
    assert model.green_channel_age({}) == model.green_channel_age({"green_channel_age": None}) \
        == FairnessPolicy().green_channel_age
