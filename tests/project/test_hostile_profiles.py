"""Profiles written to break the YAML reader or the planner (issue 18) give one clear error that
names the file, the line and the key, through the loader and through `booklet plan`."""

from __future__ import annotations

import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.errors import BookletError
from booklet.project import load_athlete, load_profile

from ..support.example import BASE_PROFILE
from ..support.fuzzing import alias_bomb

WITHOUT_START = BASE_PROFILE.replace("start: 2027-01-04\n", "")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "runner.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE = [
    # (profile text, line, key, fragment of the message)
    ("1: x\n", 1, None, "a key must be text, but YAML reads '1' as a whole number"),
    (BASE_PROFILE + "coach: {name: Sam, yes: 1}\n", 10, "coach",
     "YAML reads 'yes' as true or false"),
    (BASE_PROFILE + "descents: [{name: A, grade: 3, length_m: 300, 2.5: x}]\n", 10,
     "descents[0]", "YAML reads '2.5' as a number"),
    (BASE_PROFILE + "? [a, b]\n: 1\n", 10, None, "a key must be text, not a list"),
    (BASE_PROFILE.replace("start: 2027-01-04", "start: !!float 2026-12-07"), 3, "start",
     "'2026-12-07' is not a number; remove the tag !!float"),
    (BASE_PROFILE.replace("weeks: 12", "weeks: !!int " + "9" * 5000), 4, "weeks",
     "is too long"),
    (BASE_PROFILE.replace("weeks: 12", "weeks: " + "9" * 5000), 4, "weeks", "is too long"),
    (BASE_PROFILE.replace("weeks: 12", "weeks: !!bool maybe"), 4, "weeks",
     "'maybe' is not true or false"),
    (BASE_PROFILE.replace("weeks: 12", "weeks: 012"), 4, "weeks",
     "write 012 without its leading zero (12): YAML would read it as an octal number"),
    (BASE_PROFILE.replace('"48:00"', ".inf"), 8, "recent_race.time",
     ".inf is not a finite number"),
    (BASE_PROFILE.replace('"48:00"', ".nan"), 8, "recent_race.time", ".nan is not a finite"),
    (BASE_PROFILE.replace("grade: 4", "grade: 1.0e+400"), 9, "hill.grade",
     "1.0e+400 is not a finite number"),
    (BASE_PROFILE.replace("grade: 4", "grade: 1e400"), 9, "hill.grade",  # YAML 1.1: text
     "Input should be a finite number"),
    (BASE_PROFILE + "notes: &a [*a]\n", 10, None, "*a is used inside its own anchor &a"),
    (BASE_PROFILE + "notes: " + "[" * 5000 + "]" * 5000 + "\n", 10, None,
     "nested more than 32 levels deep"),
    (BASE_PROFILE + "x: &x {a: 1}\ncoach:\n  <<: *x\n  name: Sam\n", 12, "coach",
     "merge keys ('<<') are not supported"),
    (BASE_PROFILE + "notes: !!binary aGVsbG8=\n", 10, "notes", "the tag !!binary is not"),
    (BASE_PROFILE + "notes: !!python/object/apply:os.system [ls]\n", 10, "notes",
     "the tag !!python/object/apply:os.system is not supported; remove it"),
    (BASE_PROFILE + "notes: !!set {a, b}\n", 10, "notes", "the tag !!set is not supported"),
    (BASE_PROFILE.replace("Test Runner", "Test\x00Runner"), 1, None,
     "the character '\\x00' is not allowed in YAML"),
    (alias_bomb(), 4, None, "more than 10,000 values once its aliases (*name) are expanded"),
    (BASE_PROFILE.replace("start: 2027-01-04", "start: 9999-12-27"), 3, "start",
     "the date 9999-12-27 is not between 2000-01-01 and 2100-12-31; check the year"),
    (BASE_PROFILE.replace("start: 2027-01-04", "start: 0001-01-01"), 3, "start",
     "the date 0001-01-01 is not between"),
    (BASE_PROFILE.replace("start: 2027-01-04", "start: 1899-12-31"), 3, "start",
     "is not between"),
    (WITHOUT_START + "race: {name: Spring 10k, date: 0001-01-01, distance: 10k}\n", 9,
     "race.date", "the date 0001-01-01 is not between"),
    (WITHOUT_START + "race: {name: Spring 10k, date: 9999-12-31, distance: 10k}\n", 9,
     "race.date", "the date 9999-12-31 is not between"),
    (BASE_PROFILE.replace('"48:00"', "99999999999999999999"), 8, "recent_race",
     "not a plausible running result"),
    (BASE_PROFILE.replace('"48:00"', '"9999999999:00:00"'), 8, "recent_race.time",
     'is not like "24:30"'),
    (BASE_PROFILE.replace("10k", "1.0e+300"), 8, "recent_race.distance",
     "is outside 800..100000 metres"),
]


@pytest.mark.parametrize(("text", "line", "key", "fragment"), HOSTILE)
def test_hostile_profile_is_one_clear_problem(tmp_path, text, line, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(BookletError) as caught:
        load_athlete(path)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert fragment in problem.message
    assert (problem.file, problem.line, problem.key) == (path, line, key)


def test_alias_bomb_is_refused_without_expanding_it(tmp_path):
    path = write(tmp_path, alias_bomb())
    assert len(path.read_bytes()) < 330
    tracemalloc.start()
    try:
        with pytest.raises(BookletError):
            load_profile(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # expanding it took 2.2 GB


def test_a_profile_over_a_megabyte_is_refused(tmp_path):
    path = write(tmp_path, BASE_PROFILE + "notes: " + "x" * 1_100_000 + "\n")
    with pytest.raises(BookletError) as caught:
        load_profile(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: is larger than 1 MB, far more than a booklet file needs; is it the right file?"]


def test_aliases_within_the_budget_still_read(tmp_path):
    text = BASE_PROFILE.replace("days: [tue, thu, sat, sun]", "days: &days [tue, thu, sat, sun]")
    text = text.replace("recent_race:", "other: *days\nrecent_race:")
    with pytest.raises(BookletError) as caught:  # an unknown key, but read without complaint
        load_profile(write(tmp_path, text))
    assert "unknown key 'other'" in caught.value.problems[0].message
    path = write(tmp_path, BASE_PROFILE.replace('"48:00"', "48:00"))  # YAML 1.1: 2880 seconds
    assert load_profile(path).recent_race.time == 48 * 60


def test_profile_dates_inside_the_range_still_plan(tmp_path):
    text = WITHOUT_START + "race: {name: Early, date: 2000-06-04, distance: 10k}\n"
    athlete = load_athlete(write(tmp_path, text))
    assert athlete.profile.start == date(2000, 3, 13)
    last = BASE_PROFILE.replace("start: 2027-01-04", "start: 2100-12-27").replace(
        "weeks: 12", "weeks: 24")
    assert load_athlete(write(tmp_path, last)).plan.weeks[-1].number == 24


@pytest.mark.parametrize(("text", "expected"), [
    ("1: x\n", "line 1: a key must be text"),
    (BASE_PROFILE.replace("start: 2027-01-04", "start: 9999-12-27"),
     "line 3, key 'start': the date 9999-12-27 is not between"),
    (BASE_PROFILE.replace('"48:00"', ".inf"), "line 8, key 'recent_race.time': .inf is not"),
    (alias_bomb(), "line 4: the YAML holds more than 10,000 values"),
])
def test_booklet_plan_prints_the_problem_not_a_traceback(tmp_path, text, expected):
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["plan", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert f"error: {path}, {expected}" in result.output
    assert "Traceback" not in result.output
