"""The training diary on disk: athletes/<id>.diary.csv, read strictly and written fresh.

``read_diary`` checks every cell and reports each bad one with the file, row and column and
how to fix it; ``diary_csv`` writes entries (the template ``booklet diary`` prints, or a
diary with a watch's activities filled in). The tool never rewrites a diary in place.
``edition`` re-plans an athlete's plan from the diary a project keeps, for a build.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import get_args

from ..errors import BookletError, Problem, ProfileError
from ..paths import outside_reason
from ..plan import Plan, Profile
from ..plan.diary import COLUMNS, RPE_RANGE, SORENESS_RANGE, DiaryEntry, merge, template
from ..plan.model import SessionKind
from ..plan.replan import replan
from ..plan.strength import Doses
from ..sources import read_text

SUFFIX = ".diary.csv"
KINDS: tuple[str, ...] = get_args(SessionKind)
YES_NO = {"yes": True, "no": False}


def diary_path(profile_path: Path, profile: Profile) -> Path:
    """Where a project keeps the athlete's diary: the profile's ``diary:``, else
    ``<id>.diary.csv`` beside the profile."""
    if profile.diary:
        return profile_path.parent / profile.diary
    return profile_path.parent / f"{profile.id}{SUFFIX}"


@dataclass(frozen=True)
class DiaryEdition:
    """A plan re-planned from the athlete's diary: the mid-block edition a build renders."""

    path: Path
    entries: tuple[DiaryEntry, ...]
    #: The day re-planned from (the build's date): the edition date.
    date: date
    #: The diary file's SHA-256, an input of the athlete's booklet.
    digest: str


def edition(profile_path: Path, profile: Profile, plan: Plan, today: date,
            doses: Doses | None = None, roots: Iterable[Path] = ()
            ) -> tuple[Plan, DiaryEdition | None]:
    """The plan re-planned from the project's diary of the athlete as of ``today``, with
    the edition; the plan as it is (and None) when the athlete keeps no diary. A profile
    whose ``diary:`` names a missing file, or one outside ``roots`` (the project's, when
    given), or a bad diary, is a BookletError."""
    path = diary_path(profile_path, profile)
    reason = outside_reason(path, roots) if roots and path.exists() else None
    if reason is not None:
        raise ProfileError([Problem(
            f"the diary {reason}; booklet only reads files inside the project: keep the"
            " diary in the athletes folder", profile_path, key="diary")])
    if not path.is_file():
        if profile.diary:
            raise ProfileError([Problem(
                f"'{profile.diary}' is not a file ({path}); write one with 'booklet"
                f" diary {profile_path.name} -o {profile.diary}' or remove the key",
                profile_path, key="diary")])
        return plan, None
    entries = read_diary(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return (replan(profile, entries, today, doses),
            DiaryEdition(path, tuple(entries), today, digest))


def diary_with_activities(plan: Plan, diary: Path | None, activities: Path) -> str:
    """The diary (``diary``, or the plan's template where there is none yet) with the FIT
    activities in ``activities`` filled in, as CSV: a new text, the diary file untouched."""
    from .activities import activity_entries, read_activities

    entries = read_diary(diary) if diary is not None else template(plan)
    runs = activity_entries(read_activities(activities), plan.athlete.units)
    return diary_csv(merge(entries, runs))


def save_new(path: Path, text: str) -> None:
    """Write ``text`` to a file that does not exist yet (a diary is never overwritten)."""
    try:
        with path.open("x", encoding="utf-8", newline="") as f:
            f.write(text)
    except FileExistsError:
        raise BookletError([Problem("already exists, and booklet never rewrites a diary;"
                                    " choose a new file name", path)]) from None
    except OSError as exc:
        raise BookletError([Problem(f"cannot be written: {exc.strerror}", path)]) from None


def diary_csv(entries: list[DiaryEntry]) -> str:
    """The diary as CSV text with the diary's columns (RFC 4180 quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value.isoformat() if isinstance(value, date) else str(value)

    for e in entries:
        writer.writerow([cell(getattr(e, column)) for column in COLUMNS])
    return out.getvalue()


def read_diary(path: Path) -> list[DiaryEntry]:
    """Every row of a diary file; a BookletError listing each bad cell otherwise."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    problems = _header_problems(path, header)
    if problems:
        raise BookletError(problems)
    entries: list[DiaryEntry] = []
    seen: dict[tuple[date, str], int] = {}
    for row_number, raw in enumerate(reader, start=2):  # row 1 is the header
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()
               if not isinstance(v, list)}
        if None in raw:
            problems.append(Problem(f"{len(raw[None])} cell(s) more than the"  # type: ignore[index]
                                    f" {len(COLUMNS)} columns; quote a note that has commas",
                                    path, row_number, table=True))
            continue
        if not any(row.values()):
            continue
        cells = _Cells(path, row_number, row, problems)
        entry = cells.entry()
        if entry is None:
            continue
        key = (entry.date, entry.kind)
        if key in seen:
            problems.append(Problem(f"a second {entry.kind} row on {entry.date} (the first is"
                                    f" row {seen[key]}); keep one row per session",
                                    path, row_number, "date", table=True))
            continue
        seen[key] = row_number
        entries.append(entry)
    if problems:
        raise BookletError(problems)
    return entries


