"""The downhill dose rule and the level bounds, as the finished plan shows them.

The dose (grade, reps, rep length) is held for two working weeks, then raised in exactly one
part by at most one step, in the base and build phases only (the peak and the taper hold
it), and rises at least three times in a plan of twelve weeks or more where base and build
give three chances; it is not held longer than three weeks in base or build when it could
rise; deload and taper weeks never exceed the working dose (the race approach rules bound
the sharpener of the last nine days instead). Every dose stays within its level's bounds
and on the hill, and recoveries last at least two minutes and three times the rep.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..backoff import HOLDING, LOWERING
from ..limits import (
    ADVANCED_PEAK_REP_SECONDS,
    GRAIN_GRADE,
    GRAIN_REPS,
    GRAIN_SECONDS,
    HOLD_WEEKS,
    LEVELS,
    MIN_RECOVERY_S,
    MIN_RISES,
    MIN_RISES_WEEKS,
    RECOVERY_FACTOR,
    RISING_PHASES,
    STEP_GRADE,
    STEP_REPS,
    STEP_SECONDS,
    downhill_speed,
    main_set_cap_seconds,
    main_set_seconds,
    prescribed_recovery,
    rise_chances,
    training_minutes,
)
from ..model import DownhillDose, Plan, Week
from ..profile import Profile
from .common import (
    EPS,
    adjusted_between,
    dose_parts,
    dose_text,
    downhill_sessions,
    sharpening,
    week_paces,
    working,
)
from .descents import named_venue


def _can_rise(dose: DownhillDose, profile: Profile, plan: Plan, week: Week) -> bool:
    """Whether any smallest rise stays in level, descent and weekly-volume bounds (on any
    of the athlete's descents or treadmill)."""
    level = profile.level
    bounds = LEVELS[level]
    cap = main_set_cap_seconds(training_minutes(week))

    def on_a_descent(grade: float, seconds: int) -> bool:
        speed = downhill_speed(level, week_paces(plan, week), grade)
        return any(v.holds(level, grade)
                   and (v.length_m is None or seconds * speed <= v.length_m + EPS)
                   for v in profile.venues)

    def fits(grade: float, reps: int, seconds: int) -> bool:
        return (
            reps <= bounds.reps[1]
            and seconds <= bounds.max_rep_seconds
            and on_a_descent(grade, seconds)
            and main_set_seconds(reps, seconds, prescribed_recovery(level, seconds)) <= cap
        )

    g, r, s = dose_parts(dose)
    return (fits(g + GRAIN_GRADE, r, s) or fits(g, r + GRAIN_REPS, s)
            or fits(g, r, s + GRAIN_SECONDS))


def check_dose_progression(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        sessions = downhill_sessions(week)
        if (week.downhill is None) != (not sessions):
            yield f"week {week.number}: the downhill dose and the downhill session disagree"
    current: DownhillDose | None = None
    held = 0
    rises = 0
    since = plan.start  # the day after the last working week's downhill session
    held_from = plan.start  # the first week at the current dose
    for week in plan.weeks:
        n, dose = week.number, week.downhill
        if dose is None:
            continue
        if sharpening(plan, week):
            continue  # bounded by the race approach rules instead
        if (working(week) and current is not None and dose_parts(dose) != dose_parts(current)
                and all(a <= b + EPS for a, b in zip(dose_parts(dose), dose_parts(current),
                                                     strict=True))
                and adjusted_between(plan, since, week.end, LOWERING)):
            # a re-plan's step back (the diary's back-off rules): the dose is held again
            current, held, since, held_from = dose, 1, week.end, week.start
            continue
        if not working(week):
            if current is not None and any(
                a > b + EPS for a, b in zip(dose_parts(dose), dose_parts(current), strict=True)
            ):
                yield f"week {n}: {'taper' if week.phase == 'taper' else 'deload'} dose"\
                      f" {dose_text(dose)} exceeds the working dose {dose_text(current)}"
            continue
        if current is None or dose_parts(dose) == dose_parts(current):
            held += 1
            if (current is not None and held > 3 and week.phase in RISING_PHASES
                    and not adjusted_between(plan, held_from, week.end, HOLDING)
                    and _can_rise(dose, profile, plan, week)):
                yield f"week {n}: downhill dose {dose_text(dose)} held {held} weeks although it"\
                      " could rise"
            if current is None:
                held_from = week.start
            current, since = dose, week.end
            continue
        changes = []
        for name, step, a, b in zip(("grade", "reps", "rep_seconds"),
                                    (STEP_GRADE, STEP_REPS, STEP_SECONDS),
                                    dose_parts(current), dose_parts(dose), strict=True):
            if a != b:
                changes.append((name, step, a, b))
        text = ", ".join(f"{name} {a:g}->{b:g}" for name, _, a, b in changes)
        if any(b < a for _, _, a, b in changes):
            yield f"week {n}: downhill dose fell outside a deload or taper ({text})"
        elif len(changes) > 1:
            yield f"week {n}: downhill dose rose in two ways at once ({text})"
        elif changes[0][3] - changes[0][2] > changes[0][1] + EPS:
            yield f"week {n}: downhill dose rose by more than one step ({text})"
        if week.phase not in RISING_PHASES:
            yield f"week {n}: downhill dose rose in the {week.phase} phase, which holds it ({text})"
        if held < HOLD_WEEKS:
            yield f"week {n}: downhill dose rose after only {held} week at {dose_text(current)}"
        rises += 1
        current, held, since, held_from = dose, 1, week.end, week.start
    chances = rise_chances((w.phase, working(w)) for w in plan.weeks)
    if (profile.weeks >= MIN_RISES_WEEKS and rises < min(MIN_RISES, chances)
            and not any(a.rule in HOLDING for a in plan.adjustments)  # a re-plan held it
            and any(w.downhill is not None for w in plan.weeks)):  # else: no descent suits
        yield f"the downhill dose rises {rises} times; a plan of {MIN_RISES_WEEKS} weeks or more"\
              f" needs {min(MIN_RISES, chances)} (its base and build give {chances} chances)"


def check_level_bounds(plan: Plan, profile: Profile) -> Iterator[str]:
    """The level bounds, on the descent each week names (``descents`` checks the name)."""
    bounds = LEVELS[profile.level]
    for week in plan.weeks:
        n, dose = week.number, week.downhill
        if dose is None:
            continue
        venue = named_venue(profile, dose.descent)
        top_grade = bounds.max_grade if venue is None else min(bounds.max_grade, venue.grade)
        if dose.grade_pct > top_grade + EPS:
            yield f"week {n}: grade {dose.grade_pct:g}% is steeper than {top_grade:g}%"
        if not bounds.reps[0] <= dose.reps <= bounds.reps[1]:
            yield f"week {n}: {dose.reps} reps is outside {bounds.reps[0]}-{bounds.reps[1]}"
        if dose.rep_seconds > bounds.max_rep_seconds:
            yield f"week {n}: {dose.rep_seconds} s reps are longer than {bounds.max_rep_seconds} s"
        speed = downhill_speed(profile.level, week_paces(plan, week), dose.grade_pct)
        length = None if venue is None else venue.length_m
        if n == 1:
            lo, hi = bounds.first_rep_seconds
            if not lo <= dose.rep_seconds <= hi:
                yield f"week 1: {dose.rep_seconds} s reps, expected {lo}-{hi} s"
            # a runner runs the grade the slope has: on a descent steeper than the week-1
            # grade allows, its gentlest allowed grade (1 point below it)
            first_max = bounds.first_grade_max
            if venue is not None and not venue.treadmill:
                first_max = max(first_max, venue.grades(profile.level)[0])
            if dose.grade_pct > first_max + EPS:
                yield f"week 1: grade {dose.grade_pct:g}% is steeper than {first_max:g}%"
        if (profile.level == "advanced" and week.phase == "peak" and working(week)
                and not sharpening(plan, week)
                and not adjusted_between(plan, plan.start, week.end, LOWERING | HOLDING)
                and dose.rep_seconds < ADVANCED_PEAK_REP_SECONDS
                and (length is None or ADVANCED_PEAK_REP_SECONDS * speed <= length)):
            yield f"week {n}: advanced reps are still {dose.rep_seconds} s in the peak phase"\
                  f" although {dose.descent} allows {ADVANCED_PEAK_REP_SECONDS} s"


def check_recovery(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        need = max(MIN_RECOVERY_S, RECOVERY_FACTOR * dose.rep_seconds)
        if dose.recovery_seconds < need:
            yield f"week {week.number}: {dose.recovery_seconds} s recovery after"\
                  f" {dose.rep_seconds} s reps, expected at least {need} s"
