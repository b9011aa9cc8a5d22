"""The rule checker catches each broken rule: valid plans, broken with dataclasses.replace."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from booklet.plan import Plan, Profile, Session, Step, Target, check_plan, make_plan

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[Profile, Plan]]:
    out = {}
    for name, data in [("beginner", BEGINNER), ("miles", MILES), ("advanced", ADVANCED),
                       ("no_result", NO_RESULT)]:
        profile = Profile(**data)
        out[name] = (profile, make_plan(profile))
    return out


def week_of(plan: Plan, n: int):
    return plan.weeks[n - 1]


def with_week(plan: Plan, n: int, **changes) -> Plan:
    weeks = list(plan.weeks)
    weeks[n - 1] = replace(weeks[n - 1], **changes)
    return replace(plan, weeks=tuple(weeks))


def with_dose(plan: Plan, n: int, **changes) -> Plan:
    return with_week(plan, n, downhill=replace(week_of(plan, n).downhill, **changes))


def index_of(plan: Plan, n: int, kind: str, nth: int = 0) -> int:
    return [i for i, s in enumerate(week_of(plan, n).sessions) if s.kind == kind][nth]


def with_session(plan: Plan, n: int, which: str, nth: int = 0, **changes) -> Plan:
    """Week n's nth session of kind ``which``, changed."""
    sessions = list(week_of(plan, n).sessions)
    i = index_of(plan, n, which, nth)
    sessions[i] = replace(sessions[i], **changes)
    return with_week(plan, n, sessions=tuple(sessions))


def without_session(plan: Plan, n: int, kind: str, nth: int = 0) -> Plan:
    sessions = list(week_of(plan, n).sessions)
    del sessions[index_of(plan, n, kind, nth)]
    return with_week(plan, n, sessions=tuple(sessions))


def session(plan: Plan, n: int, kind: str, nth: int = 0) -> Session:
    return week_of(plan, n).sessions[index_of(plan, n, kind, nth)]


def with_steps(plan: Plan, n: int, kind: str, steps, nth: int = 0) -> Plan:
    return with_session(plan, n, kind, nth, steps=tuple(steps))


def broken(plan: Plan, profile: Profile, fragment: str) -> None:
    problems = check_plan(plan, profile)
    assert any(fragment in p for p in problems), problems


def test_the_fixtures_are_valid(plans):
    for profile, plan in plans.values():
        assert check_plan(plan, profile) == []


# --- one value changed: each case breaks one rule, and check_plan says which ----------------


def in_dose(n: int, **changes):
    """Change week n's downhill dose."""
    return lambda plan: with_dose(plan, n, **changes)


def in_week(n: int, **changes):
    """Change week n."""
    return lambda plan: with_week(plan, n, **changes)


def in_session(n: int, which: str, /, **changes):
    """Change week n's first session of kind ``which``."""
    return lambda plan: with_session(plan, n, which, **changes)


