"""Hard-day spacing as a statement, shared by the engine and the rule checker.

The hard days of a week are the downhill session, the quality session and the long run (and
race day). Weeks repeat, so a weekday's neighbours wrap round the weekly circle: Sunday is
next to Monday. The athlete's days and long-run day *admit* the spacing when some two of
their other days can carry the downhill and the quality session with none of the three
next to another. This module says only whether that is possible, not which days to choose.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations

from .profile import WEEKDAYS


def apart(a: int, b: int) -> bool:
    """Whether weekdays a and b (0 = mon .. 6 = sun) are two days or more apart on the circle."""
    d = (a - b) % 7
    return 2 <= d <= 5


def spaced_days_exist(weekdays: Collection[int], long: int) -> bool:
    """Whether two of ``weekdays`` other than ``long`` are pairwise apart with ``long``."""
    others = sorted(set(weekdays) - {long})
    return any(apart(a, long) and apart(b, long) and apart(a, b)
               for a, b in combinations(others, 2))


def spacing_admitted(days: Collection[str], long_run: str | None) -> bool:
    """Whether an athlete's days admit downhill, quality and long run on pairwise
    non-consecutive days: with the long run on ``long_run``, or (unset) on any of the days."""
    weekdays = [WEEKDAYS.index(d) for d in days]
    longs = weekdays if long_run is None else [WEEKDAYS.index(long_run)]
    return any(spaced_days_exist(weekdays, long) for long in longs)
