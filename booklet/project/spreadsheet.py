"""Reading a coach's roster spreadsheet (athletes.csv): one athlete per row, flat columns."""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import BookletError, Problem
from ..plan import Profile
from ..sources import Loc, problems_from_validation, read_text

#: Column -> where its value goes in a profile.
COLUMNS: dict[str, Loc] = {
    "id": ("id",), "name": ("name",), "level": ("level",), "start": ("start",),
    "weeks": ("weeks",), "units": ("units",), "days": ("days",), "long_run": ("long_run",),
    "weekly_minutes": ("weekly_minutes",),
    "race_distance": ("recent_race", "distance"), "race_time": ("recent_race", "time"),
    "hill_grade": ("hill", "grade"), "hill_length_m": ("hill", "length_m"),
    "treadmill_max_decline": ("treadmill", "max_decline"),
    "goal_name": ("race", "name"), "goal_date": ("race", "date"),
    "goal_distance": ("race", "distance"),
    "coach_name": ("coach", "name"), "notes": ("notes",), "message": ("message",),
    "share_notes": ("share_notes",),
}
#: Without a hill (empty cells, or no hill columns) an athlete runs on a treadmill, or on the
#: flat with strides and eccentric strength instead of descents (the plan warns).
REQUIRED = ("id", "name", "level", "days", "weekly_minutes")
#: A roster of thousands of athletes fits easily; anything larger is the wrong file.
ROSTER_BYTES = 8_000_000


def column_for(loc: Loc) -> str | None:
    """The column an error location points at: exact, or the group it belongs to."""
    loc = tuple(p for p in loc if not isinstance(p, int))
    for column, target in COLUMNS.items():
        if loc[:len(target)] == target:
            return column
    group = [c for c, target in COLUMNS.items() if target[:len(loc)] == loc]
    return "/".join(group) if group else None


def row_to_data(row: dict[str, str], default_units: str) -> dict[str, Any]:
    """A row as the nested mapping a YAML profile would give; empty cells are left out."""
    data: dict[str, Any] = {"units": default_units}
    for column, value in row.items():
        value = (value or "").strip()
        if not value or column not in COLUMNS:
            continue
        where = COLUMNS[column]
        if column == "days":
            value = value.replace(",", " ").split()
        target = data
        for part in where[:-1]:
            target = target.setdefault(part, {})
        target[where[-1]] = value
    return data


def read_roster(path: Path, default_units: str = "km"
                ) -> tuple[list[tuple[Profile, int]], list[Problem], set[str]]:
    """Valid profiles with their row numbers, the problems of the other rows, and the ids of
    rows that failed (so their earlier outputs can be kept). A spreadsheet that cannot be read
    is one Problem, not an exception: the YAML profiles still build."""
    try:
        text = read_text(path, limit=ROSTER_BYTES)
    except BookletError as exc:
        hint = " (in a spreadsheet program, save as 'CSV UTF-8')"
        problems = [Problem(p.message + hint if "UTF-8" in p.message else p.message,
                            p.file, p.line, p.key) for p in exc.problems]
        return [], problems, _ids_in_unreadable(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        return [], [Problem(_csv_message(exc), path, 1, table=True)], set()
    problems = _header_problems(path, header)
    if problems:
        return [], problems, set()
    profiles, failed = [], set()
    for row_number, row in _rows(reader, path, problems):
        if None in row:  # more cells than the header has columns
            problems.append(Problem(
                f"this row has {len(header) + len(row[None])} cells but the header has"
                f" {len(header)} columns; remove the extra cells, or put a cell that holds a"
                ' comma in double quotes', path, row_number, table=True))
            failed.add((row.get("id") or "").strip())
            continue
        if not any((v or "").strip() for v in row.values()):
            continue
        try:
            profiles.append((Profile(**row_to_data(row, default_units)), row_number))
        except ValidationError as exc:
            for problem in problems_from_validation(exc, Profile, path, {}):
                loc = tuple(problem.key.replace("[", ".").replace("]", "").split(".")) \
                    if problem.key else ()
                problems.append(Problem(problem.message, path, row_number,
                                        column_for(loc) or problem.key, table=True))
            failed.add((row.get("id") or "").strip())
    return profiles, problems, failed - {""}


def _rows(reader: csv.DictReader, path: Path, problems: list[Problem]
          ) -> Iterator[tuple[int, dict[Any, Any]]]:
    """The rows with their numbers (the header is row 1); a row the csv module cannot read
    becomes a Problem and ends the reading, since the rows after it cannot be trusted."""
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(_csv_message(exc) + "; the rows after it were not read",
                                    path, row_number + 1, table=True))
            return
        row_number += 1
        yield row_number, row


def _csv_message(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (f"a cell is longer than {csv.field_size_limit():,} characters;"
                " shorten it (notes are at most 4,000)")
    return f"the row cannot be read as CSV ({exc})"


def _ids_in_unreadable(path: Path) -> set[str]:
    """The ids in a roster that is not UTF-8, read as Latin-1 only to name them, so their
    earlier outputs are kept while the file is fixed."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(ROSTER_BYTES).decode("latin-1")
        rows = csv.DictReader(io.StringIO(text, newline=""))
        return {(row.get("id") or "").strip() for row in rows} - {""}
    except (OSError, csv.Error, AttributeError):
        return set()


def _header_problems(path: Path, header: list[str]) -> list[Problem]:
    problems, seen = [], set()
    for index, column in enumerate(header):
        if column in seen:
            problems.append(Problem("column appears twice in the header row; keep one",
                                    path, 1, column, table=True))
        elif not column.strip():
            problems.append(Problem(f"column {index + 1} has no heading; name it or delete"
                                    " the column", path, 1, table=True))
        elif column not in COLUMNS:
            guess = difflib.get_close_matches(column[:40], COLUMNS, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(Problem(f"unknown column{hint} (columns: {', '.join(COLUMNS)})",
                                    path, 1, column, table=True))
        seen.add(column)
    for column in REQUIRED:
        if column not in header:
            problems.append(Problem("required column is missing from the header row",
                                    path, 1, column, table=True))
    return problems
