"""The race approach, taper volume and peak-hold rules: the engine keeps them, and the checker
catches each one broken on an otherwise valid plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from booklet.plan import Plan, Profile, Session, check_plan, make_plan
from booklet.plan.limits import (
    FULL_DOWNHILL_DAYS_OUT,
    LAST_EASY_MAX_MIN,
    SHARPENER_DAYS_OUT,
    TAPER_LONG_MAX_SHARE,
    is_sharpener,
    training_minutes,
)

from ..support.sample_profiles import ADVANCED, NO_RESULT
from .test_rules import session, week_of, with_dose, with_session, with_week

RACE_DAY = ADVANCED["race"]["date"]  # Sunday 2027-04-11, the last day of week 14


@pytest.fixture(scope="module")
def raced() -> tuple[Profile, Plan]:
    profile = Profile(**ADVANCED)
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    return profile, plan


def broken(plan: Plan, profile: Profile, fragment: str) -> None:
    problems = check_plan(plan, profile)
    assert any(fragment in p for p in problems), problems


def out(day: date) -> int:
    return (RACE_DAY - day).days


def test_engine_keeps_the_race_approach(raced):
    _, plan = raced
    downhill = [(s.date, w.downhill) for w in plan.weeks for s in w.sessions
                if s.kind == "downhill_tempo"]
    full = [d for d, dose in downhill if not is_sharpener(dose.grade_pct, dose.reps,
                                                          dose.rep_seconds)]
    assert out(max(full)) >= FULL_DOWNHILL_DAYS_OUT
    close = [d for d, _ in downhill if 1 <= out(d) <= SHARPENER_DAYS_OUT[1]]
    assert len(close) == 1 and SHARPENER_DAYS_OUT[0] <= out(close[0])
    last_days = [s for s in plan.sessions if 1 <= out(s.date) <= 3 and s.kind != "strength"
                 and s.kind != "mobility"]
    assert last_days and all(s.kind == "easy" and s.minutes <= LAST_EASY_MAX_MIN
                             for s in last_days)
    assert not [s for s in plan.sessions if s.kind == "long" and 0 < out(s.date) <= 6]


def test_full_downhill_set_in_the_last_ten_days(raced):
    profile, plan = raced
    broken(with_dose(plan, 14, reps=6, rep_seconds=90), profile,
           f"a full downhill set (6 × 90 s at −3%) less than {FULL_DOWNHILL_DAYS_OUT} days out")


def test_downhill_session_too_close_to_the_race(raced):
    profile, plan = raced
    three_out = RACE_DAY - timedelta(days=3)
    broken(with_session(plan, 14, "downhill_tempo", date=three_out), profile,
           "no downhill session closer than 5 days out")


def test_two_downhill_sessions_in_the_last_nine_days(raced):
    profile, plan = raced
    nine_out = RACE_DAY - timedelta(days=9)
    moved = with_session(plan, 13, "downhill_tempo", date=nine_out)
    moved = with_dose(moved, 13, reps=4, rep_seconds=30)
    broken(moved, profile, "2 downhill sessions from 9 to 1 days before the race")


def test_long_run_in_the_last_six_days(raced):
    profile, plan = raced
    broken(with_session(plan, 14, "easy", 3, kind="long"), profile,
           "no long run from 6 days out")


def test_long_easy_run_in_the_last_three_days(raced):
    profile, plan = raced
    easy = [s for s in week_of(plan, 14).sessions if s.kind == "easy" and out(s.date) == 3]
    assert easy
    nth = [s for s in week_of(plan, 14).sessions if s.kind == "easy"].index(easy[0])
    broken(with_session(plan, 14, "easy", nth, minutes=LAST_EASY_MAX_MIN + 5), profile,
           f"only easy runs of at most {LAST_EASY_MAX_MIN} min")


def test_runs_after_the_race_stay_short_and_easy():
    profile = Profile(**{**ADVANCED, "race": {**ADVANCED["race"], "date": date(2027, 4, 7)}})
    plan = make_plan(profile)  # a Wednesday race: the plan goes on to Sunday
    assert check_plan(plan, profile) == []
    after = [s for s in plan.sessions if s.date > profile.race.date and s.kind != "mobility"]
    assert all(s.kind == "easy" and s.minutes <= 30 for s in after if s.kind != "strength")
    day = profile.race.date + timedelta(days=1)
    last = plan.weeks[-1]
    extra = Session(day, "easy", "Easy run", 45, "any", (), ())
    bad = with_week(plan, last.number, sessions=(*last.sessions, extra),
                    planned_minutes=last.planned_minutes + 45)
    broken(bad, profile, "after the race only easy runs of at most 30 min (45 min easy)")


def test_taper_week_too_big(raced):
    profile, plan = raced
    biggest = max(training_minutes(w) for w in plan.weeks)
    assert training_minutes(week_of(plan, 13)) <= 0.65 * biggest
    assert training_minutes(week_of(plan, 14)) <= 0.55 * biggest
    long = session(plan, 13, "long")
    bigger = with_session(plan, 13, "long", minutes=long.minutes + 90)
    bigger = with_week(bigger, 13, planned_minutes=week_of(plan, 13).planned_minutes + 90)
    broken(bigger, profile, f"more than 65% of the biggest week ({biggest})")


def test_taper_long_run_too_long(raced):
    profile, plan = raced
    longest = max(s.minutes for s in plan.sessions if s.kind == "long")
    assert session(plan, 13, "long").minutes <= TAPER_LONG_MAX_SHARE * longest
    too_long = int(TAPER_LONG_MAX_SHARE * longest) + 5
    broken(with_session(plan, 13, "long", minutes=too_long), profile,
           f"a {too_long} min taper long run is more than 70% of the longest ({longest} min)")


def test_the_peak_holds_the_dose(raced):
    profile, plan = raced
    peaks = [w for w in plan.weeks if w.phase == "peak" and not w.deload]
    assert len({(w.downhill.grade_pct, w.downhill.reps, w.downhill.rep_seconds)
                for w in peaks}) == 1
    last_peak = peaks[-1].number
    broken(with_dose(plan, last_peak, grade_pct=4.0), profile,
           f"week {last_peak}: downhill dose rose in the peak phase, which holds it")


def test_sharpener_week_is_exempt_from_the_working_dose():
    """A short plan has a one-week taper: the week before race week is a peak week whose
    downhill session, 5 to 9 days out, is a sharpener below the working dose."""
    profile = Profile(**{**ADVANCED, "weeks": 8})
    plan = make_plan(profile)
    assert [w.phase for w in plan.weeks][-1] == "taper"
    assert check_plan(plan, profile) == []


def test_a_deload_closes_a_block():
    """The first week of a phase is never a deload: the engine brings one due then a week
    forward, and the checker reports it when it is not."""
    profile = Profile(**NO_RESULT)
    plan = make_plan(profile)
    firsts = [b for a, b in zip(plan.weeks, plan.weeks[1:], strict=False) if a.phase != b.phase]
    assert firsts and not any(w.deload for w in firsts)
    first = firsts[0]
    broken(with_week(plan, first.number, deload=True), profile,
           f"week {first.number}: the first week of the {first.phase} phase is a deload")


def test_round_numbers(raced):
    """Easy and long runs in five minutes, warmups and cooldowns in whole minutes,
    recoveries in quarter minutes: the engine keeps it and the checker reports each."""
    profile, plan = raced
    runs = [s for s in plan.sessions if s.kind in ("easy", "long")]
    assert runs and all(s.minutes % 5 == 0 for s in runs)
    broken(with_session(plan, 2, "easy", minutes=42), profile,
           "lasts 42 min, not a multiple of 5")
    downhill = session(plan, 2, "downhill_tempo")
    steps = list(downhill.steps)
    steps[5] = replace(steps[5], seconds=steps[5].seconds + 25)
    broken(with_session(plan, 2, "downhill_tempo", steps=tuple(steps)), profile,
           "a cooldown of")
    steps = list(downhill.steps)
    steps[4] = replace(steps[4], seconds=steps[4].seconds + 10)
    broken(with_session(plan, 2, "downhill_tempo", steps=tuple(steps)), profile,
           "not quarter minutes")
