"""athletes.csv: a coach's roster, one row per athlete, beside or instead of YAML profiles."""

from __future__ import annotations

import csv
import io
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
    """Which of the two is meant cannot be known: neither is built, each error names the
    other, and the athlete's earlier outputs are kept."""
    root = project()
    write_roster(root, [GOOD, {**GOOD, "id": "runner-1"}])
    loaded = load_project(load_config(root))
    assert [a.profile.id for a in loaded.athletes] == ["eve"]
    profile, row = loaded.problems
    assert profile.file.name == "runner-1.yaml" and "athletes.csv, row 3" in profile.message
    assert row.file.name == "athletes.csv" and row.line == 3
    assert "runner-1.yaml" in row.message and "ids must be unique" in row.message
    assert loaded.failed == {"runner-1"} and loaded.failures == 2


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


def roster_text(rows, header=HEADER) -> str:
    handle = io.StringIO(newline="")
    writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in header})
    return handle.getvalue()


def test_a_byte_order_mark_is_what_spreadsheets_write_and_is_accepted(project):
    root = project()
    (root / "athletes.csv").write_bytes(b"\xef\xbb\xbf" + roster_text([GOOD]).encode())
    loaded = load_project(load_config(root))
    assert loaded.problems == ()
    assert sorted(a.profile.id for a in loaded.athletes) == ["eve", "runner-1"]


def test_a_cp1252_roster_is_one_error_and_the_rest_still_build(project, tmp_path):
    root = project()
    (root / "athletes.csv").write_text(roster_text([GOOD]), encoding="utf-8")
    build(load_config(root, out_dir=tmp_path, pdf=False))
    (root / "athletes.csv").write_bytes(
        roster_text([{**GOOD, "name": "Zoë Müller"}]).encode("cp1252"))
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    path = root / "athletes.csv"
    assert f"error: {path}: is not UTF-8 text (invalid continuation byte at byte" in result.output
    assert "save it as UTF-8 (in a spreadsheet program, save as 'CSV UTF-8')" in result.output
    assert (tmp_path / "site" / "runner-1" / "index.html").is_file()
    assert (tmp_path / "site" / "eve" / "index.html").is_file()  # kept until the file is fixed


def test_a_row_with_more_cells_than_the_header_names_its_row(project):
    root = project()
    text = roster_text([GOOD, {**GOOD, "id": "gus"}])
    lines = text.split("\r\n")
    lines[2] += ",surplus,cells"
    (root / "athletes.csv").write_text("\r\n".join(lines), encoding="utf-8")
    roster = load_project(load_config(root))
    assert sorted(a.profile.id for a in roster.athletes) == ["eve", "runner-1"]
    assert [str(p) for p in roster.problems] == [
        f"{root / 'athletes.csv'}, row 3: this row has {len(HEADER) + 2} cells but the header"
        f" has {len(HEADER)} columns; remove the extra cells, or put a cell that holds a comma"
        " in double quotes"]
    assert roster.failed == frozenset({"gus"})


def test_a_cell_over_the_csv_limit_is_an_error_not_a_traceback(project):
    root = project()
    path = root / "athletes.csv"
    path.write_text(roster_text([GOOD, {**GOOD, "id": "gus", "notes": "x" * 140_000}, GOOD]),
                    encoding="utf-8")
    roster = load_project(load_config(root))
    assert [a.profile.id for a in roster.athletes] == ["eve", "runner-1"]
    assert [str(p) for p in roster.problems] == [
        f"{path}, row 3: a cell is longer than 131,072 characters; shorten it (notes are at"
        " most 4,000); the rows after it were not read"]


def test_a_repeated_or_empty_heading_is_named(project):
    root = project()
    (root / "athletes.csv").write_text(roster_text([GOOD], HEADER + ["name", ""]),
                                       encoding="utf-8")
    problems = [str(p) for p in load_project(load_config(root)).problems]
    assert problems == [
        f"{root / 'athletes.csv'}, row 1, column 'name': column appears twice in the header"
        " row; keep one",
        f"{root / 'athletes.csv'}, row 1: column {len(HEADER) + 2} has no heading; name it or"
        " delete the column"]


def test_a_huge_cell_is_quoted_short(project):
    root = project()
    write_roster(root, [{**GOOD, "weeks": "9" * 5000, "race_distance": "8" * 5000}])
    problems = load_project(load_config(root)).problems
    assert [(p.line, p.key) for p in problems] == [(2, "weeks"), (2, "race_distance")]
    assert all(len(p.message) < 160 for p in problems), [p.message for p in problems]
    assert "(got '9999999999" in problems[0].message and "...'" in problems[0].message
