"""The numbers the coaching rules are stated in, shared by the engine and the rule checker.

Level bounds, the size of a one-step rise, recovery minimums, the speed assumed on the hill,
and what "room to rise" means. The engine plans within these; ``rules.check_plan`` verifies
against them without knowing how the engine chose.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .model import Paces, Week
from .paces import downhill_target_pace


@dataclass(frozen=True)
class LevelBounds:
    """The level bounds for one level: first reps and grade, maxima, reps and recoveries."""

    first_rep_seconds: tuple[int, int]
    first_grade_max: float
    max_rep_seconds: int
    max_grade: float
    reps: tuple[int, int]
    #: recovery >= RECOVERY_FACTOR x rep_seconds (and >= MIN_RECOVERY_S), every level
    #: Assumed descent speed (m/s) when there is no race result to derive a pace from.
    #: Deliberately fast (the quick end of the level), so a rep judged to fit the hill does.
    speed_estimate_m_s: float


LEVELS: dict[str, LevelBounds] = {
    # ~4:10 /km: a fast beginner's threshold pace (4:35-4:40) on a -4% slope.
    "beginner": LevelBounds((20, 30), 3.0, 45, 4.0, (3, 8), 4.0),
    # ~3:37 /km: a 4:00 /km threshold runner descending at -4%.
    "intermediate": LevelBounds((30, 45), 4.0, 75, 5.0, (4, 8), 4.6),
    # ~3:09 /km: a 3:30 /km threshold runner descending at -5%.
    "advanced": LevelBounds((45, 60), 4.0, 90, 6.0, (4, 10), 5.3),
}

#: The least weekly running a level's plan can be built on: the first downhill set with its
#: recoveries, a short quality session and two short easy runs (advanced reps are longest).
MIN_WEEKLY_MINUTES = {"beginner": 60, "intermediate": 60, "advanced": 90}

#: Below this a descent barely changes the stride: downhill tempo starts at -2%.
MIN_GRADE = 2.0
#: Real descents: the prescribed grade is the slope's (clamped by the level bound) and never
#: more than this many points gentler than the descent it is run on ...
DESCENT_GRADE_BAND = 1.0
#: ... and never steeper than this: a descent steeper is never used for reps.
MAX_DESCENT_GRADE = 6.0
#: The name a downhill session uses for the treadmill.
TREADMILL = "treadmill"


@dataclass(frozen=True)
class Venue:
    """Where downhill reps are run: a descent (grade, length) or the treadmill (its max
    decline as ``grade``, no length limit)."""

    name: str
    grade: float
    length_m: float | None

    @property
    def treadmill(self) -> bool:
        return self.length_m is None

    @property
    def too_steep(self) -> bool:
        """A descent steeper than MAX_DESCENT_GRADE: never used for reps."""
        return not self.treadmill and self.grade > MAX_DESCENT_GRADE + 1e-9

    def grades(self, level: str) -> tuple[float, float]:
        """The least and most grade a rep on it may be prescribed at (empty when lo > hi).

        A runner runs the grade the slope has: on a descent, its grade clamped by the level's
        maximum and MAX_DESCENT_GRADE, and at most DESCENT_GRADE_BAND points below its grade
        (never below MIN_GRADE); on the treadmill, MIN_GRADE up to its max decline.
        """
        hi = min(self.grade, LEVELS[level].max_grade, MAX_DESCENT_GRADE)
        if self.treadmill:
            return MIN_GRADE, hi
        if self.too_steep:
            return math.inf, -math.inf
        return max(MIN_GRADE, self.grade - DESCENT_GRADE_BAND), hi

    def holds(self, level: str, grade: float) -> bool:
        lo, hi = self.grades(level)
        return lo - 1e-9 <= grade <= hi + 1e-9
#: The recovery between reps is the walk or easy jog back up: at least two minutes and at
#: least three times the rep, whatever the level, so every rep starts on fresh legs.
MIN_RECOVERY_S = 120
RECOVERY_FACTOR = 3
#: Effort for every downhill rep, with or without a pace target (CR-10 scale).
DOWNHILL_RPE = (6, 7)

#: One step of the dose (the downhill dose rule): a rise changes one of these by at most this.
STEP_GRADE = 1.0
STEP_REPS = 2
STEP_SECONDS = 15
#: The smallest rise worth prescribing: a dose that cannot rise even by one of these
#: (within level, hill and weekly volume) is at its ceiling and may be held.
GRAIN_GRADE = 0.5
GRAIN_REPS = 1
GRAIN_SECONDS = 5

#: The main set (reps with their recoveries) takes at most this share of the week's running,
#: and leaves at least MAIN_SET_RESERVE_MIN minutes for the rest of a four-run week
#: (the downhill session's warmup, drills, strides, cooldown and stretch, plus a minimal
#: quality session and two short easy runs).
MAIN_SET_SHARE = 0.25
MAIN_SET_RESERVE_MIN = 52

#: No week trains more than this share above the week before (after a deload: the week
#: before the deload).
WEEKLY_RISE_MAX = 0.10
#: Week 1 trains within this share of the athlete's current weekly minutes (unless the plan
#: warns that their days cannot carry that volume).
WEEK_ONE_TOLERANCE = 0.10
#: A deload trains at most this share of the week before it.
DELOAD_MAX_SHARE = 0.80

#: The race approach (with a goal race; "days out" counts the days before race day).
#: The last full downhill session (more than a sharpener) is at least this many days out.
FULL_DOWNHILL_DAYS_OUT = 10
#: From 9 to 1 days out, at most one downhill session: this sharpener, 5 to 9 days out.
SHARPENER_REPS = 4
SHARPENER_REP_SECONDS = 30
SHARPENER_GRADE = 3.0
SHARPENER_DAYS_OUT = (5, 9)
#: No long run from this many days out.
NO_LONG_DAYS_OUT = 6
#: In the last days before the race only easy runs of at most this long.
LAST_EASY_DAYS_OUT = 3
LAST_EASY_MAX_MIN = 40
#: After race day, inside the plan: easy runs of at most this long.
AFTER_RACE_EASY_MAX_MIN = 30
#: Taper volume, training minutes (the race excluded) against the biggest week: the taper
#: week before race week, race week; and a taper long run against the longest long run.
TAPER_WEEK_MAX_SHARE = 0.65
RACE_WEEK_MAX_SHARE = 0.55
TAPER_LONG_MAX_SHARE = 0.70
#: What the engine plans within those bounds: a taper long run of about 60% of the longest.
TAPER_LONG_SHARE = 0.60

#: The dose rises only in these phases; the peak and the taper hold it.
RISING_PHASES = ("base", "build")
#: A working dose is held this many working weeks before it may rise.
HOLD_WEEKS = 2
#: A plan of this many weeks or more rises at least MIN_RISES times, where its base and
#: build phases give that many chances (see ``rise_chances``).
MIN_RISES_WEEKS = 12
MIN_RISES = 3

#: The shortest flat quality session.
QUALITY_MIN_MINUTES = 15

#: Long-run bounds: at most this long (longer with a marathon goal), and at most this share
#: of the week's training minutes, or the floor where that share is less.
LONG_RUN_MAX_MIN = 150
LONG_RUN_MAX_MARATHON_MIN = 180
LONG_RUN_MAX_SHARE = 0.35
LONG_RUN_SHARE_FLOOR_MIN = 60
#: The longest long run a goal race asks for, by the shortest race distance it applies to
#: (metres): a half marathon 75 min, a marathon 120 min.
LONG_RUN_GOALS = ((42_000.0, 120), (21_000.0, 75))


def long_run_cap(week_minutes: int, race_distance_m: float | None) -> int:
    """The longest long run a week of ``week_minutes`` training allows."""
    top = LONG_RUN_MAX_MIN
    if race_distance_m is not None and race_distance_m >= LONG_RUN_GOALS[0][0]:
        top = LONG_RUN_MAX_MARATHON_MIN
    return min(top, max(LONG_RUN_SHARE_FLOOR_MIN, math.floor(LONG_RUN_MAX_SHARE * week_minutes)))


def long_run_goal(race_distance_m: float | None) -> int | None:
    """Minutes the plan's longest long run should reach for the goal race, if any."""
    if race_distance_m is None:
        return None
    return next((minutes for least, minutes in LONG_RUN_GOALS if race_distance_m >= least),
                None)


