"""Reading a coach's roster spreadsheet (athletes.csv): one athlete per row, flat columns."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem
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
}
#: Without a hill (empty cells, or no hill columns) an athlete runs on a treadmill, or on the
#: flat with strides and eccentric strength instead of descents (the plan warns).
REQUIRED = ("id", "name", "level", "days", "weekly_minutes")


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
    rows that failed (so their earlier outputs can be kept)."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    header = reader.fieldnames or []
    problems = _header_problems(path, header)
    if problems:
        return [], problems, set()
    profiles, failed = [], set()
    for row_number, row in enumerate(reader, start=2):  # row 1 is the header
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


def _header_problems(path: Path, header: list[str]) -> list[Problem]:
    problems = []
    for column in header:
        if column not in COLUMNS:
            guess = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(Problem(f"unknown column{hint} (columns: {', '.join(COLUMNS)})",
                                    path, 1, column, table=True))
    for column in REQUIRED:
        if column not in header:
            problems.append(Problem("required column is missing from the header row",
                                    path, 1, column, table=True))
    return problems
