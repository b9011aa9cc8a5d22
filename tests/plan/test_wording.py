"""Sessions written as coaches write them (booklet.plan.wording): one test per session kind."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings

from booklet.plan import Paces, Profile, RaceRef, make_plan, sessions
from booklet.plan.model import DownhillDose, Session, Step, Target
from booklet.plan.wording import (
    JOIN,
    NBSP,
    Line,
    dose,
    effort,
    elevation,
    hours_minutes,
    length,
    pace_range,
    plain,
    session_lines,
    session_meta,
    session_text,
)

from ..support.sample_profiles import profiles

DAY = date(2027, 1, 5)
PACES = Paces(vdot=45.0, easy_s_per_km=(330.0, 370.0), marathon_s_per_km=290.0,
              threshold_s_per_km=270.0, interval_s_per_km=250.0)


def texts(session: Session, units: str = "km") -> list[str]:
    return [line.plain() for line in session_lines(session, units)]


def downhill(paces: Paces | None = PACES, descent: str = "Park path",
             recovery: int = 135) -> Session:
    d = DownhillDose(grade_pct=3.0, reps=4, rep_seconds=30, recovery_seconds=recovery,
                     target_s_per_km=262.0 if paces else None, rpe=(6, 7), descent_m=40.0,
                     descent=descent)
    return sessions.downhill_session(DAY, d, sessions.FULL, paces, ())


def test_downhill_reps_and_the_walk_back_share_a_line_with_its_length():
    lines = texts(downhill())
    assert lines[3] == ("4 × (30 s downhill at 4:17–4:27 /km, walk back up 2 min 15 s),"
                        " effort 6–7. Fast, controlled descent: tall, lean from the ankles,"
                        " quick light steps")
    assert not any(line.startswith("3 × Walk") for line in lines)  # not listed after the reps
    assert len(lines) == 6  # warm-up, drills, strides, main set, cool-down, stretch


def test_downhill_in_miles_and_by_effort():
    assert texts(downhill(), "mi")[3].startswith("4 × (30 s downhill at 6:53–7:10 /mi,")
    assert texts(downhill(paces=None))[3].startswith(
        "4 × (30 s downhill at effort 6–7, walk back up 2 min 15 s).")


def test_downhill_on_a_treadmill_walks_or_jogs_in_place():
    line = texts(downhill(descent="treadmill"))[3]
    assert "walk or jog easily 2 min 15 s" in line and "back up" not in line
    assert session_meta(downhill(descent="treadmill")).endswith("on the treadmill")


def test_warmup_cooldown_drills_strides_and_stretch_lines():
    lines = texts(downhill())
    assert lines[0] == "Warm-up: 10 min easy running on the flat (5:30–6:10 /km · effort 2–3)"
    assert lines[1].startswith("5 min dynamic drills: leg swings")
    assert lines[2].startswith("3 × relaxed stride of about 20 s") and "(effort 4–5)" in lines[2]
    assert lines[4] == "Cool-down: 8 min easy jog or walk on the flat (effort 1–2)"
    assert lines[5].startswith("5 min stretch calves")


@pytest.mark.parametrize(("workout", "expected"), [
    (sessions.THRESHOLD, "3 × 8 min at threshold, 90 s easy jog between (4:25–4:35 /km ·"
                         " effort 6–7). Comfortably hard, a few words at a time"),
    (sessions.INTERVALS, "6 × 3 min hard but even, 2 min easy jog between (4:05–4:15 /km ·"
                         " effort 8–9). The same speed every rep"),
    (sessions.RACE_PACE, "2 × 12 min at goal race effort, 2 min easy jog between"),
    (sessions.SHARPEN, "4 × 2 min quick and relaxed, 2 min easy jog between"),
])
def test_quality_names_its_jog_recovery_and_its_length(workout, expected):
    lines = texts(sessions.quality_session(DAY, 50, workout, PACES))
    assert len(lines) == 3 and lines[1].startswith(expected), lines
    assert lines[0].startswith("Warm-up: ") and lines[2].startswith("Cool-down: ")


def test_easy_and_long_runs_are_said_to_five_minutes():
    easy = sessions.easy_session(DAY, 40, PACES)
    assert texts(easy) == ["40 min easy running, conversational (5:30–6:10 /km · effort 2–3)"]
    odd = Session(DAY, "long", "Long run", 83, "any", (Step(
        "main", "1 h 23 min long easy run, conversational all the way", 83 * 60,
        target=Target(rpe=(2, 3))),))
    assert texts(odd) == ["1 h 25 min long easy run, conversational all the way (effort 2–3)"]
    assert session_meta(odd) == f"1{NBSP}h 25{NBSP}min"


def test_odd_seconds_are_never_printed_for_jogs_and_recoveries():
    jog = Session(DAY, "quality", "x", 30, "flat", (
        Step("cooldown", "8 min 25 s easy jog", 505, target=Target(rpe=(1, 2))),))
    assert texts(jog) == ["Cool-down: 8 min easy jog (effort 1–2)"]
    assert "2 min 15 s" in texts(downhill(recovery=131))[3]  # recoveries to 15 s


def test_strength_as_sets_by_reps():
    session = sessions.strength_session(DAY, "intermediate", "build", True)
    lines = texts(session)
    assert lines[0] == "Single-leg calf raises: 3 × 10 each side, slow lowering"
    assert "Drop landings from a low step: 2 × 5 (10 landings), land softly and hold" in lines
    assert lines[-1] == "Lateral bounds: 1 × 3 each side (6 landings), stick every landing"


def test_strides_and_strength_day():
    session = sessions.strides_and_strength_session(DAY, "beginner", PACES, 30)
    lines = texts(session)
    assert lines[0].startswith("Warm-up: 10 min easy running on the flat")
    assert lines[1].startswith("4 × relaxed stride of about 20 s on the flat")
    assert lines[2].startswith("Step-downs from a low step: ")
    assert lines[-1].startswith("Cool-down: ")


def test_race_and_retest():
    race = sessions.race_session(date(2027, 4, 11), RaceRef("Half", date(2027, 4, 11), 21097.5),
                                 5400, PACES)
    lines = texts(race, "mi")
    assert lines[1].startswith("Race (") and "/mi" in lines[1]
    assert lines[2] == "Cool-down: 5 min walk, then jog easily if the legs allow (effort 1–2)"
    trial = sessions.retest_session(DAY, PACES)
    assert texts(trial, "mi")[1].startswith("1.9 mi time trial on a flat, measured route")
    test = sessions.retest_session(DAY, None)
    assert texts(test)[1].startswith("20 min test on the flat (effort 8–9). The hardest")


def test_mobility():
    assert texts(sessions.mobility_session(DAY)) == [
        "10 min gentle mobility: ankles, calves, quads, hip flexors",
        "5 min foam roll or massage calves, quads and glutes"]


def test_page_strings_never_break_inside_a_range_or_between_number_and_unit():
    assert pace_range((530.0, 596.0), "km") == f"8:50–{JOIN}9:56{NBSP}/km"
    assert effort((4, 5)) == f"effort{NBSP}4–{JOIN}5"
    assert length(10) == f"10{NBSP}s" and length(135) == f"2{NBSP}min 15{NBSP}s"
    line = session_lines(downhill(), "km")[3]
    assert f"30{NBSP}s" in line.text and f"4{NBSP}×{NBSP}(" in line.text
    assert plain(line.text) == line.plain().split("),")[0] + ")"
    assert NBSP not in line.plain() and JOIN not in line.plain()


def test_units_helpers():
    assert hours_minutes(240) == "4:00" and hours_minutes(65) == "1:05"
    assert elevation(24.4, "mi") == f"80{NBSP}ft" and elevation(24.4, "km") == f"24{NBSP}m"
    d = DownhillDose(3.5, 4, 30, 120, None, (6, 7), 16.0)
    assert plain(dose(d)) == "4 × 30 s at −3.5%"
    assert Line("a", "b", "c").plain() == "a (b). C"


def test_session_text_numbers_lines_and_one_line_sessions_are_bare():
    assert session_text(sessions.easy_session(DAY, 40, None), "km") == (
        "40 min easy running, conversational (effort 2–3)")
    assert session_text(downhill(), "km").startswith("1. Warm-up: ")


@settings(max_examples=25, deadline=None)
@given(profiles())
def test_every_interval_session_names_its_recovery_and_length(profile: Profile):
    plan = make_plan(profile)
    units = plan.athlete.units
    for session in plan.sessions:
        if not any(st.part == "recovery" and st.repeat > 0 for st in session.steps):
            continue
        text = session_text(session, units)
        assert re.search(r"(walk back up|walk or jog easily|easy jog between)", text), text
        assert re.search(r"\d+ (s|min)( \d+ s)?( easy jog between|\))", text), text
        assert not re.search(r"\d+ min [1-9]\d? s (easy|long)", text)
