"""Fuzzing the project's readers: mutated and random profiles, rosters and booklet.toml files
give a value or one BookletError naming the file, never another exception."""

from __future__ import annotations

import tempfile

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from booklet.cli import main
from booklet.plan.profile import Profile
from booklet.project import load_athlete, load_config, load_roster

from ..support.example import BASE_PROFILE, EXAMPLE
from ..support.fuzzing import (
    assert_problems_name,
    bounded,
    documents,
    fuzz_settings,
    loads_or_explains,
    mutated,
    write,
)

pytestmark = pytest.mark.fuzz

PROFILES = [BASE_PROFILE] + [p.read_text("utf-8") for p in sorted(
    (EXAMPLE / "athletes").glob("*.yaml"))]
PROFILE_KEYS = [k for k in Profile.model_fields if k != "id"]
ROSTER = (
    "id,name,level,start,weeks,units,days,long_run,weekly_minutes,race_distance,race_time,"
    "hill_grade,hill_length_m,treadmill_max_decline,goal_name,goal_date,goal_distance,"
    "coach_name,notes\n"
    'eve,Eve Stone,beginner,2027-01-04,10,mi,tue thu sat sun,sun,150,5k,27:00,3,300,,,,,'
    'Sam Lee,"a note, with a comma"\n'
    "finn,Finn Hale,advanced,,12,km,mon tue thu sat sun,sun,330,10k,40:00,,,3,Coast Half,"
    "2027-04-11,half,,\n"
)

CONFIG = (EXAMPLE / "booklet.toml").read_text("utf-8")


def check_profile(data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(load_athlete, write(folder, "runner.yaml", data))


def check_roster(data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "athletes.csv", data)
        roster = load_roster(path.parent / "athletes", path)
        if roster.problems:
            assert_problems_name(roster.problems, path)


def check_config(data: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(lambda p: load_config(p.parent), write(folder, "booklet.toml", data))


@fuzz_settings(60)
@given(st.sampled_from(PROFILES).flatmap(mutated))
def test_mutated_profiles(text):
    check_profile(text)


@fuzz_settings(40)
@given(st.sampled_from(PROFILES).flatmap(lambda text: documents(PROFILE_KEYS, text)))
def test_generated_profiles(text):
    check_profile(text)


@fuzz_settings(30)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300)))
def test_random_profile_bytes(data):
    check_profile(data)


@fuzz_settings(15)
@given(st.sampled_from(PROFILES).flatmap(mutated))
def test_booklet_plan_prints_a_plan_or_errors(text):
    with tempfile.TemporaryDirectory() as folder:
        path = write(folder, "runner.yaml", text)
        with bounded(path):
            result = CliRunner().invoke(main, ["plan", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    if result.exit_code == 1:
        assert f"error: {path}" in result.output


@fuzz_settings(60)
@given(mutated(ROSTER))
def test_mutated_rosters(text):
    check_roster(text)


@fuzz_settings(30)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300),
                 st.binary(max_size=300).map(lambda tail: ROSTER.encode() + tail)))
def test_random_roster_bytes(data):
    check_roster(data)


@fuzz_settings(40)
@given(mutated(CONFIG))
def test_mutated_config(text):
    check_config(text)


@fuzz_settings(30)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300)))
def test_random_config_bytes(data):
    check_config(data)
