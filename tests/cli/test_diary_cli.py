"""`booklet diary` and `booklet replan` on the command line: files, messages and exit codes."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.plan.diary import COLUMNS

from ..support.example import EXAMPLE


@pytest.fixture
def project(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "club")
    return tmp_path / "club"


def rows(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path, table):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(table)


def test_diary_writes_the_template_and_never_overwrites(project):
    profile = project / "athletes" / "ana-ruiz.yaml"
    out = project / "athletes" / "ana-ruiz.diary.csv"
    result = CliRunner().invoke(main, ["diary", str(profile), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert list(rows(out)[0]) == list(COLUMNS)
    again = CliRunner().invoke(main, ["diary", str(profile), "-o", str(out)])
    assert again.exit_code == 1
    assert "already exists, and booklet never rewrites a diary" in again.output
    assert "Traceback" not in again.output


def test_replan_finds_the_projects_diary_and_prints_the_changes(project):
    profile = project / "athletes" / "ana-ruiz.yaml"
    out = project / "athletes" / "ana-ruiz.diary.csv"
    CliRunner().invoke(main, ["diary", str(profile), "-o", str(out)])
    table = rows(out)
    first = next(r for r in table if r["kind"] == "downhill_tempo" and r["date"] >= "2027-01-26")
    first.update(done="yes", minutes=first["planned_minutes"], soreness_48h="3",
                 soreness_72h="2")
    write(out, table)
    result = CliRunner().invoke(main, ["replan", str(profile), "--today", "2027-01-29"])
    assert result.exit_code == 0, result.output
    assert "Re-planned from the diary" in result.output and "Drop a step" in result.output
    as_json = CliRunner().invoke(main, ["replan", str(profile), "--today", "2027-01-29",
                                        "--format", "json"])
    document = json.loads(as_json.output)
    assert document["schema"] == "booklet.plan/3"
    assert {a["rule"] for a in document["adjustments"]} >= {"Drop a step"}


def test_replan_reports_bad_rows_and_a_missing_diary(project, tmp_path):
    profile = project / "athletes" / "ana-ruiz.yaml"
    missing = CliRunner().invoke(main, ["replan", str(profile)])
    assert missing.exit_code == 1 and "no diary there" in missing.output
    bad = tmp_path / "bad.csv"
    write(bad, [{"date": "2027-01-05", "kind": "downhill_tempo", "soreness_48h": "9"}])
    result = CliRunner().invoke(main, ["replan", str(profile), "--diary", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}, row 2, column 'soreness_48h': '9' is not a whole number from" \
           " 0 to 6" in result.output
    assert "Traceback" not in result.output
