"""Every run of the plan as intervals.icu workout text, in one file (pure).

Each session starts with a '## ' heading line (date, week, title) followed by its workout in
the workout builder's syntax: '- <cue> <duration> [<pace range>/km Pace]' steps, repeats as a
'Main set 4x' line before the repeated steps with a blank line on each side. Paces are in the
athlete's units; steps set by effort carry it in the cue and have no pace target.
"""

from __future__ import annotations

from ..plan.model import RUN_KINDS, Plan, Session, Week
from ..plan.units import DAY_NAMES, METRES_PER_MILE
from .workout import Interval, Repeat, workout_items


def duration(seconds: int) -> str:
    """90 -> '1m30s', 600 -> '10m', 3900 -> '1h5m'."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{secs}s" if secs or not text else "")


def distance(metres: float, units: str = "km") -> str:
    """A step's distance in the athlete's units: 3000 -> '3km', or '1.86mi'."""
    if units == "mi":
        return f"{metres / METRES_PER_MILE:.2f}mi"
    return f"{metres / 1000:g}km"


def _clock(s_per_km: float, units: str) -> str:
    per_unit = round(s_per_km * METRES_PER_MILE / 1000 if units == "mi" else s_per_km)
    return f"{per_unit // 60}:{per_unit % 60:02d}"


def step_line(interval: Interval, units: str) -> str:
    """'- Downhill rep 30s 4:10-4:00/km Pace' (slow end first, as the builder shows it)."""
    length = (duration(interval.seconds) if interval.metres is None
              else distance(interval.metres, units))
    line = f"- {interval.cue} {length}"
    if interval.pace is not None:
        fast, slow = (_clock(p, units) for p in interval.pace)
        target = fast if fast == slow else f"{slow}-{fast}"
        line += f" {target}/{units} Pace"
    return line


def session_workout(session: Session, units: str) -> list[str]:
    """The workout text of one session, line by line."""
    lines: list[str] = []
    for item in workout_items(session):
        if isinstance(item, Repeat):
            label = "Strides" if item.intervals[0].intensity == "warmup" else "Main set"
            if lines and lines[-1]:
                lines.append("")
            lines.append(f"{label} {item.count}x")
            lines += [step_line(i, units) for i in item.intervals]
            lines.append("")
        else:
            lines.append(step_line(item, units))
    return lines


def heading(week: Week, session: Session) -> str:
    """'## Tue 2027-01-05, week 1: Downhill tempo: 4 × 20 s at −2% (37 min)'."""
    day = DAY_NAMES[session.date.weekday()]
    return (f"## {day} {session.date.isoformat()}, week {week.number}: {session.title}"
            f" ({session.minutes} min)")


def plan_to_icu(plan: Plan) -> bytes:
    """All runs of the plan, each under a heading line, as UTF-8 text."""
    units = plan.athlete.units
    lines = [
        f"# {plan.athlete.name}: downhill tempo plan, {plan.start} to {plan.end}",
        "# intervals.icu workout text: one workout per '## ' heading. Paste the lines under"
        " a heading into the description of a new workout in intervals.icu.",
    ]
    for week in plan.weeks:
        for session in week.sessions:
            if session.kind in RUN_KINDS:
                lines += ["", heading(week, session), ""]
                lines += session_workout(session, units)
                while lines[-1] == "":
                    lines.pop()
    return ("\n".join(lines) + "\n").encode("utf-8")
