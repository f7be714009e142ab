from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.policy import Candidate, FairnessPolicy, next_counter, pick_next
from kiosk.core.tickets import Priority

P = FairnessPolicy(normal_per_priority=2, aging_limit_s=1800)


def c(n, prio=Priority.NORMAL, ts=0.0, service="a", target=None):
    return Candidate(id=n, number=n, service=service, priority=prio, issued_ts=ts, target_window=target)


def drain(cands, services=("a",), policy=P, now=100.0):
    order, counter, pool = [], 0, list(cands)
    while pool:
        picked = pick_next(pool, 1, services, counter, policy, now)
        order.append(picked.number)
        counter = next_counter(picked, counter)
        pool.remove(picked)
    return order


def test_one_priority_per_two_normal():
    cands = [c(f"N{i}", ts=i) for i in range(6)] + [c(f"P{i}", Priority.GREEN, ts=10 + i) for i in range(3)]
    assert drain(cands) == ["N0", "N1", "P0", "N2", "N3", "P1", "N4", "N5", "P2"]


def test_aging_bound_beats_priority():
    old_normal = c("N0", ts=0)
    prio = c("P0", Priority.APPOINTMENT, ts=50)
    # counter says a priority is due, but N0 has waited past the limit
    assert pick_next([old_normal, prio], 1, ("a",), 5, P, now_ts=1800).number == "N0"
    assert pick_next([old_normal, prio], 1, ("a",), 5, P, now_ts=1799).number == "P0"


def test_only_services_of_the_window_and_targeted_tickets():
    cands = [c("X", service="b", ts=0), c("T", service="b", ts=5, target=1), c("O", service="a", ts=9, target=2)]
    assert pick_next(cands, 1, ("a",), 0, P, 10).number == "T"
    assert pick_next([cands[0], cands[2]], 1, ("a",), 0, P, 10) is None


def test_oldest_first_across_services_of_a_comprehensive_window():
    cands = [c("B1", service="b", ts=3), c("A1", service="a", ts=4)]
    assert pick_next(cands, 1, ("a", "b"), 0, P, 10).number == "B1"


@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1000)), min_size=1, max_size=40))
def test_no_normal_waits_past_the_limit_because_of_priority(spec):
    """Whatever the mix, a normal ticket that reached the aging limit is called before any
    priority ticket."""
    cands = [c(f"T{i}", Priority.GREEN if g else Priority.NORMAL, ts=ts) for i, (g, ts) in enumerate(spec)]
    now = 2500.0
    picked = pick_next(cands, 1, ("a",), 0, P, now)
    aged = [x for x in cands if x.priority == Priority.NORMAL and now - x.issued_ts >= P.aging_limit_s]
    if aged:
        assert picked.priority == Priority.NORMAL
        assert picked.issued_ts == min(x.issued_ts for x in aged)
