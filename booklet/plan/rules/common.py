"""What the rule checks share: tolerances and ways of looking at a finished plan."""

from __future__ import annotations

from ..limits import SHARPENER_DAYS_OUT
from ..model import DownhillDose, Plan, Session, Week

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
