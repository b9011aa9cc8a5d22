"""The downhill dose schedule: where it starts, when it rises and which part rises (pure).

The dose is (grade, reps, rep_seconds). It starts at the level's gentlest week-1 dose. After
two working weeks at a dose (deload and taper weeks pause the count), the next working week
of the base or build phase raises exactly one part by at most one step, chosen by phase:

* base:  reps first (more short exposures build the repeated-bout effect), then rep length;
* build: rep length first (blocks that grow in duration), then grade, then reps.

The peak holds the dose it reached (it sharpens, it does not set new highs), and so does the
taper. With a race course to rehearse (``rehearsal``), the build raises the grade toward the
course's main descent and the rep length toward its sustained descents first, then reps, and
only then (when nothing else can rise) a grade beyond the course's.

Advanced runners lengthen reps first until they reach 60 s. A part can only rise while the
new dose stays within the level's bounds, on the hill (rep x speed <= hill length) and within
what the week's volume can carry; when reps are the only part left that can rise they go up
one at a time, so progress keeps coming every two to three weeks; and if a plan of twelve
weeks or more would rise fewer than three times although its base and build give three
chances, every rise becomes the smallest one (0.5 points, 1 rep, 5 s). A dose with no room
at all is held. Deloads keep the grade and rep length and drop a third of the reps; taper
and race weeks halve the reps (intensity kept, volume cut); from nine days before a race the
one session left is a sharpener (see ``sharpener``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from .limits import (
    ADVANCED_PEAK_REP_SECONDS,
    DOWNHILL_RPE,
    GRAIN_GRADE,
    GRAIN_REPS,
    GRAIN_SECONDS,
    HOLD_WEEKS,
    LEVELS,
    MAX_DESCENT_GRADE,
    MIN_GRADE,
    MIN_RISES,
    MIN_RISES_WEEKS,
    RISING_PHASES,
    SHARPENER_GRADE,
    SHARPENER_REP_SECONDS,
    SHARPENER_REPS,
    STEP_GRADE,
    STEP_REPS,
    STEP_SECONDS,
    Venue,
    descent_m,
    downhill_speed,
    hill_rep_cap,
    main_set_cap_seconds,
    main_set_seconds,
    prescribed_recovery,
    rise_chances,
)
from .model import DownhillDose, Paces
from .paces import downhill_target_pace
from .rehearsal import CourseAim, rep_aim
from .season import WeekFrame
from .units import format_grade

EPS = 1e-9
#: Week-1 dose per level: (grade, reps, rep_seconds), the gentle end of each level's range.
FIRST_DOSE = {
    "beginner": (2.0, 4, 20),
    "intermediate": (3.0, 4, 30),
    "advanced": (3.0, 6, 45),
}
PRIORITY = {
    "base": ("reps", "rep_seconds", "grade"),
    "build": ("rep_seconds", "grade", "reps"),
}


@dataclass(frozen=True)
class Dose:
    grade: float
    reps: int
    rep_seconds: int


@dataclass(frozen=True)
class Limits:
    """What bounds the dose for one athlete: level, where reps can be run, paces."""

    level: str
    venues: tuple[Venue, ...]
    paces: Paces | None
    #: The race course the build and peak rehearse, if any.
    aim: CourseAim | None = None

    def _rep_cap(self, venue: Venue, grade: float) -> int:
        top = LEVELS[self.level].max_rep_seconds
        if venue.length_m is None:
            return top
        return min(top, hill_rep_cap(self.level, self.paces, venue.length_m, grade))

    def venue_for(self, grade: float, rep_seconds: int, near: float | None = None
                  ) -> Venue | None:
        """Where a rep of ``rep_seconds`` at ``grade`` is run: the listed descent whose
        grade is nearest (the longer on a tie), the treadmill only where no descent fits.
        With ``near`` (a race course's grade), the place nearest that grade instead, the
        treadmill counting as the grade it is set to."""
        fitting = [v for v in self.venues if v.holds(self.level, grade)
                   and rep_seconds <= self._rep_cap(v, grade)]
        if near is not None:
            return min(fitting, default=None, key=lambda v: (
                round(abs((grade if v.treadmill else v.grade) - near), 6), v.treadmill,
                -(v.length_m or 0.0), v.name))
        return min(fitting, default=None, key=lambda v: (
            v.treadmill, abs(v.grade - grade), -(v.length_m or 0.0), v.name))

    @property
    def max_grade(self) -> float:
        tops = [v.grades(self.level) for v in self.venues]
        return max((hi for lo, hi in tops if lo <= hi), default=0.0)

    def max_rep_seconds(self, grade: float) -> int:
        return max((self._rep_cap(v, grade) for v in self.venues if v.holds(self.level, grade)),
                   default=0)

    def fits(self, dose: Dose, week_minutes: int) -> bool:
        bounds = LEVELS[self.level]
        recovery = prescribed_recovery(self.level, dose.rep_seconds)
        return (
            dose.grade <= self.max_grade + EPS
            and bounds.reps[0] <= dose.reps <= bounds.reps[1]
            and self.venue_for(dose.grade, dose.rep_seconds) is not None
            and main_set_seconds(dose.reps, dose.rep_seconds, recovery)
            <= main_set_cap_seconds(week_minutes)
        )


def first_dose(limits: Limits, week_minutes: int) -> Dose | None:
    """The week-1 dose, or None when no descent (nor treadmill) suits it (see ``unsuitable``).

    Each usable place offers the level's first grade clamped to the grades it allows; the
    plan starts on the one within the level's week-1 grade, nearest that first grade.
    """
    doses = first_doses(limits, week_minutes)
    return doses[0] if doses else None


def first_doses(limits: Limits, week_minutes: int) -> list[Dose]:
    """Every week-1 dose the places offer within the level's week-1 grade (or, if none is,
    the nearest beyond it), best first (see ``first_dose``)."""
    level = limits.level
    grade0, reps, seconds = FIRST_DOSE[level]
    first_max = LEVELS[level].first_grade_max
    options = []
    for v in limits.venues:
        lo, hi = v.grades(level)
        if lo > hi:
            continue
        grade = round(min(max(grade0, lo), hi), 2)
        if limits.venue_for(grade, seconds) is not None:
            options.append((grade > first_max + EPS, abs(grade - grade0), grade))
    options = sorted(set(options))
    within = [o for o in options if not o[0]] or options[:1]
    out = []
    for _, _, grade in within:
        dose = Dose(grade, reps, seconds)
        # a small weekly volume cannot carry the full first set: start with fewer reps
        while dose.reps > LEVELS[level].reps[0] and not limits.fits(dose, week_minutes):
            dose = replace(dose, reps=dose.reps - 1)
        out.append(dose)
    return out


def unsuitable(limits: Limits) -> list[str]:
    """Why each listed descent (and the treadmill) cannot carry the first reps."""
    level = limits.level
    grade0, _, seconds = FIRST_DOSE[level]
    top = LEVELS[level].max_grade
    out = []
    for v in limits.venues:
        what = "your treadmill" if v.treadmill else f"{v.name} ({v.grade:g}%)"
        lo, hi = v.grades(level)
        if v.too_steep:
            continue  # the steep_descent warning says so
        if hi < MIN_GRADE:
            out.append(f"{what} is too gentle for downhill tempo: find a descent of at least"
                       f" {MIN_GRADE:g}%" if not v.treadmill else
                       f"{what} declines at most {v.grade:g}%, too gentle for downhill tempo:"
                       f" it must decline at least {MIN_GRADE:g}%")
            continue
        if lo > hi:
            out.append(f"{what} is too steep for {level} reps (at most {top:g}%, run within"
                       f" 1 point of the slope's grade): find one of at most"
                       f" {min(top + 1, MAX_DESCENT_GRADE):g}%")
            continue
        assert v.length_m is not None
        grade = min(max(grade0, lo), hi)
        speed = downhill_speed(level, limits.paces, grade)
        need = math.ceil(seconds * speed)
        out.append(f"a {v.length_m:g} m descent is too short for the first {level} reps"
                   f" ({seconds} s at about {speed:.1f} m/s): it must be at least {need} m long")
    return out


def _candidates(dose: Dose, part: str, limits: Limits, small: bool,
                toward: float | None = None) -> list[Dose]:
    """Rises of one part, biggest first, down to the smallest worth prescribing; with
    ``toward``, only rises that stay at or under it (a course's grade or rep length)."""
    if toward is not None:
        value = dose.grade if part == "grade" else dose.rep_seconds
        if toward <= value + EPS:
            return []
        out = _candidates(dose, part, limits, small)
        if part == "grade":
            land = replace(dose, grade=round(min(toward, dose.grade + STEP_GRADE), 2))
        else:
            land = replace(dose, rep_seconds=min(int(toward), dose.rep_seconds + STEP_SECONDS))
        if not small and land not in out:
            out.insert(0, land)  # land exactly on the course's value
        key = (lambda d: d.grade) if part == "grade" else (lambda d: d.rep_seconds)
        return sorted((d for d in out if key(d) <= toward + EPS), key=key, reverse=True)
    if part == "grade":
        room = limits.max_grade - dose.grade
        steps = [GRAIN_GRADE] if small else [min(STEP_GRADE, room), GRAIN_GRADE]
        return [replace(dose, grade=round(dose.grade + s, 2))
                for s in dict.fromkeys(steps) if GRAIN_GRADE - EPS <= s <= room + EPS]
    if part == "reps":
        steps = [GRAIN_REPS] if small else [STEP_REPS, GRAIN_REPS]
        return [replace(dose, reps=dose.reps + s) for s in steps]
    if small:
        return [replace(dose, rep_seconds=dose.rep_seconds + GRAIN_SECONDS)]
    steps = list(range(STEP_SECONDS, GRAIN_SECONDS - 1, -GRAIN_SECONDS))
    room = limits.max_rep_seconds(dose.grade) - dose.rep_seconds
    top = min(STEP_SECONDS, room)
    if top >= GRAIN_SECONDS and top not in steps:
        steps.insert(0, top)  # land exactly on the hill's limit
    return [replace(dose, rep_seconds=dose.rep_seconds + s) for s in steps]


def next_rise(
    dose: Dose, phase: str, limits: Limits, week_minutes: int, small: bool = False
) -> Dose | None:
    """The raised dose for this week, or None when nothing can rise safely.

    ``small`` makes every rise the smallest one worth prescribing (0.5 points, 1 rep, 5 s).
    """
    options = rise_options(dose, phase, limits, week_minutes, small)
    return options[0] if options else None


def rise_options(
    dose: Dose, phase: str, limits: Limits, week_minutes: int, small: bool = False
) -> list[Dose]:
    """Every way this week's dose can rise safely, the one ``next_rise`` takes first."""
    order: list[tuple[str, float | None]] = [(part, None) for part in PRIORITY[phase]]
    aim = limits.aim
    if aim is not None and phase == "build":
        # rehearse the course: its grade and rep length first, then the rest
        order = [("grade", aim.grade), ("rep_seconds", rep_aim(aim, limits.level)),
                 ("reps", None), ("grade", None), ("rep_seconds", None)]
    if limits.level == "advanced" and dose.rep_seconds < ADVANCED_PEAK_REP_SECONDS:
        order.insert(0, ("rep_seconds", None))

    def rises(part: str, small_steps: bool, toward: float | None = None) -> list[Dose]:
        return [d for d in _candidates(dose, part, limits, small_steps, toward)
                if limits.fits(d, week_minutes)]

    # when reps are the only part left that can rise, add them one at a time
    only_reps = not rises("grade", small) and not rises("rep_seconds", small)
    out: list[Dose] = []
    for part, toward in order:
        options = rises(part, small or (part == "reps" and only_reps), toward)
        if options and options[0] not in out:
            out.append(options[0])
    return out


def working_doses(
    season: list[WeekFrame], minutes: list[int], limits: Limits
) -> list[Dose]:
    """The current working dose in every week (deload and taper weeks carry the last one).

    A plan of twelve weeks or more must rise at least three times; when full steps would
    use up the room sooner (short hill, gentle grade, small weekly volume), every rise is
    made the smallest one instead.
    """
    if first_dose(limits, minutes[0]) is None:
        return []
    doses = _schedule(season, minutes, limits, small=False)
    wanted = min(MIN_RISES, rise_chances((f.phase, f.loading) for f in season))
    small = len(season) >= MIN_RISES_WEEKS and _rises(doses) < wanted
    if small:
        doses = _schedule(season, minutes, limits, small=True)
    if _short_peak(season, minutes, limits, doses):
        return _longer_peak(season, minutes, limits, small) or doses
    return doses


def _longer_peak(season: list[WeekFrame], minutes: list[int], limits: Limits,
                 small: bool) -> list[Dose] | None:
    """A schedule whose peak reaches the advanced minute reps, when the usual one leaves
    them shorter on a descent that would take them (e.g. reps that could not lengthen on
    the gentle first descent, so the rises before the peak all went to the grade): started
    on another descent, else with one rise taken another way or held, the latest such
    change with the most rises. None when none does."""
    for first in first_doses(limits, minutes[0])[1:]:
        other = _schedule(season, minutes, limits, small, first)
        if not _short_peak(season, minutes, limits, other):
            return other
    best: list[Dose] | None = None
    for chance in range(rise_chances((f.phase, f.loading) for f in season)):
        for pick in itertools.count(1):  # another way to rise, or (past them) hold
            other = _schedule(season, minutes, limits, small, deviate=(chance, pick))
            if other is None:
                break
            if not _short_peak(season, minutes, limits, other) and (
                    best is None or _rises(other) >= _rises(best)):
                best = other
    return best


def _short_peak(season: list[WeekFrame], minutes: list[int], limits: Limits,
                doses: list[Dose]) -> bool:
    """Whether an advanced runner's peak keeps reps shorter than the peak's minute although
    the week's descent and volume would take it."""
    if limits.level != "advanced":
        return False
    return any(frame.phase == "peak" and frame.loading
               and dose.rep_seconds < ADVANCED_PEAK_REP_SECONDS
               and limits.fits(replace(dose, rep_seconds=ADVANCED_PEAK_REP_SECONDS), week)
               for frame, week, dose in zip(season, minutes, doses, strict=True))


def small_steps(season: list[WeekFrame], minutes: list[int], limits: Limits) -> bool:
    """Whether ``working_doses`` rises in the smallest steps for this season."""
    if first_dose(limits, minutes[0]) is None:
        return False
    wanted = min(MIN_RISES, rise_chances((f.phase, f.loading) for f in season))
    return len(season) >= MIN_RISES_WEEKS and _rises(
        _schedule(season, minutes, limits, small=False)) < wanted


def _schedule(
    season: list[WeekFrame], minutes: list[int], limits: Limits, small: bool,
    first: Dose | None = None, deviate: tuple[int, int] | None = None,
) -> list[Dose] | None:
    """Hold each dose for two working weeks, then raise it if anything can rise; from
    ``first`` (else ``first_dose``). ``deviate`` (chance, pick): at that chance to rise
    (from 0), take the rise option ``pick`` (from 1) or, past the options, hold one more
    week; None when there is no such chance or option, or holding would hold a dose that
    can rise for more than three working weeks."""
    first = first or first_dose(limits, minutes[0])
    assert first is not None
    dose = first
    if (limits.level == "advanced" and dose.rep_seconds < ADVANCED_PEAK_REP_SECONDS
            and rise_chances((f.phase, f.loading) for f in season) == 0):
        # no rise before the peak, which holds the dose: start at the minute reps reach
        longer = replace(dose, rep_seconds=ADVANCED_PEAK_REP_SECONDS)
        if limits.fits(longer, minutes[0]):
            dose = longer
    held = chance = 0
    out = []
    for frame, week_minutes in zip(season, minutes, strict=True):
        if frame.loading:
            if frame.phase in RISING_PHASES and held >= HOLD_WEEKS:
                options = rise_options(dose, frame.phase, limits, week_minutes, small)
                pick = 0
                if options and deviate is not None and deviate[0] == chance:
                    pick = deviate[1]
                    if pick > len(options) or (pick == len(options) and held >= 3):
                        return None  # no such option; or holding a fourth week
                if options:
                    chance += 1
                    if pick < len(options):
                        dose, held = options[pick], 0
            held += 1
        out.append(dose)
    return None if deviate is not None and chance <= deviate[0] else out


def _rises(doses: list[Dose]) -> int:
    return sum(1 for i in range(1, len(doses)) if doses[i] != doses[i - 1])


def sharpener(dose: Dose, limits: Limits) -> Dose | None:
    """The only downhill work of the last nine days before a race: a few short, gentle reps,
    on the steepest place that allows 3% or gentler (None when none does)."""
    reps, seconds = min(dose.reps, SHARPENER_REPS), min(dose.rep_seconds, SHARPENER_REP_SECONDS)
    cap = min(dose.grade, SHARPENER_GRADE)
    grades = []
    for v in limits.venues:
        lo, hi = v.grades(limits.level)
        grade = round(min(hi, cap), 2)
        if lo <= grade + EPS and limits.venue_for(grade, seconds) is not None:
            grades.append(grade)
    return None if not grades else Dose(max(grades), reps, seconds)


def week_dose(working: Dose, frame: WeekFrame, level: str) -> Dose:
    """What the week actually does: the working dose, or less in deload and taper weeks."""
    lowest = LEVELS[level].reps[0]
    if frame.phase == "taper":
        return replace(working, reps=max(lowest, working.reps // 2))
    if frame.deload:
        return replace(working, reps=max(lowest, round(working.reps * 2 / 3)))
    return working


def describe_rise(before: Dose, after: Dose) -> str:
    """'reps rise from 4 to 6', unit-free."""
    if after.grade != before.grade:
        return f"grade rises from {format_grade(before.grade)} to {format_grade(after.grade)}"
    if after.reps != before.reps:
        return f"reps rise from {before.reps} to {after.reps}"
    return f"rep length rises from {before.rep_seconds} s to {after.rep_seconds} s"


def to_downhill(dose: Dose, limits: Limits, near: float | None = None) -> DownhillDose:
    """The dose as the week runs it, on its place (with ``near``, the place nearest that
    grade: the peak's, nearest the race course's main descent)."""
    venue = limits.venue_for(dose.grade, dose.rep_seconds, near)
    assert venue is not None, "a dose with nowhere to run it"
    speed = downhill_speed(limits.level, limits.paces, dose.grade)
    target = (None if limits.paces is None
              else downhill_target_pace(limits.paces.threshold_s_per_km, dose.grade))
    return DownhillDose(
        grade_pct=dose.grade,
        reps=dose.reps,
        rep_seconds=dose.rep_seconds,
        recovery_seconds=prescribed_recovery(limits.level, dose.rep_seconds),
        target_s_per_km=target,
        rpe=DOWNHILL_RPE,
        descent_m=descent_m(dose.reps, dose.rep_seconds, speed, dose.grade),
        descent=venue.name,
    )
