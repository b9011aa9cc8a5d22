"""Real descents: each rule of the descent check broken on a valid plan, and reported."""

from __future__ import annotations

from dataclasses import replace

import pytest

from booklet.plan import Profile, check_plan, make_plan

from ..support.sample_profiles import MILES
from .test_race_rules import broken
from .test_rules import session, week_of, with_dose, with_session

DESCENTS = [{"name": "Lane", "grade": 3, "length_m": 300},
            {"name": "Ridge", "grade": 5, "length_m": 600},
            {"name": "Cliff", "grade": 8, "length_m": 500}]


@pytest.fixture(scope="module")
def several():
    profile = Profile(**{**{k: v for k, v in MILES.items() if k != "hill"},
                         "descents": DESCENTS})
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    return profile, plan


def test_a_descent_the_profile_does_not_list(several):
    profile, plan = several
    moved = with_dose(plan, 2, descent="Quarry")
    moved = with_session(moved, 2, "downhill_tempo", descent="Quarry")
    broken(moved, profile, "week 2: the downhill dose names 'Quarry', which the profile")


def test_session_and_dose_disagree(several):
    profile, plan = several
    broken(with_session(plan, 2, "downhill_tempo", descent="Ridge"), profile,
           "names 'Ridge', its week's dose 'Lane'")


def test_grade_more_than_a_point_from_the_descent(several):
    profile, plan = several
    assert week_of(plan, 2).downhill.descent == "Lane"
    broken(with_dose(plan, 2, grade_pct=1.5), profile,
           "week 2: grade 1.5% on Lane (3%), more than 1 point from its grade")


def test_reps_on_a_descent_steeper_than_six_percent(several):
    profile, plan = several
    bad = with_dose(plan, 2, descent="Cliff", grade_pct=8.0)
    bad = with_session(bad, 2, "downhill_tempo", descent="Cliff")
    problems = check_plan(bad, profile)
    assert any("reps on Cliff, steeper than 6%" in p for p in problems), problems
    assert any("grade 8% is over 6%" in p for p in problems), problems


def test_a_listed_steep_descent_needs_its_warning(several):
    profile, plan = several
    assert [w.code for w in plan.warnings] == ["steep_descent"]
    broken(replace(plan, warnings=()), profile,
           "Cliff (8%) is steeper than 6% but the plan has no steep_descent warning")


def test_treadmill_grade_within_its_decline():
    profile = Profile(**{**{k: v for k, v in MILES.items() if k != "hill"},
                         "treadmill": {"max_decline": 3}})
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    assert session(plan, 2, "downhill_tempo").descent == "treadmill"
    broken(with_dose(plan, 2, grade_pct=4.0), profile,
           "week 2: grade 4% is more than the treadmill's 3% decline")


def test_flat_replacement_needs_its_warning():
    profile = Profile(**{k: v for k, v in MILES.items() if k != "hill"})
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    assert [w.code for w in plan.warnings] == ["no_suitable_descent"]
    broken(replace(plan, warnings=()), profile,
           "replace the downhill session, but the plan has no no_suitable_descent warning")
