"""The coaching rules of issue 3 as an oracle: ``check_plan`` lists every rule a plan breaks.

It reads only the finished Plan and the Profile, never how the engine got there, so it can
judge any plan (property tests, ``booklet check``). The numbers it checks against live in
``rulebook``; paces are recomputed with ``paces``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

from .limits import (
    ADVANCED_PEAK_REP_SECONDS,
    DOWNHILL_RPE,
    GRAIN_GRADE,
    GRAIN_REPS,
    GRAIN_SECONDS,
    LEVELS,
    MIN_RECOVERY_S,
    STEP_GRADE,
    STEP_REPS,
    STEP_SECONDS,
    descent_m,
    downhill_speed,
    main_set_cap_seconds,
    main_set_seconds,
    prescribed_recovery,
    training_minutes,
)
from .model import HARD_KINDS, PHASES, DownhillDose, Plan, Session, Week
from .paces import downhill_target_pace, paces_from_race
from .profile import WEEKDAYS, Profile

EPS = 1e-6
RUN_KINDS = frozenset({"downhill_tempo", "easy", "quality", "long", "race"})
DOWNHILL_PARTS = ("warmup", "drills", "strides", "main", "recovery", "cooldown", "stretch")
CALF = frozenset({"calf-raise", "single-leg-calf-raise"})
GLUTE = frozenset({"glute-bridge", "single-leg-glute-bridge"})
PLYOMETRIC = frozenset({"drop-landing", "lateral-bound"})
NOT_FOR_BEGINNERS = frozenset({"single-leg-calf-raise", "single-leg-glute-bridge",
                               "lateral-bound"})
#: Distances and paces have no place in text: they are rendered in the athlete's units.
UNIT_TEXT = re.compile(
    r"\d\s*(?:km|mi|m|ft|yd)\b|\b(?:km|miles?|metres?|meters?|kilomet\w*)\b|/km|/mi"
    r"|\b\d{1,2}:\d\d\b"
)

Check = Callable[[Plan, Profile], Iterator[str]]


def check_plan(plan: Plan, profile: Profile) -> list[str]:
    """One readable message per broken rule; empty when the plan keeps them all."""
    return [message for check in CHECKS for message in check(plan, profile)]


def _dose(d: DownhillDose) -> str:
    return f"{d.reps} × {d.rep_seconds} s at −{d.grade_pct:g}%"


def _parts(d: DownhillDose) -> tuple[float, int, int]:
    return (d.grade_pct, d.reps, d.rep_seconds)


def _downhill_sessions(week: Week) -> list[Session]:
    return [s for s in week.sessions if s.kind == "downhill_tempo"]


def _race_week(plan: Plan, week: Week) -> bool:
    return plan.race is not None and week.start <= plan.race.date <= week.end


def _working(week: Week) -> bool:
    return week.phase != "taper" and not week.deload


# --- rule 1 ---------------------------------------------------------------------------------


def check_calendar(plan: Plan, profile: Profile) -> Iterator[str]:
    assert profile.start is not None
    if len(plan.weeks) != profile.weeks:
        yield f"the plan has {len(plan.weeks)} weeks, the profile asks for {profile.weeks}"
    if plan.start != profile.start or plan.end != profile.end:
        yield f"the plan runs {plan.start} to {plan.end}, not {profile.start} to {profile.end}"
    for n, week in enumerate(plan.weeks, 1):
        if week.number != n or week.start != profile.start + timedelta(weeks=n - 1):
            yield f"week {n}: numbered {week.number} starting {week.start}"
        run_days = []
        for s in week.sessions:
            if not week.start <= s.date <= week.end:
                yield f"week {n}: {s.kind} on {s.date} is outside the week"
            is_race = s.kind == "race" and plan.race is not None and s.date == plan.race.date
            if WEEKDAYS[s.date.weekday()] not in profile.days and not is_race:
                yield f"week {n}: {s.kind} on {WEEKDAYS[s.date.weekday()]} {s.date},"\
                      " not one of the athlete's days"
            if s.kind in RUN_KINDS:
                run_days.append(s.date)
        for day in sorted({d for d in run_days if run_days.count(d) > 1}):
            yield f"week {n}: two runs on {day}"
    races = [s for s in plan.sessions if s.kind == "race"]
    if profile.race is None:
        if plan.race is not None or races:
            yield "the plan has a race the profile does not"
        return
    if plan.race is None or plan.race.date != profile.race.date:
        yield f"the plan's race is not the profile's ({profile.race.date})"
        return
    last = plan.weeks[-1] if plan.weeks else None
    if last is None or not last.start <= plan.race.date <= last.end:
        yield f"race day {plan.race.date} is not in the last week"
    if [s.date for s in races] != [plan.race.date]:
        yield f"expected one race session, on {plan.race.date}"


# --- rule 2 ---------------------------------------------------------------------------------


def check_weekly_frame(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        n = week.number
        downhill = _downhill_sessions(week)
        if _race_week(plan, week):
            assert plan.race is not None
            if len(downhill) > 1:
                yield f"week {n}: {len(downhill)} downhill sessions in race week"
            for s in downhill:
                if (plan.race.date - s.date).days < 4:
                    yield f"week {n}: downhill session on {s.date}, less than 4 days before"\
                          " the race"
        elif len(downhill) != 1:
            yield f"week {n}: {len(downhill)} downhill tempo sessions, expected exactly one"
        for s in downhill:
            if s.terrain != "downhill":
                yield f"week {n}: downhill session on {s.terrain} terrain"
        quality = [s for s in week.sessions if s.kind == "quality"]
        for s in quality:
            if s.terrain != "flat":
                yield f"week {n}: quality session on {s.terrain} terrain, not flat"
        if _working(week):
            if len(quality) != 1:
                yield f"week {n}: {len(quality)} quality sessions, expected exactly one"
            easy = [s for s in week.sessions if s.kind in ("easy", "long")]
            if len(easy) < 2:
                yield f"week {n}: {len(easy)} easy runs, expected at least two"
    hard = sorted((s.date, s.kind) for s in plan.sessions if s.kind in HARD_KINDS)
    for (d1, k1), (d2, k2) in zip(hard, hard[1:], strict=False):
        if (d2 - d1).days < 2:
            yield f"hard sessions on consecutive days: {k1} {d1} and {k2} {d2}"


# --- rules 3 and 4 --------------------------------------------------------------------------


def _can_rise(dose: DownhillDose, profile: Profile, plan: Plan, week: Week) -> bool:
    """Whether any smallest rise stays in level, hill and weekly-volume bounds."""
    level, hill = profile.level, profile.hill
    bounds = LEVELS[level]
    cap = main_set_cap_seconds(training_minutes(week))

    def fits(grade: float, reps: int, seconds: int) -> bool:
        speed = downhill_speed(level, plan.paces, grade)
        return (
            grade <= min(bounds.max_grade, hill.grade) + EPS
            and reps <= bounds.reps[1]
            and seconds <= bounds.max_rep_seconds
            and seconds * speed <= hill.length_m + EPS
            and main_set_seconds(reps, seconds, prescribed_recovery(level, seconds)) <= cap
        )

    g, r, s = _parts(dose)
    return (fits(g + GRAIN_GRADE, r, s) or fits(g, r + GRAIN_REPS, s)
            or fits(g, r, s + GRAIN_SECONDS))


def check_dose_progression(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        sessions = _downhill_sessions(week)
        if (week.downhill is None) != (not sessions):
            yield f"week {week.number}: the downhill dose and the downhill session disagree"
    current: DownhillDose | None = None
    held = 0
    rises = 0
    for week in plan.weeks:
        n, dose = week.number, week.downhill
        if dose is None:
            continue
        if not _working(week):
            if current is not None and any(
                a > b + EPS for a, b in zip(_parts(dose), _parts(current), strict=True)
            ):
                yield f"week {n}: {'taper' if week.phase == 'taper' else 'deload'} dose"\
                      f" {_dose(dose)} exceeds the working dose {_dose(current)}"
            continue
        if current is None or _parts(dose) == _parts(current):
            held += 1
            if current is not None and held > 3 and _can_rise(dose, profile, plan, week):
                yield f"week {n}: downhill dose {_dose(dose)} held {held} weeks although it"\
                      " could rise"
            current = dose
            continue
        changes = []
        for name, step, a, b in zip(("grade", "reps", "rep_seconds"),
                                    (STEP_GRADE, STEP_REPS, STEP_SECONDS),
                                    _parts(current), _parts(dose), strict=True):
            if a != b:
                changes.append((name, step, a, b))
        text = ", ".join(f"{name} {a:g}->{b:g}" for name, _, a, b in changes)
        if any(b < a for _, _, a, b in changes):
            yield f"week {n}: downhill dose fell outside a deload or taper ({text})"
        elif len(changes) > 1:
            yield f"week {n}: downhill dose rose in two ways at once ({text})"
        elif changes[0][3] - changes[0][2] > changes[0][1] + EPS:
            yield f"week {n}: downhill dose rose by more than one step ({text})"
        if held < 2:
            yield f"week {n}: downhill dose rose after only {held} week at {_dose(current)}"
        rises += 1
        current, held = dose, 1
    if profile.weeks >= 12 and rises < 3:
        yield f"the downhill dose rises {rises} times; a plan of 12 weeks or more needs three"


def check_level_bounds(plan: Plan, profile: Profile) -> Iterator[str]:
    bounds = LEVELS[profile.level]
    top_grade = min(bounds.max_grade, profile.hill.grade)
    for week in plan.weeks:
        n, dose = week.number, week.downhill
        if dose is None:
            continue
        if dose.grade_pct > top_grade + EPS:
            yield f"week {n}: grade {dose.grade_pct:g}% is steeper than {top_grade:g}%"
        if not bounds.reps[0] <= dose.reps <= bounds.reps[1]:
            yield f"week {n}: {dose.reps} reps is outside {bounds.reps[0]}-{bounds.reps[1]}"
        if dose.rep_seconds > bounds.max_rep_seconds:
            yield f"week {n}: {dose.rep_seconds} s reps are longer than {bounds.max_rep_seconds} s"
        speed = downhill_speed(profile.level, plan.paces, dose.grade_pct)
        if dose.rep_seconds * speed > profile.hill.length_m + EPS:
            yield f"week {n}: a {dose.rep_seconds} s rep covers {dose.rep_seconds * speed:.0f} m,"\
                  f" more than the {profile.hill.length_m:g} m hill"
        if n == 1:
            lo, hi = bounds.first_rep_seconds
            if not lo <= dose.rep_seconds <= hi:
                yield f"week 1: {dose.rep_seconds} s reps, expected {lo}-{hi} s"
            if dose.grade_pct > bounds.first_grade_max + EPS:
                yield f"week 1: grade {dose.grade_pct:g}% is steeper than"\
                      f" {bounds.first_grade_max:g}%"
        if (profile.level == "advanced" and week.phase == "peak" and _working(week)
                and dose.rep_seconds < ADVANCED_PEAK_REP_SECONDS
                and ADVANCED_PEAK_REP_SECONDS * speed <= profile.hill.length_m):
            yield f"week {n}: advanced reps are still {dose.rep_seconds} s in the peak phase"\
                  f" although the hill allows {ADVANCED_PEAK_REP_SECONDS} s"


# --- rules 5 and 6 --------------------------------------------------------------------------


def check_recovery(plan: Plan, profile: Profile) -> Iterator[str]:
    factor = LEVELS[profile.level].recovery_factor
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        need = max(MIN_RECOVERY_S, factor * dose.rep_seconds)
        if dose.recovery_seconds < need:
            yield f"week {week.number}: {dose.recovery_seconds} s recovery after"\
                  f" {dose.rep_seconds} s reps, expected at least {need} s"


def check_session_anatomy(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        for s in week.sessions:
            if s.kind in RUN_KINDS and all(st.seconds is not None for st in s.steps):
                total = sum((st.seconds or 0) * st.repeat for st in s.steps)
                if s.steps and abs(total - 60 * s.minutes) >= 60:
                    yield f"week {week.number}: {s.kind} on {s.date} lasts {s.minutes} min but"\
                          f" its steps add up to {total} s"
        dose = week.downhill
        for s in _downhill_sessions(week):
            where = f"week {week.number}: downhill session on {s.date}"
            parts = [st.part for st in s.steps]
            if parts != list(DOWNHILL_PARTS):
                yield f"{where} has steps {parts}, expected {list(DOWNHILL_PARTS)}"
                continue
            step = dict(zip(parts, s.steps, strict=True))
            if not 300 <= (step["warmup"].seconds or 0) <= 600:
                yield f"{where}: warmup of {step['warmup'].seconds} s, expected 5-10 min"
            if (step["cooldown"].seconds or 0) < 300:
                yield f"{where}: cooldown of {step['cooldown'].seconds} s, expected at least 5 min"
            if not re.search(r"jog|walk", step["recovery"].text, re.I):
                yield f"{where}: recovery is not a jog or a walk"
            if dose is not None:
                main, rec, strides = step["main"], step["recovery"], step["strides"]
                target = main.target
                if (main.repeat, main.seconds) != (dose.reps, dose.rep_seconds) or (
                        target is None or target.grade_pct != dose.grade_pct):
                    yield f"{where}: the main set is not the week's dose {_dose(dose)}"
                if (rec.repeat, rec.seconds) != (dose.reps - 1, dose.recovery_seconds):
                    yield f"{where}: recoveries are not {dose.reps - 1} × {dose.recovery_seconds} s"
                sg = strides.target.grade_pct if strides.target else None
                if sg is not None and sg > dose.grade_pct + EPS:
                    yield f"{where}: strides steeper than the main set"
            for prefix in ("technique/", "warmup/", "cooldown/"):
                if not any(b.startswith(prefix) for b in s.blocks):
                    yield f"{where} lists no {prefix.rstrip('/')} block"


# --- rule 7 ---------------------------------------------------------------------------------


def check_strength(plan: Plan, profile: Profile) -> Iterator[str]:
    downhill_days = {s.date for s in plan.sessions if s.kind == "downhill_tempo"}
    for week in plan.weeks:
        n = week.number
        strength = [s for s in week.sessions if s.kind == "strength"]
        want = 1 if week.phase == "taper" else 2
        if len(strength) != want:
            yield f"week {n}: {len(strength)} strength sessions, expected {want}"
        hard_days = {s.date for s in week.sessions if s.hard}
        athlete_days = [week.start + timedelta(days=i) for i in range(7)
                        if WEEKDAYS[(week.start + timedelta(days=i)).weekday()] in profile.days]
        strength_days = {s.date for s in strength}
        spare = [d for d in athlete_days if d not in hard_days and d not in strength_days]
        for s in strength:
            names = {st.exercise for st in s.steps if st.exercise}
            if not (names & CALF and "hamstring-curl" in names and names & GLUTE):
                yield f"week {n}: strength on {s.date} lacks calf raises, hamstring curls"\
                      " or glute bridges"
            if profile.level == "beginner" and names & NOT_FOR_BEGINNERS:
                yield f"week {n}: {sorted(names & NOT_FOR_BEGINNERS)} is not for beginners"
            for st in s.steps:
                if st.exercise is not None and st.plyometric != (st.exercise in PLYOMETRIC):
                    yield f"week {n}: {st.exercise} marked plyometric={st.plyometric}"
            if any(st.plyometric for st in s.steps):
                if week.phase not in ("build", "peak") or n <= 4:
                    yield f"week {n}: plyometrics in a {week.phase} week"
                if s.date + timedelta(days=1) in downhill_days:
                    yield f"week {n}: plyometrics on {s.date}, the day before a downhill session"
            if s.date in hard_days and spare:
                yield f"week {n}: strength on the hard day {s.date} although {spare[0]} is free"


# --- rule 8 ---------------------------------------------------------------------------------


def check_phases_and_load(plan: Plan, profile: Profile) -> Iterator[str]:
    weeks = plan.weeks
    if not weeks:
        return
    phases = [w.phase for w in weeks]
    order = [PHASES.index(p) for p in phases]
    if order != sorted(order):
        yield f"phases out of order: {phases}"
    for phase in ("base", "build", "peak"):
        if phase not in phases:
            yield f"the plan has no {phase} phase"
    taper = phases.count("taper")
    if profile.race is None and taper:
        yield "a taper without a goal race"
    if profile.race is not None and not 1 <= taper <= 2:
        yield f"a taper of {taper} weeks, expected 1-2"
    if 4 * phases.count("base") < len(weeks):
        yield f"base is {phases.count('base')} of {len(weeks)} weeks, less than a quarter"
    for i in range(max(0, len(weeks) - 3)):
        window = weeks[i:i + 4]
        if not any(w.deload or w.phase == "taper" for w in window):
            yield f"weeks {window[0].number}-{window[-1].number}: four weeks without a deload"
    for w in weeks:
        if w.deload and w.phase == "taper":
            yield f"week {w.number}: a taper week marked as a deload"
    minutes = [training_minutes(w) for w in weeks]
    for w in weeks:
        running = sum(s.minutes for s in w.sessions if s.kind in RUN_KINDS)
        if running != w.planned_minutes:
            yield f"week {w.number}: planned {w.planned_minutes} min but runs add up to {running}"
    if abs(minutes[0] - profile.weekly_minutes) > 0.1 * profile.weekly_minutes + EPS:
        yield f"week 1: {minutes[0]} min is not within 10% of {profile.weekly_minutes}"
    for i in range(1, len(weeks)):
        w, prev = weeks[i], weeks[i - 1]
        if w.deload:
            if minutes[i] > 0.8 * minutes[i - 1] + EPS:
                yield f"week {w.number}: deload of {minutes[i]} min is more than 80% of"\
                      f" {minutes[i - 1]}"
            continue
        ref = i - 1
        while ref > 0 and weeks[ref].deload:
            ref -= 1
        if minutes[i] > 1.1 * minutes[ref] + EPS:
            what = "the week before the deload" if prev.deload else "the week before"
            yield f"week {w.number}: {minutes[i]} min is more than 10% over {what}"\
                  f" ({minutes[ref]})"
    if taper and minutes[-1] > 0.6 * max(minutes) + EPS:
        yield f"week {weeks[-1].number}: {minutes[-1]} min of training is more than 60% of the"\
              f" biggest week ({max(minutes)})"


# --- rules 9 and 10 -------------------------------------------------------------------------


def check_paces(plan: Plan, profile: Profile) -> Iterator[str]:
    race = profile.recent_race
    if race is None:
        if plan.paces is not None:
            yield "paces without a recent race result"
    else:
        want = paces_from_race(race.distance, race.time)
        got = plan.paces
        if got is None:
            yield "no paces although the profile has a recent race result"
        elif (abs(got.vdot - want.vdot) > 0.05
              or any(abs(a - b) > 0.5 for a, b in zip(
                  (*got.easy_s_per_km, got.marathon_s_per_km, got.threshold_s_per_km,
                   got.interval_s_per_km),
                  (*want.easy_s_per_km, want.marathon_s_per_km, want.threshold_s_per_km,
                   want.interval_s_per_km), strict=True))):
            yield f"paces {got} do not follow VDOT {want.vdot:.1f}"
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        if dose.rpe != DOWNHILL_RPE:
            yield f"week {week.number}: downhill effort {dose.rpe}, expected {DOWNHILL_RPE}"
        if plan.paces is None:
            if dose.target_s_per_km is not None:
                yield f"week {week.number}: a downhill pace target without paces"
            continue
        want_pace = downhill_target_pace(plan.paces.threshold_s_per_km, dose.grade_pct)
        if dose.target_s_per_km is None or abs(dose.target_s_per_km - want_pace) > 0.5:
            yield f"week {week.number}: downhill target {dose.target_s_per_km} s/km, expected"\
                  f" {want_pace:.1f} (threshold × grade factor)"
        for s in _downhill_sessions(week):
            main = next((st for st in s.steps if st.part == "main"), None)
            band = main.target.s_per_km if main and main.target else None
            if band is None or not band[0] - EPS <= want_pace <= band[1] + EPS:
                yield f"week {week.number}: the main set's pace band {band} misses the target"
    for week in plan.weeks:
        texts = [week.focus] + [t for s in week.sessions for t in (s.title, *(
            st.text for st in s.steps))]
        for text in texts:
            if UNIT_TEXT.search(text):
                yield f"week {week.number}: text with a distance or pace in it: {text!r}"
        if plan.paces is None and any(
                st.target is not None and st.target.s_per_km is not None
                for s in week.sessions for st in s.steps):
            yield f"week {week.number}: a pace target without paces"


def check_descent(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        speed = downhill_speed(profile.level, plan.paces, dose.grade_pct)
        want = descent_m(dose.reps, dose.rep_seconds, speed, dose.grade_pct)
        if abs(dose.descent_m - want) > max(0.5, 0.01 * want):
            yield f"week {week.number}: descent {dose.descent_m:.1f} m, expected {want:.1f} m"


CHECKS: tuple[Check, ...] = (
    check_calendar,
    check_weekly_frame,
    check_dose_progression,
    check_level_bounds,
    check_recovery,
    check_session_anatomy,
    check_strength,
    check_phases_and_load,
    check_paces,
    check_descent,
)
