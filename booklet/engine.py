"""The plan engine: a validated Profile in, a Plan out (pure and deterministic).

The steps, each in its own module:

1. ``paces``: training paces from the recent race, if there is one.
2. ``layout``: the regular week (downhill, quality, long and easy days), and, with a goal
   race, the last weeks re-laid around race day.
3. ``season``: phases, deloads, taper and the weekly minutes curve.
4. ``progression``: the downhill dose, week by week.
5. here: each week's running minutes shared between its runs, then strength and mobility
   placed once every downhill day of the plan is known, and a one-line focus per week.

Without a race result there are no paces: downhill reps are set by effort (RPE 6-7), and
whether a rep fits the hill is judged at a deliberately fast speed per level (4.0 m/s for
beginners, 4.6 intermediate, 5.3 advanced; see ``rulebook.LEVELS``). The race itself is
planned to last the VDOT-predicted time, or without paces its distance at 2.5 / 3.1 / 3.7
m/s by level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import sessions as S
from .layout import (
    Pattern,
    choose_pattern,
    date_in_week,
    hard_days,
    near,
    strength_days,
    weekday_index,
)
from .paces import paces_from_race, predict_seconds
from .plan import AthleteRef, DownhillDose, Paces, Plan, RaceRef, Session, Week
from .profile import Profile
from .progression import Dose, Limits, describe_rise, to_downhill, week_dose, working_doses
from .season import WeekFrame, default_taper, frames, minutes_curve

#: Race-day speed (m/s) by level when there is no race result to predict from.
RACE_SPEED = {"beginner": 2.5, "intermediate": 3.1, "advanced": 3.7}
#: About 40 minutes a run: how many of the athlete's days to run on.
MINUTES_PER_RUN = 40
ONE_DAY = timedelta(days=1)


@dataclass
class Roles:
    """Which date does what in one week (running sessions only)."""

    downhill: date | None = None
    quality: date | None = None
    long: date | None = None
    easy: list[date] = field(default_factory=list)
    race: date | None = None


@dataclass(frozen=True)
class Slot:
    """A run whose minutes are still to be set."""

    day: date
    kind: str  # quality | long | easy
    required: bool


#: (weight, minimum, maximum) when the week's run minutes are shared out.
SHARES = {"quality": (1.0, 15, 75), "long": (1.6, 10, None), "easy": (1.0, 10, None)}


def make_plan(profile: Profile) -> Plan:
    assert profile.start is not None
    paces = (None if profile.recent_race is None
             else paces_from_race(profile.recent_race.distance, profile.recent_race.time))
    limits = Limits(profile.level, profile.hill, paces)
    runs = min(len(profile.days), max(4, math.floor(profile.weekly_minutes / MINUTES_PER_RUN
                                                    + 0.5)))
    pattern = choose_pattern(profile.days, profile.long_run, runs)
    season = _season(profile, pattern)
    minutes = minutes_curve(season, profile.weekly_minutes, profile.level)
    working = working_doses(season, minutes, limits)
    roles = _roles(profile, pattern, season)

    race = None if profile.race is None else RaceRef(
        profile.race.name, profile.race.date, profile.race.distance)
    built = [
        _running_sessions(profile, frame, minutes[i], roles[i], working, i, limits, race)
        for i, frame in enumerate(season)
    ]
    downhill = {s.date for week, _ in built for s in week if s.kind == "downhill_tempo"}
    hard = {s.date for week, _ in built for s in week if s.hard}
    weeks = []
    for i, (frame, (running, dose)) in enumerate(zip(season, built, strict=True)):
        extra = _strength_and_mobility(profile, frame, running, downhill, hard, race)
        weeks.append(Week(
            number=frame.number,
            start=frame.start,
            phase=frame.phase,
            deload=frame.deload,
            planned_minutes=sum(s.minutes for s in running),
            downhill=dose,
            sessions=tuple(sorted(running + extra, key=_session_order)),
            focus=_focus(frame, working, i, dose is not None, race),
        ))
    return Plan(
        athlete=AthleteRef(profile.id, profile.name, profile.level, profile.units),
        start=profile.start,
        end=profile.end,
        race=race,
        paces=paces,
        weeks=tuple(weeks),
    )


# --- season and layout ---------------------------------------------------------------------


def _season(profile: Profile, pattern: Pattern) -> list[WeekFrame]:
    """Phases and deloads; a one-week taper grows to two when the week before the race
    cannot hold its regular frame without a hard session next to race day."""
    assert profile.start is not None
    taper = default_taper(profile.weeks, profile.race is not None)
    season = frames(profile.start, profile.weeks, profile.level, taper)
    if taper == 1 and season[-2].loading and _pre_race(profile, pattern, season) is None:
        season = frames(profile.start, profile.weeks, profile.level, 2)
    return season


def _athlete_dates(profile: Profile, start: date) -> list[date]:
    return sorted(date_in_week(start, weekday_index(d)) for d in profile.days)


def _pattern_roles(pattern: Pattern, frame: WeekFrame) -> Roles:
    at = lambda weekday: date_in_week(frame.start, weekday)  # noqa: E731
    easy = [at(d) for d in pattern.easy]
    quality = None if frame.deload else at(pattern.quality)
    if frame.deload:
        easy.append(at(pattern.quality))  # a deload keeps the run, not the workout
    return Roles(at(pattern.downhill), quality, at(pattern.long), sorted(easy))


def _hard(roles: Roles) -> set[date]:
    return {d for d in (roles.downhill, roles.quality, roles.race) if d is not None}


def _pre_race(profile: Profile, pattern: Pattern, season: list[WeekFrame]) -> Roles | None:
    """The week before the race week, laid out clear of race day (None: it cannot be)."""
    assert profile.race is not None
    frame = season[-2]
    regular = _pattern_roles(pattern, frame)
    neighbours = _hard(_pattern_roles(pattern, season[-3])) | {profile.race.date}
    long_day = regular.long
    candidates = [d for d in _athlete_dates(profile, frame.start) if d != long_day]
    chosen = hard_days(candidates, neighbours, (regular.downhill, regular.quality),
                       need_quality=frame.loading, race=profile.race.date)
    if chosen is None:
        return None
    d, q = chosen
    if frame.deload:
        q = None
    runs = len(pattern.runs)
    pool = [x for x in [regular.downhill, regular.quality, *regular.easy] if x not in (d, q)]
    easy = sorted(pool)[: max(0, runs - 2 - (q is not None))]
    return Roles(d, q, long_day, easy)


def _race_week(profile: Profile, pattern: Pattern, frame: WeekFrame, before: Roles) -> Roles:
    """Race day; a downhill session only at least four days before it; easy runs before it."""
    assert profile.race is not None
    race_day = profile.race.date
    regular = _pattern_roles(pattern, frame)
    options = [d for d in _athlete_dates(profile, frame.start)
               if (race_day - d).days >= 4 and not near(d, _hard(before))]
    downhill = regular.downhill if regular.downhill in options else min(options, default=None)
    runs = [regular.long, regular.quality, *regular.easy, regular.downhill]
    easy = sorted({d for d in runs if d is not None and d < race_day and d != downhill})
    return Roles(downhill, None, None, easy, race_day)


def _roles(profile: Profile, pattern: Pattern, season: list[WeekFrame]) -> list[Roles]:
    roles = [_pattern_roles(pattern, frame) for frame in season]
    if profile.race is not None:
        before = _pre_race(profile, pattern, season)
        assert before is not None  # _season made sure
        roles[-2] = before
        roles[-1] = _race_week(profile, pattern, season[-1], before)
    return roles


# --- one week's running ---------------------------------------------------------------------


def _slots(roles: Roles, frame: WeekFrame) -> list[Slot]:
    """Runs to size, in the order they are given up when minutes are short (last first)."""
    loading = frame.loading
    slots = []
    if roles.quality is not None:
        slots.append(Slot(roles.quality, "quality", loading))
    if roles.long is not None:
        slots.append(Slot(roles.long, "long", loading))
    # the long run counts as easy: a loading week keeps it and one more easy run
    slots += [Slot(d, "easy", loading and i == 0) for i, d in enumerate(roles.easy)]
    return slots


def share_minutes(total: int, slots: list[Slot]) -> tuple[dict[Slot, int], int]:
    """Minutes for each slot (proportional to weight, within min/max) and what is left."""
    fixed: dict[Slot, float] = {}
    active = list(slots)
    remaining = float(total)
    while active:
        weight = sum(SHARES[s.kind][0] for s in active)
        clamped = {}
        for s in active:
            w, lo, hi = SHARES[s.kind]
            v = remaining * w / weight
            if v < lo:
                clamped[s] = float(lo)
            elif hi is not None and v > hi:
                clamped[s] = float(hi)
        if not clamped:
            fixed.update({s: remaining * SHARES[s.kind][0] / weight for s in active})
            remaining = 0.0
            break
        fixed.update(clamped)
        remaining -= sum(clamped.values())
        active = [s for s in active if s not in clamped]
    out = {s: math.floor(v) for s, v in fixed.items()}
    spare = total - sum(out.values()) - math.floor(remaining)
    by_fraction = sorted(
        (s for s in slots if SHARES[s.kind][2] is None or out[s] < SHARES[s.kind][2]),
        key=lambda s: (-(fixed[s] - out[s]), slots.index(s)),
    )
    for s in by_fraction[:spare]:
        out[s] += 1
    return out, total - sum(out.values())


def _running_sessions(
    profile: Profile,
    frame: WeekFrame,
    minutes: int,
    roles: Roles,
    working: list[Dose],
    index: int,
    limits: Limits,
    race: RaceRef | None,
) -> tuple[list[Session], DownhillDose | None]:
    """The week's runs sized to its minutes, and the downhill dose actually done."""
    paces = limits.paces
    out: list[Session] = []
    anatomy = S.anatomy_for(minutes)
    budget = minutes
    downhill = None
    if roles.downhill is not None:
        dose = to_downhill(week_dose(working[index], frame, profile.level), limits)
        need = S.downhill_minutes(dose, anatomy)
        if roles.race is None or need <= budget:  # the race week may skip it
            assert need <= budget, "the downhill session outgrew its week"
            downhill = (roles.downhill, dose)
            budget -= need
    slots = _slots(roles, frame)
    while slots and sum(SHARES[s.kind][1] for s in slots) > budget:
        optional = [s for s in slots if not s.required]
        assert optional, "a required run does not fit its week"
        slots.remove(optional[-1])
    sizes, spare = share_minutes(budget, slots)
    if downhill is not None:
        day, dose = downhill
        out.append(S.downhill_session(day, dose, anatomy, paces,
                                      _downhill_blocks(frame, working, index),
                                      extra_minutes=spare))
    downhill_days = {downhill[0]} if downhill else set()
    for slot in slots:
        if slot.kind == "quality":
            workout = S.workout_for(frame.phase, None if race is None else race.distance_m)
            out.append(S.quality_session(slot.day, sizes[slot], workout, paces))
        else:
            blocks = S.LONG if slot.kind == "long" else ()
            if frame.number == 1 and slot.kind == "long":
                blocks = S.FRAME + blocks
            if slot.day - ONE_DAY in downhill_days:
                blocks = S.AFTER_DOWNHILL + blocks
            out.append(S.easy_session(slot.day, sizes[slot], paces, long=slot.kind == "long",
                                      blocks=blocks))
    if roles.race is not None and race is not None:
        out.append(S.race_session(roles.race, race, _race_seconds(profile, paces), paces))
    return out, None if downhill is None else downhill[1]


