"""Property tests: every valid profile gives a plan that keeps every coaching rule."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from booklet.errors import ProfileError
from booklet.plan import check_plan, make_plan
from booklet.plan.limits import downhill_speed, rise_chances
from booklet.plan.rules.common import sharpening

from ..support.sample_profiles import profiles

MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_hill(profile, **hill):
    return profile.model_copy(update={"hill": profile.hill.model_copy(update=hill)})


def hill_minimum(error: ProfileError) -> int:
    [problem] = error.problems
    assert problem.key == "hill.length_m"
    return int(re.search(r"at least (\d+) m", problem.message).group(1))


def plan_for(profile):
    """The plan, or None when the hill is too short (checked to be so) for week 1."""
    try:
        return make_plan(profile)
    except ProfileError as exc:
        assert hill_minimum(exc) > profile.hill.length_m
        return None


@MANY
@given(profiles())
def test_every_plan_keeps_every_rule(profile):
    plan = plan_for(profile)
    assert plan is None or check_plan(plan, profile) == []


def dose(week):
    return (week.downhill.grade_pct, week.downhill.reps, week.downhill.rep_seconds)


@SOME
@given(profiles(weeks=12))
def test_twelve_week_plans_rise_at_least_three_times(profile):
    """Three rises, or as many as base and build give chances for (the peak holds)."""
    plan = plan_for(profile)
    assume(plan is not None)
    loading = [not w.deload and w.phase != "taper" for w in plan.weeks]
    chances = rise_chances((w.phase, ok) for w, ok in zip(plan.weeks, loading, strict=True))
    assert chances >= 2
    working = [dose(w) for w, ok in zip(plan.weeks, loading, strict=True)
               if ok and w.downhill is not None and not sharpening(plan, w)]
    assert sum(1 for a, b in pairwise(working) if a != b) >= min(3, chances)


@SOME
@given(profiles(short_hills=True))
def test_a_short_hill_is_refused_with_the_length_that_works(profile):
    """Either the plan is valid, or the error names a minimum length that is exactly enough."""
    try:
        plan = make_plan(profile)
    except ProfileError as exc:
        need = hill_minimum(exc)
        assert need > profile.hill.length_m
        longer = with_hill(profile, length_m=float(need))
        assert check_plan(make_plan(longer), longer) == []
        with pytest.raises(ProfileError):
            make_plan(with_hill(profile, length_m=float(need - 1)))
    else:
        assert check_plan(plan, profile) == []


@SOME
@given(profiles(), st.floats(0.1, 1.99))
def test_a_gentle_hill_is_refused(profile, grade):
    with pytest.raises(ProfileError) as caught:
        make_plan(with_hill(profile, grade=grade))
    assert caught.value.problems[0].key == "hill.grade"


@SOME
@given(profiles(level="advanced"))
def test_advanced_runners_reach_a_minute_by_the_peak_where_the_hill_allows(profile):
    plan = plan_for(profile)
    assume(plan is not None)
    for week in plan.weeks:
        # the race approach's last nine days hold only a sharpener, or no downhill at all
        if (week.phase == "peak" and not week.deload and week.downhill is not None
                and not sharpening(plan, week)):
            speed = downhill_speed("advanced", plan.paces, week.downhill.grade_pct)
            if 60 * speed <= profile.hill.length_m:
                assert week.downhill.rep_seconds >= 60


@SOME
@given(profiles())
def test_display_units_do_not_change_the_plan(profile):
    other = "mi" if profile.units == "km" else "km"
    a = plan_for(profile)
    assume(a is not None)
    b = make_plan(profile.model_copy(update={"units": other}))
    assert replace(a, athlete=b.athlete) == b


@SOME
@given(profiles())
def test_strength_and_runs_stay_on_the_athletes_days(profile):
    plan = plan_for(profile)
    assume(plan is not None)
    days = set(profile.days)
    for s in plan.sessions:
        if s.kind != "race":
            assert f"{s.date:%a}".lower() in days
    hard = sorted(s.date for s in plan.sessions if s.hard)
    assert all((b - a).days >= 2 for a, b in pairwise(hard))
