"""Sessions written the way coaches write them, in the athlete's units (pure).

One formatter for the booklet, the site and every text export, so they all say the same
thing: "4 × (30 s downhill at 7:00–7:17 /mi, walk back up 2 min)", "3 × 8 min at
threshold, 90 s easy jog between", "Warm-up: 10 min easy running on the flat", strength as
sets × reps. Every recovery carries its length, and times are rounded the way people say
them: easy and long runs to 5 min, warmups, cooldowns and other steps to the minute,
recoveries to 15 s.

Strings for pages keep their pieces together: a no-break space between a number and its
unit ("30 s", "9:56 /mi") and around "×", a word joiner after the dash of a range
("8:50–9:56", "effort 4–5"). ``plain`` turns them back into ordinary spaces for calendars,
spreadsheets and other text exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .limits import TREADMILL
from .model import DownhillDose, Session, Step, Target
from .units import (
    FEET_PER_METRE,
    METRES_PER_MILE,
    format_distance,
    format_grade,
    format_seconds,
)

NBSP = "\u00a0"
#: U+2060 WORD JOINER: no line break at this point, and nothing printed.
JOIN = "\u2060"
DASH = "–"
TIMES = f"{NBSP}×{NBSP}"
#: Rounding grains in seconds: easy and long runs, steps around the main set, recoveries.
EASY_GRAIN = 300
STEP_GRAIN = 60
RECOVERY_GRAIN = 15
#: Parts of a session that are not the main work: said "Warm-up: 10 min ...".
_LABELS = {"warmup": "Warm-up", "cooldown": "Cool-down"}


@dataclass(frozen=True)
class Line:
    """One line of a session: what to do, its target (pace, effort), a cue for how."""

    text: str
    target: str = ""
    note: str = ""

    @property
    def cue(self) -> str:
        """The note as a sentence of its own: 'Comfortably hard, a few words at a time'."""
        return self.note[:1].upper() + self.note[1:]

    def plain(self) -> str:
        """The whole line for text exports, with ordinary spaces: '3 × 8 min at threshold,
        90 s easy jog between (7:27–7:45 /mi · effort 6–7). Comfortably hard, ...'."""
        out = self.text
        if self.target:
            out += f", {self.target}" if out.endswith(")") else f" ({self.target})"
        if self.note:
            out += f". {self.cue}"
        return plain(out)


def plain(text: str) -> str:
    """Page text for text exports: no-break spaces become spaces, word joiners go."""
    return text.replace(NBSP, " ").replace(JOIN, "").replace("\u2011", "-")


def keep(text: str) -> str:
    """Spaces in ``text`` become no-break spaces: '9:56 /mi' stays on one line."""
    return text.replace(" ", NBSP)


def span(low: object, high: object) -> str:
    """'4–5' with no line break after the dash."""
    return f"{low}{DASH}{JOIN}{high}"


# --- numbers ---------------------------------------------------------------------------


def rounded(seconds: float, grain: int) -> int:
    """``seconds`` to the nearest multiple of ``grain`` (never below one grain)."""
    return max(grain, grain * round(seconds / grain))


def length(seconds: float, grain: int = 1) -> str:
    """'30 s', '90 s', '2 min 15 s', '10 min', '1 h 05 min', rounded to ``grain`` seconds;
    each number stays with its unit."""
    total = rounded(seconds, grain) if grain > 1 else round(seconds)
    if total < 120:
        return f"{total}{NBSP}s"
    mins, secs = divmod(total, 60)
    if secs:
        return f"{mins}{NBSP}min {secs}{NBSP}s"
    hours, mins = divmod(mins, 60)
    return f"{hours}{NBSP}h {mins:02d}{NBSP}min" if hours else f"{mins}{NBSP}min"


def minutes(value: float) -> str:
    """A session's time: '40 min', '1 h 10 min'."""
    return length(value * 60, STEP_GRAIN)


def hours_minutes(value: float) -> str:
    """Running time as h:mm, for charts and tables: 245 -> '4:05'."""
    hours, mins = divmod(round(value), 60)
    return f"{hours}:{mins:02d}"


