"""The race approach and taper volume rules (plans with a goal race).

"Days out" counts the days before race day. The last full downhill session (more than a
sharpener) is at least 10 days out; from 9 to 1 days out there is at most one downhill
session, a sharpener 5 to 9 days out; no long run from 6 days out; from 3 to 1 days out
only easy runs of at most 40 min; after race day only easy runs of at most 30 min. The
taper week before race week trains at most 65% of the biggest week's minutes, race week at
most 55% (the race excluded), and a taper long run is at most 70% of the longest long run.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..limits import (
    AFTER_RACE_EASY_MAX_MIN,
    FULL_DOWNHILL_DAYS_OUT,
    LAST_EASY_DAYS_OUT,
    LAST_EASY_MAX_MIN,
    NO_LONG_DAYS_OUT,
    RACE_WEEK_MAX_SHARE,
    SHARPENER_DAYS_OUT,
    TAPER_LONG_MAX_SHARE,
    TAPER_WEEK_MAX_SHARE,
    days_out,
    is_sharpener,
    training_minutes,
)
from ..model import RUN_KINDS, Plan
from ..profile import Profile
from .common import EPS, dose_parts, dose_text, race_week


def check_race_approach(plan: Plan, profile: Profile) -> Iterator[str]:
    if plan.race is None:
        return
    race_day = plan.race.date
    lo, hi = SHARPENER_DAYS_OUT
    close = []  # downhill sessions from 9 to 1 days out
    for week in plan.weeks:
        for s in week.sessions:
            out = days_out(race_day, s.date)
            where = f"week {week.number}: {s.kind} on {s.date}, {out} days before the race"
            if s.kind == "downhill_tempo" and week.downhill is not None and out > 0:
                full = not is_sharpener(*dose_parts(week.downhill))
                if full and out < FULL_DOWNHILL_DAYS_OUT:
                    yield f"{where}: a full downhill set ({dose_text(week.downhill)}) less than"\
                          f" {FULL_DOWNHILL_DAYS_OUT} days out"
                if out <= hi:
                    close.append(s)
                    if out < lo:
                        yield f"{where}: no downhill session closer than {lo} days out"
            if s.kind == "long" and 0 < out <= NO_LONG_DAYS_OUT:
                yield f"{where}: no long run from {NO_LONG_DAYS_OUT} days out"
            if s.kind in RUN_KINDS and 0 < out <= LAST_EASY_DAYS_OUT and (
                    s.kind != "easy" or s.minutes > LAST_EASY_MAX_MIN):
                yield f"{where}: only easy runs of at most {LAST_EASY_MAX_MIN} min"\
                      f" {LAST_EASY_DAYS_OUT} to 1 days out ({s.minutes} min {s.kind})"
            if s.kind in RUN_KINDS and out < 0 and (
                    s.kind != "easy" or s.minutes > AFTER_RACE_EASY_MAX_MIN):
                yield f"{where}: after the race only easy runs of at most"\
                      f" {AFTER_RACE_EASY_MAX_MIN} min ({s.minutes} min {s.kind})"
    if len(close) > 1:
        days = ", ".join(str(s.date) for s in close)
        yield f"{len(close)} downhill sessions from {hi} to 1 days before the race ({days});"\
              " at most one"


def check_taper_volume(plan: Plan, profile: Profile) -> Iterator[str]:
    if plan.race is None or not plan.weeks:
        return
    minutes = [training_minutes(w) for w in plan.weeks]
    biggest = max(minutes)
    longs = [s.minutes for s in plan.sessions if s.kind == "long"]
    longest = max(longs, default=0)
    for i, week in enumerate(plan.weeks):
        if race_week(plan, week):
            share = RACE_WEEK_MAX_SHARE
        elif week.phase == "taper" and i + 1 < len(plan.weeks) \
                and race_week(plan, plan.weeks[i + 1]):
            share = TAPER_WEEK_MAX_SHARE
        else:
            share = None
        if share is not None and minutes[i] > share * biggest + EPS:
            yield f"week {week.number}: {minutes[i]} min of training is more than"\
                  f" {share:.0%} of the biggest week ({biggest})"
        if week.phase == "taper":
            for s in week.sessions:
                if s.kind == "long" and s.minutes > TAPER_LONG_MAX_SHARE * longest + EPS:
                    yield f"week {week.number}: a {s.minutes} min taper long run is more than"\
                          f" {TAPER_LONG_MAX_SHARE:.0%} of the longest ({longest} min)"
