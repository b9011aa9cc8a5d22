"""The plan engine: a validated Profile in, a Plan out (pure and deterministic).

The steps, each in its own module:

1. ``paces``: training paces from the recent race, if there is one.
2. ``days``: the regular week (downhill, quality, long and easy days), and, with a goal
   race, the last weeks re-laid around race day.
3. ``season``: phases, deloads, taper and the weekly minutes curve.
4. ``progression``: the downhill dose, week by week.
5. here: each week's running minutes shared between its runs, then strength and mobility
   placed once every downhill day of the plan is known, and a one-line focus per week.

Without a race result there are no paces: downhill reps are set by effort (RPE 6-7), and
whether a rep fits the hill is judged at a deliberately fast speed per level (4.0 m/s for
beginners, 4.6 intermediate, 5.3 advanced; see ``limits.LEVELS``). The race itself is
planned to last the VDOT-predicted time, or without paces its distance at 2.5 / 3.1 / 3.7
m/s by level.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from . import catalogue as C
from . import sessions as S
from .backoff import JOG_MAX_MIN, Swap
from .course import distance_note
from .days import (
    ONE_DAY,
    Pattern,
    Roles,
    athlete_dates,
    choose_pattern,
    date_in_week,
    season_for,
    week_roles,
)
from .limits import (
    FULL_DOWNHILL_DAYS_OUT,
    LONG_RUN_MAX_SHARE,
    MAX_DESCENT_GRADE,
    MIN_GRADE,
    WEEK_ONE_TOLERANCE,
    days_out,
    long_run_goal,
)
from .minutes import (
    ROUND_MINUTES,
    capped,
    fit,
    fives,
    in_fives,
    long_bounds,
    long_run_first,
    share_minutes,
    slots_for,
    week_budget,
)
from .model import (
    RUN_KINDS,
    AthleteRef,
    DownhillDose,
    Paces,
    Plan,
    PlanWarning,
    RaceRef,
    Session,
    Week,
)
from .paces import paces_from_race, predict_seconds
from .pacing import pacing_card
from .profile import Profile
from .progression import (
    Dose,
    Limits,
    describe_rise,
    sharpener,
    to_downhill,
    unsuitable,
    week_dose,
    working_doses,
)
from .rehearsal import CourseAim, build_focus, course_aim, downhill_finish, peak_focus
from .season import WeekFrame, minutes_curve, retest_week
from .strength import DEFAULT_DOSES, Doses, History, choose_days, plyo_allowed

#: Race-day speed (m/s) by level when there is no race result to predict from.
RACE_SPEED = {"beginner": 2.5, "intermediate": 3.1, "advanced": 3.7}
#: About 40 minutes a run: how many of the athlete's days to run on.
MINUTES_PER_RUN = 40


@dataclass(frozen=True)
class Steering:
    """How a re-plan (``replan``) steers the engine: the weekly minutes and working doses it
    chose, a retest's paces, and the sessions the back-off rules take away, by date."""

    minutes: tuple[int, ...]
    working: tuple[Dose, ...]
    retest: Paces | None = None
    swaps: Mapping[date, Swap] = field(default_factory=dict)
    #: Week indices whose runs a back-off cut: not a reference for the next week's load.
    cut: frozenset[int] = frozenset()
    #: Strength days already fixed, by week index (the week a re-plan starts in).
    strength: Mapping[int, tuple[date, ...]] = field(default_factory=dict)
    #: Training minutes a week really has, by week index (that week, as the re-plan keeps
    #: it): the next weeks' load is measured against them.
    ran: Mapping[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Outline:
    """The plan before its sessions: limits, season, minutes curve and working doses."""

    paces: Paces | None
    limits: Limits
    season: list[WeekFrame]
    minutes: list[int]
    working: list[Dose]


def outline(profile: Profile, paces: Paces | None = None) -> Outline:
    """The season, weekly minutes and working doses the plan is built on (with ``paces``,
    a retest's instead of the profile's race result)."""
    assert profile.start is not None
    if paces is None and profile.recent_race is not None:
        paces = paces_from_race(profile.recent_race.distance, profile.recent_race.time)
    aim = None if profile.race is None else course_aim(profile.course, profile.level, paces)
    limits = Limits(profile.level, profile.venues, paces, aim)
    season = season_for(profile, _pattern(profile))
    minutes = minutes_curve(season, profile.weekly_minutes, profile.level)
    return Outline(paces, limits, season, minutes, working_doses(season, minutes, limits))


def _pattern(profile: Profile) -> Pattern:
    runs = min(len(profile.days), max(4, math.floor(profile.weekly_minutes / MINUTES_PER_RUN
                                                    + 0.5)))
    return choose_pattern(profile.days, profile.long_run, runs)


def make_plan(profile: Profile, doses: Doses | None = None, steering: Steering | None = None
              ) -> Plan:
    """The athlete's plan. Without a descent (or treadmill) that suits downhill tempo it
    still builds: the downhill day becomes flat strides and eccentric strength, and the plan
    warns ``no_suitable_descent``.

    ``doses`` are the strength exercises' doses by slug and level (the content blocks' front
    matter, read by the project); without them, the bundled content's (``DEFAULT_DOSES``).
    ``steering`` is how a re-plan steers it (``replan``); without it, the plan as made.
    """
    assert profile.start is not None
    base = outline(profile, None if steering is None else steering.retest)
    paces, limits, season = base.paces, base.limits, base.season
    minutes = base.minutes if steering is None else list(steering.minutes)
    working = base.working if steering is None else list(steering.working)
    swaps: Mapping[date, Swap] = {} if steering is None else steering.swaps
    cut = frozenset() if steering is None else steering.cut
    pattern = _pattern(profile)
    roles = week_roles(profile, pattern, season)
    test_day = _retest_day(season, roles, pattern.quality)

    race = None if profile.race is None else RaceRef(
        profile.race.name, profile.race.date, profile.race.distance, profile.course)
    built = []
    longest = 0  # the longest long run so far: a taper long run is a share of it
    for i, frame in enumerate(season):
        ran = [sum(s.minutes for s in week if s.kind != "race") for week, _ in built]
        if steering is not None:
            ran = [steering.ran.get(j, m) for j, m in enumerate(ran)]
        budget = week_budget(season, minutes, ran, cut)
        built.append(swap_runs(*_running_sessions(profile, frame, budget, roles[i], working, i,
                                                 limits, race, longest,
                                                 test_day if i == len(season) - 1 else None),
                              swaps, paces))
        longest = max([longest, *(s.minutes for s in built[-1][0] if s.kind == "long")])
    downhill = {s.date for week, _ in built for s in week if s.kind == "downhill_tempo"}
    hard = {s.date for week, _ in built for s in week if s.hard}
    weeks = []
    history = History()
    for i, (frame, (running, dose)) in enumerate(zip(season, built, strict=True)):
        extra = _strength_and_mobility(profile, frame, running, downhill, hard, race,
                                       DEFAULT_DOSES if doses is None else doses, history,
                                       {d for d, swap in swaps.items() if swap == "rest"},
                                       None if steering is None else steering.strength.get(i),
                                       calm=i in cut)
        focus = _retest_focus(running, dose) or _focus(frame, working, i, dose, race)
        why = _course_focus(frame, running, dose, limits.aim, profile)
        weeks.append(Week(
            number=frame.number,
            start=frame.start,
            phase=frame.phase,
            deload=frame.deload,
            planned_minutes=sum(s.minutes for s in running),
            downhill=dose,
            sessions=tuple(sorted(running + extra, key=_session_order)),
            focus=f"{focus} {why}" if why else focus,
            course_focus=why,
        ))
    return Plan(
        athlete=AthleteRef(profile.id, profile.name, profile.level, profile.units),
        start=profile.start,
        end=profile.end,
        race=race,
        paces=paces,
        weeks=tuple(weeks),
        warnings=_warnings(profile, weeks, race, limits, flat=not working),
    )


def _warnings(profile: Profile, weeks: list[Week], race: RaceRef | None, limits: Limits,
              flat: bool) -> tuple[PlanWarning, ...]:
    """What the athlete should know: e.g. a goal race whose long run the volume cannot carry,
    descents too steep to use, or no place at all to run downhill reps."""
    out = []
    note = (None if race is None or race.course is None
            else distance_note(race.course, race.distance_m))
    if note is not None:
        out.append(PlanWarning("course_distance", note))
    for venue in profile.venues:
        if venue.too_steep:
            out.append(PlanWarning("steep_descent", (
                f"{venue.name} ({venue.grade:g}%) is steeper than {MAX_DESCENT_GRADE:g}%: the"
                " plan never uses it for downhill reps, whose braking load there outweighs"
                " the training. Walk or jog it easily if it is on your route.")))
    if flat:
        why = unsuitable(limits)
        if not profile.venues:
            what = "Your profile lists no descent and no treadmill"
            why = [f"add a descent of {MIN_GRADE:g}–{MAX_DESCENT_GRADE:g}% ('descents:' or"
                   " 'hill:') or a treadmill that declines ('treadmill:') to run downhill tempo"]
        else:
            what = "No descent or treadmill in your profile suits downhill tempo"
            if all(v.too_steep for v in profile.venues):
                why = [f"find a descent of {MIN_GRADE:g}–{MAX_DESCENT_GRADE:g}%"]
        out.append(PlanWarning("no_suitable_descent", (
            f"{what}, so the downhill day becomes flat strides and eccentric strength"
            f" (step-downs, slow calf lowering). {_sentence('; '.join(why))}.")))
    first = sum(s.minutes for s in weeks[0].sessions if s.kind in RUN_KINDS and s.kind != "race")
    if first < (1 - WEEK_ONE_TOLERANCE) * profile.weekly_minutes:
        out.append(PlanWarning("volume_capped", (
            f"Your {profile.weekly_minutes} min a week do not fit in {len(profile.days)} running"
            f" days within the long-run bounds, so the plan starts at {first} min. Add a running"
            " day to train at your full volume.")))
    goal = long_run_goal(None if race is None else race.distance_m)
    longest = max((s.minutes for w in weeks for s in w.sessions if s.kind == "long"), default=0)
    if race is not None and goal is not None and longest < goal:
        need = math.ceil(goal / LONG_RUN_MAX_SHARE)
        out.append(PlanWarning("long_run_short", (
            f"The longest long run is {longest} min, but {race.name} asks for about {goal} min."
            f" A long run may take at most {LONG_RUN_MAX_SHARE:.0%} of a week's running, and at"
            f" {profile.weekly_minutes} min a week that is not enough: build toward about"
            f" {need} min a week before this race, or choose a shorter goal.")))
    return tuple(out)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- one week's running ---------------------------------------------------------------------


def _running_sessions(
    profile: Profile,
    frame: WeekFrame,
    minutes: int,
    roles: Roles,
    working: list[Dose],
    index: int,
    limits: Limits,
    race: RaceRef | None,
    longest: int,
    test_day: date | None = None,
) -> tuple[list[Session], DownhillDose | None]:
    """The week's runs sized to its minutes, and the downhill dose actually done."""
    paces = limits.paces
    out: list[Session] = []
    anatomy = S.anatomy_for(minutes)
    budget = minutes
    downhill = None
    flat_day = None  # no descent suits: strides and eccentric strength on the downhill day
    if test_day is not None:  # the retest comes first: the next block starts from it
        out.append(S.retest_session(test_day, paces, budget))
        budget -= out[-1].minutes
    if roles.downhill is not None and not working:
        need = S.strides_and_strength_minutes(minutes)
        if need <= budget:
            flat_day = roles.downhill
            budget -= need
    elif roles.downhill is not None:
        planned: Dose | None = week_dose(working[index], frame, profile.level)
        near = limits.aim.grade if limits.aim is not None and frame.phase == "peak" else None
        if race is not None and days_out(race.date, roles.downhill) < FULL_DOWNHILL_DAYS_OUT:
            # the race approach: only a sharpener this close (none where no place is gentle)
            planned, near = sharpener(planned, limits), None
        dose = None if planned is None else to_downhill(planned, limits, near)
        need = math.inf if dose is None else S.downhill_minutes(dose, anatomy)
        if dose is not None and need <= budget:
            downhill = (roles.downhill, dose)
            budget -= int(need)
        else:
            # near a race the sharpener gives way; in a short retest week, the descent
            assert dose is None or roles.race is not None or test_day is not None, \
                "the downhill session outgrew its week"
    workout = S.workout_for(frame.phase, None if race is None else race.distance_m)
    long_least, long_cap = long_bounds(frame, race, longest, minutes)
    wanted = slots_for(roles, frame, S.quality_capacity(workout))
    # the goal's long run only as far as the week's other required runs leave room for it
    room = fives(budget - sum(s.minimum for s in wanted if s.required and s.kind != "long"))
    slots = fit([capped(slot, race, min(long_least, room), long_cap if roles.long else None)
                 for slot in wanted], budget)
    sizes, spare = share_minutes(budget, slots)
    sizes = long_run_first(in_fives(sizes), minutes - budget)
    if downhill is not None:
        day, dose = downhill
        out.append(S.downhill_session(day, dose, anatomy, paces,
                                      _downhill_blocks(frame, working, index),
                                      # minutes too few for another run: cool down longer
                                      extra_minutes=spare if spare < 10 and not slots else 0))
    if flat_day is not None:
        out.append(S.strides_and_strength_session(flat_day, profile.level, paces,
                                                  S.strides_and_strength_minutes(minutes)))
    downhill_days = {downhill[0]} if downhill else set()
    for slot in slots:
        if slot.kind == "quality":
            out.append(S.quality_session(slot.day, sizes[slot], workout, paces))
            continue
        blocks: tuple[str, ...] = ()
        if slot.kind == "long":
            blocks = (C.FRAME if frame.number == 1 else ()) + C.LONG
        if slot.day - ONE_DAY in downhill_days:
            blocks = C.AFTER_DOWNHILL + blocks
        run = S.easy_session(slot.day, sizes[slot], paces, kind=slot.kind, blocks=blocks)
        if slot.kind == "long" and _finishes_downhill(frame, slot.day, limits, race, working):
            assert limits.aim is not None and limits.aim.late is not None
            run = downhill_finish(run, limits.aim.late, profile.level, paces) or run
        out.append(run)
    if roles.race is not None and race is not None:
        out.append(S.race_session(roles.race, race, _race_seconds(profile, paces), paces))
    return out, None if downhill is None else downhill[1]


def swap_runs(running: list[Session], dose: DownhillDose | None, swaps: Mapping[date, Swap],
              paces: Paces | None) -> tuple[list[Session], DownhillDose | None]:
    """The week's runs after a re-plan's back-off: on a swapped day a flat quality session,
    a retest or the downhill session becomes an easy flat run (never longer than the week's
    long run), any run a very easy jog, or no run at all; race day never changes."""
    if not any(s.date in swaps for s in running):
        return running, dose
    longs = [s.minutes for s in running if s.kind == "long" and s.date not in swaps]
    longest = max(longs, default=None)
    out = []
    for s in running:
        swap = swaps.get(s.date)
        if swap is None or s.kind == "race":
            out.append(s)
        elif swap == "rest":
            continue
        elif swap == "jog":
            minutes = min(JOG_MAX_MIN, fives(s.minutes), longest or JOG_MAX_MIN)
            out.append(S.backoff_run(s.date, max(ROUND_MINUTES, minutes), paces, jog=True))
        elif s.kind in ("quality", "test", "downhill_tempo"):
            minutes = fives(s.minutes if longest is None else min(s.minutes, longest))
            out.append(S.backoff_run(s.date, max(ROUND_MINUTES, minutes), paces))
        else:
            out.append(s)
    kept = dose if any(s.kind == "downhill_tempo" for s in out) else None
    return out, kept


def _retest_day(season: list[WeekFrame], roles: list[Roles], quality: int) -> date | None:
    """Without a goal race the last week (a deload) holds the retest on the quality day,
    spaced from the downhill day as the quality session is; the easy run there gives way."""
    frame = retest_week(season)
    if frame is None:
        return None
    day = date_in_week(frame.start, quality)
    last = roles[-1]
    last.easy = [d for d in last.easy if d != day]
    return day


def _finishes_downhill(frame: WeekFrame, day: date, limits: Limits, race: RaceRef | None,
                       working: list[Dose]) -> bool:
    """Whether the week's long run ends downhill: build and peak loading weeks of a plan
    that runs downhill reps, for a course with a late descent, clear of the race approach."""
    return (limits.aim is not None and limits.aim.late is not None and bool(working)
            and race is not None and frame.phase in ("build", "peak") and not frame.deload
            and days_out(race.date, day) >= FULL_DOWNHILL_DAYS_OUT)


def _course_focus(frame: WeekFrame, running: list[Session], dose: DownhillDose | None,
                  aim: CourseAim | None, profile: Profile) -> str:
    """Why the week trains as it does for the race's course ("" when it does not)."""
    if aim is None or frame.deload:
        return ""
    finish = any(s.kind == "long" and len(s.steps) > 1 for s in running)
    if frame.phase == "peak" and dose is not None:
        return peak_focus(aim, dose.grade_pct, dose.rep_seconds, dose.descent, finish)
    if frame.phase == "build" and finish:
        return build_focus(aim)
    return ""


def _race_seconds(profile: Profile, paces: Paces | None) -> float:
    """How long the race should take: on its course, the pacing card's finish."""
    assert profile.race is not None
    if paces is not None and profile.course is not None:
        card = pacing_card(profile.course, paces, profile.race.distance)
        assert card.finish_s is not None
        return card.finish_s
    if paces is not None:
        return predict_seconds(paces.vdot, profile.race.distance)
    return profile.race.distance / RACE_SPEED[profile.level]


def _rose(working: list[Dose], index: int, frame: WeekFrame) -> bool:
    if not (frame.loading and 0 < index < len(working)):
        return False
    now, before = working[index], working[index - 1]
    return now != before and (now.grade >= before.grade and now.reps >= before.reps
                              and now.rep_seconds >= before.rep_seconds)


def _downhill_blocks(frame: WeekFrame, working: list[Dose], index: int) -> tuple[str, ...]:
    """Technique (one cue a week, in turn), warmup, recovery and cooldown, plus the week's
    topical reading: safety first, progression on a rise, the why of deloads and tapers."""
    technique = C.TECHNIQUE[index % len(C.TECHNIQUE)]
    blocks = (technique, *C.WARMUP, *C.BETWEEN_REPS, *C.COOLDOWN)
    if frame.number == 1:
        blocks += C.FIRST_WEEK
    elif frame.number == 2:
        blocks += C.SECOND_WEEK
    if _rose(working, index, frame):
        blocks += C.RISE
    if frame.deload:
        blocks += C.DELOAD
    if frame.phase == "taper":
        blocks += C.TAPER
    return blocks


# --- strength, mobility, focus ---------------------------------------------------------------


def _strength_and_mobility(
    profile: Profile,
    frame: WeekFrame,
    running: list[Session],
    downhill: set[date],
    hard: set[date],
    race: RaceRef | None,
    doses: Doses,
    history: History,
    rest: set[date] | None = None,
    fixed: tuple[date, ...] | None = None,
    calm: bool = False,
) -> list[Session]:
    """Two strength sessions (one in taper weeks) and mobility on days without a run.

    The strength days follow the placement rules (``strength.choose_days``); a week whose
    days leave no legal arrangement has fewer. Plyometrics join one session in build and peak
    loading weeks after week 4, on a day at least two days from every descent; lateral
    bounds once two earlier weeks had drop landings. Deload and taper weeks take a third of
    the sets off. ``history`` carries what earlier weeks did and is updated; ``rest`` are days a
    re-plan keeps free of running and strength alike, ``fixed`` the strength days it keeps;
    a ``calm`` week (a back-off took sessions away) has no plyometrics.
    """
    dates = athlete_dates(profile, frame.start)
    race_day = None if race is None else race.date
    count = 1 if frame.phase == "taper" else 2
    plyo_ok = (frame.phase in ("build", "peak") and not frame.deload and frame.number > 4
               and not calm)
    chosen = (list(fixed) if fixed is not None
              else choose_days(dates, hard, downhill, count, race_day, history.days, plyo_ok))
    plyo_day = next((d for d in chosen if plyo_ok and plyo_allowed(d, downhill, race_day)),
                    None)
    bounds = history.drop_weeks >= 2
    chosen = [d for d in chosen if d not in (rest or set())]  # no running, no strength
    out = [S.strength_session(d, profile.level, frame.phase, d == plyo_day, doses=doses,
                              lighter=frame.deload or frame.phase == "taper", bounds=bounds)
           for d in chosen]
    history.days.update(chosen)
    if any(st.exercise == "drop-landing" for s in out for st in s.steps):
        history.drop_weeks += 1
    run_days = {s.date for s in running}
    out += [S.mobility_session(d) for d in dates if d not in run_days]
    return out


_KIND_ORDER = {"race": 0, "downhill_tempo": 0, "quality": 0, "long": 0, "easy": 0, "test": 0,
               "strength": 1, "mobility": 2}


def _session_order(s: Session) -> tuple[date, int]:
    return s.date, _KIND_ORDER[s.kind]


_PHASE_FOCUS = {
    "base": "Base: easy volume and technique; the downhill reps stay short and relaxed.",
    "build": "Build: the downhill blocks grow; keep the effort controlled and the steps quick.",
    "peak": "Peak: the most specific work of the plan; hold your form at the top dose.",
}


def _retest_focus(running: list[Session], dose: DownhillDose | None) -> str:
    """The retest week's focus, or "" for any other week."""
    test = next((s for s in running if s.kind == "test"), None)
    if test is None:
        return ""
    what = test.title.removeprefix("Retest: ")
    downhill = ("" if dose is not None
                else " No downhill this week: the legs come to the test fresh.")
    return (f"Deload and retest: an easy week with a {what} to measure where the block left"
            f" you; its result starts the next block.{downhill}")


def _focus(frame: WeekFrame, working: list[Dose], index: int, dose: DownhillDose | None,
           race: RaceRef | None) -> str:
    """One sentence on what this week is for."""
    if frame.number == 1 and not working:
        return ("No descent suits downhill tempo yet: the downhill day is flat strides and"
                " eccentric strength, which prepare the legs for descents.")
    if frame.number == 1:
        return ("Learn the descent: find a smooth, gentle stretch and practise tall posture"
                " with quick, light steps.")
    if frame.phase == "taper":
        if race is not None and frame.start <= race.date <= frame.start + 6 * ONE_DAY:
            if race.date == frame.start:
                return (f"Race week: {race.name} comes first; then walk, stretch and let the"
                        " legs recover.")
            extra = (" The downhill session comes early and short." if dose is not None
                     else " No downhill this week: save the legs for the race.")
            return f"Race week: keep the legs fresh for {race.name}.{extra}"
        return "Taper: less running, same intensity, so you arrive at the race fresh."
    if frame.deload:
        fewer = (" and fewer reps" if dose is not None and working
                 and dose.reps < working[index].reps else "")
        return f"Deload: about a third less running{fewer}, so your legs absorb the last block."
    text = _PHASE_FOCUS[frame.phase]
    if _rose(working, index, frame):
        what = describe_rise(working[index - 1], working[index])
        text += f" New this week: {what}; everything else stays the same."
    return text
