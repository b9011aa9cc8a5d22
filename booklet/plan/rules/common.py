"""What the rule checks share: tolerances and ways of looking at a finished plan."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from ..limits import SHARPENER_DAYS_OUT
from ..model import DownhillDose, Paces, Plan, Session, Week

#: Tolerance for comparing grades, minutes and metres.
EPS = 1e-6


def dose_text(d: DownhillDose) -> str:
    return f"{d.reps} × {d.rep_seconds} s at −{d.grade_pct:g}%"


def dose_parts(d: DownhillDose) -> tuple[float, int, int]:
    return (d.grade_pct, d.reps, d.rep_seconds)


def downhill_sessions(week: Week) -> list[Session]:
    return [s for s in week.sessions if s.kind == "downhill_tempo"]


def race_week(plan: Plan, week: Week) -> bool:
    return plan.race is not None and week.start <= plan.race.date <= week.end


def sharpening(plan: Plan, week: Week) -> bool:
    """Whether the week's downhill session falls in the race approach's last nine days,
    where only a sharpener is allowed (checked by the race approach rules)."""
    if plan.race is None:
        return False
    return any(0 < (plan.race.date - s.date).days <= SHARPENER_DAYS_OUT[1]
               for s in downhill_sessions(week))


def working(week: Week) -> bool:
    return week.phase != "taper" and not week.deload


def adjusted(plan: Plan, week: Week, rules: Collection[str]) -> bool:
    """Whether a re-plan from the diary applied one of ``rules`` within the week."""
    return any(a.rule in rules and week.start <= a.date <= week.end for a in plan.adjustments)


def cut(plan: Plan, week: Week) -> bool:
    """Whether a re-plan's back-off took runs away in the week: an adjustment of a rule
    that swaps sessions, on a day left without a hard session (a week cut so is passed
    over as a reference for the next week's load, as a deload is)."""
    from ..backoff import SWAPPING

    hard = {s.date for s in week.sessions if s.kind in ("downhill_tempo", "quality", "test")}
    return any(a.rule in SWAPPING and week.start <= a.date <= week.end and a.date not in hard
               for a in plan.adjustments)


def adjusted_between(plan: Plan, first: date, last: date, rules: Collection[str]) -> bool:
    return any(a.rule in rules and first <= a.date <= last for a in plan.adjustments)


def week_paces(plan: Plan, week: Week) -> Paces | None:
    """The paces in force for the week's downhill session (a retest's from its date on)."""
    day = next((s.date for s in downhill_sessions(week)), week.start)
    return plan.paces_on(day)
