"""Hard-day spacing with the long run (issue 12, C7): the engine keeps downhill, quality and
long run off each other's neighbours where the athlete's days allow it, and the checker
reports a long run next to a hard session only then."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import pairwise

import pytest

from booklet.plan import Plan, Profile, check_plan, make_plan
from booklet.plan.days import choose_pattern
from booklet.plan.spacing import spacing_admitted

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES
from .test_rules import index_of, week_of, with_week

HARD = ("downhill_tempo", "quality", "long", "race")


def plan_for(data: dict, **changes) -> tuple[Profile, Plan]:
    profile = Profile(**{**data, **changes})
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    return profile, plan


def swapped(plan: Plan, n: int, a: str, b: str, nth_b: int = 0) -> Plan:
    """Week n with the dates of its first session of kind a and nth of kind b swapped."""
    sessions = list(week_of(plan, n).sessions)
    i, j = index_of(plan, n, a), index_of(plan, n, b, nth_b)
    sessions[i], sessions[j] = (replace(sessions[i], date=sessions[j].date),
                                replace(sessions[j], date=sessions[i].date))
    return with_week(plan, n, sessions=tuple(sorted(sessions, key=lambda s: s.date)))


def spacing_problems(plan: Plan, profile: Profile) -> list[str]:
    return [p for p in check_plan(plan, profile) if p.startswith("long run next to")]


def hard_neighbours(plan: Plan) -> list[tuple[str, str]]:
    hard = sorted((s.date, s.kind) for s in plan.sessions if s.kind in HARD)
    return [(k1, k2) for (d1, k1), (d2, k2) in pairwise(hard) if (d2 - d1).days < 2]


# --- "admits": a pure statement on the 7-day circle -----------------------------------------


@pytest.mark.parametrize(("days", "long_run", "admitted"), [
    (["tue", "thu", "sat", "sun"], "sun", True),  # tue, thu, sun
    (["mon", "tue", "wed", "thu"], "wed", False),  # only mon is two days from wed
    (["mon", "tue", "wed", "sun"], "sun", False),  # tue and wed are neighbours
    (["mon", "tue", "wed", "sun"], None, False),  # ... and no other long-run day works
    (["mon", "tue", "wed", "sat", "sun"], "sun", False),
    (["mon", "tue", "wed", "sat", "sun"], None, True),  # long run on sat: mon, wed, sat
    (["mon", "wed", "thu", "sun"], "sun", False),  # mon is next to sun across weeks
    (["mon", "wed", "fri", "sun"], "sun", True),  # wed, fri, sun
    (["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "thu", True),
])
def test_spacing_admitted(days, long_run, admitted):
    assert spacing_admitted(days, long_run) is admitted


def test_choose_pattern_keeps_the_long_run_clear_where_it_can():
    # the beginner: flat quality was on sat, the day before the long run
    assert choose_pattern(("tue", "thu", "sat", "sun"), "sun", 4).quality == 3  # thu
    # without a long_run, the long run moves off sun to sat, where the days allow spacing
    pattern = choose_pattern(("mon", "tue", "wed", "sat", "sun"), None, 5)
    assert (pattern.downhill, pattern.quality, pattern.long) == (0, 2, 5)
    # a fixed sun cannot: downhill and quality stay apart, one of them next to the long run
    pattern = choose_pattern(("mon", "tue", "wed", "sat", "sun"), "sun", 5)
    assert abs(pattern.downhill - pattern.quality) >= 2


@pytest.mark.parametrize("data", [BEGINNER, MILES, ADVANCED])
def test_example_plans_keep_the_long_run_clear(data):
    _, plan = plan_for(data)
    assert hard_neighbours(plan) == []


# --- the checker --------------------------------------------------------------------------


def test_quality_the_day_before_the_long_run():
    profile, plan = plan_for(BEGINNER)  # tue downhill, thu quality, sat easy, sun long
    bad = swapped(plan, 2, "quality", "easy")
    assert spacing_problems(bad, profile) == [
        "long run next to a hard session: quality 2027-01-16 and long 2027-01-17, although"
        " the athlete's days allow them apart"]


def test_long_run_the_day_before_the_next_weeks_downhill():
    profile, plan = plan_for(MILES)  # mon downhill, tue easy, thu quality, sat long, sun easy
    bad = swapped(plan, 1, "long", "easy", nth_b=1)
    assert spacing_problems(bad, profile) == [
        "long run next to a hard session: long 2027-01-10 and downhill_tempo 2027-01-11,"
        " although the athlete's days allow them apart"]


def test_sharpener_the_day_after_the_taper_long_run():
    profile, plan = plan_for(ADVANCED)  # week 13: sun long; week 14: tue sharpener, sun race
    sharpener = next(s for s in week_of(plan, 14).sessions if s.kind == "downhill_tempo")
    monday = sharpener.date - timedelta(days=1)
    assert next(s for s in week_of(plan, 14).sessions if s.date == monday).kind == "easy"
    bad = swapped(plan, 14, "downhill_tempo", "easy")  # the first easy run is monday's
    assert spacing_problems(bad, profile) == [
        "long run next to a hard session: long 2027-04-04 and downhill_tempo 2027-04-05,"
        " although the athlete's days allow them apart"]


@pytest.mark.parametrize("changes", [
    dict(days=["mon", "tue", "wed", "sun"], long_run="sun"),
    dict(days=["mon", "tue", "wed", "sun"], long_run=None),
    dict(days=["mon", "tue", "wed", "thu"], long_run="wed"),
    dict(days=["mon", "tue", "wed", "sat", "sun"], long_run="sun"),
])
@pytest.mark.parametrize("data", [BEGINNER, ADVANCED])
def test_days_that_cannot_keep_the_long_run_clear_are_not_reported(data, changes):
    profile, plan = plan_for(data, **changes)  # check_plan(plan) == []
    assert not spacing_admitted(profile.days, profile.long_run)
    assert any("long" in pair for pair in hard_neighbours(plan))