#: (plan, the change, what check_plan says)
CASES = [
    # the downhill dose rule, level bounds and the downhill effort (paces)
    pytest.param("beginner", in_dose(4, grade_pct=3.0),
                 "week 4: downhill dose rose in two ways at once (grade 2->3, reps 4->6)",
                 id="dose_rising_two_ways_at_once"),
    pytest.param("beginner", in_dose(4, reps=8),
                 "week 4: downhill dose rose by more than one step (reps 4->8)",
                 id="dose_rising_more_than_a_step"),
    pytest.param("beginner", in_dose(2, reps=6),
                 "week 2: downhill dose rose after only 1 week",
                 id="dose_rising_after_one_week"),
    pytest.param("beginner", in_dose(5, reps=5),
                 "week 5: downhill dose fell outside a deload",
                 id="dose_falling_outside_a_deload"),
    pytest.param("beginner", in_dose(3, reps=6),
                 "week 3: deload dose 6 × 20 s at −2% exceeds the working dose 4 × 20 s at −2%",
                 id="deload_dose_above_the_working_dose"),
    pytest.param("advanced", in_dose(13, rep_seconds=105),
                 "week 13: taper dose",
                 id="taper_dose_above_the_working_dose"),
    pytest.param("beginner", in_dose(12, grade_pct=3.5),
                 "grade 3.5% is steeper than 3%",
                 id="grade_steeper_than_the_hill"),
    pytest.param("beginner", in_dose(12, reps=9),
                 "9 reps is outside 3-8",
                 id="reps_outside_the_level_range"),
    pytest.param("beginner", in_dose(12, rep_seconds=50),
                 "50 s reps are longer than 45 s",
                 id="reps_longer_than_the_level_allows"),
    # 350 m at the intermediate estimate of 4.6 m/s holds 76 s at most
    pytest.param("no_result", in_dose(10, rep_seconds=77),
                 "more than the 350 m of your descent",
                 id="rep_longer_than_the_hill"),
    pytest.param("beginner", in_dose(1, rep_seconds=35),
                 "week 1: 35 s reps, expected 20-30 s",
                 id="first_week_reps_too_long"),
    pytest.param("miles", in_dose(1, grade_pct=4.5),
                 "week 1: grade 4.5% is steeper than 4%",
                 id="first_week_too_steep"),
    pytest.param("advanced", in_dose(10, rep_seconds=45),
                 "week 10: advanced reps are still 45 s in the peak phase",
                 id="advanced_reps_short_in_the_peak"),
    pytest.param("miles", in_dose(6, recovery_seconds=85),
                 "week 6: 85 s recovery after 45 s reps, expected at least 135 s",
                 id="recovery_under_three_times_the_rep"),
    pytest.param("beginner", in_dose(7, recovery_seconds=105),
                 "expected at least 120 s",
                 id="recovery_under_two_minutes"),
    pytest.param("no_result", in_dose(2, rpe=(8, 9)),
                 "downhill effort (8, 9)",
                 id="wrong_downhill_effort"),
    # the Frame rules, phases and load, units in text
    pytest.param("beginner", in_week(2, downhill=None),
                 "dose and the downhill session disagree",
                 id="dose_without_its_session"),
    pytest.param("beginner", in_week(2, phase="peak"),
                 "phases out of order",
                 id="phases_out_of_order"),
    pytest.param("beginner", in_week(12, phase="taper", deload=False),
                 "a taper without a goal",
                 id="taper_without_race"),
    pytest.param("miles", in_week(4, deload=False),
                 "weeks 1-4: four weeks without a deload",
                 id="four_weeks_without_a_deload"),
    pytest.param("miles", in_week(4, planned_minutes=230),
                 "deload of 230 min is more than 80%",
                 id="deload_not_light_enough"),
    pytest.param("beginner", in_week(2, planned_minutes=170),
                 "week 2: 170 min is more than 10% over the week before (150)",
                 id="week_rising_more_than_ten_percent"),
    pytest.param("beginner", in_week(2, planned_minutes=158),
                 "but runs add up to 159",
                 id="planned_minutes_must_be_the_running_minutes"),
    pytest.param("beginner", in_week(2, focus="Run the 5 km loop"),
                 "text with a distance",
                 id="units_in_focus"),
    # the Frame rules: the weekly frame
    pytest.param("beginner", in_session(2, "quality", kind="easy"),
                 "week 2: 0 quality sessions, expected exactly one",
                 id="loading_week_without_quality"),
    pytest.param("beginner", in_session(2, "quality", terrain="downhill"),
                 "not flat",
                 id="quality_session_not_on_the_flat"),
    pytest.param("beginner", in_session(1, "easy", kind="mobility"),
                 "week 1: 1 easy runs, expected at least two",
                 id="too_few_easy_runs"),
]


@pytest.mark.parametrize(("name", "change", "fragment"), CASES)
def test_one_change_breaks_a_rule(plans, name, change, fragment):
    profile, plan = plans[name]
    broken(change(plan), profile, fragment)


# --- the Frame rules: the calendar ------------------------------------------------------------


def test_missing_week(plans):
    profile, plan = plans["beginner"]
    broken(replace(plan, weeks=plan.weeks[:-1]), profile, "the plan has 11 weeks")


def test_week_starting_on_the_wrong_day(plans):
    profile, plan = plans["beginner"]
    bad = with_week(plan, 3, start=week_of(plan, 3).start + timedelta(days=1))
    broken(bad, profile, "week 3: numbered 3 starting")


def test_session_on_a_day_the_athlete_does_not_run(plans):
    profile, plan = plans["beginner"]
    easy = session(plan, 1, "easy")  # Thursday
    bad = with_session(plan, 1, "easy", date=easy.date - timedelta(days=1))
    broken(bad, profile, "not one of the athlete's days")


def test_two_runs_on_one_day(plans):
    profile, plan = plans["beginner"]
    bad = with_session(plan, 1, "easy", date=session(plan, 1, "downhill_tempo").date)
    broken(bad, profile, "two runs on")


def test_race_session_missing(plans):
    profile, plan = plans["advanced"]
    broken(without_session(plan, 14, "race"), profile, "expected one race session")


# --- the Frame rules: the weekly frame --------------------------------------------------------


def test_week_without_a_downhill_session(plans):
    profile, plan = plans["beginner"]
    bad = with_week(without_session(plan, 2, "downhill_tempo"), 2, downhill=None)
    broken(bad, profile, "week 2: 0 downhill tempo sessions, expected exactly one")


