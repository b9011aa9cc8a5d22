"""The long-run bounds and the plan's warnings: the engine keeps the bounds, warns where a
goal's long run or the athlete's volume does not fit, and the checker catches each broken."""

from __future__ import annotations

from datetime import date

import pytest

from booklet.plan import Profile, check_plan, make_plan, plan_to_dict
from booklet.plan.limits import LONG_RUN_MAX_SHARE, long_run_cap, training_minutes

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT
from .test_plan_schema import VALIDATOR
from .test_race_rules import broken
from .test_rules import session, week_of, with_session

MARATHON_ON_LOW_VOLUME = dict(
    id="lee", name="Lee Marsh", level="intermediate", weeks=12, days=["tue", "thu", "sat", "sun"],
    long_run="sun", weekly_minutes=180, recent_race={"distance": "half", "time": "1:45:00"},
    hill={"grade": 4, "length_m": 500},
    race={"name": "City Marathon", "date": date(2027, 4, 25), "distance": "marathon"},
)
BIG_VOLUME_ON_FOUR_DAYS = dict(
    id="max", name="Max Volume", level="beginner", start=date(2027, 1, 4), weeks=8,
    days=["mon", "tue", "wed", "thu"], weekly_minutes=417, hill={"grade": 3, "length_m": 400},
)


def plan_of(data: dict):
    profile = Profile(**data)
    return profile, make_plan(profile)


@pytest.mark.parametrize("data", [BEGINNER, MILES, ADVANCED, NO_RESULT],
                         ids=["beginner", "miles", "advanced", "no_result"])
def test_engine_keeps_the_long_run_bounds(data):
    profile, plan = plan_of(data)
    assert check_plan(plan, profile) == []
    distance = None if plan.race is None else plan.race.distance_m
    for week in plan.weeks:
        longs = [s.minutes for s in week.sessions if s.kind == "long"]
        for minutes in longs:
            assert minutes <= long_run_cap(training_minutes(week), distance)
        if longs:
            assert all(s.minutes <= max(longs) for s in week.sessions if s.kind == "easy")


def test_a_half_marathon_goal_reaches_75_minutes():
    profile, plan = plan_of(ADVANCED)
    assert max(s.minutes for s in plan.sessions if s.kind == "long") >= 75
    assert [w.code for w in plan.warnings] == ["steep_descent"]  # its quarry drop, never used


def test_a_marathon_on_low_volume_warns_and_says_what_would_fit():
    profile, plan = plan_of(MARATHON_ON_LOW_VOLUME)
    assert check_plan(plan, profile) == []
    (warning,) = plan.warnings
    assert warning.code == "long_run_short"
    longest = max(s.minutes for s in plan.sessions if s.kind == "long")
    assert f"The longest long run is {longest} min" in warning.message
    assert "about 120 min" in warning.message and "343 min a week" in warning.message
    # minutes moved from the easy runs first: the long run is at its bound in the peak
    peak = [w for w in plan.weeks if w.phase == "peak" and not w.deload][-1]
    long = max(s.minutes for s in peak.sessions if s.kind == "long")
    assert long >= 5 * int(LONG_RUN_MAX_SHARE * training_minutes(peak) / 5) - 5
    doc = plan_to_dict(plan)
    VALIDATOR.validate(doc)
    assert doc["warnings"] == [{"code": "long_run_short", "message": warning.message}]
    # without the warning the checker reports the short long run
    broken(plan.__class__(**{**plan.__dict__, "warnings": ()}), profile,
           "the goal race asks for 120 min and the plan does not warn why")


def test_a_volume_the_days_cannot_carry_warns():
    profile, plan = plan_of(BIG_VOLUME_ON_FOUR_DAYS)
    assert check_plan(plan, profile) == []
    assert [w.code for w in plan.warnings] == ["volume_capped"]
    assert "Add a running day" in plan.warnings[0].message
    broken(plan.__class__(**{**plan.__dict__, "warnings": ()}), profile,
           "week 1: ")


def test_long_run_longer_than_its_bounds(raced):
    profile, plan = raced
    week = week_of(plan, 10)
    cap = long_run_cap(training_minutes(week), plan.race.distance_m)
    broken(with_session(plan, 10, "long", minutes=cap + 30), profile,
           "long run is longer than the")


def test_easy_run_longer_than_the_long_run(raced):
    profile, plan = raced
    long = session(plan, 10, "long").minutes
    broken(with_session(plan, 10, "easy", minutes=long + 5), profile,
           f"than the week's long run ({long} min)")


@pytest.fixture(scope="module")
def raced():
    return plan_of(ADVANCED)
