"""Reading athletes: profiles (athletes/<id>.yaml) and roster rows, each with its plan."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ..errors import BookletError, InternalProblem, Problem, ProfileError
from ..plan import ID_RE, Plan, Profile, make_plan
from ..plan.strength import Doses
from ..sources import Loc, parse_yaml, problems_from_validation, read_text
from .course import with_course
from .diary import DiaryEdition, edition
from .spreadsheet import column_for, read_roster

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Athlete:
    """A profile, the plan made from it, and the file it came from; with a diary, the plan
    is re-planned from it (``diary``: the mid-block edition)."""

    profile: Profile
    plan: Plan
    source: Path
    row: int | None = None  # the spreadsheet row, for athletes from athletes.csv
    diary: DiaryEdition | None = None


def load_profile(path: Path, default_units: str = "km") -> Profile:
    """One profile file (with its goal race's course, if it names one); the file name's
    stem is the athlete id."""
    return with_course(path, _read(path, default_units)[0])


def load_athlete(path: Path, default_units: str = "km", doses: Doses | None = None,
                 today: date | None = None, roots: tuple[Path, ...] = ()) -> Athlete:
    """A profile and its plan (``doses``: the strength doses, default the bundled ones); rule
    problems the engine finds are located in the file. With ``today`` (a build's date), the
    plan is re-planned from the athlete's diary as of that day when there is one (read only
    inside ``roots``, when given)."""
    profile, lines = _read(path, default_units)
    try:
        profile = with_course(path, profile, roots)
    except ProfileError as exc:  # the course file's own problems name it, the others the key
        raise ProfileError([_locate(p, path, lines) if p.file == path else p
                            for p in exc.problems]) from None
    try:
        plan = make_plan(profile, doses)
        diary = None
        if today is not None:
            plan, diary = edition(path, profile, plan, today, doses, roots)
    except ProfileError as exc:
        raise ProfileError([_locate(p, path, lines) for p in exc.problems]) from None
    return Athlete(profile=profile, plan=plan, source=path, diary=diary)


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


def is_profile(path: Path) -> bool:
    """Whether a file name is a profile's: .yaml or .yml, in any case (Windows editors and
    cameras write .YAML)."""
    return path.suffix.lower() in SUFFIXES


def profile_paths(folder: Path) -> list[Path]:
    """Every entry of the folder named like a profile, readable or not (a broken link or a
    folder is reported, never skipped)."""
    if not folder.is_dir():
        return []
    try:
        return sorted(p for p in folder.iterdir() if is_profile(p))
    except OSError as exc:
        raise ProfileError([Problem(f"the athletes folder cannot be read: {exc.strerror}",
                                    folder)]) from None


def _unreadable(path: Path) -> str | None:
    """Why a profile path is not a file to read, or None if it is one."""
    if path.is_symlink() and not path.exists():
        return (f"is a broken symbolic link (to {path.readlink()}); point it at a profile"
                " or remove it")
    if path.is_dir():
        return "is a folder, not a profile; rename it or move it out of the athletes folder"
    if not path.is_file():
        return "is not a regular file; replace it with a YAML profile or remove it"
    return None


@dataclass(frozen=True)
class Roster:
    """Every athlete that could be read and planned, and what went wrong with the others."""

    athletes: tuple[Athlete, ...]
    problems: tuple[Problem, ...] = ()
    failed: frozenset[str] = frozenset()  # ids whose profile could not be used this time
    failures: int = 0  # sources (profiles, rows, a whole spreadsheet) that could not be used


@dataclass
class _Reading:
    """What load_roster has found so far."""

    athletes: list[Athlete] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    failures: int = 0

    def fail(self, problems: list[Problem], athlete_id: str | None = None,
             reserved: frozenset[str] = frozenset()) -> None:
        """One source could not be used; its earlier outputs are kept unless its id is one
        of the site's own names."""
        self.problems.extend(problems)
        self.failures += 1
        if athlete_id and ID_RE.match(athlete_id) and athlete_id not in reserved:
            self.failed.add(athlete_id)


