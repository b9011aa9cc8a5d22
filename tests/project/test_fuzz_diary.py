"""Fuzzing the training diary: mutated and random diary files through the reader and
`booklet replan` give a re-planned plan or one clear error naming the diary, never a traceback."""

from __future__ import annotations

import csv
import io
import tempfile

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from booklet.cli import main
from booklet.plan import Profile, make_plan
from booklet.plan.diary import template
from booklet.project.diary import diary_csv, read_diary

from ..support.example import BASE_PROFILE
from ..support.fuzzing import bounded, fuzz_settings, loads_or_explains, mutated, write

pytestmark = pytest.mark.fuzz


def filled_diary() -> str:
    """The example runner's diary template with its first weeks done and rated."""
    rows = list(csv.reader(io.StringIO(diary_csv(template(make_plan(
        Profile(id="runner", **yaml.safe_load(BASE_PROFILE))))))))
    for row in rows[1:10]:
        row[4:11] = ["yes", row[3] or "30", "5", "1", "3", "2", "no"]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


DIARY = filled_diary()


@fuzz_settings(40)
@given(mutated(DIARY))
def test_mutated_diaries(text):
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(read_diary, write(folder, "ana.diary.csv", text))


@fuzz_settings(25)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300),
                 st.binary(max_size=300).map(lambda tail: DIARY.encode()[:400] + tail)))
def test_random_diary_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(read_diary, write(folder, "ana.diary.csv", data))


@fuzz_settings(15)
@given(mutated(DIARY), st.dates().map(str))
def test_replan_prints_a_plan_or_one_error(text, today):
    with tempfile.TemporaryDirectory() as folder:
        profile = write(folder, "runner.yaml", BASE_PROFILE)
        diary = write(folder, "runner.diary.csv", text)
        with bounded(diary):
            result = CliRunner().invoke(
                main, ["replan", str(profile), "--diary", str(diary), "--today", today])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception))
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert "error:" in result.output
