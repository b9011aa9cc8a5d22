"""Re-planning from the diary: every back-off row, both "one row down" triggers, missed
sessions and weeks, a retest; the past stays as planned and every re-plan keeps the rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from booklet.plan import Profile, check_plan, make_plan
from booklet.plan.backoff import (
    JOG_MAX_MIN,
    LOWER_PEAK,
    MISSED_SESSION,
    MISSED_WEEK,
    RETEST,
    RULES,
    decide,
)
from booklet.plan.diary import DiaryEntry
from booklet.plan.paces import downhill_target_pace, paces_from_race
from booklet.plan.replan import replan

from ..support.sample_profiles import ADVANCED, BEGINNER, NO_RESULT

ANA = Profile(**BEGINNER)
PLAN = make_plan(ANA)
#: Ana's downhill days: weeks 1-2 at 4 × 20 s, week 3 a deload, week 4 rises to 6 reps.
DOWNHILL = {w.number: next(s.date for s in w.sessions if s.kind == "downhill_tempo")
            for w in PLAN.weeks}
RULE = {r.name: r for r in RULES}


def rated(day: date, h48: int, h72: int | None = None, fatigue: bool = False) -> DiaryEntry:
    return DiaryEntry(day, "downhill_tempo", done=True, soreness_48h=h48,
                      soreness_72h=h48 - 1 if h72 is None and h48 else h72, fatigue=fatigue)


def replanned(diary: list[DiaryEntry], today: date, profile: Profile = ANA):
    plan = replan(profile, diary, today)
    assert check_plan(plan, profile) == []
    before = make_plan(profile)
    assert [s for s in plan.sessions if s.date < today] == \
        [s for s in before.sessions if s.date < today], "the past changed"
    return plan


def parts(dose) -> tuple[float, int, int]:
    return (dose.grade_pct, dose.reps, dose.rep_seconds)


def week(plan, n):
    return plan.weeks[n - 1]


def on(plan, day):
    return [s for s in plan.sessions if s.date == day]


def rules(plan) -> list[str]:
    return [a.rule for a in plan.adjustments]


def test_the_example_rises_in_week_4():
    assert (week(PLAN, 3).downhill.reps, week(PLAN, 4).downhill.reps) == (3, 6)
    assert week(PLAN, 2).downhill.reps == 4


def test_carry_on_changes_nothing():
    plan = replanned([rated(DOWNHILL[3], 1, 0)], DOWNHILL[3] + timedelta(days=3))
    assert plan.adjustments == ()
    assert plan.weeks == PLAN.weeks


def test_hold_the_dose_keeps_the_next_session_at_the_same_dose():
    plan = replanned([rated(DOWNHILL[3], 2, 1)], DOWNHILL[3] + timedelta(days=3))
    assert week(plan, 4).downhill.reps == week(PLAN, 2).downhill.reps  # no rise
    hold = [a for a in plan.adjustments if a.rule == "Hold the dose"]
    assert [a.date for a in hold] == [DOWNHILL[4]]
    assert "soreness -/2/1" in hold[0].reason and "1 or less" in hold[0].reason
    assert parts(week(plan, 5).downhill) > parts(week(plan, 4).downhill)  # rises resume


def test_drop_a_step_undoes_the_rise_and_makes_flat_quality_easy():
    today = DOWNHILL[4] + timedelta(days=1)
    plan = replanned([rated(DOWNHILL[4], 3, 2)], today)
    quality = next(s for s in week(PLAN, 4).sessions if s.kind == "quality")
    (swapped,) = [s for s in on(plan, quality.date) if s.kind in ("easy", "quality")]
    assert swapped.kind == "easy" and swapped.terrain == "flat"
    assert week(plan, 5).downhill.reps == week(PLAN, 2).downhill.reps  # 6 back to 4
    assert rules(plan).count("Drop a step") == 2  # the swap, and the step down
    assert LOWER_PEAK in rules(plan)


def test_skip_the_next_downhill_and_flat_quality_until_the_next_downhill():
    today = DOWNHILL[4] + timedelta(days=3)
    plan = replanned([rated(DOWNHILL[4], 4, 3)], today)
    assert not week(plan, 5).downhill and not [s for s in week(plan, 5).sessions
                                              if s.kind in ("downhill_tempo", "quality")]
    (stand_in,) = [s for s in on(plan, DOWNHILL[5]) if s.kind == "easy"]
    assert stand_in.title == "Easy run on the flat"
    assert week(plan, 6).downhill is not None  # the next downhill is back, one step lower
    assert week(plan, 6).downhill.reps <= week(PLAN, 3).downhill.reps
    skip = [a for a in plan.adjustments if a.rule == "Skip the next downhill"]
    assert skip[0].date == DOWNHILL[5]


def test_skip_and_watch_closely_makes_every_run_a_short_very_easy_jog():
    today = DOWNHILL[4] + timedelta(days=3)
    plan = replanned([rated(DOWNHILL[4], 5, 4)], today)
    window = [s for s in plan.sessions if today <= s.date < DOWNHILL[6]
              and s.kind in ("easy", "long", "quality", "downhill_tempo")]
    assert window and all(s.title == "Very easy jog" and s.minutes <= JOG_MAX_MIN
                          for s in window)


def test_see_a_professional_takes_running_and_strength_away():
    today = DOWNHILL[4] + timedelta(days=3)
    plan = replanned([rated(DOWNHILL[4], 6, 6)], today)
    window = [s for s in plan.sessions if today <= s.date < DOWNHILL[6]]
    assert window and {s.kind for s in window} == {"mobility"}
    assert week(plan, 6).downhill.reps < week(PLAN, 6).downhill.reps


@pytest.mark.parametrize("soreness", range(7))
def test_every_row_of_the_table_is_applied(soreness):
    plan = replanned([rated(DOWNHILL[4], soreness, 0)], DOWNHILL[4] + timedelta(days=3))
    name = decide(soreness).name
    assert (name in rules(plan)) == (name != "Carry on")
    assert not set(rules(plan)) & ({r.name for r in RULES} - {name})


@pytest.mark.parametrize(("h48", "h72", "fatigue", "expected"), [
    (2, 1, False, "Hold the dose"),
    (2, 1, True, "Drop a step"),  # unusual fatigue
    (2, 2, False, "Drop a step"),  # soreness persists: 72 h no lower than 48 h
    (1, 2, False, "Drop a step"),  # 72 h higher: rating 2, and one row down from it
    (6, 6, True, "See a professional"),  # the last row is as far down as it goes
])
def test_move_one_row_down(h48, h72, fatigue, expected):
    plan = replanned([rated(DOWNHILL[4], h48, h72, fatigue)], DOWNHILL[4] + timedelta(days=3))
    assert expected in rules(plan)
    if fatigue:
        assert any("unusual fatigue: one row down" in a.reason for a in plan.adjustments)


def logged(day: date, h24: int | None = None, h48: int | None = None, h72: int | None = None,
           fatigue: bool = False) -> list[DiaryEntry]:
    """The rows of every planned session on ``day`` other than downhill, rated alike."""
    return [DiaryEntry(s.date, s.kind, done=True, soreness_24h=h24, soreness_48h=h48,
                       soreness_72h=h72, fatigue=fatigue)
            for s in on(PLAN, day) if s.kind != "downhill_tempo"]


def test_soreness_on_other_rows_decides_nothing():
    day = DOWNHILL[4]
    others = logged(day, 1, 3, 2) + logged(day + timedelta(days=2), 1, 3, 2)
    assert {e.kind for e in others} == {"strength", "quality"}
    plan = replanned([rated(day, 1, 0), *others], day + timedelta(days=4))
    assert plan.adjustments == ()
    assert plan.weeks == PLAN.weeks


def test_one_sore_week_rated_on_every_row_is_one_decision_per_downhill_session():
    diary = [DiaryEntry(s.date, s.kind, done=True, soreness_24h=1, soreness_48h=3,
                        soreness_72h=2, row=n + 2) for n, s in enumerate(PLAN.sessions[:9])]
    plan = replanned(diary, week(PLAN, 3).start)
    steps = [a for a in plan.adjustments if "went one step down" in a.reason]
    assert len(steps) == sum(e.kind == "downhill_tempo" for e in diary) == 2
    assert all(" downhill_tempo (row " in a.reason.split(":")[0] for a in steps)


def test_unusual_fatigue_logged_after_the_downhill_session_moves_one_row_down():
    day = DOWNHILL[4]
    plan = replanned([rated(day, 2, 1), *logged(day + timedelta(days=4), fatigue=True)],
                     day + timedelta(days=5))
    assert "Drop a step" in rules(plan) and "Hold the dose" not in rules(plan)
    assert any("unusual fatigue logged on" in a.reason for a in plan.adjustments)


@pytest.mark.parametrize(("hours", "expected"), [(48, "Drop a step"), (24, "Hold the dose")])
def test_soreness_still_there_on_day_7_moves_one_row_down(hours, expected):
    day = DOWNHILL[4]  # a long run 5 days on: its 48 h rating falls on day 7, 24 h on day 6
    sore = {f"h{hours}": 1}
    plan = replanned([rated(day, 2, 1), *logged(day + timedelta(days=5), **sore)],
                     DOWNHILL[5])
    assert expected in rules(plan)
    assert ("day 7" in " ".join(a.reason for a in plan.adjustments)) == (hours == 48)


def test_the_flat_stand_in_is_the_rated_session_where_no_descent_suits():
    flat = Profile(**{**BEGINNER, "hill": {"grade": 3, "length_m": 40}})
    plan = make_plan(flat)
    stand_in, other = [s for s in plan.sessions if s.kind == "easy"][:2]
    assert stand_in.title == "Strides and eccentric strength" != other.title
    sore = {"done": True, "soreness_48h": 5, "soreness_72h": 4}
    today = other.date + timedelta(days=1)
    assert "Skip, and watch closely" in rules(replanned([DiaryEntry(stand_in.date, "easy", **sore)],
                                            today, flat))
    assert replanned([DiaryEntry(other.date, "easy", **sore)], today, flat).adjustments == ()


def test_a_missed_downhill_session_does_not_count_toward_the_hold():
    diary = [DiaryEntry(DOWNHILL[2], "downhill_tempo", done=False)]
    plan = replanned(diary, week(PLAN, 3).start)
    assert week(plan, 4).downhill.reps == week(PLAN, 2).downhill.reps  # the rise waits
    assert parts(week(plan, 5).downhill) > parts(week(plan, 4).downhill)  # a week later
    assert MISSED_SESSION in rules(plan)
    assert any(a.reason.startswith(f"{DOWNHILL[2]} downhill_tempo") for a in plan.adjustments)


def test_a_missed_week_is_followed_by_one_no_bigger_than_the_last_full_week():
    missed = week(PLAN, 4)
    diary = [DiaryEntry(s.date, s.kind, done=False) for s in missed.sessions]
    plan = replanned(diary, week(PLAN, 5).start)
    full = week(PLAN, 2)  # week 3 is a deload: the last fully done loading week is week 2
    assert week(plan, 5).planned_minutes <= full.planned_minutes
    assert week(plan, 5).downhill.reps <= full.downhill.reps
    (adjustment,) = [a for a in plan.adjustments if a.rule == MISSED_WEEK]
    assert adjustment.date == week(PLAN, 5).start and "week 4: 0 of" in adjustment.reason


def test_a_half_done_week_is_not_missed():
    missed = week(PLAN, 4)
    diary = [DiaryEntry(s.date, s.kind, done=True, minutes=s.minutes)
             for s in missed.sessions if s.kind in ("long", "downhill_tempo")]
    plan = replanned(diary, week(PLAN, 5).start)
    assert MISSED_WEEK not in rules(plan)


def test_a_time_trial_sets_the_paces_from_its_date_on():
    trial = DiaryEntry(week(PLAN, 5).start + timedelta(days=2), "test", done=True,
                       notes="3 km in 13:30, windy")
    plan = replanned([trial], trial.date + timedelta(days=1))
    new = paces_from_race(3000, 13 * 60 + 30)
    (adjustment,) = [a for a in plan.adjustments if a.rule == RETEST]
    assert adjustment.paces == new and plan.paces == PLAN.paces
    dose = week(plan, 7).downhill
    assert dose.target_s_per_km == pytest.approx(
        downhill_target_pace(new.threshold_s_per_km, dose.grade_pct))
    assert week(plan, 4).downhill.target_s_per_km == week(PLAN, 4).downhill.target_s_per_km


def test_the_retest_without_paces_gives_paces_after_it():
    dev = Profile(**NO_RESULT)
    plan = make_plan(dev)
    test = next(s for s in plan.sessions if s.kind == "test")
    diary = [DiaryEntry(test.date, "test", done=True, notes="5.1 km")]
    new = replanned(diary, test.date + timedelta(days=1), dev)
    assert new.paces is None
    later = [s for s in new.sessions if s.date > test.date and s.kind in ("easy", "long")]
    assert later and all(st.target and st.target.s_per_km for s in later for st in s.steps)


def test_the_race_date_never_moves():
    chloe = Profile(**ADVANCED)
    plan = make_plan(chloe)
    last = [s for s in plan.sessions if s.kind == "downhill_tempo"][-1]
    new = replanned([rated(last.date, 6, 6, True)], last.date + timedelta(days=2), chloe)
    assert [s.date for s in new.sessions if s.kind == "race"] == [chloe.race.date]


def test_every_rating_on_every_downhill_day_keeps_the_rules():
    for n in range(1, len(PLAN.weeks)):
        for soreness in (2, 3, 4, 5, 6):
            for delay in (2, 4):
                replanned([rated(DOWNHILL[n], soreness)], DOWNHILL[n] + timedelta(days=delay))


def test_a_plan_that_is_over_is_the_plan():
    assert replan(ANA, [rated(DOWNHILL[4], 5)], PLAN.end + timedelta(days=1)) == PLAN