def load_roster(folder: Path, spreadsheet: Path | None = None,
                default_units: str = "km", doses: Doses | None = None,
                reserved: frozenset[str] = frozenset(), today: date | None = None,
                roots: tuple[Path, ...] = ()) -> Roster:
    """Profiles from the folder and rows from the spreadsheet; ids are unique across both and
    none of them is in ``reserved`` (names the site uses for its own pages). With ``today``,
    each plan is re-planned from the athlete's diary (athletes/<id>.diary.csv) as of then,
    read only inside ``roots`` when given.

    A bad athlete does not stop the others: it is left out and its problems are returned. An
    unexpected exception while reading or planning one is an internal error for that
    athlete's file (or row), not the end of the build.
    """
    found = _Reading()
    paths = profile_paths(folder)
    rows: list[tuple[Profile, int]] = []
    row_problems: list[Problem] = []
    if spreadsheet is not None and spreadsheet.is_file():
        rows, row_problems = _read_rows(spreadsheet, default_units, found)
    where: dict[str, list[str]] = {}  # athlete id: the files (and rows) it comes from
    for path in paths:
        where.setdefault(path.stem, []).append(str(path))
    for profile, row in rows:
        where.setdefault(profile.id, []).append(f"{spreadsheet}, row {row}")

    for path in paths:
        clash = _clash(path.stem, str(path), where, reserved)
        reason = clash or _unreadable(path)
        if reason:
            found.fail([Problem(reason, path)], path.stem, reserved)
            continue
        try:
            found.athletes.append(load_athlete(path, default_units, doses, today, roots))
        except BookletError as exc:
            found.fail([p if p.file else replace(p, file=path) for p in exc.problems],
                       path.stem)
        except Exception as exc:  # a bug: this athlete fails, the others are still read
            found.fail([InternalProblem.from_exception(exc, path)], path.stem)
    found.problems.extend(row_problems)
    for profile, row in rows:
        clash = _clash(profile.id, f"{spreadsheet}, row {row}", where, reserved)
        if clash:
            found.fail([Problem(clash, spreadsheet, row, "id", table=True)], profile.id, reserved)
            continue
        try:
            plan = make_plan(profile, doses)
        except ProfileError as exc:
            found.fail([Problem(p.message, spreadsheet, row,
                                column_for(tuple((p.key or "").split("."))) or p.key,
                                table=True) for p in exc.problems], profile.id)
            continue
        except Exception as exc:  # a bug: this row fails, the others are still planned
            found.fail([InternalProblem.from_exception(exc, spreadsheet, row, table=True)],
                       profile.id)
            continue
        diary = None
        try:  # the row's diary is athletes/<id>.diary.csv, as a profile's would be
            if today is not None:
                plan, diary = edition(folder / f"{profile.id}.yaml", profile, plan, today,
                                      doses, roots)
        except BookletError as exc:
            found.fail(list(exc.problems), profile.id)
            continue
        except Exception as exc:  # a bug: this row fails, the others are still planned
            found.fail([InternalProblem.from_exception(exc, spreadsheet, row, table=True)],
                       profile.id)
            continue
        found.athletes.append(Athlete(profile=profile, plan=plan, source=spreadsheet, row=row,
                                      diary=diary))
    found.athletes.sort(key=lambda a: a.profile.id)
    return Roster(tuple(found.athletes), tuple(found.problems), frozenset(found.failed),
                  found.failures)


def _read_rows(spreadsheet: Path, default_units: str, found: _Reading
               ) -> tuple[list[tuple[Profile, int]], list[Problem]]:
    """The spreadsheet's valid rows and the problems of the others; every failed row (or the
    whole file, when it cannot be read) counts as one failure in ``found``."""
    try:
        rows, problems, failed = read_roster(spreadsheet, default_units)
    except BookletError as exc:
        found.failures += 1
        return [], [p if p.file else replace(p, file=spreadsheet) for p in exc.problems]
    except Exception as exc:  # a bug: the roster is left out, the profiles are still read
        found.failures += 1
        return [], [InternalProblem.from_exception(exc, spreadsheet)]
    found.failures += len({p.line for p in problems})
    found.failed |= set(filter(ID_RE.match, failed))
    return rows, problems


def _clash(athlete_id: str, here: str, where: dict[str, list[str]],
           reserved: frozenset[str]) -> str | None:
    """Why an id cannot be used: it is the site's own, or another file (or row) has it."""
    if athlete_id in reserved:
        return (f"athlete id '{athlete_id}' is the name of one of the site's own pages or"
                f" folders ({', '.join(sorted(reserved))}); rename the athlete")
    others = [w for w in where.get(athlete_id, []) if w != here]
    if others:
        return (f"athlete id '{athlete_id}' is also used by {' and '.join(others)};"
                " ids must be unique: rename or remove one of them")
    return None