def test_week_with_two_downhill_sessions(plans):
    profile, plan = plans["beginner"]
    extra = replace(session(plan, 2, "downhill_tempo"), date=session(plan, 2, "long").date)
    bad = with_week(plan, 2, sessions=week_of(plan, 2).sessions + (extra,))
    broken(bad, profile, "week 2: 2 downhill tempo sessions")


def test_race_week_downhill_too_close_to_the_race(plans):
    profile, plan = plans["advanced"]
    race_day = plan.race.date
    bad = with_session(plan, 14, "downhill_tempo", date=race_day - timedelta(days=3))
    broken(bad, profile, "less than 4 days before the race")


def test_hard_days_back_to_back_within_a_week(plans):
    profile, plan = plans["miles"]
    monday = session(plan, 1, "downhill_tempo").date
    bad = with_session(plan, 1, "quality", date=monday + timedelta(days=1))
    broken(bad, profile, "hard sessions on consecutive days")


def test_hard_days_back_to_back_across_weeks(plans):
    profile, plan = plans["miles"]
    next_monday = session(plan, 2, "downhill_tempo").date
    bad = with_session(plan, 1, "quality", date=next_monday - timedelta(days=1))
    broken(bad, profile, f"quality {next_monday - timedelta(days=1)} and downhill_tempo")


# --- the downhill dose rule -------------------------------------------------------------------


def test_dose_held_although_it_could_rise(plans):
    profile, plan = plans["beginner"]
    first = week_of(plan, 1).downhill
    bad = plan
    for week in plan.weeks:
        bad = with_week(bad, week.number, downhill=replace(
            first, reps=3 if week.deload else first.reps))
    problems = check_plan(bad, profile)
    assert any("held 4 weeks although it could rise" in p for p in problems), problems
    assert ("the downhill dose rises 0 times; a plan of 12 weeks or more needs 2 (its base and"
            " build give 2 chances)") in problems


# --- the Frame rules: the downhill session's anatomy ------------------------------------------


def test_downhill_session_without_drills(plans):
    profile, plan = plans["beginner"]
    steps = [st for st in session(plan, 2, "downhill_tempo").steps if st.part != "drills"]
    broken(with_steps(plan, 2, "downhill_tempo", steps), profile, "has steps")


def test_warmup_too_long_and_cooldown_too_short(plans):
    profile, plan = plans["beginner"]
    steps = list(session(plan, 2, "downhill_tempo").steps)
    steps[0] = replace(steps[0], seconds=900)
    steps[5] = replace(steps[5], seconds=120)
    bad = with_steps(plan, 2, "downhill_tempo", steps)
    broken(bad, profile, "warmup of 900 s, expected 5-10 min")
    broken(bad, profile, "cooldown of 120 s, expected at least 5 min")


def test_recovery_that_is_not_a_jog_or_walk(plans):
    profile, plan = plans["beginner"]
    steps = list(session(plan, 2, "downhill_tempo").steps)
    steps[4] = replace(steps[4], text="Stand still")
    broken(with_steps(plan, 2, "downhill_tempo", steps), profile, "not a jog or a walk")


def test_main_set_not_the_weeks_dose(plans):
    profile, plan = plans["beginner"]
    steps = list(session(plan, 2, "downhill_tempo").steps)
    steps[3] = replace(steps[3], repeat=5)
    broken(with_steps(plan, 2, "downhill_tempo", steps), profile,
           "the main set is not the week's dose")


def test_downhill_session_without_technique_block(plans):
    profile, plan = plans["beginner"]
    blocks = tuple(b for b in session(plan, 2, "downhill_tempo").blocks
                   if not b.startswith("technique/"))
    broken(with_session(plan, 2, "downhill_tempo", blocks=blocks), profile,
           "lists no technique block")


def test_session_minutes_that_do_not_match_the_steps(plans):
    profile, plan = plans["beginner"]
    broken(with_session(plan, 2, "quality", minutes=session(plan, 2, "quality").minutes + 5),
           profile, "its steps add up to")


# --- the Frame rules: strength ----------------------------------------------------------------


def test_one_strength_session_in_a_normal_week(plans):
    profile, plan = plans["beginner"]
    broken(without_session(plan, 2, "strength"), profile,
           "week 2: 1 strength sessions, expected 2")


def test_strength_without_hamstring_curls(plans):
    profile, plan = plans["beginner"]
    steps = [st for st in session(plan, 2, "strength").steps if st.exercise != "hamstring-curl"]
    broken(with_steps(plan, 2, "strength", steps), profile, "lacks calf raises")


def test_plyometrics_in_base(plans):
    profile, plan = plans["beginner"]
    steps = list(session(plan, 2, "strength").steps)
    steps.append(Step("exercise", "Drop landings", 180, exercise="drop-landing",
                      plyometric=True))
    broken(with_steps(plan, 2, "strength", steps), profile, "week 2: plyometrics in a base week")


