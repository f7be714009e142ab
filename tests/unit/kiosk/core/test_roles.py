import pytest

from kiosk.core import roles
from kiosk.core.errors import ErrorKind, HallError
from kiosk.core.roles import Action, Role


def test_roles_are_the_config_words() -> None:
    assert roles.ROLES == ("kiosk", "counter", "pad", "display", "admin")
    assert Role("pad") == "pad"


@pytest.mark.parametrize(("role", "action", "ok"), [
    ("kiosk", Action.ISSUE, True), ("counter", Action.ISSUE, False), ("display", Action.ISSUE, False),
    ("admin", Action.ISSUE, True), ("kiosk", Action.CANCEL, True), ("pad", Action.CANCEL, False),
    ("counter", Action.HANDLE_TICKET, True), ("kiosk", Action.HANDLE_TICKET, False),
    ("pad", Action.RATE, True), ("counter", Action.RATE, True), ("kiosk", Action.RATE, False),
    ("counter", Action.READ_CALLBACKS, False), ("admin", Action.READ_CALLBACKS, True),
    ("display", Action.REPORT_HEALTH, True), ("nobody", Action.REPORT_HEALTH, False),
])
def test_permitted(role: str, action: Action, ok: bool) -> None:
    assert roles.permitted(role, action) is ok


def test_check_permitted_is_a_bilingual_forbidden() -> None:
    with pytest.raises(HallError) as e:
        roles.check_permitted("display", Action.ISSUE)
    assert e.value.code == "forbidden" and e.value.kind == ErrorKind.FORBIDDEN
    assert "display" in e.value.zh and "display" in e.value.en


def test_window_and_ticket_predicates_use_the_facts() -> None:
    assert roles.may_act_for_window("counter", 3, 3) and not roles.may_act_for_window("counter", 2, 3)
    assert roles.may_act_for_window("admin", None, 3) and not roles.may_act_for_window("pad", 3, 3)
    assert roles.may_handle_ticket("counter", 3, 3) and not roles.may_handle_ticket("counter", 3, None)
    assert roles.may_cancel("kiosk", None, 3) and roles.may_cancel("counter", 3, 3)
    assert not roles.may_cancel("counter", 2, 3) and not roles.may_cancel("pad", 3, 3)
    assert roles.may_rate("pad", 2, 2) and not roles.may_rate("pad", 1, 2) and not roles.may_rate("pad", None, None)
    assert roles.may_transfer_waiting("admin") and not roles.may_transfer_waiting("counter")
    assert roles.may_skip_recalls("admin") and not roles.may_skip_recalls("counter")
