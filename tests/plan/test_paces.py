"""Pacing science against worked examples (Daniels' tables, the grade factor model)."""

from __future__ import annotations

import pytest

from booklet.plan.paces import (
    downhill_target_pace,
    grade_factor,
    paces_from_race,
    predict_seconds,
    training_paces,
    vdot,
)


def test_a_20_minute_5k_is_vdot_49_8():
    assert vdot(5000, 20 * 60) == pytest.approx(49.8, abs=0.05)


def test_vdot_50_predicts_a_19_57_5k():
    assert predict_seconds(50, 5000) == pytest.approx(19 * 60 + 57, abs=3)


def test_vdot_50_training_paces():
    p = training_paces(50)
    assert p.vdot == 50
    assert p.easy_s_per_km == pytest.approx((4 * 60 + 56, 5 * 60 + 34), abs=1.5)
    assert p.threshold_s_per_km == pytest.approx(4 * 60 + 15, abs=1)
    assert p.interval_s_per_km == pytest.approx(3 * 60 + 55, abs=1)
    # Daniels' table: VDOT 50 runs a 3:10:49 marathon, about 4:31 /km
    assert p.marathon_s_per_km == pytest.approx(271, abs=1.5)


def test_paces_run_fast_to_slow():
    p = paces_from_race(10_000, 45 * 60)
    assert p.interval_s_per_km < p.threshold_s_per_km < p.marathon_s_per_km
    assert p.marathon_s_per_km < p.easy_s_per_km[0] < p.easy_s_per_km[1]


@pytest.mark.parametrize("distance", [800, 5000, 21097.5, 42195, 100_000])
@pytest.mark.parametrize("score", [20, 35, 50, 70])
def test_predicted_time_has_the_vdot_it_was_predicted_from(distance, score):
    assert vdot(distance, predict_seconds(score, distance)) == pytest.approx(score, abs=1e-6)


def test_minus_4_percent_worked_example():
    # threshold 4:15 /km on a -4% descent -> 4:15 x 0.918 ~ 3:54 /km
    assert grade_factor(-4) == pytest.approx(0.918)
    assert round(downhill_target_pace(255, 4)) == 3 * 60 + 54


def test_downhill_pace_takes_the_grade_as_a_descent_either_way():
    assert downhill_target_pace(255, -4) == downhill_target_pace(255, 4)


@pytest.mark.parametrize(
    ("grade", "factor"),
    [
        (0, 1.0),
        (-2, 0.960),
        (-3, (0.918 + 0.960) / 2),
        (-5, (0.891 + 0.918) / 2),
        (-2.5, 0.960 + (0.918 - 0.960) / 4),
        (-9, 0.876),
        (1, (1.0 + 1.055) / 2),
        (10, 1.459),
    ],
)
def test_grade_factor_interpolates_linearly(grade, factor):
    assert grade_factor(grade) == pytest.approx(factor)


def test_grade_factor_holds_the_end_rows_beyond_ten_percent():
    assert grade_factor(-15) == grade_factor(-10) == 0.876
    assert grade_factor(14) == grade_factor(10)