class _Cells:
    """One row's cells, each read and checked; problems are collected, not raised."""

    def __init__(self, path: Path, row: int, cells: dict[str, str], problems: list[Problem]):
        self.path, self.row, self.cells, self.problems = path, row, cells, problems
        self.ok = True

    def bad(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(message, self.path, self.row, column, table=True))

    def day(self) -> date | None:
        text = self.cells["date"]
        try:
            return date.fromisoformat(text)
        except ValueError:
            self.bad("date", f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2027-01-19"
                     if text else "the date is missing; write it as YYYY-MM-DD")
            return None

    def kind(self) -> str:
        text = self.cells["kind"]
        if text not in KINDS:
            guess = difflib.get_close_matches(text, KINDS, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            self.bad("kind", f"unknown kind '{text}'{hint} (kinds: {', '.join(KINDS)})"
                     if text else f"the kind is missing (kinds: {', '.join(KINDS)})")
        return text

    def number(self, column: str, low: int, high: int | None = None) -> int | None:
        text = self.cells[column]
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            span = f"{low} to {high}" if high is not None else f"{low} or more"
            self.bad(column, f"'{text}' is not a whole number from {span}; leave it blank if"
                     " you did not rate or time it")
            return None
        return value

    def yes_no(self, column: str) -> bool | None:
        text = self.cells[column].lower()
        if not text:
            return None
        if text not in YES_NO:
            self.bad(column, f"'{self.cells[column]}' is not yes or no (or blank)")
            return None
        return YES_NO[text]

    def entry(self) -> DiaryEntry | None:
        day, kind = self.day(), self.kind()
        done = self.yes_no("done")
        minutes = self.number("minutes", 0, 24 * 60)
        if done is False and minutes:
            self.bad("minutes", f"done is 'no' but minutes is {minutes}; write done 'yes' or"
                     " clear the minutes")
        entry = DiaryEntry(
            date=day or date.min, kind=kind, title=self.cells["title"],
            planned_minutes=self.number("planned_minutes", 0, 24 * 60), done=done,
            minutes=minutes, rpe=self.number("rpe", *RPE_RANGE),
            soreness_24h=self.number("soreness_24h", *SORENESS_RANGE),
            soreness_48h=self.number("soreness_48h", *SORENESS_RANGE),
            soreness_72h=self.number("soreness_72h", *SORENESS_RANGE),
            fatigue=self.yes_no("fatigue"), notes=self.cells["notes"], row=self.row)
        return entry if self.ok else None


def _header_problems(path: Path, header: list[str]) -> list[Problem]:
    problems = []
    for column in header:
        if column not in COLUMNS:
            guess = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.6)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            problems.append(Problem(f"unknown column{hint} (columns: {', '.join(COLUMNS)})",
                                    path, 1, column, table=True))
    for column in COLUMNS:
        if column not in header:
            problems.append(Problem("column missing from the header row; start from"
                                    " 'booklet diary PROFILE'", path, 1, column, table=True))
    if len(set(header)) != len(header):
        problems.append(Problem("a column appears twice in the header row", path, 1,
                                table=True))
    return problems