def _race_seconds(profile: Profile, paces: Paces | None) -> float:
    assert profile.race is not None
    if paces is not None:
        return predict_seconds(paces.vdot, profile.race.distance)
    return profile.race.distance / RACE_SPEED[profile.level]


def _rose(working: list[Dose], index: int, frame: WeekFrame) -> bool:
    return frame.loading and index > 0 and working[index] != working[index - 1]


def _downhill_blocks(frame: WeekFrame, working: list[Dose], index: int) -> tuple[str, ...]:
    """Technique (one cue a week, in turn), warmup, recovery and cooldown, plus the week's
    topical reading: safety first, progression on a rise, the why of deloads and tapers."""
    blocks = (S.TECHNIQUE[index % len(S.TECHNIQUE)],) + S.WARMUP + S.BETWEEN_REPS + S.COOLDOWN
    if frame.number == 1:
        blocks += S.FIRST_WEEK
    elif frame.number == 2:
        blocks += S.SECOND_WEEK
    if _rose(working, index, frame):
        blocks += S.RISE
    if frame.deload:
        blocks += S.DELOAD
    if frame.phase == "taper":
        blocks += S.TAPER
    return blocks


# --- strength, mobility, focus ---------------------------------------------------------------


def _strength_and_mobility(
    profile: Profile,
    frame: WeekFrame,
    running: list[Session],
    downhill: set[date],
    hard: set[date],
    race: RaceRef | None,
) -> list[Session]:
    """Two strength sessions (one in taper weeks) and mobility on days without a run.

    Plyometrics join one session in build and peak loading weeks after week 4, never the
    day before a downhill session.
    """
    dates = _athlete_dates(profile, frame.start)
    in_week = race is not None and 0 <= (race.date - frame.start).days < 7
    race_day = race.date if in_week else None
    count = 1 if frame.phase == "taper" else 2
    chosen = strength_days(dates, hard, downhill, count, race_day)
    plyo_ok = frame.phase in ("build", "peak") and not frame.deload and frame.number > 4
    plyo_day = next((d for d in chosen if plyo_ok and d + ONE_DAY not in downhill), None)
    out = [S.strength_session(d, profile.level, frame.phase, d == plyo_day) for d in chosen]
    run_days = {s.date for s in running}
    out += [S.mobility_session(d) for d in dates if d not in run_days]
    return out


