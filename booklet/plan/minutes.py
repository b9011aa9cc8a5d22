"""Sharing a week's running minutes among its runs (after the downhill session's share).

Each run gets a share by weight (long run 1.6; quality and easy runs 1.0; the shakeout the
day before a race 0.5) within its bounds (at least 10 min, quality at least 15 and no more
than its workout can fill, a shakeout at most 25). When the minutes cannot give every run
its minimum, runs are given up from the last easy run backwards; a loading week always keeps
its quality session, its long run and one more easy run. Easy and long runs are then set in
whole five minutes (``in_fives``); the minutes that frees go to the quality session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from .days import ONE_DAY, Roles
from .limits import QUALITY_MIN_MINUTES
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
