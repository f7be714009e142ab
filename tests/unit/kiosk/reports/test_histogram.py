import random

import pytest

from kiosk.reports.histogram import BUCKET_S, Histogram, exact_percentile_s


def test_month_percentile_from_merged_days_is_within_one_bucket_of_exact():
    rng = random.Random(3)
    days = [[rng.expovariate(1 / (300 + 200 * d)) for _ in range(500)] for d in range(22)]
    month = Histogram()
    for d in days:
        month = month.merge(Histogram.of(d))
    every = [x for d in days for x in d]
    for q in (0.5, 0.9):
        exact = exact_percentile_s(every, q)
        approx = month.percentile_s(q)
        assert exact <= approx <= exact + BUCKET_S
    # an average of daily p90s is not the month's p90: the merge gets it right where that fails
    mean_of_p90 = sum(exact_percentile_s(d, 0.9) for d in days) / len(days)
    assert abs(mean_of_p90 - exact_percentile_s(every, 0.9)) > BUCKET_S
    assert month.total == 22 * 500 and month.maximum_s == max(every)


def test_share_above_target_and_empty_histograms():
    h = Histogram.of([0, 59, 60, 899, 900, 901, 3000])
    assert h.share_above(900) == pytest.approx(3 / 7)  # 900, 901 and 3000 are in buckets >= 15
    assert Histogram().percentile_s(0.5) is None and Histogram().share_above(60) is None
    assert exact_percentile_s([], 0.9) is None
    assert exact_percentile_s([5, 1, 3], 0.5) == 3


def test_round_trip_through_stored_counts():
    h = Histogram.of([10, 70, 75, 200])
    again = Histogram.from_counts({str(k): v for k, v in h.counts.items()}, h.maximum_s)
    assert again == h and again.percentile_s(0.5) == 120
