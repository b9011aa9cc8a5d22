"""The exports read back with real readers: icalendar, Garmin's FIT SDK Decoder, csv."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from booklet.exports import export, site_files
from booklet.exports.csvfile import neutralise, plan_to_csv
from booklet.exports.fit import plan_to_fit
from booklet.exports.ics import plan_to_ics
from booklet.exports.icu import duration, plan_to_icu
from booklet.exports.text import ascii_text
from booklet.exports.workout import WATCH_KINDS
from booklet.plan import RUN_KINDS, Plan
from booklet.plan.wording import session_text
from booklet.project import load_athlete

from ..support.example import ATHLETES, EXAMPLE


@pytest.fixture(scope="module")
def plans() -> dict[str, Plan]:
    return {a: load_athlete(EXAMPLE / "athletes" / f"{a}.yaml").plan for a in ATHLETES}


def week_of(plan: Plan, session):
    return next(w for w in plan.weeks if session in w.sessions)


# --- iCalendar ------------------------------------------------------------------------------


def read_ics(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


@pytest.mark.parametrize("athlete", ATHLETES)
def test_ics_has_one_event_per_session_and_per_week(plans, athlete):
    plan = plans[athlete]
    events = read_ics(plan_to_ics(plan)).walk("VEVENT")
    assert len(events) == len(plan.sessions) + len(plan.weeks)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)


def test_ics_calendar_properties(plans):
    calendar = read_ics(plan_to_ics(plans["ana-ruiz"]))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//booklet//plan//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Ana Ruiz: downhill tempo plan"


def test_ics_sessions_are_all_day_events_on_their_dates(plans):
    plan = plans["ana-ruiz"]
    events = {str(e["UID"]): e for e in read_ics(plan_to_ics(plan)).walk("VEVENT")}
    stamp = datetime(2027, 1, 4, tzinfo=UTC)
    for session in plan.sessions:
        event = events[f"ana-ruiz-{session.date.isoformat()}-{session.kind}@booklet"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date  # all-day, not a date-time
        assert start == session.date and end == session.date + timedelta(days=1)
        assert event.decoded("DTSTAMP") == stamp
        assert str(event["TRANSP"]) == "TRANSPARENT"
    for week in plan.weeks:
        event = events[f"ana-ruiz-week-{week.number:02d}@booklet"]
        assert event.decoded("DTSTART") == week.start
        assert event.decoded("DTEND") == week.start + timedelta(days=7)
        assert week.phase in str(event["SUMMARY"])
        assert week.focus in str(event["DESCRIPTION"])


def test_ics_summary_is_short_and_description_has_the_workout(plans):
    plan = plans["ben-okafor"]  # runs in miles
    titles = {"technique/posture": "Tall posture"}
    events = read_ics(plan_to_ics(plan, titles)).walk("VEVENT")
    downhill = next(e for e in events if "downhill_tempo" in str(e["UID"]))
    session = next(s for s in plan.sessions if s.kind == "downhill_tempo")
    assert str(downhill["SUMMARY"]) == session.title
    assert re.fullmatch(r"Downhill tempo: \d+ × \d+ s at −[\d.]+%", session.title)
    description = str(downhill["DESCRIPTION"])
    # the session as the booklet and the site write it, with the walk back's length
    assert session_text(session, "mi") in description
    assert re.search(r"\d+ × \(\d+ s downhill at [\d:–]+ /mi, walk back up \d+ (s|min)",
                     description)
    assert "/mi" in description and "/km" not in description
    assert "Read: " in description
    assert "Tall posture" in description and "technique/posture" not in description


def test_ics_is_deterministic_and_uids_do_not_depend_on_wording(plans):
    plan = plans["chloe-martin"]
    first, second = plan_to_ics(plan), plan_to_ics(plan)
    assert first == second
    renamed = replace(plan, weeks=tuple(
        replace(w, focus="other words", sessions=tuple(replace(s, title="x") for s in w.sessions))
        for w in plan.weeks))
    uids = [(str(e["UID"]), e.decoded("DTSTART")) for e in read_ics(first).walk("VEVENT")]
    assert uids == [(str(e["UID"]), e.decoded("DTSTART"))
                    for e in read_ics(plan_to_ics(renamed)).walk("VEVENT")]


def test_ics_lines_are_folded_crlf_and_utf8(plans):
    data = plan_to_ics(plans["chloe-martin"])
    text = data.decode("utf-8")  # a fold inside a multi-byte character would not decode
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line


def test_ics_numbers_two_sessions_of_one_kind_on_one_day(plans):
    plan = plans["dev-patel"]
    first = plan.weeks[0]
    extra = replace(first.sessions[0])
    doubled = replace(plan, weeks=(replace(first, sessions=first.sessions + (extra,)),
                                   *plan.weeks[1:]))
    uids = [str(e["UID"]) for e in read_ics(plan_to_ics(doubled)).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert f"dev-patel-{extra.date.isoformat()}-{extra.kind}-2@booklet" in uids


# --- FIT ------------------------------------------------------------------------------------


def decode_fit(data: bytes) -> dict:
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    assert decoder.is_fit() and decoder.check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return messages


def run_workout(steps: list[dict]) -> list[dict]:
    """The timed steps in the order a watch does them, repeats followed."""
    done, position, rounds = [], 0, {}
    while position < len(steps):
        step = steps[position]
        if step["duration_type"] == "repeat_until_steps_cmplt":
            rounds[position] = rounds.get(position, 1) + 1
            if rounds[position] <= step["repeat_steps"]:
                position = step["duration_step"]
                continue
        else:
            done.append(step)
        position += 1
    return done


@pytest.mark.parametrize("athlete", ATHLETES)
def test_fit_one_valid_workout_per_downhill_and_quality_session(plans, athlete):
    plan = plans[athlete]
    files = plan_to_fit(plan)
    sessions = [s for s in plan.sessions if s.kind in WATCH_KINDS]
    assert len(files) == len(sessions) > 0
    for session in sessions:
        week = week_of(plan, session)
        name = f"w{week.number:02d}-{session.date:%a}-{session.kind.replace('_', '-')}.fit"
        messages = decode_fit(files[name.lower()])
        (file_id,) = messages["file_id_mesgs"]
        assert file_id["type"] == "workout"
        assert file_id["time_created"] == datetime.combine(plan.start, datetime.min.time(), UTC)
        (workout,) = messages["workout_mesgs"]
        steps = messages["workout_step_mesgs"]
        assert workout["sport"] == "running"
        assert workout["num_valid_steps"] == len(steps)
        assert [s["message_index"] for s in steps] == list(range(len(steps)))
        done = run_workout(steps)
        # durations as planned: every step, repeats included, adds up to the session's steps,
        # whose whole-minute warmups and cooldowns leave the session's minutes rounded up
        planned = sum((st.seconds or 0) * st.repeat for st in session.steps)
        assert 0 <= session.minutes * 60 - planned < 60
        main = next(s for s in session.steps if s.part == "main")
        reps = [s for s in done if s["intensity"] == "active"]
        assert len(reps) == main.repeat
        if main.distance_m is not None:  # the retest's time trial: run to its distance
            assert {s["duration_distance"] for s in reps} == {main.distance_m}
            assert sum(s.get("duration_time", 0) for s in done) + main.seconds == planned
            continue
        assert sum(s["duration_time"] for s in done) == planned
        assert all(s["duration_type"] == "time" for s in done)
        assert {s["duration_time"] for s in reps} == {main.seconds}
        assert done[0]["intensity"] == "warmup" and done[-1]["intensity"] == "cooldown"


def test_fit_repeat_block_of_reps_and_recoveries(plans):
    plan = plans["ben-okafor"]
    session = next(s for s in plan.sessions if s.kind == "downhill_tempo"
                   and plan.weeks[5].start <= s.date)
    week = week_of(plan, session)
    dose = week.downhill
    name = f"w{week.number:02d}-{session.date:%a}-downhill-tempo.fit".lower()
    steps = decode_fit(plan_to_fit(plan)[name])["workout_step_mesgs"]
    repeats = [s for s in steps if s["duration_type"] == "repeat_until_steps_cmplt"]
    block = repeats[-1]  # the strides come first, then the main set
    rep, recovery = steps[block["duration_step"]], steps[block["duration_step"] + 1]
    assert (rep["intensity"], recovery["intensity"]) == ("active", "recovery")
    assert rep["duration_time"] == dose.rep_seconds
    assert recovery["duration_time"] == dose.recovery_seconds
    assert block["repeat_steps"] == dose.reps - 1  # and the last rep on its own after it


def test_fit_pace_targets_are_speed_ranges(plans):
    plan = plans["ana-ruiz"]
    session = next(s for s in plan.sessions if s.kind == "downhill_tempo")
    week = week_of(plan, session)
    name = f"w{week.number:02d}-{session.date:%a}-downhill-tempo.fit".lower()
    steps = decode_fit(plan_to_fit(plan)[name])["workout_step_mesgs"]
    rep = next(s for s in steps if s.get("intensity") == "active")
    main = next(s for s in session.steps if s.part == "main")
    fast, slow = sorted(main.target.s_per_km)
    assert rep["target_type"] == "speed" and rep["target_value"] == 0
    assert rep["custom_target_speed_low"] == pytest.approx(1000 / slow, abs=0.001)
    assert rep["custom_target_speed_high"] == pytest.approx(1000 / fast, abs=0.001)


def test_fit_without_paces_targets_are_open_with_the_effort_in_the_name(plans):
    plan = plans["dev-patel"]  # no race result: no paces
    for data in plan_to_fit(plan).values():
        steps = decode_fit(data)["workout_step_mesgs"]
        timed = [s for s in steps if s["duration_type"] == "time"]
        assert all(s["target_type"] == "open" for s in timed)
        reps = [s for s in timed if s["intensity"] == "active"]
        assert all(re.search(r"effort \d+-\d+$", s["wkt_step_name"]) for s in reps)


def test_watch_names_are_plain_ascii():
    assert ascii_text("Race: São Paulo, 5 × 30 s at −3%") == "Race: Sao Paulo, 5 x 30 s at -3%"


def test_fit_is_deterministic(plans):
    assert plan_to_fit(plans["chloe-martin"]) == plan_to_fit(plans["chloe-martin"])


# --- intervals.icu --------------------------------------------------------------------------

STEP = re.compile(r"- (?P<cue>.+?) (?:(?P<distance>\d+(?:\.\d+)?(?P<dunit>km|mi))"
                  r"|(?P<time>(?:\d+h)?(?:\d+m)?(?:\d+s)?))"
                  r"(?: (?P<pace>\d+:\d\d(?:-\d+:\d\d)?)/(?P<unit>km|mi) Pace)?")
REPEAT = re.compile(r"(?:Main set|Strides) (\d+)x")


def icu_seconds(text: str) -> int:
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    assert parts and text, text
    hours, minutes, seconds = (int(p or 0) for p in parts.groups())
    return hours * 3600 + minutes * 60 + seconds


def parse_icu(data: bytes) -> dict[str, list[str]]:
    workouts: dict[str, list[str]] = {}
    current = None
    for line in data.decode("utf-8").split("\n"):
        if line.startswith("## "):
            current = workouts.setdefault(line, [])
        elif current is not None:
            current.append(line)
    return workouts


def icu_total(lines: list[str], units: str) -> int:
    """Seconds of one workout: blocks after 'Main set Nx' count N times until a blank line."""
    total, times = 0, 1
    for line in lines:
        if not line:
            times = 1
        elif repeat := REPEAT.fullmatch(line):
            times = int(repeat.group(1))
        else:
            step = STEP.fullmatch(line)
            assert step, line
            assert step["unit"] in (None, units)
            if step["distance"]:  # run to a distance (the retest): no time to count
                assert step["dunit"] == units
                continue
            total += times * icu_seconds(step["time"])
    return total


@pytest.mark.parametrize("athlete", ATHLETES)
def test_icu_one_workout_per_run_with_the_planned_time(plans, athlete):
    plan = plans[athlete]
    workouts = parse_icu(plan_to_icu(plan))
    runs = [s for s in plan.sessions if s.kind in RUN_KINDS]
    assert len(workouts) == len(runs)
    for (heading, lines), session in zip(workouts.items(), runs, strict=True):
        assert session.date.isoformat() in heading and session.title in heading
        planned = sum((step.seconds or 0) * step.repeat for step in session.steps)
        timed = sum((step.seconds or 0) * step.repeat for step in session.steps
                    if step.distance_m is None)
        assert icu_total(lines, plan.athlete.units) == timed
        assert planned // 60 <= session.minutes <= planned // 60 + 1


def test_icu_durations():
    assert duration(90) == "1m30s" and duration(600) == "10m" and duration(3900) == "1h5m"
    assert duration(45) == "45s"


def test_icu_pace_and_effort_steps(plans):
    ben = plan_to_icu(plans["ben-okafor"]).decode()
    assert re.search(r"^- Downhill rep 30s \d+:\d\d-\d+:\d\d/mi Pace$", ben, re.M)
    assert re.search(r"^Main set \d+x$", ben, re.M)
    dev = plan_to_icu(plans["dev-patel"]).decode()
    assert "Pace" not in dev and re.search(r"^- Downhill rep, effort 6-7 30s$", dev, re.M)


# --- CSV ------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("athlete", ATHLETES)
def test_csv_one_row_per_session(plans, athlete):
    plan = plans[athlete]
    data = plan_to_csv(plan)
    assert data.startswith(b"date,week,kind,title,minutes,description\r\n")
    rows = read_csv(data)
    assert len(rows) == len(plan.sessions)
    for row, session in zip(rows, plan.sessions, strict=True):
        assert row["date"] == session.date.isoformat()
        assert int(row["week"]) == week_of(plan, session).number
        assert row["kind"] == session.kind and row["title"] == session.title
        assert int(row["minutes"]) == session.minutes
        assert session_text(session, plan.athlete.units) in row["description"]


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tTAB", "\rCR"])
def test_csv_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Downhill " + cell) == "Downhill " + cell
    assert neutralise(12) == 12


def test_csv_never_writes_a_formula_cell(plans):
    plan = plans["dev-patel"]
    evil = replace(plan, weeks=tuple(
        replace(w, sessions=tuple(replace(s, title='=HYPERLINK("http://evil","x")')
                                  for s in w.sessions)) for w in plan.weeks))
    rows = read_csv(plan_to_csv(evil))
    assert {r["title"] for r in rows} == {'\'=HYPERLINK("http://evil","x")'}
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


# --- all together ---------------------------------------------------------------------------


def test_export_by_format_and_site_files(plans):
    plan = plans["ana-ruiz"]
    assert list(export(plan, "ics")) == ["plan.ics"]
    assert list(export(plan, "csv")) == ["plan.csv"]
    assert list(export(plan, "icu")) == ["plan-icu.txt"]
    assert all(Path(name).suffix == ".fit" for name in export(plan, "fit"))
    files = site_files(plan)
    assert {"plan.ics", "plan.csv", "plan-icu.txt"} <= set(files)
    assert len([f for f in files if f.startswith("fit/")]) == len(plan_to_fit(plan))
    with pytest.raises(ValueError, match="unknown export format"):
        export(plan, "gpx")


def test_headline_names_where_the_reps_are_run(plans):
    from booklet.exports.text import session_headline

    plan = plans["chloe-martin"]
    downhill = next(s for s in plan.sessions if s.kind == "downhill_tempo")
    assert downhill.descent  # the example club names Chloe's descents
    assert session_headline(downhill).endswith(f"· on {downhill.descent}")
    assert session_headline(replace(downhill, descent="treadmill")).endswith("on the treadmill")
    assert session_headline(replace(downhill, descent=None)).endswith("on your descent")
