"""The Frame rules: the calendar, the weekly frame, the downhill session's anatomy and strength.

Every session on one of the athlete's days (race day aside) inside its week; one downhill tempo
session a week (race week: at most one, four days or more before the race; a week in the
race approach's last nine days may have none), one flat quality
session and two easy runs in normal weeks; never two hard sessions on consecutive days (the
long run counts as one wherever the athlete's days allow it; see ``check_hard_day_spacing``); the
downhill session warmed up, with strides, the week's dose, walked or jogged recoveries, a
cooldown and its reading; each strength session with calf, hamstring and glute work,
plyometrics only in build and peak weeks after the fourth (where strength goes, how often and
how much: ``strength``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from ..backoff import SWAPPING
from ..catalogue import PLYOMETRIC
from ..limits import SHARPENER_DAYS_OUT
from ..minutes import ROUND_MINUTES
from ..model import HARD_KINDS, RUN_KINDS, Plan, Week
from ..profile import WEEKDAYS, Profile
from ..spacing import spacing_admitted
from .common import EPS, adjusted, dose_text, downhill_sessions, race_week, working
from .descents import flat_replacement
from .retest import retest_week

DOWNHILL_PARTS = ("warmup", "drills", "strides", "main", "recovery", "cooldown", "stretch")
CALF = frozenset({"calf-raise", "single-leg-calf-raise"})
GLUTE = frozenset({"glute-bridge", "single-leg-glute-bridge"})
NOT_FOR_BEGINNERS = frozenset({"single-leg-calf-raise", "single-leg-glute-bridge",
                               "lateral-bound"})


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


def check_weekly_frame(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        n = week.number
        downhill = downhill_sessions(week)
        if race_week(plan, week):
            assert plan.race is not None
            if len(downhill) > 1:
                yield f"week {n}: {len(downhill)} downhill sessions in race week"
            for s in downhill:
                if (plan.race.date - s.date).days < 4:
                    yield f"week {n}: downhill session on {s.date}, less than 4 days before"\
                          " the race"
        elif len(downhill) > 1 or (not downhill and not _in_race_approach(plan, week)
                                   and not _retest_replaces_downhill(plan, week)
                                   and not _flat_instead(plan, week)
                                   and not adjusted(plan, week, SWAPPING)):
            yield f"week {n}: {len(downhill)} downhill tempo sessions, expected exactly one"
        for s in downhill:
            if s.terrain != "downhill":
                yield f"week {n}: downhill session on {s.terrain} terrain"
        quality = [s for s in week.sessions if s.kind == "quality"]
        for s in quality:
            if s.terrain != "flat":
                yield f"week {n}: quality session on {s.terrain} terrain, not flat"
        if working(week) and not adjusted(plan, week, SWAPPING):  # a back-off swaps runs
            if len(quality) != 1:
                yield f"week {n}: {len(quality)} quality sessions, expected exactly one"
            easy = [s for s in week.sessions if s.kind in ("easy", "long")]
            if len(easy) < 2:
                yield f"week {n}: {len(easy)} easy runs, expected at least two"
    hard = sorted((s.date, s.kind) for s in plan.sessions if s.kind in HARD_KINDS)
    for (d1, k1), (d2, k2) in zip(hard, hard[1:], strict=False):
        if (d2 - d1).days < 2:
            yield f"hard sessions on consecutive days: {k1} {d1} and {k2} {d2}"


def _flat_instead(plan: Plan, week: Week) -> bool:
    """No descent suits (the plan warns so): flat strides and eccentric strength instead."""
    return (any(w.code == "no_suitable_descent" for w in plan.warnings)
            and any(flat_replacement(s) for s in week.sessions))


def check_hard_day_spacing(plan: Plan, profile: Profile) -> Iterator[str]:
    """Hard-day spacing with the long run: no long run the day before or after a downhill
    session, a quality session or race day (or another long run), across week boundaries and
    in the weeks around the race alike, whenever the athlete's days admit it.

    They admit it when two of their days other than the long-run day (``long_run``; unset,
    any of their days) can carry the downhill and the quality session with the three
    pairwise non-consecutive on the weekly circle (``spacing.spacing_admitted``). Where they
    do not, the long run may sit next to a hard day. Downhill, quality and race on
    consecutive days are an error whatever the days (``check_weekly_frame``).
    """
    if not spacing_admitted(profile.days, profile.long_run):
        return
    hard = sorted((s.date, s.kind) for s in plan.sessions if s.kind in HARD_KINDS | {"long"})
    for (d1, k1), (d2, k2) in zip(hard, hard[1:], strict=False):
        if "long" in (k1, k2) and (d2 - d1).days < 2:
            yield f"long run next to a hard session: {k1} {d1} and {k2} {d2}, although the"\
                  " athlete's days allow them apart"


def _retest_replaces_downhill(plan: Plan, week: Week) -> bool:
    """Whether the week is the retest week with its test, which may take the downhill
    session's place (a short deload cannot hold both)."""
    return retest_week(plan, week) and any(s.kind == "test" for s in week.sessions)


