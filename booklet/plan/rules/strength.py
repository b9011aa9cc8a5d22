"""The strength rules: where strength sessions go, how many, and their landings and sets.

- **Placement**: never on the day before a downhill session; never on two consecutive days
  (across week boundaries too); a session with plyometrics at least 2 days from every
  downhill session, before or after.
- **Race approach** (with a goal race): no strength from 3 days before race day to 2 days
  after it; no plyometrics from 9 days out; race week has at most one strength session.
- **How many**: at most two a week, at most one in taper weeks (race week included). At
  least that many wherever the week allows it: a week must have as many sessions as fit, up
  to two (one in taper weeks), on its *legal days* (the athlete's days that break no
  placement or race rule, given the strength sessions of the other weeks) with no two on
  consecutive days. A week whose days leave no legal day has none.
- **Not on a hard day** (downhill, quality, race) where a legal easy day of the week was
  free for it.
- **Landings**: a plyometric step states its sets, reps and landings (sets × reps, × 2 when
  each side); at most 24 landings in a session.
- **Lateral bounds** only after at least two earlier weeks with drop landings.
- **Deloads** cut each exercise's sets by a third or more against the last loading week
  (neither deload nor taper) that had the exercise.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from itertools import combinations

from ..model import Plan, Session, Step, Week
from ..profile import WEEKDAYS, Profile
from ..strength import (
    DROP_WEEKS_BEFORE_BOUNDS,
    MAX_LANDINGS,
    NO_PLYO_BEFORE_RACE,
    NO_STRENGTH_AFTER_RACE,
    NO_STRENGTH_BEFORE_RACE,
    PLYO_GAP_DAYS,
)
from .common import EPS, cut, race_week, working

ONE_DAY = timedelta(days=1)


def _plyometric(s: Session) -> bool:
    return any(st.plyometric for st in s.steps)


def _days_out(plan: Plan, day: date) -> int | None:
    return None if plan.race is None else (plan.race.date - day).days


def _placement_ok(plan: Plan, day: date, downhill: set[date], others: set[date],
                  plyometric: bool) -> bool:
    """Whether a strength session (plyometric or not) may go on ``day``, the plan's other
    strength sessions being on ``others``."""
    if day + ONE_DAY in downhill or day - ONE_DAY in others or day + ONE_DAY in others:
        return False
    out = _days_out(plan, day)
    if out is not None and -NO_STRENGTH_AFTER_RACE <= out <= NO_STRENGTH_BEFORE_RACE:
        return False
    if plyometric:
        if any(abs((day - d).days) < PLYO_GAP_DAYS for d in downhill):
            return False
        if out is not None and 0 <= out <= NO_PLYO_BEFORE_RACE:
            return False
    return True


def _athlete_days(week: Week, profile: Profile) -> list[date]:
    days = (week.start + timedelta(days=i) for i in range(7))
    return [d for d in days if WEEKDAYS[d.weekday()] in profile.days]


def _fit(days: list[date], cap: int) -> int:
    """Most sessions, up to ``cap``, on ``days`` with no two on consecutive days."""
    for k in range(cap, 0, -1):
        for combo in combinations(sorted(days), k):
            if all((b - a).days >= 2 for a, b in zip(combo, combo[1:], strict=False)):
                return k
    return 0


def check_strength_placement(plan: Plan, profile: Profile) -> Iterator[str]:
    downhill = {s.date for s in plan.sessions if s.kind == "downhill_tempo"}
    strength = sorted((s for s in plan.sessions if s.kind == "strength"), key=lambda s: s.date)
    days = [s.date for s in strength]
    for a, b in zip(days, days[1:], strict=False):
        if (b - a).days < 2:
            yield f"strength on consecutive days: {a} and {b}"
    for s in strength:
        if s.date + ONE_DAY in downhill:
            yield f"strength on {s.date}, the day before a downhill session"
        if _plyometric(s):
            near = sorted(d for d in downhill if abs((s.date - d).days) < PLYO_GAP_DAYS)
            for d in near:
                yield f"plyometrics on {s.date}, less than {PLYO_GAP_DAYS} days from the"\
                      f" downhill session on {d}"
        out = _days_out(plan, s.date)
        if out is None:
            continue
        if 0 <= out <= NO_STRENGTH_BEFORE_RACE:
            yield f"strength on {s.date}, {out} days before the race"
        elif -NO_STRENGTH_AFTER_RACE <= out < 0:
            yield f"strength on {s.date}, {-out} days after the race"
        if _plyometric(s) and 0 <= out <= NO_PLYO_BEFORE_RACE:
            yield f"plyometrics on {s.date}, {out} days before the race"


def check_strength_count(plan: Plan, profile: Profile) -> Iterator[str]:
    downhill = {s.date for s in plan.sessions if s.kind == "downhill_tempo"}
    everywhere = {s.date for s in plan.sessions if s.kind == "strength"}
    for week in plan.weeks:
        n = week.number
        strength = [s for s in week.sessions if s.kind == "strength"]
        cap = 1 if week.phase == "taper" or race_week(plan, week) else 2
        if len(strength) > cap:
            what = "race" if race_week(plan, week) else week.phase
            yield f"week {n}: {len(strength)} strength sessions, at most {cap} in a {what} week"
            continue
        mine = {s.date for s in strength}
        others = everywhere - mine
        legal = [d for d in _athlete_days(week, profile)
                 if _placement_ok(plan, d, downhill, others, plyometric=False)]
        want = _fit(legal, cap)
        # a re-plan's back-off frees days, but strength already placed stays where it was
        backed_off = cut(plan, week)
        if len(strength) < want and not backed_off:
            yield f"week {n}: {len(strength)} strength sessions, expected {want}"
        hard = {s.date for s in week.sessions if s.hard}
        if backed_off:
            continue
        for s in strength:
            if s.date not in hard:
                continue
            rest = everywhere - {s.date}
            free = [d for d in legal if d not in hard and d not in everywhere
                    and _placement_ok(plan, d, downhill, rest, _plyometric(s))]
            if free:
                yield f"week {n}: strength on the hard day {s.date} although {free[0]} is free"


def _landings(st: Step) -> int | None:
    if st.sets is None or st.reps is None:
        return None
    return st.sets * st.reps * (2 if st.each_side else 1)


def check_strength_dose(plan: Plan, profile: Profile) -> Iterator[str]:
    drop_weeks = 0
    loading: dict[str, tuple[int, int]] = {}  # exercise -> (week, sets) of the last loading
    for week in plan.weeks:
        n = week.number
        steps = [st for s in week.sessions if s.kind == "strength" for st in s.steps
                 if st.exercise is not None]
        for s in week.sessions:
            if s.kind != "strength":
                continue
            total = 0
            for st in s.steps:
                if st.exercise is not None and (st.sets is None or st.reps is None):
                    yield f"week {n}: {st.exercise} on {s.date} without sets and reps"
                if not st.plyometric:
                    continue
                count = _landings(st)
                if count is None or st.landings != count:
                    yield f"week {n}: {st.exercise} on {s.date} states {st.landings} landings,"\
                          f" its sets and reps make {count}"
                total += count or 0
            if total > MAX_LANDINGS:
                yield f"week {n}: {total} landings on {s.date}, more than {MAX_LANDINGS}"
        names = {st.exercise for st in steps}
        if "lateral-bound" in names and drop_weeks < DROP_WEEKS_BEFORE_BOUNDS:
            yield f"week {n}: lateral bounds after {drop_weeks} weeks of drop landings,"\
                  f" expected {DROP_WEEKS_BEFORE_BOUNDS}"
        if "drop-landing" in names:
            drop_weeks += 1
        if week.deload:
            for st in steps:
                ref = loading.get(st.exercise or "")
                if ref and st.sets is not None and st.sets > ref[1] * 2 / 3 + EPS:
                    yield f"week {n}: deload {st.exercise} of {st.sets} sets, not a third"\
                          f" fewer than the {ref[1]} of week {ref[0]}"
        elif working(week):
            for st in steps:
                if st.sets is not None:
                    sets = max(st.sets, loading[st.exercise][1]) if (
                        st.exercise in loading and loading[st.exercise][0] == n) else st.sets
                    loading[st.exercise or ""] = (n, sets)
