"""The strength rules: each broken on a valid plan (dataclasses.replace), and check_plan says so;
hypothesis: generated profiles keep them all."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from booklet.plan import Plan, Profile, Step, check_plan, make_plan
from booklet.plan.rules.strength import (
    check_strength_count,
    check_strength_dose,
    check_strength_placement,
)
from booklet.plan.strength import DEFAULT_DOSES, MAX_LANDINGS

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, profiles

ONE_DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[Profile, Plan]]:
    out = {}
    for name, data in [("beginner", BEGINNER), ("miles", MILES), ("advanced", ADVANCED)]:
        profile = Profile(**data)
        out[name] = (profile, make_plan(profile))
    return out


def strength_of(plan: Plan, n: int) -> list[int]:
    """Indices of week n's strength sessions."""
    return [i for i, s in enumerate(plan.weeks[n - 1].sessions) if s.kind == "strength"]


def changed(plan: Plan, n: int, index: int, **changes) -> Plan:
    """Week n's session ``index`` changed."""
    weeks = list(plan.weeks)
    sessions = list(weeks[n - 1].sessions)
    sessions[index] = replace(sessions[index], **changes)
    weeks[n - 1] = replace(weeks[n - 1], sessions=tuple(sessions))
    return replace(plan, weeks=tuple(weeks))


def added(plan: Plan, n: int, session) -> Plan:
    weeks = list(plan.weeks)
    weeks[n - 1] = replace(weeks[n - 1], sessions=weeks[n - 1].sessions + (session,))
    return replace(plan, weeks=tuple(weeks))


def downhill_day(plan: Plan, n: int):
    return next(s.date for s in plan.weeks[n - 1].sessions if s.kind == "downhill_tempo")


def plyo_week(plan: Plan) -> tuple[int, int]:
    """The first week with plyometrics, and its plyometric session's index."""
    for w in plan.weeks:
        for i, s in enumerate(w.sessions):
            if any(st.plyometric for st in s.steps):
                return w.number, i
    raise AssertionError("no plyometrics in the plan")


def broken(plan: Plan, profile: Profile, fragment: str) -> None:
    problems = check_plan(plan, profile)
    assert any(fragment in p for p in problems), problems


def test_the_fixtures_keep_the_strength_rules(plans):
    for profile, plan in plans.values():
        assert check_plan(plan, profile) == []
        assert any(st.sets for s in plan.sessions for st in s.steps)


# --- placement --------------------------------------------------------------------------------


def test_strength_the_day_before_a_descent(plans):
    profile, plan = plans["beginner"]
    i = strength_of(plan, 2)[0]
    bad = changed(plan, 2, i, date=downhill_day(plan, 2) - ONE_DAY)
    broken(bad, profile, "the day before a downhill session")


def test_strength_on_consecutive_days(plans):
    profile, plan = plans["beginner"]
    first, second = strength_of(plan, 2)
    day = plan.weeks[1].sessions[second].date
    broken(changed(plan, 2, first, date=day - ONE_DAY), profile, "strength on consecutive days")


def test_strength_on_consecutive_days_across_weeks(plans):
    profile, plan = plans["beginner"]
    last = max(plan.weeks[0].sessions[i].date for i in strength_of(plan, 1))
    i = strength_of(plan, 2)[0]
    broken(changed(plan, 2, i, date=last + ONE_DAY), profile,
           f"strength on consecutive days: {last} and {last + ONE_DAY}")


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_plyometrics_within_two_days_of_a_descent(plans, offset):
    profile, plan = plans["beginner"]
    n, i = plyo_week(plan)
    day = downhill_day(plan, n) + timedelta(days=offset)
    broken(changed(plan, n, i, date=day), profile, "less than 2 days from the downhill session")


# --- how many ---------------------------------------------------------------------------------


def test_three_strength_sessions_in_a_week(plans):
    profile, plan = plans["advanced"]
    extra = plan.weeks[1].sessions[strength_of(plan, 2)[0]]
    bad = added(plan, 2, replace(extra, date=extra.date + 4 * ONE_DAY))
    broken(bad, profile, "week 2: 3 strength sessions, at most 2")


def test_two_strength_sessions_in_a_taper_week(plans):
    profile, plan = plans["advanced"]
    extra = plan.weeks[12].sessions[strength_of(plan, 13)[0]]
    bad = added(plan, 13, replace(extra, date=extra.date + 3 * ONE_DAY))
    broken(bad, profile, "week 13: 2 strength sessions, at most 1")


def test_a_strength_session_dropped_although_a_legal_day_is_free(plans):
    profile, plan = plans["advanced"]
    weeks = list(plan.weeks)
    weeks[12] = replace(weeks[12], sessions=tuple(
        s for s in weeks[12].sessions if s.kind != "strength"))
    broken(replace(plan, weeks=tuple(weeks)), profile, "week 13: 0 strength sessions, expected 1")


# --- race approach ----------------------------------------------------------------------------


@pytest.mark.parametrize("days_out", [0, 1, 2, 3])
def test_strength_in_the_last_days_before_the_race(plans, days_out):
    profile, plan = plans["advanced"]
    n = len(plan.weeks)
    bad = changed(plan, n, strength_of(plan, n)[0], date=plan.race.date - days_out * ONE_DAY)
    broken(bad, profile, f"{days_out} days before the race")


@pytest.mark.parametrize("days_after", [1, 2])
def test_strength_just_after_the_race(plans, days_after):
    profile, plan = plans["advanced"]
    n = len(plan.weeks)
    bad = changed(plan, n, strength_of(plan, n)[0], date=plan.race.date + days_after * ONE_DAY)
    broken(bad, profile, f"{days_after} days after the race")