def _in_race_approach(plan: Plan, week: Week) -> bool:
    """Whether the week has days in the last nine before the race, where the race approach
    may leave it without a downhill session."""
    if plan.race is None:
        return False
    nearest = (plan.race.date - week.end).days  # days out of the week's last day
    furthest = (plan.race.date - week.start).days
    return nearest <= SHARPENER_DAYS_OUT[1] and furthest >= 1


def check_session_anatomy(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        for s in week.sessions:
            if s.kind in RUN_KINDS and all(st.seconds is not None for st in s.steps):
                total = sum((st.seconds or 0) * st.repeat for st in s.steps)
                if s.steps and abs(total - 60 * s.minutes) >= 60:
                    yield f"week {week.number}: {s.kind} on {s.date} lasts {s.minutes} min but"\
                          f" its steps add up to {total} s"
        dose = week.downhill
        for s in downhill_sessions(week):
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
                    yield f"{where}: the main set is not the week's dose {dose_text(dose)}"
                if (rec.repeat, rec.seconds) != (dose.reps - 1, dose.recovery_seconds):
                    yield f"{where}: recoveries are not {dose.reps - 1} × {dose.recovery_seconds} s"
                sg = strides.target.grade_pct if strides.target else None
                if sg is not None and sg > dose.grade_pct + EPS:
                    yield f"{where}: strides steeper than the main set"
            for prefix in ("technique/", "warmup/", "cooldown/"):
                if not any(b.startswith(prefix) for b in s.blocks):
                    yield f"{where} lists no {prefix.rstrip('/')} block"


def check_strength(plan: Plan, profile: Profile) -> Iterator[str]:
    """What a strength session holds; where and how often is ``rules.strength``'s."""
    for week in plan.weeks:
        n = week.number
        strength = [s for s in week.sessions if s.kind == "strength"]
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
            plyometric = any(st.plyometric for st in s.steps)
            if plyometric and (week.phase not in ("build", "peak") or n <= 4):
                yield f"week {n}: plyometrics in a {week.phase} week"


def check_round_numbers(plan: Plan, profile: Profile) -> Iterator[str]:
    """Round numbers: easy and long runs in whole five minutes, warmups and cooldowns in whole
    minutes, recoveries in quarter minutes (no "8 min 25 s")."""
    for week in plan.weeks:
        for s in week.sessions:
            where = f"week {week.number}: {s.kind} on {s.date}"
            if s.kind in ("easy", "long") and s.minutes % ROUND_MINUTES:
                yield f"{where} lasts {s.minutes} min, not a multiple of {ROUND_MINUTES}"
            for st in s.steps:
                if st.seconds is None:
                    continue
                if st.part in ("warmup", "cooldown") and st.seconds % 60:
                    yield f"{where}: a {st.part} of {st.seconds} s, not whole minutes"
                if st.part == "recovery" and st.seconds % 15:
                    yield f"{where}: a recovery of {st.seconds} s, not quarter minutes"
