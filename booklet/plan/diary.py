"""The training diary as data: one entry per session logged, and the template a plan gives.

The diary is the athlete's record: what was done, for how long, how hard (RPE 0-10), how
sore 24, 48 and 72 h later (0-6) and whether fatigue was unusual. ``replan`` reads it; the
project reads and writes it as CSV (``project.diary``). Pure: no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from .model import Plan
from .sessions import TEST_S, TRIAL_M

#: The diary file's columns, in order.
COLUMNS: tuple[str, ...] = (
    "date", "kind", "title", "planned_minutes", "done", "minutes", "rpe", "soreness_24h",
    "soreness_48h", "soreness_72h", "fatigue", "notes",
)
RPE_RANGE = (0, 10)
SORENESS_RANGE = (0, 6)


@dataclass(frozen=True)
class DiaryEntry:
    """One diary row. Blank cells are None (``notes``: empty)."""

    date: date
    kind: str
    title: str = ""
    planned_minutes: int | None = None
    done: bool | None = None
    minutes: int | None = None
    rpe: int | None = None
    soreness_24h: int | None = None
    soreness_48h: int | None = None
    soreness_72h: int | None = None
    fatigue: bool | None = None
    notes: str = ""
    #: The row in the file (1 is the header), for messages.
    row: int | None = None

    @property
    def missed(self) -> bool:
        return self.done is False

    def line(self) -> str:
        """The entry as a reason quotes it: '2027-01-19 downhill_tempo (row 12): done,
        soreness 3/3/3, fatigue'."""
        parts = []
        if self.done is not None:
            parts.append("done" if self.done else "not done")
        if self.minutes is not None:
            parts.append(f"{self.minutes} min")
        if self.rpe is not None:
            parts.append(f"RPE {self.rpe}")
        sore = (self.soreness_24h, self.soreness_48h, self.soreness_72h)
        if any(s is not None for s in sore):
            parts.append("soreness " + "/".join("-" if s is None else str(s) for s in sore)
                         + " at 24/48/72 h")
        if self.fatigue:
            parts.append("unusual fatigue")
        if self.notes:
            parts.append(f'"{self.notes}"')
        where = f" (row {self.row})" if self.row is not None else ""
        return f"{self.date.isoformat()} {self.kind}{where}: {', '.join(parts) or 'blank'}"


def template(plan: Plan) -> list[DiaryEntry]:
    """The diary a plan starts with: one row per session, nothing logged yet."""
    return [DiaryEntry(s.date, s.kind, s.title, s.minutes) for s in plan.sessions]


def merge(entries: list[DiaryEntry], runs: list[DiaryEntry]) -> list[DiaryEntry]:
    """``entries`` with the ``runs`` a watch recorded filled in, matched by date to the day's
    run (one still blank first): ``done`` and ``minutes`` where their cells are blank, and
    the run's note added to the notes. What the athlete typed is never changed."""
    out = list(entries)
    for new in runs:
        same_day = [i for i, e in enumerate(out) if e.date == new.date and e.kind in RUNS]
        blank = [i for i in same_day if out[i].done is None or out[i].minutes is None]
        match = (blank or same_day or [None])[0]
        if match is None:
            continue
        old = out[match]
        notes = old.notes
        if new.notes and new.notes not in notes:
            notes = f"{notes}; {new.notes}" if notes else new.notes
        out[match] = replace(
            old,
            done=old.done if old.done is not None else new.done,
            minutes=old.minutes if old.minutes is not None else new.minutes,
            notes=notes,
        )
    return out


RUNS = frozenset({"downhill_tempo", "quality", "easy", "long", "race", "test"})

_TIME = re.compile(r"\b(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\b")
_DISTANCE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s*(km|mi|m)\b", re.IGNORECASE)
_METRES = {"km": 1000.0, "mi": 1609.344, "m": 1.0}


def trial_result(entry: DiaryEntry) -> tuple[float, float] | None:
    """A ``test`` entry's result as (metres, seconds), from its notes: a time ("12:40", the
    time trial's 3 km), a distance ("5.2 km" in the 20-minute test) or both ("5 km in
    21:30"). None when the notes hold neither."""
    if entry.kind != "test" or entry.done is False:
        return None
    time = _TIME.search(entry.notes)
    distance = _DISTANCE.search(entry.notes)
    metres = None if distance is None else (
        float(distance[1].replace(",", ".")) * _METRES[distance[2].lower()])
    if time is not None:
        seconds = 3600 * int(time[1] or 0) + 60 * int(time[2]) + int(time[3])
        return (metres or float(TRIAL_M), float(seconds))
    if metres is not None:
        return metres, float(TEST_S)
    return None
