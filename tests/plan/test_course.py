"""The race course in the pure core: segments, summary, pacing card, and a peak that
rehearses the course inside every plan rule."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from booklet.plan import Profile, check_plan, make_plan, plan_to_dict
from booklet.plan.course import (
    DESCENT_BANDS,
    MIN_SEGMENT_M,
    CourseProblem,
    course_from_profile,
)
from booklet.plan.limits import LEVELS
from booklet.plan.paces import grade_factor
from booklet.plan.pacing import flat_race_pace, pacing_card
from booklet.plan.rehearsal import course_aim

from ..support.courses import ROLLING, VALLEY, legs, noisy, rolling, sampled, straight_descent
from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT, profiles

RACE = {"name": "Valley Descent Half", "date": date(2027, 4, 11), "distance": "half"}


def valley():
    return course_from_profile(sampled(legs(VALLEY), 21100))


def with_race(base: dict, course) -> Profile:
    data = {k: v for k, v in base.items() if k != "start"}
    return Profile(**{**data, "race": {**RACE, "course": "courses/valley-half.gpx"}}
                   ).with_course(course)


# --- segmenting and the summary ---------------------------------------------------------------


def test_a_straight_descent_is_one_segment_at_minus_four():
    course = course_from_profile(straight_descent())
    assert [(s.start_m, s.end_m, s.grade_pct) for s in course.segments] == [(0, 3000, -4.0)]
    assert (course.distance_m, course.climb_m, course.descent_m) == (3000, 0, 120)
    (descent,) = course.descents
    assert descent == course.longest_descent == course.steepest_descent == course.main_descent
    assert (descent.length_m, descent.grade_pct) == (3000, -4.0)
    # -4% is the first grade of the -4...-6 band
    assert course.band_shares() == (0.0, 1.0, 0.0)
    assert DESCENT_BANDS[1][0] == 4.0


def test_a_rolling_course_keeps_its_hills():
    course = course_from_profile(rolling())
    grades = [s.grade_pct for s in course.segments]
    want = [g for _, g in ROLLING]
    assert len(grades) == len(want)
    for got, expected in zip(grades, want, strict=True):
        assert got == pytest.approx(expected, abs=0.8)  # smoothing rounds the corners
    assert all(s.length_m >= MIN_SEGMENT_M for s in course.segments)
    assert course.segments[0].start_m == 0 and course.segments[-1].end_m == 6000
    assert all(a.end_m == b.start_m for a, b in zip(course.segments, course.segments[1:],
                                                     strict=False))
    assert course.climb_m == pytest.approx(70, rel=0.08)
    assert course.descent_m == pytest.approx(114, rel=0.08)
    assert course.steepest_descent.grade_pct == pytest.approx(-5, abs=0.5)
    assert course.longest_descent.length_m == pytest.approx(1200, abs=100)
    assert course.late_descent is not None and course.late_descent.end_m == 6000
    gentle, mid, steep = course.band_shares()
    assert gentle == pytest.approx(1800 / 6000, abs=0.04)
    assert mid == pytest.approx(1200 / 6000, abs=0.04)
    assert steep == 0


def test_gps_noise_invents_no_climbs():
    clean, rough = course_from_profile(rolling()), course_from_profile(noisy(rolling()))
    assert rough.climb_m == pytest.approx(clean.climb_m, rel=0.15)
    assert rough.descent_m == pytest.approx(clean.descent_m, rel=0.15)
    assert len(rough.segments) <= len(clean.segments) + 3
    assert all(s.length_m >= MIN_SEGMENT_M for s in rough.segments)
    flat = course_from_profile(noisy(sampled(lambda d: 100.0, 5000), metres=4))
    assert flat.climb_m < 25 and flat.descent_m < 25  # the raw noise adds up to about 2 km


@pytest.mark.parametrize(("points", "says"), [
    ([(0, 100)], "fewer than two points"),
    ([(0, 100), (100, 99)], "0.10 km long"),
    (sampled(legs([(300, 40), (1000, 0)]), 1300), "not believable"),
    ([(0, 100), (2000, 20000)], "outside"),
])
def test_unusable_tracks_are_refused(points, says):
    with pytest.raises(CourseProblem, match=says):
        course_from_profile(points)


# --- the pacing card ---------------------------------------------------------------------------


def test_splits_add_up_to_the_predicted_finish():
    profile = with_race(ADVANCED, valley())
    plan = make_plan(profile)
    card = pacing_card(plan.race.course, plan.paces, plan.race.distance_m)
    assert sum(r.seconds for r in card.rows) == card.finish_s == card.rows[-1].split_s
    splits = [r.split_s for r in card.rows]
    assert splits == sorted(splits)
    flat = flat_race_pace(plan.paces, plan.race.distance_m)
    for row in card.rows:
        assert row.s_per_km == pytest.approx(flat * grade_factor(row.segment.grade_pct))
        assert row.seconds == pytest.approx(row.s_per_km * row.segment.length_m / 1000, abs=1)
    # the race session lasts what the card predicts
    race = next(s for s in plan.sessions if s.kind == "race")
    assert next(st.seconds for st in race.steps if st.part == "main") == card.finish_s


def test_climbs_slow_and_descents_quicken_the_card():
    profile = with_race(ADVANCED, valley())
    plan = make_plan(profile)
    card = pacing_card(plan.race.course, plan.paces, plan.race.distance_m)
    by_grade = sorted(card.rows, key=lambda r: r.segment.grade_pct)
    assert by_grade[0].s_per_km < card.flat_s_per_km < by_grade[-1].s_per_km


def test_without_paces_the_card_gives_effort_cues():
    card = pacing_card(valley(), None, 21097.5)
    assert card.finish_s is None and all(r.seconds is None for r in card.rows)
    cues = {r.segment.grade_pct: r.cue for r in card.rows}
    assert cues[3.9].startswith("Rise") and cues[-4.4].startswith("Descent")
    assert cues[0.0].startswith("Flat")


# --- the peak that rehearses the course ---------------------------------------------------------


@pytest.mark.parametrize("base", [ADVANCED, BEGINNER, MILES, NO_RESULT],
                         ids=["advanced", "beginner", "miles", "no-result"])
def test_the_peak_rehearses_the_course_within_every_rule(base):
    course = valley()
    profile = with_race(base, course)
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    aim = course_aim(course, profile.level, plan.paces)
    assert aim is not None and aim.grade == 4.5  # the main descent, -4.4%, to the half point
    bounds = LEVELS[profile.level]
    peak = [w for w in plan.weeks if w.phase == "peak" and not w.deload]
    assert peak
    for week in peak:
        dose = week.downhill
        assert dose.rep_seconds <= bounds.max_rep_seconds
        assert dose.grade_pct <= min(bounds.max_grade, aim.grade)
        venue = next(v for v in profile.venues if v.name == dose.descent)
        assert dose.grade_pct == pytest.approx(min(aim.grade, venue.grade, bounds.max_grade))
        assert "For the race: reps at" in week.focus and week.course_focus in week.focus
        long_run = next(s for s in week.sessions if s.kind == "long")
        assert "downhill finish" in long_run.steps[-1].text
    # without the course the same athlete peaks gentler or on another place
    plain = make_plan(Profile(**{**{k: v for k, v in base.items() if k != "start"},
                                 "race": RACE}))
    assert check_plan(plain, Profile(**{**{k: v for k, v in base.items() if k != "start"},
                                        "race": RACE})) == []
    assert all(w.course_focus == "" for w in plain.weeks)
    plain_peak = [w.downhill for w in plain.weeks if w.phase == "peak" and not w.deload]
    assert [d.grade_pct for d in plain_peak] <= [w.downhill.grade_pct for w in peak]


def test_the_peak_runs_on_the_descent_nearest_the_course():
    profile = with_race(ADVANCED, valley())
    plan = make_plan(profile)
    peak = [w.downhill for w in plan.weeks if w.phase == "peak" and not w.deload]
    assert {d.descent for d in peak} == {"Ridge road"}  # 5%, nearest -4.4%; Park path is 3.5%
    assert {d.grade_pct for d in peak} == {4.5}


def test_rep_lengths_grow_toward_the_sustained_descents_in_the_build():
    profile = with_race(MILES, valley())
    plan = make_plan(profile)
    build = [w.downhill for w in plan.weeks if w.phase == "build" and not w.deload]
    peak = [w.downhill for w in plan.weeks if w.phase == "peak" and not w.deload]
    assert peak[0].rep_seconds > build[0].rep_seconds or peak[0].grade_pct > build[0].grade_pct
    assert peak[0].rep_seconds <= LEVELS["intermediate"].max_rep_seconds


def test_long_runs_end_downhill_only_in_build_and_peak_and_away_from_the_race():
    profile = with_race(ADVANCED, valley())
    plan = make_plan(profile)
    finishes = [(w, s) for w in plan.weeks for s in w.sessions
                if s.kind == "long" and len(s.steps) == 2]
    assert finishes
    for week, run in finishes:
        assert week.phase in ("build", "peak") and not week.deload
        assert (plan.race.date - run.date).days >= 10
        assert sum(st.seconds for st in run.steps) == 60 * run.minutes
        assert run.steps[-1].target.grade_pct == 3.0  # the late descent's grade


def test_a_course_without_a_late_descent_keeps_the_long_runs_flat():
    course = course_from_profile(sampled(legs([(3000, -4.0), (18100, 0.3)]), 21100))
    assert course.late_descent is None
    plan = make_plan(with_race(ADVANCED, course))
    assert all(len(s.steps) == 1 for s in plan.sessions if s.kind == "long")


def test_a_course_far_from_the_race_distance_is_a_warning():
    plan = make_plan(with_race(ADVANCED, course_from_profile(straight_descent())))
    (warning,) = [w for w in plan.warnings if w.code == "course_distance"]
    assert "3.0 km long" in warning.message and "shorter" in warning.message
    assert not [w for w in make_plan(with_race(ADVANCED, valley())).warnings
                if w.code == "course_distance"]


def test_the_plan_document_carries_the_course():
    plan = make_plan(with_race(ADVANCED, valley()))
    doc = plan_to_dict(plan)
    course = doc["race"]["course"]
    assert set(course) == {"distance_m", "climb_m", "descent_m", "segments"}
    assert course["segments"][5] == {"start_m": 11930.0, "end_m": 14990.0, "grade_pct": -4.4}
    assert any("course_focus" in w for w in doc["weeks"])
    # a plan without a course is the same document as before
    assert "course" not in plan_to_dict(make_plan(Profile(**{**ADVANCED, "race": RACE})))["race"]


def test_a_course_named_but_not_read_changes_nothing():
    data = {k: v for k, v in ADVANCED.items() if k != "start"}
    named = Profile(**{**data, "race": {**RACE, "course": "courses/x.gpx"}})
    assert plan_to_dict(make_plan(named)) == plan_to_dict(make_plan(Profile(**{**data,
                                                                              "race": RACE})))


@st.composite
def courses(draw):
    n = draw(st.integers(2, 8))
    parts = [(draw(st.integers(200, 4000)), draw(st.floats(-9, 9).map(lambda g: round(g, 1))))
             for _ in range(n)]
    length = sum(p for p, _ in parts)
    return course_from_profile(sampled(legs(parts), length, step_m=20))


@settings(max_examples=40, deadline=None)
@given(profiles(race=True), courses())
def test_every_rule_holds_with_any_course(profile, course):
    profile = profile.with_course(course)
    plan = make_plan(profile)
    assert check_plan(plan, profile) == []
    aim = course_aim(course, profile.level, plan.paces)
    for week in plan.weeks:
        if week.downhill is not None:
            assert week.downhill.rep_seconds <= LEVELS[profile.level].max_rep_seconds
            assert week.downhill.grade_pct <= LEVELS[profile.level].max_grade
    if aim is None:
        assert all(w.course_focus == "" for w in plan.weeks)
