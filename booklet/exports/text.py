"""Sessions and weeks as plain text in the athlete's units, shared by the exports (pure).

Calendars and spreadsheets carry the whole workout in one text field, so these read like
the plan page's session cards: the steps with their targets, then the blocks to read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from ..plan.limits import TREADMILL
from ..plan.model import KIND_LABELS, Plan, Session, Step, Target, Week
from ..plan.units import (
    format_distance,
    format_elevation,
    format_grade,
    format_minutes,
    format_pace,
    format_pace_range,
)

#: Typographic characters the watch-facing exports (FIT names) replace with ASCII.
_ASCII = str.maketrans({"×": "x", "−": "-", "–": "-", "—": "-", "·": "-", "’": "'"})
_TERRAIN = {"downhill": "on your descent", "flat": "flat"}


def ascii_text(text: str) -> str:
    """'5 × 30 s at −3%' -> '5 x 30 s at -3%', 'São' -> 'Sao': for devices with small fonts."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def target_text(target: Target | None, units: str) -> str:
    """'−3% · 3:52–4:02 /km · effort 6–7', or '' when the step has no target."""
    if target is None:
        return ""
    parts = []
    if target.grade_pct is not None:
        parts.append(format_grade(target.grade_pct))
    if target.s_per_km is not None:
        parts.append(format_pace_range(target.s_per_km, units))
    if target.rpe is not None:
        parts.append(f"effort {target.rpe[0]}–{target.rpe[1]}")
    return " · ".join(parts)


def step_line(step: Step, units: str) -> str:
    """One step as the plan page shows it: '5 × 30 s fast, ... (3:52–4:02 /km · effort 6–7)'."""
    text = step.text
    if step.distance_m is not None:
        text = f"{format_distance(step.distance_m, units)} {text}"
    if step.repeat > 1:
        text = f"{step.repeat} × {text}"
    target = target_text(step.target, units)
    return f"{text} ({target})" if target else text


def session_headline(session: Session) -> str:
    """'Downhill tempo: 5 × 30 s at −3% · 52 min · on your descent'."""
    parts = [session.title, format_minutes(session.minutes)]
    if session.terrain == "downhill" and session.descent:
        parts.append(where_run(session.descent))
    elif session.terrain in _TERRAIN:
        parts.append(_TERRAIN[session.terrain])
    return " · ".join(parts)


def where_run(descent: str) -> str:
    """'on Park path', 'on the treadmill', 'on your descent' (the single ``hill:``)."""
    return "on the treadmill" if descent == TREADMILL else f"on {descent}"


def session_summary(session: Session) -> str:
    """A short calendar title: the session's own title, with the time for plain runs."""
    if session.kind in ("easy", "long", "mobility"):
        return f"{session.title}, {format_minutes(session.minutes)}"
    return session.title


def reading_line(session: Session, titles: Mapping[str, str] | None = None) -> str:
    """'Read: Posture, Warmup drills, ...' (block ids where no title is known), or ''."""
    if not session.blocks:
        return ""
    names = [(titles or {}).get(block_id, block_id) for block_id in session.blocks]
    return "Read: " + ", ".join(names) + "."


def session_description(session: Session, week: Week, plan: Plan,
                        titles: Mapping[str, str] | None = None) -> str:
    """The whole session as text: headline, week, numbered steps, the blocks to read."""
    units = plan.athlete.units
    lines = [session_headline(session), f"{week_label(week, plan)} · "
             f"{KIND_LABELS.get(session.kind, session.kind)}", ""]
    lines += [f"{n}. {step_line(step, units)}" for n, step in enumerate(session.steps, 1)]
    reading = reading_line(session, titles)
    if reading:
        lines += ["", reading]
    return "\n".join(lines)


def week_label(week: Week, plan: Plan) -> str:
    """'Week 3 of 12, base' or 'Week 4 of 12, build (deload)'."""
    deload = " (deload)" if week.deload else ""
    return f"Week {week.number} of {len(plan.weeks)}, {week.phase}{deload}"


def week_summary(week: Week) -> str:
    """A week's calendar title: 'Week 3: base' or 'Week 4: build, deload'."""
    return f"Week {week.number}: {week.phase}" + (", deload" if week.deload else "")


def week_description(week: Week, plan: Plan) -> str:
    """Phase, focus, planned running and the downhill set of one week."""
    units = plan.athlete.units
    lines = [week_label(week, plan)]
    if week.focus:
        lines.append(week.focus)
    lines += ["", f"Running: {format_minutes(week.planned_minutes)}."]
    dose = week.downhill
    if dose is not None:
        target = (f"effort {dose.rpe[0]}–{dose.rpe[1]}" if dose.target_s_per_km is None
                  else format_pace(dose.target_s_per_km, units))
        lines.append(f"Downhill set: {dose.reps} × {dose.rep_seconds} s at"
                     f" {format_grade(dose.grade_pct)}, {target};"
                     f" descent {format_elevation(dose.descent_m, units)}.")
    else:
        lines.append("No downhill session this week.")
    return "\n".join(lines)
