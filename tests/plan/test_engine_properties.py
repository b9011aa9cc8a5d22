"""Property tests: every valid profile gives a plan that keeps every coaching rule."""

from __future__ import annotations

import re
from itertools import pairwise

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from booklet.plan import check_plan, make_plan
from booklet.plan.limits import rise_chances
from booklet.plan.rules.common import sharpening

from ..support.sample_profiles import profiles

MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SOME = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def with_hill(profile, **hill):
    return profile.model_copy(update={"hill": profile.hill.model_copy(update=hill)})


def flat_minimum(plan) -> int | None:
    """The least length the no_suitable_descent warning names, or None (no such warning, or
    the descent fails on grade, not length)."""
    message = next((w.message for w in plan.warnings if w.code == "no_suitable_descent"), "")
    found = re.search(r"it must be at least (\d+) m long", message)
    return None if found is None else int(found.group(1))


def plan_for(profile):
    return make_plan(profile)


@MANY
@given(profiles())
def test_every_plan_keeps_every_rule(profile):
    plan = plan_for(profile)
    assert check_plan(plan, profile) == []


def dose(week):
    return (week.downhill.grade_pct, week.downhill.reps, week.downhill.rep_seconds)


@SOME
@given(profiles(weeks=12))
def test_twelve_week_plans_rise_at_least_three_times(profile):
    """Three rises, or as many as base and build give chances for (the peak holds)."""
    plan = plan_for(profile)
    assume(any(w.downhill is not None for w in plan.weeks))
    loading = [not w.deload and w.phase != "taper" for w in plan.weeks]
    chances = rise_chances((w.phase, ok) for w, ok in zip(plan.weeks, loading, strict=True))
    assert chances >= 2
    working = [dose(w) for w, ok in zip(plan.weeks, loading, strict=True)
               if ok and w.downhill is not None and not sharpening(plan, w)]
    assert sum(1 for a, b in pairwise(working) if a != b) >= min(3, chances)


@SOME
@given(profiles(short_hills=True))
def test_a_short_hill_warns_with_the_length_that_works(profile):
    """The plan is always valid; where the hill is too short for week 1, its downhill days
    are flat strides and eccentric strength, and the warning names a minimum length that is
    exactly enough."""
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    need = flat_minimum(plan)
    if need is None:
        return
    assert need > profile.hill.length_m
    assert all(w.downhill is None for w in plan.weeks)
    longer = with_hill(profile, length_m=float(need))
    longer_plan = make_plan(longer)
    assert check_plan(longer_plan, longer) == []
    assert flat_minimum(longer_plan) is None
    assert any(w.downhill is not None for w in longer_plan.weeks)
    assert flat_minimum(make_plan(with_hill(profile, length_m=float(need - 1)))) == need


@SOME
@given(profiles(short_hills=True), st.floats(0.1, 1.99))
def test_a_gentle_hill_warns(profile, grade):
    gentle = with_hill(profile, grade=grade)
    plan = make_plan(gentle)
    assert check_plan(plan, gentle) == []
    assert all(w.downhill is None for w in plan.weeks)
    assert any(w.code == "no_suitable_descent" and f"at least {2:g}%" in w.message
               for w in plan.warnings)
