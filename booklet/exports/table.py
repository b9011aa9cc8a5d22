"""The plan as a plain-text week-by-week table in the athlete's units (`booklet plan`)."""

from __future__ import annotations

from ..plan.model import Plan, Session, Week
from ..plan.units import (
    format_distance,
    format_elevation,
    format_grade,
    format_minutes,
    format_pace,
    format_pace_range,
)

CODES = {"downhill_tempo": "DH", "quality": "Q", "easy": "E", "long": "L", "race": "RACE",
         "test": "T", "strength": "S", "mobility": "M"}
KEY = ("Key: DH downhill tempo, Q flat quality, E easy run, L long run, RACE race,"
       " T test (the retest), S strength (S+ with plyometrics), M mobility; * deload week.")
HEADERS = ("Wk", "Dates", "Phase", "DL", "Running", "Downhill set", "Target", "Descent",
           "Sessions")


def _code(s: Session) -> str:
    if s.kind == "strength" and any(st.plyometric for st in s.steps):
        return "S+"
    return CODES[s.kind]


def _days(week: Week) -> str:
    by_day: dict = {}
    for s in week.sessions:
        by_day.setdefault(s.date, []).append(_code(s))
    return ", ".join(f"{d:%a} {'+'.join(codes)}" for d, codes in sorted(by_day.items()))


def _row(week: Week, units: str) -> tuple[str, ...]:
    dose = week.downhill
    if dose is None:
        dose_text = target = descent = "–"
    else:
        dose_text = f"{dose.reps} × {dose.rep_seconds} s at {format_grade(dose.grade_pct)}"
        target = (f"RPE {dose.rpe[0]}–{dose.rpe[1]}" if dose.target_s_per_km is None
                  else format_pace(dose.target_s_per_km, units))
        descent = format_elevation(dose.descent_m, units)
    return (
        str(week.number),
        f"{week.start:%d %b}–{week.end:%d %b}",
        week.phase,
        "*" if week.deload else "",
        format_minutes(week.planned_minutes),
        dose_text,
        target,
        descent,
        _days(week),
    )


def _header(plan: Plan) -> list[str]:
    a, units = plan.athlete, plan.athlete.units
    lines = [f"{a.name} · {a.level} · {len(plan.weeks)} weeks, {plan.start} to {plan.end}"
             f" · units: {units}"]
    if plan.race is not None:
        lines.append(f"Goal race: {plan.race.name} on {plan.race.date}"
                     f" ({format_distance(plan.race.distance_m, units)})")
    p = plan.paces
    if p is None:
        lines.append("No race result: downhill reps by effort, RPE 6–7 of 10.")
    else:
        lines.append(
            f"Paces (VDOT {p.vdot:.1f}): easy {format_pace_range(p.easy_s_per_km, units)},"
            f" marathon {format_pace(p.marathon_s_per_km, units)},"
            f" threshold {format_pace(p.threshold_s_per_km, units)},"
            f" interval {format_pace(p.interval_s_per_km, units)}")
    return lines


def format_table(plan: Plan) -> str:
    rows = [HEADERS] + [_row(w, plan.athlete.units) for w in plan.weeks]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    right = {0, 4}  # numbers line up on the right

    def line(row: tuple[str, ...]) -> str:
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(cells).rstrip()

    out = _header(plan) + ["", line(HEADERS), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows[1:]]
    out += ["", KEY]
    out += [""] + [f"Warning: {w.message}" for w in plan.warnings] if plan.warnings else []
    if plan.adjustments:  # a re-plan from the diary: what changed and why
        out += ["", f"Re-planned from the diary ({len(plan.adjustments)} change(s)):"]
        out += [f"  {a.date:%a %d %b}  {a.rule}: {a.reason}" for a in plan.adjustments]
    return "\n".join(out) + "\n"
