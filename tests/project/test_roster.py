"""athletes.csv: a coach's roster, one row per athlete, beside or instead of YAML profiles."""

from __future__ import annotations

import csv
from datetime import date

from click.testing import CliRunner

from booklet.build import build
from booklet.cli import main
from booklet.project import load_config, load_project
from booklet.project.spreadsheet import COLUMNS, column_for

HEADER = list(COLUMNS)
GOOD = {
    "id": "eve", "name": "Eve Stone", "level": "beginner", "start": "2027-01-04", "weeks": "10",
    "units": "mi", "days": "tue thu sat sun", "long_run": "sun", "weekly_minutes": "150",
    "race_distance": "5k", "race_time": "27:00", "hill_grade": "3", "hill_length_m": "300",
    "goal_name": "", "goal_date": "", "goal_distance": "", "coach_name": "Sam Lee",
    "notes": "=1+1 looks like a formula but is only text", "message": "See you on the hill",
}


def write_roster(root, rows, header=HEADER):
    with (root / "athletes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def test_rows_become_athletes_beside_yaml_profiles(project):
    root = project()
    write_roster(root, [GOOD, {**GOOD, "id": "finn", "name": "Finn Hale", "level": "advanced",
                               "days": "mon tue thu sat sun", "weekly_minutes": "330",
                               "hill_grade": "5", "hill_length_m": "800", "start": "",
                               "goal_name": "Coast Half", "goal_date": "2027-04-11",
                               "goal_distance": "half"}])
    loaded = load_project(load_config(root))
    by_id = {a.profile.id: a for a in loaded.athletes}
    assert sorted(by_id) == ["eve", "finn", "runner-1"]
    eve = by_id["eve"].profile
    assert eve.units == "mi" and eve.days == ("tue", "thu", "sat", "sun")
    assert eve.recent_race.distance == 5000 and eve.hill.grade == 3
    assert eve.coach.name == "Sam Lee" and eve.notes.startswith("=1+1")
    assert eve.message == "See you on the hill"
    assert by_id["finn"].profile.start == date(2027, 2, 1)  # 10 weeks back from the race
    assert by_id["eve"].row == 2 and by_id["finn"].row == 3


def test_bad_row_names_row_and_column_and_others_still_build(project, tmp_path):
    root = project()
    write_roster(root, [GOOD, {**GOOD, "id": "gus", "hill_grade": "steep"},
                        {**GOOD, "id": "hal", "days": "tue thu"}])
    result = build(load_config(root, out_dir=tmp_path, pdf=False))
    messages = sorted(str(p) for p in result.problems)
    assert len(messages) == 2
    assert "athletes.csv, row 3, column 'hill_grade': Input should be a valid number" in messages[0]
    assert "athletes.csv, row 4, column 'days'" in messages[1]
    assert result.athletes == ["eve", "runner-1"]
    assert (tmp_path / "site" / "eve" / "index.html").is_file()


def test_ids_are_unique_across_sources(project):
    root = project()
    write_roster(root, [{**GOOD, "id": "runner-1"}])
    loaded = load_project(load_config(root))
    assert [a.profile.id for a in loaded.athletes] == ["runner-1"]
    assert "already used by" in str(loaded.problems[0])
    assert loaded.problems[0].line == 2


def test_unknown_and_missing_columns(project):
    root = project()
    header = [c for c in HEADER if c not in ("hill_grade", "weekly_minutes")] + ["hill_grad"]
    write_roster(root, [GOOD], header=header)
    problems = [str(p) for p in load_project(load_config(root)).problems]
    assert any("row 1, column 'hill_grad': unknown column; did you mean 'hill_grade'?" in p
               for p in problems)
    assert any("row 1, column 'weekly_minutes': required column is missing" in p
               for p in problems)


def test_rows_without_a_hill_run_on_a_treadmill_or_the_flat(project):
    root = project()
    treadmill = {**GOOD, "id": "tia", "hill_grade": "", "hill_length_m": "",
                 "treadmill_max_decline": "3"}
    flat = {**GOOD, "id": "fay", "hill_grade": "", "hill_length_m": ""}
    write_roster(root, [treadmill, flat])
    athletes = {a.profile.id: a for a in load_project(load_config(root)).athletes}
    tia, fay = athletes["tia"].plan, athletes["fay"].plan
    assert {w.downhill.descent for w in tia.weeks if w.downhill} == {"treadmill"}
    assert tia.warnings == ()
    assert [w.code for w in fay.warnings] == ["no_suitable_descent"]
    assert not any(w.downhill for w in fay.weeks)


def test_column_for_maps_error_locations():
    assert column_for(("hill", "grade")) == "hill_grade"
    assert column_for(("recent_race",)) == "race_distance/race_time"
    assert column_for(("days", 3)) == "days"


def test_cli_build_exits_1_but_builds_the_rest(project, tmp_path):
    root = project()
    write_roster(root, [{**GOOD, "level": "elite"}])
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 1
    assert "row 2, column 'level'" in result.output
    assert (tmp_path / "site" / "runner-1" / "index.html").is_file()
