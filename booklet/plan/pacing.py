"""The pacing card: race pace on each segment of the course, with splits (pure).

With paces, each segment's target is the flat race pace (the VDOT's predicted time over the
race distance) times the equal-effort grade factor the downhill reps use
(``paces.grade_factor``, which covers climbs too); splits are cumulative and rounded to the
second, so the segments' times add up to the predicted finish exactly. Without paces the
card says how to run each segment by effort instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .course import Course, CourseSegment
from .limits import MAX_DESCENT_GRADE, MIN_GRADE
from .model import Paces
from .paces import grade_factor, predict_seconds

#: Up to this grade (either way) a segment runs as flat.
FLAT_GRADE = 1.5
#: From this grade up a climb asks for a shorter stride and patience.
STEEP_CLIMB_GRADE = 4.0


@dataclass(frozen=True)
class PacingRow:
    """One segment on the card: where, how steep, and its pace and split (with paces) or
    the effort cue (without)."""

    segment: CourseSegment
    cue: str
    s_per_km: float | None = None
    seconds: int | None = None  # the segment's time, from the rounded splits
    split_s: int | None = None  # the time at its end, from the start


@dataclass(frozen=True)
class PacingCard:
    rows: tuple[PacingRow, ...]
    #: The flat pace the targets scale (s/km); None without paces.
    flat_s_per_km: float | None
    finish_s: int | None

    @property
    def by_pace(self) -> bool:
        return self.finish_s is not None


def effort_cue(grade_pct: float) -> str:
    """How to run a segment of this grade at race effort."""
    if grade_pct >= STEEP_CLIMB_GRADE:
        return "Climb: shorter steps, let the pace drop, keep the effort"
    if grade_pct > FLAT_GRADE:
        return "Rise: same effort, a little slower"
    if grade_pct >= -MIN_GRADE + 1e-9:
        return "Flat: settle into race effort"
    if grade_pct > -4.0:
        return "Gentle descent: let it roll, quick light steps"
    if grade_pct > -MAX_DESCENT_GRADE:
        return "Descent: tall, quick cadence, no hard braking"
    return "Steep: hold back a little, save the quads"


def flat_race_pace(paces: Paces, race_distance_m: float) -> float:
    """The race's pace on the flat (s/km): the VDOT's predicted time over its distance."""
    return predict_seconds(paces.vdot, race_distance_m) / (race_distance_m / 1000.0)


def pacing_card(course: Course, paces: Paces | None, race_distance_m: float) -> PacingCard:
    """The card for ``course``: by pace with ``paces``, by effort without."""
    if paces is None:
        return PacingCard(tuple(PacingRow(s, effort_cue(s.grade_pct)) for s in course.segments),
                          None, None)
    flat = flat_race_pace(paces, race_distance_m)
    rows = []
    elapsed = 0.0
    previous = 0
    for seg in course.segments:
        pace = flat * grade_factor(seg.grade_pct)
        elapsed += pace * seg.length_m / 1000.0
        split = round(elapsed)
        rows.append(PacingRow(seg, effort_cue(seg.grade_pct), pace, split - previous, split))
        previous = split
    return PacingCard(tuple(rows), flat, previous)