def test_plyometrics_nine_days_before_the_race(plans):
    profile, plan = plans["advanced"]
    n = len(plan.weeks) - 1
    i = strength_of(plan, n)[0]
    session = plan.weeks[n - 1].sessions[i]
    assert 4 <= (plan.race.date - session.date).days <= 9 + 7
    drop = Step("exercise", "Drop landings", 180, exercise="drop-landing", plyometric=True,
                sets=2, reps=5, landings=10)
    bad = changed(plan, n, i, steps=session.steps + (drop,),
                  date=plan.race.date - 9 * ONE_DAY)
    broken(bad, profile, "plyometrics on")
    assert any("days before the race" in p for p in check_plan(bad, profile))


def test_two_strength_sessions_in_race_week(plans):
    profile, plan = plans["advanced"]
    n = len(plan.weeks)
    extra = plan.weeks[n - 1].sessions[strength_of(plan, n)[0]]
    bad = added(plan, n, replace(extra, date=plan.weeks[n - 1].start))
    broken(bad, profile, f"week {n}: 2 strength sessions, at most 1 in a race week")


# --- landings, lateral bounds, deloads --------------------------------------------------------


def with_step(plan: Plan, n: int, i: int, exercise: str, **changes) -> Plan:
    session = plan.weeks[n - 1].sessions[i]
    steps = tuple(replace(st, **changes) if st.exercise == exercise else st
                  for st in session.steps)
    return changed(plan, n, i, steps=steps)


def test_more_than_24_landings(plans):
    profile, plan = plans["beginner"]
    n, i = plyo_week(plan)
    bad = with_step(plan, n, i, "drop-landing", sets=5, reps=6, landings=30)
    broken(bad, profile, f"30 landings on {plan.weeks[n - 1].sessions[i].date}, more than"
                         f" {MAX_LANDINGS}")


def test_landings_that_do_not_match_the_sets_and_reps(plans):
    profile, plan = plans["beginner"]
    n, i = plyo_week(plan)
    broken(with_step(plan, n, i, "drop-landing", landings=7), profile, "states 7 landings")


def test_strength_step_without_sets(plans):
    profile, plan = plans["beginner"]
    i = strength_of(plan, 2)[0]
    broken(with_step(plan, 2, i, "calf-raise", sets=None), profile, "without sets and reps")


def test_lateral_bounds_in_the_first_week_of_drop_landings(plans):
    profile, plan = plans["miles"]
    n, i = plyo_week(plan)
    session = plan.weeks[n - 1].sessions[i]
    assert "lateral-bound" not in {st.exercise for st in session.steps}
    bounds = Step("exercise", "Lateral bounds", 180, exercise="lateral-bound", plyometric=True,
                  sets=1, reps=3, each_side=True, landings=6)
    bad = changed(plan, n, i, steps=session.steps + (bounds,))
    broken(bad, profile, f"week {n}: lateral bounds after 0 weeks of drop landings")


def test_lateral_bounds_come_after_two_weeks_of_drop_landings(plans):
    _, plan = plans["miles"]
    weeks = [w.number for w in plan.weeks
             if any(st.exercise == "drop-landing" for s in w.sessions for st in s.steps)]
    bounds = [w.number for w in plan.weeks
              if any(st.exercise == "lateral-bound" for s in w.sessions for st in s.steps)]
    assert bounds, "the intermediate plan never reaches lateral bounds"
    assert len([w for w in weeks if w < bounds[0]]) >= 2


def test_deload_that_keeps_the_sets(plans):
    profile, plan = plans["beginner"]
    n = next(w.number for w in plan.weeks if w.deload)
    i = strength_of(plan, n)[0]
    full = DEFAULT_DOSES["calf-raise"]["beginner"].sets
    broken(with_step(plan, n, i, "calf-raise", sets=full), profile,
           f"week {n}: deload calf-raise of {full} sets, not a third fewer")


# --- the engine where the days leave little room ----------------------------------------------


def test_days_with_no_room_for_two_sessions_give_one():
    """Mon-Thu only, downhill every Tuesday: Monday is never legal, so one session a week."""
    profile = Profile(**{**BEGINNER, "days": ["mon", "tue", "wed", "thu"], "long_run": "thu"})
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    for week in plan.weeks:
        days = sorted(s.date for s in week.sessions if s.kind == "strength")
        assert all((b - a).days >= 2 for a, b in zip(days, days[1:], strict=False))


STRENGTH_CHECKS = (check_strength_placement, check_strength_count, check_strength_dose)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_generated_profiles_keep_the_strength_rules(profile):
    try:
        plan = make_plan(profile)
    except Exception as exc:  # an unusable hill is refused; property tests elsewhere cover it
        assert type(exc).__name__ == "ProfileError"
        return
    problems = [p for check in STRENGTH_CHECKS for p in check(plan, profile)]
    assert problems == []
    for s in plan.sessions:
        landings = sum(st.landings or 0 for st in s.steps)
        assert landings <= MAX_LANDINGS


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles(race=True))
def test_generated_race_plans_keep_the_race_approach(profile):
    try:
        plan = make_plan(profile)
    except Exception as exc:
        assert type(exc).__name__ == "ProfileError"
        return
    race = plan.race.date
    race_week = plan.weeks[-1]
    assert sum(s.kind == "strength" for s in race_week.sessions) <= 1
    for s in plan.sessions:
        if s.kind != "strength":
            continue
        assert not -2 <= (race - s.date).days <= 3
        if any(st.plyometric for st in s.steps):
            assert (race - s.date).days > 9
