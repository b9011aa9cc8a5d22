"""The season's shape: phases, deload weeks and the weekly running-minutes curve (pure).

* Phases run base -> build -> peak (-> taper with a goal race). Base takes a third of the
  weeks before the taper (never under a quarter of the plan), peak a quarter, build the rest.
* Deloads come after every third loading week (every second for beginners), so no four
  weeks in a row go by without a lighter week; taper weeks are never deloads, and the week
  before a taper is a loading week (a deload due then comes a week early). A deload closes
  a block, so the first week of a phase is never one (it comes a week early too).
* Without a goal race (no taper) the last week is a deload with a retest, so the next block
  starts from a measured result: the deloads before it are placed as if it were a one-week
  taper (the week before it is a loading week), then it becomes a deload. A plan without a
  race has at least two peak weeks, so the last week never opens a phase.
* Minutes start at the athlete's current volume, grow 6% per loading week up to a
  level-dependent ceiling, drop 30% in a deload and come back to the pre-deload level.
  The taper cuts to 55% and then 45% of the biggest week (Bosquet 2007: cuts of 41-60%),
  as the taper chapter says; a one-week taper goes straight to 45%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Phase

GROWTH = 0.06
DELOAD_SHARE = 0.70
TAPER_SHARES = (0.55, 0.45)
#: Peak week volume as a multiple of the athlete's current weekly minutes.
VOLUME_CEILING = {"beginner": 1.25, "intermediate": 1.30, "advanced": 1.35}
#: A deload follows this many loading weeks.
LOADING_RUN = {"beginner": 2, "intermediate": 3, "advanced": 3}


@dataclass(frozen=True)
class WeekFrame:
    """One week's place in the season, before any session is chosen."""

    number: int
    start: date
    phase: Phase
    deload: bool

    @property
    def loading(self) -> bool:
        return not self.deload and self.phase != "taper"


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def phase_lengths(weeks: int, taper: int) -> tuple[int, int, int, int]:
    """Weeks of (base, build, peak, taper)."""
    rest = weeks - taper
    base = max(math.ceil(weeks / 4), _half_up(rest / 3))
    peak = max(1, _half_up(rest / 4))
    return base, rest - base - peak, peak, taper


def deload_weeks(weeks: int, taper: int, run: int, firsts: set[int]) -> set[int]:
    """A deload after every ``run`` loading weeks, brought a week forward when it would fall
    on the first week of a phase (a deload closes a block) or on the week before the taper
    (the taper follows a loading week)."""
    last = weeks - taper  # the last week before the taper
    avoid = firsts | ({last} if taper else set())
    deloads: set[int] = set()
    since = 0  # loading weeks since the last deload
    for n in range(1, last + 1):
        due = n + run - since  # the week the next deload is due
        blocked = due <= last and all(m in avoid for m in range(n + 1, due + 1))
        if n > 1 and ((n not in avoid and (since >= run or blocked)) or since > run):
            deloads.add(n)
            since = 0
        else:
            since += 1
    return deloads


def frames(start: date, weeks: int, level: str, taper: int) -> list[WeekFrame]:
    """The season's weeks; without a taper (no goal race) the last week is a deload, the
    retest week (``retest_week``)."""
    base, build, peak, _ = phase_lengths(weeks, taper)
    firsts = {base + 1, base + build + 1}
    if taper:
        deloads = deload_weeks(weeks, taper, LOADING_RUN[level], firsts)
    else:
        deloads = deload_weeks(weeks, 1, LOADING_RUN[level], firsts) | {weeks}
    out = []
    for n in range(1, weeks + 1):
        if n <= base:
            phase: Phase = "base"
        elif n <= base + build:
            phase = "build"
        elif n <= base + build + peak:
            phase = "peak"
        else:
            phase = "taper"
        out.append(WeekFrame(n, start + timedelta(weeks=n - 1), phase, n in deloads))
    return out


def retest_week(season: list[WeekFrame]) -> WeekFrame | None:
    """The week that ends a plan without a goal race with a retest: its last week, a deload."""
    if not season or any(f.phase == "taper" for f in season):
        return None
    return season[-1]


def minutes_curve(season: list[WeekFrame], weekly_minutes: int, level: str) -> list[int]:
    """Training minutes (the race itself excluded) for each week."""
    ceiling = math.floor(weekly_minutes * VOLUME_CEILING[level])
    out: list[int] = []
    loaded = weekly_minutes  # the last loading week's volume
    biggest = weekly_minutes
    taper_shares = iter(TAPER_SHARES[len(TAPER_SHARES) - sum(f.phase == "taper" for f in season):])
    for frame in season:
        if frame.number == 1:
            minutes = weekly_minutes
        elif frame.phase == "taper":
            minutes = math.floor(biggest * next(taper_shares))
        elif frame.deload:
            minutes = math.floor(out[-1] * DELOAD_SHARE)
        elif season[frame.number - 2].deload:
            minutes = loaded  # back to where the block ended
        else:
            minutes = min(ceiling, max(loaded, math.floor(loaded * (1 + GROWTH))))
        if frame.loading:
            loaded = minutes
        biggest = max(biggest, minutes)
        out.append(minutes)
    return out