def _per_unit(s_per_km: float, units: str) -> float:
    return s_per_km * METRES_PER_MILE / 1000.0 if units == "mi" else s_per_km


def _clock(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def pace_clock(s_per_km: float, units: str) -> str:
    """'7:05': a pace per the athlete's unit without the unit (a table's heading says it)."""
    return _clock(_per_unit(s_per_km, units))


def pace(s_per_km: float, units: str) -> str:
    """'7:05 /mi' on one line."""
    return f"{_clock(_per_unit(s_per_km, units))}{NBSP}/{units}"


def pace_range(s_per_km: Iterable[float], units: str) -> str:
    """'8:50–9:56 /mi' (fast end first) on one line; one pace when the ends meet."""
    low, high = sorted(_per_unit(v, units) for v in s_per_km)
    if round(low) == round(high):
        return f"{_clock(low)}{NBSP}/{units}"
    return f"{span(_clock(low), _clock(high))}{NBSP}/{units}"


def effort(rpe: tuple[int, int]) -> str:
    """'effort 6–7' on one line."""
    return f"effort{NBSP}{span(*rpe)}"


def grade(grade_pct: float) -> str:
    """'−3.5%'."""
    return format_grade(grade_pct)


def distance(metres: float, units: str) -> str:
    """'3.0 km', '1.86 mi' on one line."""
    return keep(format_distance(metres, units))


def elevation(metres: float, units: str) -> str:
    """Height lost or gained: '24 m', or '79 ft', on one line."""
    if units == "mi":
        return f"{round(metres * FEET_PER_METRE)}{NBSP}ft"
    return f"{round(metres)}{NBSP}m"


def elevation_unit(units: str) -> str:
    """'ft' for an athlete in miles, 'm' otherwise."""
    return "ft" if units == "mi" else "m"


def in_elevation_units(metres: float, units: str) -> float:
    """Metres as the athlete counts height: feet for an athlete in miles."""
    return metres * FEET_PER_METRE if units == "mi" else metres


def target(t: Target | None, units: str) -> str:
    """'8:50–9:56 /mi · effort 2–3', or '' without a target."""
    if t is None:
        return ""
    parts = []
    if t.s_per_km is not None:
        parts.append(pace_range(t.s_per_km, units))
    if t.rpe is not None:
        parts.append(effort(t.rpe))
    return " · ".join(parts)


def dose(d: DownhillDose) -> str:
    """A week's downhill set: '4 × 30 s at −3.5%'."""
    return f"{d.reps}{TIMES}{length(d.rep_seconds)} at {grade(d.grade_pct)}"


# --- steps -----------------------------------------------------------------------------


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


def _what(step: Step) -> str:
    """The step's text without the length it starts with ('10 min easy jog' -> 'easy jog')."""
    return step.text[len(_said(step)):]


def _said(step: Step) -> str:
    """The length a step's text starts with ('10 min '), or ''."""
    prefix = format_seconds(step.seconds) + " " if step.seconds else ""
    return prefix if prefix and step.text.startswith(prefix) else ""


def _grain(session: Session, step: Step) -> int:
    if step.part == "recovery":
        return RECOVERY_GRAIN
    if step.part == "main":
        return EASY_GRAIN if session.kind in ("easy", "long") else 1
    return STEP_GRAIN


def _split(what: str) -> tuple[str, str]:
    """'at threshold: comfortably hard' -> ('at threshold', 'comfortably hard')."""
    head, sep, tail = what.partition(": ")
    return (head, tail) if sep else (what, "")


def _recovery(session: Session, step: Step) -> str:
    """'walk back up 2 min 15 s', or '90 s easy jog between'."""
    time = length(step.seconds or 0, RECOVERY_GRAIN)
    if session.kind == "downhill_tempo":
        if session.descent == TREADMILL:
            return f"walk or jog easily {time}"
        return f"walk back up {time}"
    return f"{time} {_lower(step.text)} between"


def _main_set(session: Session, work: Step, rest: Step, units: str) -> Line:
    """Reps with the recoveries between them, on one line."""
    t = work.target or Target()
    how = pace_range(t.s_per_km, units) if t.s_per_km is not None else (
        effort(t.rpe) if t.rpe is not None else "")
    rep = length(work.seconds or 0)
    if session.kind == "downhill_tempo":
        at = f" at {how}" if how else ""
        text = f"{work.repeat}{TIMES}({rep} downhill{at}, {_recovery(session, rest)})"
        return Line(text, effort(t.rpe) if t.s_per_km is not None and t.rpe else "",
                    _what(work))
    head, cue = _split(_what(work))
    text = f"{work.repeat}{TIMES}{rep} {head}, {_recovery(session, rest)}"
    return Line(text, target(t, units), cue)


def _exercise(step: Step) -> Line:
    """'Calf raises: 3 × 15, lowering over three counts' from the step's sets and reps."""
    name, _, rest = step.text.partition(": ")
    cue = rest.rpartition(", ")[2] if ", " in rest else ""
    text = f"{name}: {step.sets}{TIMES}{step.reps}"
    if step.each_side:
        text += " each side"
    if step.landings is not None:
        text += f" ({step.landings}{NBSP}landings)"
    return Line(text + (f", {cue}" if cue else ""))


def step_line(session: Session, step: Step, units: str) -> Line:
    """One step on its own line, its length rounded and said first."""
    if step.part == "exercise" and step.sets is not None:
        return _exercise(step)
    what = _what(step)
    shown = target(step.target, units)
    time = length(step.seconds, _grain(session, step)) if step.seconds else ""
    if step.distance_m is not None:
        text = f"{distance(step.distance_m, units)} {what}"
    elif step.repeat > 1:  # strides: each says how long it is and how to come back
        text = f"{step.repeat}{TIMES}{_lower(what)}"
    elif step.part in _LABELS and time:
        text = f"{_LABELS[step.part]}: {time} {what if _said(step) else _lower(what)}"
    elif time and _said(step):  # the text said its length: say it rounded
        text = f"{time} {what}"
    elif time and step.part != "main":
        text = f"{time} {_lower(what)}"
    else:
        text = what
    if step.part == "main" and session.kind not in ("easy", "long"):
        head, cue = _split(text)
        return Line(head, shown, cue)
    return Line(text, shown)


def session_lines(session: Session, units: str) -> tuple[Line, ...]:
    """The session line by line; reps and the recoveries between them share a line."""
    lines: list[Line] = []
    steps = [s for s in session.steps if s.repeat > 0]
    i = 0
    while i < len(steps):
        step = steps[i]
        after = steps[i + 1] if i + 1 < len(steps) else None
        if (step.part == "main" and after is not None and after.part == "recovery"
                and step.repeat > 1):
            lines.append(_main_set(session, step, after, units))
            i += 2
            continue
        lines.append(step_line(session, step, units))
        i += 1
    return tuple(lines)


def session_time(session: Session) -> str:
    """How long the session takes: '40 min' (easy and long runs to 5 min), '1 h 10 min'."""
    grain = EASY_GRAIN if session.kind in ("easy", "long") else STEP_GRAIN
    return length(session.minutes * 60, grain)


def where_run(session: Session) -> str:
    """'on Park path', 'on the treadmill', 'on your descent', 'flat', or ''."""
    if session.terrain == "downhill":
        if session.descent == TREADMILL:
            return "on the treadmill"
        return f"on {session.descent}" if session.descent else "on your descent"
    return "flat" if session.terrain == "flat" else ""


def session_meta(session: Session) -> str:
    """'39 min · on your descent', '51 min · flat', '40 min'."""
    where = where_run(session)
    return session_time(session) + (f" · {where}" if where else "")


def session_text(session: Session, units: str) -> str:
    """The session's lines, numbered, for text exports ('1. Warm-up: ...')."""
    lines = session_lines(session, units)
    if len(lines) == 1:
        return lines[0].plain()
    return "\n".join(f"{n}. {line.plain()}" for n, line in enumerate(lines, 1))

