"""Sharing a week's running minutes among its runs (after the downhill session's share).

Each run gets a share by weight (long run 1.6; quality and easy runs 1.0; the shakeout the
day before a race 0.5) within its bounds (at least 10 min, quality at least 15 and no more
than its workout can fill, a shakeout at most 25). When the minutes cannot give every run
its minimum, runs are given up from the last easy run backwards; a loading week always keeps
its quality session, its long run and one more easy run. Easy and long runs are then set in
whole five minutes (``in_fives``); the minutes that frees go to the quality session.

Also here: each week's budget against what the weeks before really ran (``week_budget``),
and the bounds of the long run and the runs around it (``long_bounds``, ``capped``,
``long_run_first``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date

from .days import ONE_DAY, Roles
from .limits import (
    AFTER_RACE_EASY_MAX_MIN,
    DELOAD_MAX_SHARE,
    LAST_EASY_DAYS_OUT,
    LAST_EASY_MAX_MIN,
    LONG_RUN_MAX_SHARE,
    LONG_RUN_SHARE_FLOOR_MIN,
    QUALITY_MIN_MINUTES,
    TAPER_LONG_SHARE,
    WEEKLY_RISE_MAX,
    days_out,
    long_run_cap,
    long_run_goal,
)
from .model import RaceRef
from .season import WeekFrame


@dataclass(frozen=True)
class Slot:
    """A run whose minutes are still to be set."""

    day: date
    kind: str  # quality | long | easy | shakeout
    required: bool
    weight: float
    minimum: int
    maximum: int | None = None


def slots_for(roles: Roles, frame: WeekFrame, quality_max: int) -> list[Slot]:
    """Runs to size, in the order they are given up when minutes are short (last first)."""
    loading = frame.loading
    slots = []
    if roles.quality is not None:
        slots.append(Slot(roles.quality, "quality", loading, 1.0, QUALITY_MIN_MINUTES,
                          max(QUALITY_MIN_MINUTES, quality_max)))
    if roles.long is not None:
        slots.append(Slot(roles.long, "long", loading, 1.6, 10))
    for i, day in enumerate(roles.easy):
        if roles.race is not None and day + ONE_DAY == roles.race:
            slots.append(Slot(day, "shakeout", False, 0.5, 10, 25))
        else:
            # the long run counts as easy: a loading week keeps it and one more easy run
            slots.append(Slot(day, "easy", loading and i == 0, 1.0, 10))
    return slots


def fit(slots: list[Slot], total: int) -> list[Slot]:
    """The slots whose minimums fit in ``total``, giving up optional ones from the end."""
    slots = list(slots)
    while sum(s.minimum for s in slots) > total:
        optional = [s for s in slots if not s.required]
        assert optional, "a required run does not fit its week"
        slots.remove(optional[-1])
    return slots


def share_minutes(total: int, slots: list[Slot]) -> tuple[dict[Slot, int], int]:
    """Whole minutes for each slot (by weight, within its bounds), and what is left over."""
    fixed: dict[Slot, float] = {}
    active = list(slots)
    remaining = float(total)
    while active:
        weight = sum(s.weight for s in active)
        clamped = {}
        for s in active:
            v = remaining * s.weight / weight
            if v < s.minimum:
                clamped[s] = float(s.minimum)
            elif s.maximum is not None and v > s.maximum:
                clamped[s] = float(s.maximum)
        if not clamped:
            fixed.update({s: remaining * s.weight / weight for s in active})
            remaining = 0.0
            break
        fixed.update(clamped)
        remaining -= sum(clamped.values())
        active = [s for s in active if s not in clamped]
    out = {s: math.floor(v) for s, v in fixed.items()}
    spare = total - sum(out.values()) - math.floor(remaining)
    room = [s for s in slots if s.maximum is None or out[s] < s.maximum]
    for s in sorted(room, key=lambda s: (out[s] - fixed[s], slots.index(s)))[:spare]:
        out[s] += 1
    return out, total - sum(out.values())


#: Easy, long and shakeout runs are prescribed in multiples of this many minutes.
ROUND_MINUTES = 5


def in_fives(sizes: dict[Slot, int]) -> dict[Slot, int]:
    """Easy, long and shakeout runs rounded down to whole five minutes; the quality session
    takes the minutes that frees, up to its maximum (the rest are not run)."""
    out = dict(sizes)
    freed = 0
    for slot, minutes in sizes.items():
        if slot.kind != "quality":
            out[slot] = max(minutes - minutes % ROUND_MINUTES, min(minutes, slot.minimum))
            freed += minutes - out[slot]
    for slot in out:
        if slot.kind == "quality":
            room = freed if slot.maximum is None else min(freed, slot.maximum - out[slot])
            out[slot] += max(0, room)
    return out


def week_budget(season: list[WeekFrame], minutes: list[int], ran: list[int],
                cut: frozenset[int] = frozenset()) -> int:
    """Minutes for the next week (``len(ran)``): the curve's, but never more than the load
    rules allow over what the weeks before really ran, since capped and rounded runs may have
    left them short: 10% over the last loading week (after a deload: the week before it), a
    deload at most 80% of the week before, a taper its share of the biggest week run. Weeks
    in ``cut`` (a re-plan's back-off took runs away) are passed over, as deloads are."""
    i = len(ran)
    frame, budget = season[i], minutes[i]
    if frame.phase == "taper":
        budget = min(budget, math.floor(minutes[i] * max(ran) / max(minutes[:i])))
    ref = next((j for j in range(i - 1, -1, -1) if not season[j].deload and j not in cut),
               None)
    if ref is not None and all(j in cut for j in range(ref, -1, -1) if not season[j].deload):
        ref = None
    before = next((j for j in range(i - 1, -1, -1) if j not in cut), None)
    if not frame.deload and ref is not None:
        budget = min(budget, math.floor((1 + WEEKLY_RISE_MAX) * ran[ref]))
    elif frame.deload and before is not None:
        budget = min(budget, math.floor(DELOAD_MAX_SHARE * ran[before]))
    return budget


def fives(minutes: float) -> int:
    return ROUND_MINUTES * math.floor(minutes / ROUND_MINUTES)


def long_bounds(frame: WeekFrame, race: RaceRef | None, longest: int, week_minutes: int
                 ) -> tuple[int, int]:
    """The long run's least and most minutes this week: the long-run bounds (and, in build
    and peak loading weeks, the long run the goal race asks for, where they allow it) and a
    taper long run of about 60% of the longest."""
    distance = None if race is None else race.distance_m
    cap = fives(long_run_cap(week_minutes, distance))
    least = 0
    goal = long_run_goal(distance)
    if goal is not None and frame.loading and frame.phase in ("build", "peak"):
        least = min(goal, cap)  # minutes come from the easy runs first
    if frame.phase == "taper" and longest:
        cap = min(cap, max(ROUND_MINUTES, fives(TAPER_LONG_SHARE * longest)))
    return least, cap


def capped(slot: Slot, race: RaceRef | None, long_least: int, long_cap: int | None) -> Slot:
    """A run's bounds: the long run's (``long_cap`` also bounds the easy runs of a week with
    a long run: none is longer), and from the race approach short easy runs in the last days
    and after the race."""
    cap = slot.maximum
    least = slot.minimum
    if slot.kind == "long":
        cap, least = long_cap, max(least, long_least)
    elif slot.kind == "easy" and long_cap is not None:
        cap = long_cap if cap is None else min(cap, long_cap)
    if race is not None:
        out = days_out(race.date, slot.day)
        if 1 <= out <= LAST_EASY_DAYS_OUT:
            cap = LAST_EASY_MAX_MIN if cap is None else min(cap, LAST_EASY_MAX_MIN)
        elif out < 0:
            cap = AFTER_RACE_EASY_MAX_MIN if cap is None else min(cap, AFTER_RACE_EASY_MAX_MIN)
    if (cap, least) == (slot.maximum, slot.minimum):
        return slot
    return replace(slot, maximum=cap, minimum=least if cap is None else min(least, cap))


def long_run_first(sizes: dict[Slot, int], fixed: int) -> dict[Slot, int]:
    """No easy run or quality session longer than the week's long run, and the long run
    within its share of the week as the week finally adds up (``fixed``: the downhill
    session's minutes, which are not in ``sizes``)."""
    long = next((s for s in sizes if s.kind == "long"), None)
    if long is None:
        return sizes
    out = dict(sizes)
    while True:  # each pass only shortens runs, by whole five minutes: it settles quickly
        for s in out:
            if s is not long and out[s] > out[long]:
                out[s] = max(s.minimum, out[long]) if s.kind == "quality" else out[long]
        others = fixed + sum(v for s, v in out.items() if s is not long)
        # long <= 35% of (others + long)  <=>  long <= others x 35/65
        bound = max(LONG_RUN_SHARE_FLOOR_MIN, fives(others * LONG_RUN_MAX_SHARE
                                                      / (1 - LONG_RUN_MAX_SHARE)))
        if out[long] <= bound:
            return out
        out[long] = bound
