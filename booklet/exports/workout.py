"""A running session as a structured workout: timed intervals and repeat blocks (pure).

Watch files (FIT) and intervals.icu text share this shape. A main set of N reps with N - 1
recoveries becomes a repeat block of (rep, recovery) done N - 1 times and then the last rep
on its own, so the workout lasts exactly as long as the plan says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..plan.model import Session, Step
from .text import ascii_text

Intensity = Literal["warmup", "active", "recovery", "cooldown"]

#: Sessions that become watch workouts (FIT files).
WATCH_KINDS = ("downhill_tempo", "quality", "test")

_INTENSITY: dict[str, Intensity] = {
    "warmup": "warmup", "drills": "warmup", "strides": "warmup", "main": "active",
    "recovery": "recovery", "cooldown": "cooldown", "stretch": "cooldown",
}
_NAMES = {
    "warmup": "Warm up", "drills": "Drills", "strides": "Stride, walk back",
    "cooldown": "Cool down", "stretch": "Stretch",
}


@dataclass(frozen=True)
class Interval:
    """One timed step: a short name for the watch, its target and the step's full text."""

    name: str
    seconds: int
    intensity: Intensity
    pace: tuple[float, float] | None  # s/km, fast end first
    rpe: tuple[int, int] | None
    note: str
    #: Run to this distance, not for ``seconds`` (the retest's time trial).
    metres: float | None = None

    @property
    def cue(self) -> str:
        """The name, with the effort when there is no pace to show it: 'Drills', or
        'Walk or jog back up, effort 1-2'."""
        if self.pace is None and self.rpe is not None:
            return f"{self.name}, effort {self.rpe[0]}-{self.rpe[1]}"
        return self.name


@dataclass(frozen=True)
class Repeat:
    """Intervals done ``count`` times in a row."""

    count: int
    intervals: tuple[Interval, ...]


Item = Interval | Repeat


def _name(session: Session, step: Step) -> str:
    if step.part in _NAMES:
        return _NAMES[step.part]
    if step.part == "recovery":
        return "Walk or jog back up" if session.kind == "downhill_tempo" else "Easy jog"
    if session.kind == "downhill_tempo":
        return "Downhill rep"
    if session.kind == "quality":
        return "Rep"
    if session.kind == "race":
        return "Race"
    if session.kind == "test":
        return "Time trial" if step.distance_m is not None else "Test"
    return ascii_text(session.title)


def _interval(session: Session, step: Step, name: str | None = None) -> Interval:
    target = step.target
    pace = None
    if target is not None and target.s_per_km is not None:
        pace = (min(target.s_per_km), max(target.s_per_km))
    return Interval(
        name=name or _name(session, step),
        seconds=step.seconds or 0,
        intensity=_INTENSITY.get(step.part, "active"),
        pace=pace,
        rpe=None if target is None else target.rpe,
        note=ascii_text(step.text),
        metres=step.distance_m,
    )


def workout_items(session: Session) -> tuple[Item, ...]:
    """The session's timed steps in order, with repeats as blocks."""
    steps = [s for s in session.steps if s.seconds]
    items: list[Item] = []
    i = 0
    while i < len(steps):
        step = steps[i]
        after = steps[i + 1] if i + 1 < len(steps) else None
        rep = _interval(session, step)
        if (step.repeat > 1 and after is not None and after.part == "recovery"
                and after.repeat == step.repeat - 1):
            pair = (rep, _interval(session, after))
            items += [Repeat(after.repeat, pair)] if after.repeat > 1 else list(pair)
            items.append(_interval(session, step, "Last " + rep.name[0].lower() + rep.name[1:]))
            i += 2
            continue
        items.append(Repeat(step.repeat, (rep,)) if step.repeat > 1 else rep)
        i += 1
    return tuple(items)