_KIND_ORDER = {"race": 0, "downhill_tempo": 0, "quality": 0, "long": 0, "easy": 0,
               "strength": 1, "mobility": 2}


def _session_order(s: Session) -> tuple[date, int]:
    return s.date, _KIND_ORDER[s.kind]


_PHASE_FOCUS = {
    "base": "Base: easy volume and technique; the downhill reps stay short and relaxed.",
    "build": "Build: the downhill blocks grow; keep the effort controlled and the steps quick.",
    "peak": "Peak: the most specific work of the plan; hold your form at the top dose.",
}


def _focus(frame: WeekFrame, working: list[Dose], index: int, has_downhill: bool,
           race: RaceRef | None) -> str:
    """One sentence on what this week is for."""
    if frame.number == 1:
        return ("Learn the descent: find a smooth, gentle stretch and practise tall posture"
                " with quick, light steps.")
    if frame.phase == "taper":
        if race is not None and index == len(working) - 1:
            extra = (" The downhill session comes early and short." if has_downhill
                     else " No downhill this week: save the legs for the race.")
            return f"Race week: keep the legs fresh for {race.name}.{extra}"
        return "Taper: less running, same intensity, so you arrive at the race fresh."
    if frame.deload:
        return ("Deload: about a third less running and fewer reps, so your legs absorb"
                " the last block.")
    text = _PHASE_FOCUS[frame.phase]
    if _rose(working, index, frame):
        what = describe_rise(working[index - 1], working[index])
        text += f" New this week: {what}; everything else stays the same."
    return text
