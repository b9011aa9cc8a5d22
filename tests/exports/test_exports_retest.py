"""The retest (a session of kind ``test``) in every export: a distance step for the time
trial on the watch and in intervals.icu, a timed step for the 20-minute test, its own
event, row and table code."""

from __future__ import annotations

import csv
import io

import pytest
from icalendar import Calendar

from booklet.exports.csvfile import plan_to_csv
from booklet.exports.fit import plan_to_fit
from booklet.exports.ics import plan_to_ics
from booklet.exports.icu import plan_to_icu
from booklet.exports.table import format_table
from booklet.exports.text import session_description
from booklet.plan import Plan
from booklet.project import load_athlete

from ..support.example import EXAMPLE
from .test_exports import decode_fit, parse_icu


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {a: load_athlete(EXAMPLE / "athletes" / f"{a}.yaml").plan
            for a in ("ana-ruiz", "ben-okafor", "dev-patel")}


def the_test(plan: Plan):
    week = plan.weeks[-1]
    return week, next(s for s in week.sessions if s.kind == "test")


def fit_steps(plan: Plan) -> list[dict]:
    week, test = the_test(plan)
    name = f"w{week.number:02d}-{test.date:%a}-test.fit".lower()
    return decode_fit(plan_to_fit(plan)[name])["workout_step_mesgs"]


def test_fit_time_trial_is_a_distance_step_with_a_speed_range(plans):
    plan = plans["ana-ruiz"]
    _, test = the_test(plan)
    warm, trial, cool = fit_steps(plan)
    assert (warm["intensity"], trial["intensity"], cool["intensity"]) == (
        "warmup", "active", "cooldown")
    assert warm["duration_time"] == test.steps[0].seconds
    assert trial["duration_type"] == "distance" and trial["duration_distance"] == 3000
    assert trial["wkt_step_name"] == "Time trial" and trial["target_type"] == "speed"
    fast, slow = sorted(test.steps[1].target.s_per_km)
    assert trial["custom_target_speed_high"] == pytest.approx(1000 / fast, abs=0.001)
    assert cool["duration_time"] == test.steps[2].seconds


def test_fit_twenty_minute_test_is_timed_by_effort(plans):
    warm, main, cool = fit_steps(plans["dev-patel"])
    assert main["duration_type"] == "time" and main["duration_time"] == 1200
    assert main["target_type"] == "open" and main["wkt_step_name"] == "Test, effort 8-9"


@pytest.mark.parametrize(("athlete", "line"), [
    ("ana-ruiz", "- Time trial 3km "),
    ("ben-okafor", "- Time trial 1.86mi "),
    ("dev-patel", "- Test, effort 8-9 20m"),
])
def test_icu_test_step(plans, athlete, line):
    plan = plans[athlete]
    _, test = the_test(plan)
    workouts = parse_icu(plan_to_icu(plan))
    lines = next(v for k, v in workouts.items() if test.title in k)
    steps = [x for x in lines if x]
    assert len(steps) == 3 and steps[1].startswith(line)


def test_calendar_csv_and_table_name_the_test(plans):
    plan = plans["ana-ruiz"]
    week, test = the_test(plan)
    events = Calendar.from_ical(plan_to_ics(plan)).walk("VEVENT")
    event = next(e for e in events if str(e["UID"]).endswith(f"{test.date}-test@booklet"))
    assert str(event["SUMMARY"]) == "Retest: time trial"
    assert event["CATEGORIES"].cats == ["Retest"]
    description = session_description(test, week, plan)
    assert "3.0 km time trial" in description and "Retest" in description
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan).decode(), newline="")))
    row = next(r for r in rows if r["kind"] == "test")
    assert row["date"] == test.date.isoformat() and row["title"] == "Retest: time trial"
    table = format_table(plan)
    assert "Thu T" in table.splitlines()[-3] and "T test" in table  # the quality day
