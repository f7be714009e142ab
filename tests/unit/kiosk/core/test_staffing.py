import math

import pytest

from kiosk.core.staffing import (
    erlang_a,
    erlang_b,
    erlang_c,
    lagged_load,
    mean_wait_c,
    plan_slots,
    service_level_c,
    windows_needed,
)


def test_published_erlang_c_example():
    # 100 arrivals per 30 minutes, 3-minute handling: 10 Erlangs; 20-second target.
    load = 100 / 1800 * 180
    assert load == pytest.approx(10)
    assert erlang_c(14, load) == pytest.approx(0.174, abs=5e-4)
    assert service_level_c(14, load, 180, 20) == pytest.approx(0.888, abs=5e-4)
    assert windows_needed(load, 180, 20, 0.8) == 14
    assert service_level_c(13, load, 180, 20) < 0.8


def test_erlang_b_matches_its_definition():
    a, n = 3.0, 5
    direct = (a**n / math.factorial(n)) / sum(a**k / math.factorial(k) for k in range(n + 1))
    assert erlang_b(n, a) == pytest.approx(direct)


def test_overloaded_windows_never_keep_up():
    assert erlang_c(3, 3.0) == 1.0 and service_level_c(3, 3.5, 600, 900) == 0.0
    assert mean_wait_c(2, 2.5, 600) == math.inf
    assert erlang_c(4, 0.0) == 0.0 and windows_needed(0.0, 600, 900, 0.9) == 0


def test_erlang_a_without_patience_is_erlang_c():
    for n in (3, 5, 8):
        a = erlang_a(n, n * 0.8, 600, None, 600)
        assert a.p_wait == pytest.approx(erlang_c(n, n * 0.8))
        assert a.service_level == pytest.approx(service_level_c(n, n * 0.8, 600, 600))
        assert a.p_abandon == 0.0
    # and a very patient crowd is numerically the same through the chain
    near = erlang_a(14, 10, 180, 1e9, 20)
    assert near.service_level == pytest.approx(0.8883, abs=1e-3)
    assert near.p_wait == pytest.approx(erlang_c(14, 10), abs=1e-4)


def test_impatience_shortens_waits_and_lowers_the_windows_needed():
    patient = erlang_a(4, 3.8, 600, 1e9, 300)
    impatient = erlang_a(4, 3.8, 600, 900, 300)
    assert impatient.mean_wait_s < patient.mean_wait_s
    assert 0.1 < impatient.p_abandon < 0.2
    # Erlang A stays defined above full load, where Erlang C has no answer
    assert erlang_a(4, 5.0, 600, 900, 300).p_abandon > 0.2
    assert windows_needed(12, 900, 900, 0.9, patience_s=1800) < windows_needed(12, 900, 900, 0.9)


def test_lagged_load_reaches_steady_state_and_carries_a_peak_forward():
    steady = lagged_load([60] * 6, 3600, 600)
    assert steady[-1] == pytest.approx(60 / 3600 * 600, rel=1e-3)
    peak = lagged_load([0, 60, 0, 0], 3600, 1800)
    assert peak[0] == 0.0 and peak[2] > 0.2 * peak[1]  # the hour after the peak still has work
    assert lagged_load([0, 0], 3600, 600, backlog=20)[0] > 0  # a backlog at opening is work


def test_plan_on_the_lagged_load_staffs_the_hour_after_a_peak():
    arrivals = [10, 80, 10, 10]
    lagged = plan_slots(arrivals, 3600, 1200, 900, 0.8, patience_s=2400)
    naive = plan_slots(arrivals, 3600, 1200, 900, 0.8, patience_s=2400, lagged=False)
    assert lagged[2].windows > naive[2].windows
    assert all(p.service_level >= 0.8 for p in lagged if p.windows)
    assert [p.slot for p in lagged] == [0, 1, 2, 3]
