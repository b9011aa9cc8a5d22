"""The long-run bounds.

Every long run lasts at most 150 min (180 with a marathon goal) and at most 35% of its week's
training minutes, or 60 min where 35% is less; no easy run or quality session in a week is
longer than its long run (a quality session may still last its shortest, 15 min; the
downhill session's length is set by its dose, so it is not compared). With a half-marathon
goal the longest long run reaches 75 min, with a marathon 120 min, unless the plan carries a
``long_run_short`` warning that says why not.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..limits import QUALITY_MIN_MINUTES, long_run_cap, long_run_goal, training_minutes
from ..model import Plan
from ..profile import Profile
from .common import EPS, cut
from .descents import flat_replacement


def check_long_runs(plan: Plan, profile: Profile) -> Iterator[str]:
    distance = None if plan.race is None else plan.race.distance_m
    longest = 0
    for week in plan.weeks:
        longs = [s for s in week.sessions if s.kind == "long"]
        cap = long_run_cap(training_minutes(week), distance)
        for s in longs:
            longest = max(longest, s.minutes)
            if s.minutes > cap + EPS and not cut(plan, week):  # a back-off shortened the week
                yield f"week {week.number}: a {s.minutes} min long run is longer than the"\
                      f" {cap} min the long-run bounds allow in this week"
        if not longs:
            continue
        long = max(s.minutes for s in longs)
        for s in week.sessions:
            # the downhill day's flat replacement, like the downhill session, is not bound
            if (s.kind == "easy" and s.minutes > long and not flat_replacement(s)) or (
                    s.kind == "quality" and s.minutes > max(long, QUALITY_MIN_MINUTES)):
                yield f"week {week.number}: a {s.minutes} min {s.kind} run on {s.date} is longer"\
                      f" than the week's long run ({long} min)"
    goal = long_run_goal(distance)
    warned = any(w.code == "long_run_short" for w in plan.warnings)
    if goal is not None and longest < goal and not warned:
        yield f"the longest long run is {longest} min; the goal race asks for {goal} min and"\
              " the plan does not warn why"
