"""The one definition of each figure (kiosk/core/metrics)."""

from kiosk.core import metrics


def test_p90_nearest_rank() -> None:  # moved from tests/unit/kiosk/central/test_ingest.py
    assert metrics.p90([]) is None
    assert metrics.p90([5.0]) == 5.0
    assert metrics.p90([float(i) for i in range(1, 11)]) == 9.0
    assert metrics.p90([float(i) for i in range(1, 101)]) == 90.0


def test_satisfaction_rate_counts_mostly_satisfied_and_up_over_ratings_given() -> None:
    assert metrics.satisfaction_rate([]) is None
    assert metrics.satisfaction_rate([5, 4, 3, 2]) == 0.75
    assert metrics.satisfaction_rate([1, 2]) == 0.0


def test_rate_from_a_distribution_agrees_with_the_rate_from_levels() -> None:
    dist = {"5": 3, "4": 0, "3": 1, "2": 1, "1": 2}
    levels = [5, 5, 5, 3, 2, 1, 1]
    assert metrics.satisfaction_rate_of(dist) == metrics.satisfaction_rate(levels) == 0.5714
    assert metrics.satisfaction_rate_of({5: 0, 1: 0}) is None
    assert metrics.satisfied_count(dist) == 4


def test_completion_rate() -> None:
    assert metrics.completion_rate(0, 0) is None
    assert metrics.completion_rate(3, 4) == 0.75


def test_waiting_and_service_time() -> None:
    assert metrics.waiting_time_s(100.0, 160.0) == 60.0
    assert metrics.waiting_time_s(100.0, None) is None
    assert metrics.service_time_s(160.0, 200.0, 500.0) == 300.0
    # finished straight from the call: served from the call
    assert metrics.service_time_s(160.0, None, 500.0) == 340.0
    assert metrics.service_time_s(160.0, 200.0, None) is None
    assert metrics.service_time_s(None, None, 500.0) is None


def test_mean_drops_unknown_and_negative_values() -> None:
    assert metrics.mean([]) is None
    assert metrics.mean([None, -5.0, 10.0, 20.0]) == 15.0
    assert metrics.mean([1.0, 2.0], 2) == 1.5
