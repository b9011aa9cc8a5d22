"""The mid-block (diary) edition: what the booklet and site show of a plan re-planned from a diary.

``edition_view`` gives the edition date, the changes (the re-plan's adjustments, each with
its rule and reason) and the sessions logged so far (done ticked, missed crossed, with the
logged minutes and ratings). Diary notes are health notes: the booklet prints them; the
public view (the site) leaves them out, from the log and from the reasons that quote a
diary line, unless the profile says ``share_notes: true``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..plan.diary import DiaryEntry
from ..plan.model import Adjustment
from ..project import Athlete


@dataclass(frozen=True)
class Change:
    """One adjustment as a page shows it."""

    date: date
    rule: str
    reason: str


@dataclass(frozen=True)
class Logged:
    """One diary row with something logged, as a page shows it."""

    date: date
    kind: str
    title: str
    done: bool | None
    minutes: int | None
    planned_minutes: int | None
    rpe: int | None
    soreness: str  # "1/3/2" at 24/48/72 h, "-" where not rated; "" when none was
    fatigue: bool
    notes: str

    @property
    def mark(self) -> str:
        """✓ done, ✗ not done, blank when the row does not say."""
        return {True: "✓", False: "✗"}.get(self.done, "")  # type: ignore[arg-type]


@dataclass(frozen=True)
class EditionView:
    """A plan re-planned from the diary on ``date``: its changes and the diary so far."""

    date: date
    changes: tuple[Change, ...]
    log: tuple[Logged, ...]
    #: Whether the log's notes (and the reasons' quoted notes) are shown.
    notes: bool

    def logged_on(self, day: date, kind: str) -> Logged | None:
        return next((e for e in self.log if (e.date, e.kind) == (day, kind)), None)


def shares_notes(athlete: Athlete) -> bool:
    """Whether the athlete lets the site show diary notes (the profile's ``share_notes``)."""
    return athlete.profile.share_notes is True


def edition_view(athlete: Athlete, public: bool) -> EditionView | None:
    """The edition of an athlete whose plan was re-planned from a diary (None otherwise);
    ``public``: for the site, where notes show only when the athlete shares them."""
    diary = athlete.diary
    if diary is None:
        return None
    notes = not public or shares_notes(athlete)
    entries = [e for e in diary.entries if e.date < diary.date]
    changes = tuple(_change(a, entries, notes) for a in athlete.plan.adjustments)
    titles = {(s.date, s.kind): s.title for s in athlete.plan.sessions}
    log = tuple(_logged(e, titles, notes) for e in sorted(entries, key=lambda e: e.date)
                if _has_log(e))
    return EditionView(diary.date, changes, log, notes)


def _change(a: Adjustment, entries: list[DiaryEntry], notes: bool) -> Change:
    reason = a.reason
    if not notes:  # the reasons quote diary lines: quote them without their notes
        for e in entries:
            if e.notes:
                reason = reason.replace(e.line(), replace(e, notes="").line())
    return Change(a.date, a.rule, reason)


def _has_log(e: DiaryEntry) -> bool:
    return any(v is not None for v in (e.done, e.minutes, e.rpe, e.soreness_24h,
                                       e.soreness_48h, e.soreness_72h)) or bool(e.fatigue)


def _logged(e: DiaryEntry, titles: dict[tuple[date, str], str], notes: bool) -> Logged:
    sore = (e.soreness_24h, e.soreness_48h, e.soreness_72h)
    soreness = "/".join("-" if s is None else str(s) for s in sore) if any(
        s is not None for s in sore) else ""
    planned = titles.get((e.date, e.kind))
    title = planned or (e.title if notes and e.title else e.kind.replace("_", " ").capitalize())
    return Logged(e.date, e.kind, title,
                  e.done, e.minutes, e.planned_minutes, e.rpe, soreness, bool(e.fatigue),
                  e.notes if notes else "")


__all__ = ["Change", "EditionView", "Logged", "edition_view", "shares_notes"]