def test_plyometrics_the_day_before_a_descent(plans):
    profile, plan = plans["miles"]
    n = next(w.number for w in plan.weeks
             if any(st.plyometric for s in w.sessions for st in s.steps))
    nth = next(i for i, s in enumerate(s for s in week_of(plan, n).sessions
                                       if s.kind == "strength")
               if any(st.plyometric for st in s.steps))
    sunday = session(plan, n + 1, "downhill_tempo").date - timedelta(days=1)
    broken(with_session(plan, n, "strength", nth, date=sunday), profile,
           "the day before a downhill session")


def test_single_leg_work_is_not_for_beginners(plans):
    profile, plan = plans["beginner"]
    steps = [replace(st, exercise="single-leg-calf-raise") if st.exercise == "calf-raise"
             else st for st in session(plan, 2, "strength").steps]
    broken(with_steps(plan, 2, "strength", steps), profile, "is not for beginners")


def test_plyometric_flag_must_match_the_exercise(plans):
    profile, plan = plans["beginner"]
    steps = [replace(st, plyometric=True) if st.exercise == "step-down" else st
             for st in session(plan, 2, "strength").steps]
    broken(with_steps(plan, 2, "strength", steps), profile, "step-down marked plyometric=True")


def test_strength_on_a_hard_day_when_an_easy_day_is_free(plans):
    profile, plan = plans["beginner"]
    # week 1 has strength on the downhill day (Tue) and the easy day (Sat): moving Saturday's
    # onto the quality day leaves the easy Saturday free
    thursday = session(plan, 1, "quality").date
    assert session(plan, 1, "strength", 1).date.strftime("%a") == "Sat"
    broken(with_session(plan, 1, "strength", 1, date=thursday), profile,
           "strength on the hard day")


# --- phases and load --------------------------------------------------------------------------


def test_base_shorter_than_a_quarter(plans):
    profile, plan = plans["beginner"]
    bad = with_week(with_week(plan, 3, phase="build"), 4, phase="build")
    broken(bad, profile, "base is 2 of 12 weeks, less than a quarter")


def test_race_without_taper(plans):
    profile, plan = plans["advanced"]
    bad = with_week(with_week(plan, 13, phase="peak"), 14, phase="peak")
    broken(bad, profile, "a taper of 0 weeks, expected 1-2")


def test_week_one_far_from_current_volume(plans):
    profile, plan = plans["beginner"]
    broken(plan, profile.model_copy(update={"weekly_minutes": 120}), "not within 10% of 120")


def test_return_from_deload_measured_from_the_week_before_it(plans):
    profile, plan = plans["beginner"]
    # 159 before the deload: 175 is the most the return week may plan
    assert check_plan(plan, profile) == []
    broken(with_week(plan, 4, planned_minutes=176), profile,
           "week 4: 176 min is more than 10% over the week before the deload (159)")


def test_taper_last_week_too_big(plans):
    profile, plan = plans["advanced"]
    last = week_of(plan, 14)
    broken(with_week(plan, 14, planned_minutes=last.planned_minutes + 100), profile,
           "more than 55% of the biggest week")


# --- paces: targets, units in text, descent ---------------------------------------------------


def test_missing_paces(plans):
    profile, plan = plans["beginner"]
    broken(replace(plan, paces=None), profile, "no paces although")


def test_wrong_downhill_target(plans):
    profile, plan = plans["beginner"]
    dose = week_of(plan, 2).downhill
    broken(with_dose(plan, 2, target_s_per_km=dose.target_s_per_km + 10), profile,
           "threshold × grade factor")


def test_pace_target_without_paces(plans):
    profile, plan = plans["no_result"]
    steps = list(session(plan, 2, "easy").steps)
    steps[0] = replace(steps[0], target=Target(s_per_km=(300.0, 330.0)))
    broken(with_steps(plan, 2, "easy", steps), profile, "a pace target without paces")


@pytest.mark.parametrize("text", ["Run 400 m down the hill", "Two km easy", "Hold 4:15 pace",
                                  "easy at 5:00/km", "three miles"])
def test_units_in_text(plans, text):
    profile, plan = plans["beginner"]
    steps = list(session(plan, 2, "easy").steps)
    steps[0] = replace(steps[0], text=text)
    broken(with_steps(plan, 2, "easy", steps), profile, "text with a distance or pace")


def test_wrong_descent(plans):
    profile, plan = plans["miles"]
    dose = week_of(plan, 6).downhill
    broken(with_dose(plan, 6, descent_m=dose.descent_m * 2), profile, "week 6: descent")
