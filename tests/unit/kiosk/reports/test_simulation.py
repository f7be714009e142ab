"""The simulation replays visits exactly, and its long-run figures agree with the queueing
formulas in kiosk/core/staffing (each checks the other)."""

import math
import random
import statistics

import pytest

from kiosk.core.staffing import erlang_a, erlang_c, mean_wait_c
from kiosk.reports.simulation import Visit, poisson_visits, simulate


def test_a_replay_by_hand():
    visits = [Visit(0, 10), Visit(1, 10), Visit(2, 10, patience_s=5), Visit(3, 10)]
    out = simulate(visits, lambda t: 2)
    assert [(o.wait_s, o.abandoned) for o in out] == [(0, False), (0, False), (5, True), (7, False)]


def test_windows_that_open_later_serve_the_backlog():
    visits = [Visit(0, 60), Visit(0, 60), Visit(0, 60)]
    # one window until t=30, then three: the two waiting are called at 30
    out = simulate(visits, lambda t: 1 if t < 30 else 3, change_times=[30])
    assert sorted(o.wait_s for o in out) == [0, 30, 30]


def test_still_waiting_at_close_counts_as_given_up():
    out = simulate([Visit(0, 100), Visit(1, 100, patience_s=math.inf)], lambda t: 1)
    assert out[1].wait_s == 99 and not out[1].abandoned
    out = simulate([Visit(0, 100), Visit(1, 100, patience_s=50)], lambda t: 1)
    assert out[1].abandoned and out[1].wait_s == 50


def _batches(values, n=20):
    size = len(values) // n
    means = [statistics.fmean(values[i * size:(i + 1) * size]) for i in range(n)]
    return statistics.fmean(means), statistics.stdev(means) / math.sqrt(n)


@pytest.mark.slow
@pytest.mark.parametrize("servers", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("rho", [0.6, 0.8, 0.95])
def test_erlang_c_agrees_with_simulation(servers, rho):
    service = 600.0
    lam = rho * servers / service
    customers = 60_000 if rho < 0.9 else 150_000
    rng = random.Random(servers * 100 + int(rho * 100))
    visits = poisson_visits([lam], customers / lam, service, None, rng)
    out = simulate(visits, lambda t: servers)[2000:]
    p_wait, se_p = _batches([1.0 if o.wait_s > 0 else 0.0 for o in out])
    wait, se_w = _batches([o.wait_s for o in out])
    assert abs(p_wait - erlang_c(servers, rho * servers)) <= 4 * se_p + 0.005
    assert abs(wait - mean_wait_c(servers, rho * servers, service)) <= 4 * se_w + 0.02 * wait


@pytest.mark.slow
@pytest.mark.parametrize("servers", [2, 5])
def test_erlang_a_agrees_with_simulation(servers):
    service, patience, target = 600.0, 900.0, 300.0
    lam = 0.95 * servers / service
    rng = random.Random(7 + servers)
    visits = poisson_visits([lam], 80_000 / lam, service, patience, rng)
    out = simulate(visits, lambda t: servers)[2000:]
    fig = erlang_a(servers, 0.95 * servers, service, patience, target)
    ab, se_ab = _batches([1.0 if o.abandoned else 0.0 for o in out])
    sl, se_sl = _batches([1.0 if not o.abandoned and o.wait_s <= target else 0.0 for o in out])
    assert abs(ab - fig.p_abandon) <= 4 * se_ab + 0.005
    assert abs(sl - fig.service_level) <= 4 * se_sl + 0.005
