"""Training for the course: what the race's descents ask of the build and the peak (pure).

``course_aim`` reads the course for the plan: the grade of its main descent (the one that
loses most height), how long its longest descent takes at rep speed, and its late descent.
The progression raises the build's dose toward that grade and rep length first
(``progression.next_rise``), always within the level's bounds and the descent rules; the
peak runs its reps on the athlete's place nearest the course's grade; and the long runs of
build and peak end downhill where the course has a late descent (``downhill_finish``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .course import Course, SustainedDescent
from .limits import GRAIN_GRADE, LEVELS, MAX_DESCENT_GRADE, MIN_GRADE, downhill_speed
from .model import Paces, Session, Step, Target
from .units import format_grade, format_seconds

#: A downhill finish lasts this many minutes at least and at most, and at most this share
#: of its long run.
FINISH_MINUTES = (5, 15)
FINISH_SHARE = 1 / 3
#: Effort of a downhill finish: steady, well short of a rep (CR-10).
FINISH_RPE = (4, 5)
#: The pace assumed for sizing a finish without paces (s/km): an unhurried long-run pace.
FINISH_PACE_WITHOUT_PACES = 360.0


@dataclass(frozen=True)
class CourseAim:
    """What the plan rehearses of a course."""

    main: SustainedDescent
    longest: SustainedDescent
    #: The grade the peak aims at (percent, positive): the main descent's, at most 6%.
    grade: float
    #: The rep length that would run the longest descent whole (seconds); reps stop at
    #: the level's bounds long before, so in practice: as long as the level allows.
    rep_seconds: int
    late: SustainedDescent | None


def course_aim(course: Course | None, level: str, paces: Paces | None) -> CourseAim | None:
    """What to rehearse, or None for a course without a descent worth training for."""
    if course is None or course.main_descent is None or course.longest_descent is None:
        return None
    main, longest = course.main_descent, course.longest_descent
    # to the half point, as grades are prescribed
    grade = min(max(round(-main.grade_pct / GRAIN_GRADE) * GRAIN_GRADE, MIN_GRADE),
                MAX_DESCENT_GRADE)
    speed = downhill_speed(level, paces, grade)
    return CourseAim(main, longest, grade, math.ceil(longest.length_m / speed),
                     course.late_descent)


def rep_aim(aim: CourseAim, level: str) -> int:
    """The rep length the build grows toward: the longest descent's time, within the level."""
    return min(aim.rep_seconds, LEVELS[level].max_rep_seconds)


def finish_minutes(late: SustainedDescent, long_minutes: int, paces: Paces | None) -> int:
    """How long a long run's downhill finish lasts: about the time the late descent takes at
    long-run pace, in whole five minutes, within FINISH_MINUTES and FINISH_SHARE of the run
    (0 when the run is too short to carry one)."""
    pace = FINISH_PACE_WITHOUT_PACES if paces is None else max(paces.easy_s_per_km)
    wanted = 5 * round(late.length_m / 1000.0 * pace / 60.0 / 5)
    most = min(FINISH_MINUTES[1], 5 * math.floor(long_minutes * FINISH_SHARE / 5))
    minutes = min(max(wanted, FINISH_MINUTES[0]), most)
    return minutes if minutes >= FINISH_MINUTES[0] else 0


def finish_grade(late: SustainedDescent, level: str) -> float:
    """The grade of a downhill finish: the late descent's, within the level and 6%."""
    return round(min(max(-late.grade_pct, MIN_GRADE), LEVELS[level].max_grade,
                     MAX_DESCENT_GRADE), 1)


def downhill_finish(session: Session, late: SustainedDescent, level: str,
                    paces: Paces | None) -> Session | None:
    """The long run with its last minutes on a descent like the course's late one, at a
    steady effort; None when the run is too short for one."""
    minutes = finish_minutes(late, session.minutes, paces)
    if not minutes or len(session.steps) != 1:
        return None
    (main,) = session.steps
    first = main.seconds - 60 * minutes if main.seconds is not None else None
    if first is None or first <= 0:
        return None
    grade = finish_grade(late, level)
    easy = main.text.removeprefix(format_seconds(main.seconds)).strip()  # without its length
    steps = (
        replace(main, text=f"{format_seconds(first)} {easy}", seconds=first),
        Step("main", f"{format_seconds(60 * minutes)} downhill finish at about"
                     f" {format_grade(grade)}: steady, tall, quick light steps", 60 * minutes,
             target=Target(rpe=FINISH_RPE, grade_pct=grade)),
    )
    return replace(session, steps=steps)


def peak_focus(aim: CourseAim, grade: float, rep_seconds: int, descent: str,
               finish: bool) -> str:
    """Why the peak's downhill session looks as it does, for the week's focus line (no
    distances: the pacing card has them, in the athlete's units)."""
    place = "the treadmill" if descent == "treadmill" else descent
    near = "the grade of" if abs(grade - aim.grade) < 1e-9 else "the nearest you can train to"
    text = (f"For the race: reps at {format_grade(grade)} on {place}, {near} its main"
            f" descent ({format_grade(-aim.main.grade_pct)}), {rep_seconds} s long for its"
            " sustained descents")
    if finish:
        text += "; the long run ends downhill, like the race"
    return text + "."


def build_focus(aim: CourseAim) -> str:
    """Why a build week's long run ends downhill."""
    assert aim.late is not None
    return (f"For the race: the long run ends downhill, like its late descent"
            f" ({format_grade(-aim.late.grade_pct)}).")
