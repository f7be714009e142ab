import pytest

from kiosk.core.errors import HallError
from kiosk.core.estimate import average_service_s, estimated_wait_s
from kiosk.core.tickets import TicketState, check_transition, format_number


def test_numbering():
    assert format_number("A", 1) == "A001"
    assert format_number("AB", 999) == "AB999"
    assert format_number("A", 1000) == "A1000"


@pytest.mark.parametrize("action,state,target", [
    ("call", TicketState.WAITING, TicketState.CALLED),
    ("start", TicketState.CALLED, TicketState.SERVING),
    ("finish", TicketState.SERVING, TicketState.DONE),
    ("no_show", TicketState.CALLED, TicketState.NO_SHOW),
    ("transfer", TicketState.SERVING, TicketState.WAITING),
    ("cancel", TicketState.WAITING, TicketState.CANCELLED),
])
def test_allowed(action, state, target):
    assert check_transition(action, state, "A001") == target


@pytest.mark.parametrize("action,state", [
    ("call", TicketState.DONE), ("finish", TicketState.WAITING), ("no_show", TicketState.SERVING),
    ("cancel", TicketState.DONE), ("recall", TicketState.WAITING),
])
def test_refused_with_both_languages(action, state):
    with pytest.raises(HallError) as err:
        check_transition(action, state, "A001")
    assert err.value.code == "bad_state"
    assert "A001" in err.value.zh and "A001" in err.value.en


def test_estimates():
    assert estimated_wait_s(0, 300, 2) == 0
    assert estimated_wait_s(4, 300, 2) == 600
    assert estimated_wait_s(3, 300, 0) == 900  # no window open yet: assume one
    # few samples are pulled towards the configured default
    assert 300 < average_service_s([60], 480) < 480
    assert average_service_s([], 480) == 480