#: Advanced runners reach reps of at least this long by the peak phase, hill allowing.
ADVANCED_PEAK_REP_SECONDS = 60


def prescribed_recovery(level: str, rep_seconds: int) -> int:
    """The walk or jog back up: the recovery minimum, rounded up to a quarter minute."""
    need = max(MIN_RECOVERY_S, RECOVERY_FACTOR * rep_seconds)
    return 15 * math.ceil(need / 15)


def main_set_seconds(reps: int, rep_seconds: int, recovery_seconds: int) -> int:
    """Reps with the recoveries between them."""
    return reps * rep_seconds + (reps - 1) * recovery_seconds


def main_set_cap_seconds(week_minutes: int) -> int:
    """How long a main set the week's running volume can carry."""
    return int(60 * min(MAIN_SET_SHARE * week_minutes, week_minutes - MAIN_SET_RESERVE_MIN))


def downhill_speed(level: str, paces: Paces | None, grade_pct: float) -> float:
    """Metres per second on the descent: the target pace, or the level's fast estimate."""
    if paces is None:
        return LEVELS[level].speed_estimate_m_s
    return 1000.0 / downhill_target_pace(paces.threshold_s_per_km, grade_pct)


def hill_rep_cap(level: str, paces: Paces | None, length_m: float, grade_pct: float) -> int:
    """Longest rep (whole seconds) that stays on a descent of ``length_m``."""
    return math.floor(length_m / downhill_speed(level, paces, grade_pct) + 1e-9)


def descent_m(reps: int, rep_seconds: int, speed_m_s: float, grade_pct: float) -> float:
    """Height lost over the main set: reps x rep_seconds x speed x grade."""
    return reps * rep_seconds * speed_m_s * grade_pct / 100.0


def days_out(race_day: date, day: date) -> int:
    """Days before race day (negative after it)."""
    return (race_day - day).days


def is_sharpener(grade_pct: float, reps: int, rep_seconds: int) -> bool:
    """Small enough for the last days before a race."""
    return (reps <= SHARPENER_REPS and rep_seconds <= SHARPENER_REP_SECONDS
            and grade_pct <= SHARPENER_GRADE + 1e-9)


def rise_chances(weeks: Iterable[tuple[str, bool]]) -> int:
    """How many rises the hold rhythm allows over weeks given as (phase, working): a rise
    after every HOLD_WEEKS working weeks at a dose, in the rising phases only."""
    held = chances = 0
    for phase, working in weeks:
        if working and phase in RISING_PHASES:
            if held >= HOLD_WEEKS:
                chances, held = chances + 1, 0
            held += 1
    return chances


def race_minutes(week: Week) -> int:
    return sum(s.minutes for s in week.sessions if s.kind == "race")


def training_minutes(week: Week) -> int:
    """Planned running minutes without the race itself.

    The load rules (deload, 10% rise, taper) compare training, not the race: a half
    marathon alone can outlast a low-volume runner's taper week.
    """
    return week.planned_minutes - race_minutes(week)
