"""Session builders: the steps of each kind of session and the content blocks it draws on.

Step texts say what to do and for how long, never a distance or a pace: paces travel in
``Target.s_per_km`` and are rendered in the athlete's units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .catalogue import MOBILITY, PLYOMETRIC, QUALITY, RACE, RETEST
from .limits import main_set_seconds
from .model import DownhillDose, Paces, RaceRef, Session, Step, Target
from .paces import predict_seconds
from .strength import DEFAULT_DOSES, Doses, ExerciseDose, fit_landings, light
from .units import format_grade, format_seconds

# --- shared pieces ------------------------------------------------------------------------

EASY_RPE = (2, 3)
GENTLE_RPE = (1, 2)
STRIDE_RPE = (4, 5)
STRIDE_GRADE_MAX = 2.0
#: A pace target is a band around the prescribed pace, +-2%.
PACE_BAND = 0.02


def pace_band(s_per_km: float) -> tuple[float, float]:
    return (s_per_km * (1 - PACE_BAND), s_per_km * (1 + PACE_BAND))


def easy_target(paces: Paces | None) -> Target:
    return Target(s_per_km=None if paces is None else paces.easy_s_per_km, rpe=EASY_RPE)


def _minutes(steps: tuple[Step, ...]) -> int:
    return math.ceil(sum((s.seconds or 0) * s.repeat for s in steps) / 60)


# --- downhill tempo -----------------------------------------------------------------------


@dataclass(frozen=True)
class Anatomy:
    """Fixed parts of a downhill session (seconds); the cooldown also absorbs rounding."""

    warmup_s: int
    drills_s: int
    strides: int
    cooldown_s: int
    stretch_s: int


#: Low-volume weeks get the minimal anatomy (5 min warmup, 5 min cooldown); 17 min in all.
SHORT = Anatomy(300, 180, 2, 300, 120)
FULL = Anatomy(600, 300, 3, 480, 300)
STRIDE_S = 60  # a stride of about 20 s and the walk back up


def anatomy_for(week_minutes: int) -> Anatomy:
    return FULL if week_minutes >= 120 else SHORT


def downhill_seconds(dose: DownhillDose, anatomy: Anatomy) -> int:
    main = main_set_seconds(dose.reps, dose.rep_seconds, dose.recovery_seconds)
    return (anatomy.warmup_s + anatomy.drills_s + anatomy.strides * STRIDE_S + main
            + anatomy.cooldown_s + anatomy.stretch_s)


def downhill_minutes(dose: DownhillDose, anatomy: Anatomy) -> int:
    return math.ceil(downhill_seconds(dose, anatomy) / 60)


def downhill_title(dose: DownhillDose) -> str:
    return f"Downhill tempo: {dose.reps} × {dose.rep_seconds} s at {format_grade(dose.grade_pct)}"


def downhill_session(
    day: date,
    dose: DownhillDose,
    anatomy: Anatomy,
    paces: Paces | None,
    blocks: tuple[str, ...],
    extra_minutes: int = 0,
) -> Session:
    """Warmup, drills, strides, the main set with recoveries, cooldown, stretch."""
    # whole minutes for the cooldown: the session's minutes round the main set's odd seconds up
    cooldown = anatomy.cooldown_s + 60 * extra_minutes
    minutes = downhill_minutes(dose, anatomy) + extra_minutes
    target = None if dose.target_s_per_km is None else pace_band(dose.target_s_per_km)
    steps = (
        Step("warmup", f"{format_seconds(anatomy.warmup_s)} easy running on the flat",
             anatomy.warmup_s, target=easy_target(paces)),
        Step("drills", "Dynamic drills: leg swings, high knees, walking lunges, ankle dribbles",
             anatomy.drills_s),
        Step("strides", "Relaxed stride of about 20 s down a gentle stretch, walk back up",
             STRIDE_S, anatomy.strides,
             target=Target(rpe=STRIDE_RPE, grade_pct=min(STRIDE_GRADE_MAX, dose.grade_pct))),
        Step("main", f"{dose.rep_seconds} s fast, controlled descent: tall, lean from the"
             " ankles, quick light steps", dose.rep_seconds, dose.reps,
             target=Target(s_per_km=target, rpe=dose.rpe, grade_pct=dose.grade_pct)),
        Step("recovery", "Walk or jog easily back up to the top", dose.recovery_seconds,
             dose.reps - 1, target=Target(rpe=GENTLE_RPE)),
        Step("cooldown", f"{format_seconds(cooldown)} easy jog or walk on the flat", cooldown,
             target=Target(rpe=GENTLE_RPE)),
        Step("stretch", "Stretch calves, quads and hip flexors; foam roll if you can",
             anatomy.stretch_s),
    )
    return Session(day, "downhill_tempo", downhill_title(dose), minutes, "downhill", steps,
                   blocks, descent=dose.descent or None)


#: Where no descent suits: flat strides and eccentric strength on the downhill day (the
#: shorter one in low-volume weeks, as the downhill session's anatomy).
STRIDES_STRENGTH_MINUTES = (20, 30)
STRIDES_STRENGTH_TITLE = "Strides and eccentric strength"
#: The eccentric exercises of that session: step-downs and slow calf lowering.
ECCENTRIC = ("step-down", "calf-raise")


def strides_and_strength_minutes(week_minutes: int) -> int:
    return STRIDES_STRENGTH_MINUTES[anatomy_for(week_minutes) is FULL]


def strides_and_strength_session(day: date, level: str, paces: Paces | None, minutes: int,
                                 doses: Doses = DEFAULT_DOSES) -> Session:
    """Easy running, 4 relaxed strides on the flat, step-downs and slow calf lowering, a
    cooldown jog: ``minutes`` in all (an easy-kind run, not a hard session)."""
    exercises = tuple(exercise_step(slug, doses[slug][level]) for slug in ECCENTRIC)
    warm = 600 if minutes >= 30 else 300
    fixed = warm + 4 * STRIDE_S + sum(st.seconds or 0 for st in exercises)
    cool = max(60, minutes * 60 - fixed)
    minutes = math.ceil((fixed + cool) / 300) * 5
    cool = minutes * 60 - fixed
    steps = (
        Step("warmup", f"{format_seconds(warm)} easy running on the flat", warm,
             target=easy_target(paces)),
        Step("strides", "Relaxed stride of about 20 s on the flat, quick light steps; walk"
             " back", STRIDE_S, 4, target=Target(rpe=STRIDE_RPE)),
        *exercises,
        Step("cooldown", f"{format_seconds(cool)} easy jog or walk", cool,
             target=Target(rpe=GENTLE_RPE)),
    )
    return Session(day, "easy", STRIDES_STRENGTH_TITLE, minutes, "flat",
                   steps, tuple(f"strength/{slug}" for slug in ECCENTRIC))


# --- flat quality -------------------------------------------------------------------------


@dataclass(frozen=True)
class Workout:
    name: str
    work_s: int
    recovery_s: int
    max_reps: int
    pace: str  # which of the athlete's paces: threshold | interval | marathon
    rpe: tuple[int, int]
    #: What the reps are and, after ": ", how they feel (pages print the two apart).
    text: str


THRESHOLD = Workout("Threshold", 480, 90, 5, "threshold", (6, 7),
                    "at threshold: comfortably hard, a few words at a time")
INTERVALS = Workout("Intervals", 180, 120, 6, "interval", (8, 9),
                    "hard but even: the same speed every rep")
RACE_PACE = Workout("Race-pace tempo", 720, 120, 4, "marathon", (5, 6),
                    "at goal race effort: smooth and patient")
SHARPEN = Workout("Sharpening", 120, 120, 4, "interval", (7, 8),
                  "quick and relaxed: stop feeling fresh")


def workout_for(phase: str, race_distance_m: float | None) -> Workout:
    """Base builds threshold, build adds speed, peak is race-specific, taper sharpens."""
    if phase == "base":
        return THRESHOLD
    if phase == "build":
        return INTERVALS
    if phase == "taper":
        return SHARPEN
    if race_distance_m is None or 15_000 <= race_distance_m < 30_000:
        return THRESHOLD
    return INTERVALS if race_distance_m < 15_000 else RACE_PACE


def _pace_of(paces: Paces | None, which: str) -> tuple[float, float] | None:
    if paces is None:
        return None
    return pace_band({
        "threshold": paces.threshold_s_per_km,
        "interval": paces.interval_s_per_km,
        "marathon": paces.marathon_s_per_km,
    }[which])


#: Warmup and cooldown of a quality session: 5 min each when short, up to 15 min when long.
QUALITY_EDGE_S = (300, 900)


def quality_capacity(workout: Workout) -> int:
    """Minutes of the longest sensible session: all reps and the longest warmup and cooldown."""
    main = main_set_seconds(workout.max_reps, workout.work_s, workout.recovery_s)
    return (main + 2 * QUALITY_EDGE_S[1]) // 60


def quality_session(day: date, minutes: int, workout: Workout, paces: Paces | None) -> Session:
    """A flat workout filling ``minutes``: warmup, reps with jog recoveries, cooldown."""
    total = minutes * 60
    warm = 600 if minutes >= 30 else QUALITY_EDGE_S[0]
    cool = 600 if minutes >= 40 else QUALITY_EDGE_S[0]
    budget = total - warm - cool
    work, rec = workout.work_s, workout.recovery_s
    reps = min(workout.max_reps, (budget + rec) // (work + rec))
    if reps < 1:
        reps, work = 1, budget
    # spare time in whole minutes: a longer warmup, then a longer cooldown (odd seconds of a
    # main set with 90 s recoveries are not run: the session's minutes round them up)
    spare = 60 * ((budget - main_set_seconds(reps, work, rec)) // 60)
    extra_warm = min(spare, QUALITY_EDGE_S[1] - warm)
    warm, cool = warm + extra_warm, cool + spare - extra_warm
    steps = [
        Step("warmup", f"{format_seconds(warm)} easy running, then a few relaxed strides",
             warm, target=easy_target(paces)),
        Step("main", f"{format_seconds(work)} {workout.text}", work, reps,
             target=Target(s_per_km=_pace_of(paces, workout.pace), rpe=workout.rpe)),
    ]
    if reps > 1:
        steps.append(Step("recovery", "Easy jog", rec, reps - 1, target=Target(rpe=GENTLE_RPE)))
    steps.append(Step("cooldown", f"{format_seconds(cool)} easy jog", cool,
                      target=Target(rpe=GENTLE_RPE)))
    title = f"{workout.name}: {reps} × {format_seconds(work)}"
    return Session(day, "quality", title, minutes, "flat", tuple(steps), QUALITY)


# --- easy, long, race ---------------------------------------------------------------------


_EASY = {
    "easy": ("Easy run", "easy running, conversational"),
    "long": ("Long run", "long easy run, conversational all the way"),
    "shakeout": ("Shakeout", "very easy jog to loosen up for tomorrow"),
}


def easy_session(day: date, minutes: int, paces: Paces | None, *, kind: str = "easy",
                 blocks: tuple[str, ...] = ()) -> Session:
    """An easy run, the long run, or the shakeout before a race (an easy run too)."""
    title, text = _EASY[kind]
    step = Step("main", f"{format_seconds(minutes * 60)} {text}", minutes * 60,
                target=easy_target(paces))
    return Session(day, "long" if kind == "long" else "easy", title, minutes, "any", (step,),
                   blocks)


#: What an easy run becomes while soreness is watched closely (``backoff``).
JOG_TEXT = "very easy jog, or walk or cycle instead if it aches"


def backoff_run(day: date, minutes: int, paces: Paces | None, *, jog: bool = False) -> Session:
    """A re-plan's stand-in for a session the back-off rules take away: an easy run on the
    flat, or (``jog``) a very easy jog."""
    if not jog:
        session = easy_session(day, minutes, paces)
        return Session(day, "easy", "Easy run on the flat", minutes, "flat", session.steps)
    step = Step("main", f"{format_seconds(minutes * 60)} {JOG_TEXT}", minutes * 60,
                target=Target(rpe=GENTLE_RPE))
    return Session(day, "easy", "Very easy jog", minutes, "flat", (step,))


def race_session(day: date, race: RaceRef, seconds: float, paces: Paces | None) -> Session:
    """Race day: a short warmup, the race at the predicted pace (with a result), a walk."""
    race_s = math.ceil(seconds)
    warm = 300 if race.distance_m > 25_000 else 600
    pace = None if paces is None else pace_band(seconds / (race.distance_m / 1000))
    steps = (
        Step("warmup", f"{format_seconds(warm)} easy jogging and a few relaxed strides", warm,
             target=easy_target(paces)),
        Step("main", "Race: settle in early, run the descents tall with quick, light steps",
             race_s, target=Target(s_per_km=pace, rpe=(7, 9))),
        Step("cooldown", "Walk, then jog easily if the legs allow", 300,
             target=Target(rpe=GENTLE_RPE)),
    )
    return Session(day, "race", f"Race: {race.name}", _minutes(steps), "any", steps, RACE)


# --- the retest ---------------------------------------------------------------------------

#: The retest: with paces a 3 km time trial (its time predicted from the VDOT), without them
#: a 20-minute test by effort. Warmup and cooldown of 10 min, or 5 when the week is short.
TRIAL_M = 3000
TEST_S = 1200
TEST_RPE = (8, 9)
TEST_EDGE_S = (300, 600)


def retest_session(day: date, paces: Paces | None, most_minutes: int | None = None) -> Session:
    """The retest: warmup with strides, the test, cooldown; within ``most_minutes`` where
    shorter warmups and cooldowns allow it (then a 20-minute test rather than a long trial)."""
    for edge, trial in ((TEST_EDGE_S[1], True), (TEST_EDGE_S[0], True), (TEST_EDGE_S[0], False)):
        session = _test_session(day, paces if trial else None, edge, paces)
        if most_minutes is None or session.minutes <= most_minutes:
            break
    return session


def _test_session(day: date, trial: Paces | None, edge: int, paces: Paces | None) -> Session:
    if trial is not None:
        seconds = predict_seconds(trial.vdot, TRIAL_M)
        # the distance travels in distance_m, shown in the athlete's units before the text
        expected = format_seconds(5 * math.ceil(seconds / 5))
        main = Step("main", f"time trial on a flat, measured route, in about {expected} (your"
                    " last race's prediction): start steady, hold the pace, finish hard;"
                    " note your time", math.ceil(seconds),
                    target=Target(s_per_km=pace_band(seconds / (TRIAL_M / 1000)), rpe=TEST_RPE),
                    distance_m=TRIAL_M)
        title = "Retest: time trial"
    else:
        main = Step("main", f"{format_seconds(TEST_S)} test on the flat: the hardest even"
                    " effort you can hold for the whole time; note the distance", TEST_S,
                    target=Target(rpe=TEST_RPE))
        title = "Retest: 20-minute test"
    steps = (
        Step("warmup", f"{format_seconds(edge)} easy running, then a few relaxed strides", edge,
             target=easy_target(paces)),
        main,
        Step("cooldown", f"{format_seconds(edge)} easy jog", edge, target=Target(rpe=GENTLE_RPE)),
    )
    return Session(day, "test", title, _minutes(steps), "flat", steps, RETEST)


# --- strength and mobility ----------------------------------------------------------------

#: What each exercise is called in a step, and how to do it; the numbers come from its dose.
_EXERCISE_TEXT = {
    "calf-raise": ("Calf raises", "lowering over three counts"),
    "single-leg-calf-raise": ("Single-leg calf raises", "slow lowering"),
    "hamstring-curl": ("Hamstring curls", "slow on the way back"),
    "glute-bridge": ("Glute bridges", "pause at the top"),
    "single-leg-glute-bridge": ("Single-leg glute bridges", "hips level"),
    "step-down": ("Step-downs from a low step", "knee over toes"),
    "drop-landing": ("Drop landings from a low step", "land softly and hold"),
    "lateral-bound": ("Lateral bounds", "stick every landing"),
}


def strength_exercises(level: str, phase: str, plyometric: bool,
                       bounds: bool = True) -> tuple[str, ...]:
    """Calf raises, hamstring curls, glute bridges, step-downs; single-leg from build on;
    drop landings (and, once ``bounds`` allows, lateral bounds) in a plyometric session."""
    single = level != "beginner" and phase in ("build", "peak")
    names = [
        "single-leg-calf-raise" if single else "calf-raise",
        "hamstring-curl",
        "single-leg-glute-bridge" if single else "glute-bridge",
        "step-down",
    ]
    if plyometric:
        names.append("drop-landing")
        if level != "beginner" and bounds:
            names.append("lateral-bound")
    return tuple(names)


def dose_text(dose: ExerciseDose) -> str:
    """3 × 12, or 3 × 8 each side."""
    return f"{dose.sets} × {dose.reps}" + (" each side" if dose.each_side else "")


def exercise_step(slug: str, dose: ExerciseDose) -> Step:
    """One exercise: its dose, about a minute a set plus one; landings for plyometrics."""
    name, cue = _EXERCISE_TEXT[slug]
    plyo = slug in PLYOMETRIC
    count = f" ({dose.landings} landings)" if plyo else ""
    return Step("exercise", f"{name}: {dose_text(dose)}{count}, {cue}", 60 * (dose.sets + 1),
                exercise=slug, plyometric=plyo, sets=dose.sets, reps=dose.reps,
                each_side=dose.each_side, landings=dose.landings if plyo else None)


def strength_session(day: date, level: str, phase: str, plyometric: bool, *,
                     doses: Doses = DEFAULT_DOSES, lighter: bool = False,
                     bounds: bool = True) -> Session:
    """The week's strength work at the level's doses; ``lighter`` (deload and taper weeks)
    takes a third of the sets off; landing exercises share the session's landing cap."""
    slugs = strength_exercises(level, phase, plyometric, bounds)
    chosen = {slug: light(doses[slug][level]) if lighter else doses[slug][level]
              for slug in slugs}
    landing = [slug for slug in slugs if slug in PLYOMETRIC]
    fitted = fit_landings([chosen[s] for s in landing])
    chosen.update(zip(landing, fitted, strict=False))
    if not fitted:  # no landing dose fits the cap: the session keeps its strength work
        slugs = tuple(s for s in slugs if s not in PLYOMETRIC)
    steps = tuple(exercise_step(slug, chosen[slug]) for slug in slugs)
    plyometric = any(st.plyometric for st in steps)
    title = "Strength: calves, hamstrings, glutes" + (" and landings" if plyometric else "")
    blocks = tuple(f"strength/{s.exercise}" for s in steps)
    return Session(day, "strength", title, _minutes(steps), "any", steps, blocks)


def mobility_session(day: date) -> Session:
    steps = (
        Step("stretch", "Gentle mobility: ankles, calves, quads, hip flexors", 600),
        Step("stretch", "Foam roll or massage calves, quads and glutes", 300),
    )
    return Session(day, "mobility", "Rest day: mobility", _minutes(steps), "any", steps,
                   MOBILITY)
