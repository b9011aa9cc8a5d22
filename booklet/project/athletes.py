"""Reading athletes: profiles (athletes/<id>.yaml) and roster rows, each with its plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import BookletError, Problem, ProfileError
from ..plan import ID_RE, Plan, Profile, make_plan
from ..plan.strength import Doses
from ..sources import Loc, parse_yaml, problems_from_validation, read_text
from .spreadsheet import column_for, read_roster

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Athlete:
    """A profile, the plan made from it, and the file it came from."""

    profile: Profile
    plan: Plan
    source: Path
    row: int | None = None  # the spreadsheet row, for athletes from athletes.csv


def load_profile(path: Path, default_units: str = "km") -> Profile:
    """One profile file; the file name's stem is the athlete id."""
    return _read(path, default_units)[0]


def load_athlete(path: Path, default_units: str = "km", doses: Doses | None = None) -> Athlete:
    """A profile and its plan (``doses``: the strength doses, default the bundled ones); rule
    problems the engine finds are located in the file."""
    profile, lines = _read(path, default_units)
    try:
        plan = make_plan(profile, doses)
    except ProfileError as exc:
        raise ProfileError([_locate(p, path, lines) for p in exc.problems]) from None
    return Athlete(profile=profile, plan=plan, source=path)


def _locate(problem: Problem, path: Path, lines: dict[Loc, int]) -> Problem:
    loc: Loc = tuple(problem.key.split(".")) if problem.key else ()
    while loc and loc not in lines:
        loc = loc[:-1]
    return Problem(problem.message, path, lines.get(loc) if loc else None, problem.key)


def _read(path: Path, default_units: str) -> tuple[Profile, dict[Loc, int]]:
    path = Path(path)
    data, lines = parse_yaml(read_text(path), path)
    if data is None:
        raise ProfileError([Problem("the file is empty; see 'booklet new' for an example", path)])
    if not isinstance(data, dict):
        raise ProfileError([Problem("a profile must be a YAML mapping (key: value)", path, 1)])
    if "id" in data:
        raise ProfileError([Problem(
            "remove 'id': the athlete id is the file name", path, lines.get(("id",)), "id")])
    data = {"units": default_units, **data, "id": path.stem}
    try:
        return Profile(**data), lines
    except ValidationError as exc:
        raise ProfileError(
            problems_from_validation(exc, Profile, path, lines, hidden=frozenset({"id"}))
        ) from None


def profile_paths(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


@dataclass(frozen=True)
class Roster:
    """Every athlete that could be read and planned, and what went wrong with the others."""

    athletes: tuple[Athlete, ...]
    problems: tuple[Problem, ...] = ()
    failed: frozenset[str] = frozenset()  # ids whose profile could not be used this time


def load_roster(folder: Path, spreadsheet: Path | None = None,
                default_units: str = "km", doses: Doses | None = None) -> Roster:
    """Profiles from the folder and rows from the spreadsheet; ids are unique across both.

    A bad athlete does not stop the others: it is left out and its problems are returned.
    """
    athletes: list[Athlete] = []
    problems: list[Problem] = []
    failed: set[str] = set()
    for path in profile_paths(folder):
        try:
            athletes.append(load_athlete(path, default_units, doses))
        except BookletError as exc:
            problems.extend(exc.problems)
            failed.add(path.stem)
    if spreadsheet is not None and spreadsheet.is_file():
        rows, row_problems, row_failed = read_roster(spreadsheet, default_units)
        problems.extend(row_problems)
        failed |= row_failed
        known = {a.profile.id: a.source for a in athletes}
        for profile, row in rows:
            if profile.id in known:
                problems.append(Problem(
                    f"athlete id '{profile.id}' is already used by {known[profile.id]};"
                    " ids must be unique", spreadsheet, row, "id", table=True))
                continue
            try:
                plan = make_plan(profile, doses)
            except ProfileError as exc:
                problems.extend(Problem(p.message, spreadsheet, row,
                                        column_for(tuple((p.key or "").split("."))) or p.key,
                                        table=True) for p in exc.problems)
                failed.add(profile.id)
                continue
            known[profile.id] = spreadsheet
            athletes.append(Athlete(profile=profile, plan=plan, source=spreadsheet, row=row))
    athletes.sort(key=lambda a: a.profile.id)
    # Only well-formed ids name output files that can be kept.
    return Roster(tuple(athletes), tuple(problems), frozenset(filter(ID_RE.match, failed)))
