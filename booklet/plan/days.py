"""Which day gets which session: the weekly pattern, the weeks around race day.

Weekdays are indices 0 (mon) .. 6 (sun). A week may start on any weekday, so "the day
after" wraps round: placing hard days on a 7-day circle keeps them apart across week
boundaries too, and every regular week repeats the same pattern.

The long run counts as a hard day: where the athlete's days (with the long run on its day)
allow it, downhill, quality and long run are pairwise non-consecutive on the circle
(``spacing``); otherwise the least-bad pattern keeps at least downhill and quality apart.

Regular weeks repeat the ``Pattern``. A deload keeps its quality day as an easy run. With a
goal race the last two weeks are laid out afresh: the week before race week keeps its hard
sessions off the days next to the race, its quality session at least four days out and its
long run at least a week out; race week has easy runs up to race day and rest after it. In
the last nine days before the race only one downhill session stays, 5 to 9 days out (it
becomes a sharpener); other downhill days that close become easy runs (the race approach).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import permutations

from .limits import LAST_EASY_DAYS_OUT, NO_LONG_DAYS_OUT, SHARPENER_DAYS_OUT, days_out
from .profile import WEEKDAYS, Profile
from .season import WeekFrame, frames
from .spacing import apart, spaced_days_exist

ONE_DAY = timedelta(days=1)


def weekday_index(name: str) -> int:
    return WEEKDAYS.index(name)


def circular_gap(a: int, b: int) -> int:
    """Days between two weekdays on the weekly circle (0..3)."""
    d = abs(a - b) % 7
    return min(d, 7 - d)


def after(a: int, b: int, days: int = 1) -> bool:
    """Whether weekday b comes ``days`` days after weekday a."""
    return (a + days) % 7 == b


@dataclass(frozen=True)
class Pattern:
    """A regular week: the downhill, quality and long-run days, and the easy-run days."""

    downhill: int
    quality: int
    long: int
    easy: tuple[int, ...]

    @property
    def runs(self) -> frozenset[int]:
        return frozenset((self.downhill, self.quality, self.long, *self.easy))


def long_run_day(days: tuple[str, ...], long_run: str | None) -> int:
    """The athlete's choice, else Sunday, else Saturday, else their last day of the week;
    without a choice, the first of those that leaves room for spaced hard days."""
    if long_run is not None:
        return weekday_index(long_run)
    idx = [weekday_index(d) for d in days]
    order = [i for i in (6, 5) if i in idx] + sorted(set(idx) - {5, 6}, reverse=True)
    return next((i for i in order if spaced_days_exist(idx, i)), order[0])


def _pair_cost(d: int, q: int, long: int) -> int:
    """Lower is better: hard days far apart, the downhill away from the long run."""
    cost = 4 * (3 - circular_gap(d, q))  # 3 days apart is as far as a week allows
    if after(long, d):
        cost += 3  # legs tired from the long run lose form on a descent
    if after(d, long):
        cost += 2  # soreness after a downhill session peaks 24-72 h later
    if after(d, long, 2):
        cost += 1
    if after(long, q) or after(q, long):
        cost += 1
    return cost


def choose_pattern(days: tuple[str, ...], long_run: str | None, runs: int) -> Pattern:
    """The regular week for these days. ``runs`` (4..len(days)) is how many days to run."""
    idx = [weekday_index(d) for d in days]
    long = long_run_day(days, long_run)
    others = [i for i in idx if i != long]
    pairs = [(d, q) for d, q in permutations(others, 2) if circular_gap(d, q) >= 2]
    # any three days of a week include two that are not neighbours, so pairs is never empty
    spaced = [(d, q) for d, q in pairs if apart(d, long) and apart(q, long)]
    # the long run is a hard day too: keep it clear of both where the days allow it
    d, q = min(spaced or pairs, key=lambda p: (_pair_cost(p[0], p[1], long), p))
    chosen = [d, q, long]
    free = [i for i in others if i not in chosen]
    easy: list[int] = []
    while len(chosen) < runs and free:
        # spread the runs: take the free day furthest from every run already placed
        best = max(free, key=lambda i: (min(circular_gap(i, c) for c in chosen), -i))
        free.remove(best)
        chosen.append(best)
        easy.append(best)
    return Pattern(d, q, long, tuple(sorted(easy)))


def date_in_week(week_start: date, weekday: int) -> date:
    return week_start + timedelta(days=(weekday - week_start.weekday()) % 7)


def near(day: date, others: set[date]) -> bool:
    """On or next to one of ``others``."""
    return any(abs((day - o).days) <= 1 for o in others)


def hard_days(
    candidates: list[date],
    neighbours: set[date],
    prefer: tuple[date | None, date | None],
    quality: str,
    race: date | None = None,
) -> tuple[date, date | None] | None:
    """Downhill and quality dates for a week that cannot simply follow the pattern.

    ``neighbours`` are hard sessions in the weeks around (and the race): none of ours may be
    on or next to them. ``quality`` is "need", "want" or "no". Prefers the pattern's days
    and a downhill well before the race; None when a needed quality session cannot fit.
    """
    free = [c for c in candidates if not near(c, neighbours)]
    options: list[tuple[tuple[int, int], date, date | None]] = []
    for d in free:
        base = 2 * (d != prefer[0])
        if race is not None and (race - d).days < 5:
            base += 3  # keep the descent's soreness clear of race day
        if quality != "need":
            options.append(((base + 5 * (quality == "want"), d.toordinal()), d, None))
        if quality == "no":
            continue
        for q in free:
            gap = abs((q - d).days)
            if gap < 2 or (race is not None and days_out(race, q) <= LAST_EASY_DAYS_OUT):
                continue
            cost = base + 2 * (q != prefer[1]) + max(0, 3 - gap)
            options.append(((cost, d.toordinal() * 10_000 + q.toordinal()), d, q))
    if not options:
        return None
    _, d, q = min(options, key=lambda o: o[0])
    return d, q


# --- the weeks of a season ------------------------------------------------------------------


@dataclass
class Roles:
    """Which date does what in one week (running sessions only)."""

    downhill: date | None = None
    quality: date | None = None
    long: date | None = None
    easy: list[date] = field(default_factory=list)
    race: date | None = None


def season_for(profile: Profile, pattern: Pattern) -> list[WeekFrame]:
    """Phases and deloads, and with a goal race the taper's length.

    Two taper weeks when the plan has ten or more, else one; unless with that length the
    week before race week could not keep its frame clear of race day.
    """
    assert profile.start is not None
    if profile.race is None:
        return frames(profile.start, profile.weeks, profile.level, 0)
    lengths = (2, 1) if profile.weeks >= 10 else (1, 2)
    options = [frames(profile.start, profile.weeks, profile.level, t) for t in lengths]
    # a taper length whose pre-race week keeps the long run clear of the hard days comes first
    return next(s for clear in _long_clear_first(pattern) for s in options
                if _pre_race_layout(profile, pattern, s, clear) is not None)


def athlete_dates(profile: Profile, start: date) -> list[date]:
    return sorted(date_in_week(start, weekday_index(d)) for d in profile.days)


def pattern_roles(pattern: Pattern, frame: WeekFrame) -> Roles:
    at = lambda weekday: date_in_week(frame.start, weekday)  # noqa: E731
    easy = [at(d) for d in pattern.easy]
    quality = None if frame.deload else at(pattern.quality)
    if frame.deload:
        easy.append(at(pattern.quality))  # a deload keeps the run, not the workout
    return Roles(at(pattern.downhill), quality, at(pattern.long), sorted(easy))


def hard_dates(roles: Roles, long: bool = False) -> set[date]:
    """The week's hard days; with ``long``, its long run too."""
    days = (roles.downhill, roles.quality, roles.race, roles.long if long else None)
    return {d for d in days if d is not None}


def spaced(pattern: Pattern) -> bool:
    """Whether the pattern keeps downhill, quality and long run off each other's neighbours
    (choose_pattern does wherever the athlete's days allow it)."""
    return apart(pattern.downhill, pattern.long) and apart(pattern.quality, pattern.long)


def _long_clear_first(pattern: Pattern) -> tuple[bool, ...]:
    return (True, False) if spaced(pattern) else (False,)


def pre_race_roles(profile: Profile, pattern: Pattern, season: list[WeekFrame]) -> Roles | None:
    """The week before the race week, laid out clear of race day (None: it cannot be).

    Where the pattern keeps the long run clear of the hard days, this week does too if it
    can; otherwise only downhill, quality and race are kept apart.
    """
    return next((roles for clear in _long_clear_first(pattern)
                 if (roles := _pre_race_layout(profile, pattern, season, clear)) is not None),
                None)


def _pre_race_layout(
    profile: Profile, pattern: Pattern, season: list[WeekFrame], long_clear: bool
) -> Roles | None:
    assert profile.race is not None
    frame = season[-2]
    regular = pattern_roles(pattern, frame)
    neighbours = hard_dates(pattern_roles(pattern, season[-3]), long_clear) | {profile.race.date}
    long_day = regular.long
    if long_day is not None and days_out(profile.race.date, long_day) <= NO_LONG_DAYS_OUT:
        long_day = None  # too close to the race: an easy run instead
    if long_clear and long_day is not None:
        neighbours.add(long_day)
    candidates = [d for d in athlete_dates(profile, frame.start) if d != regular.long]
    chosen = hard_days(candidates, neighbours, (regular.downhill, regular.quality),
                       quality="no" if frame.deload else "need" if frame.loading else "want",
                       race=profile.race.date)
    if chosen is None:
        return None
    d, q = chosen
    run_days = [x for x in (regular.downhill, regular.quality, *regular.easy) if x is not None]
    # same number of runs: a hard session moved onto a rest day takes an easy run's place
    easy = sorted(x for x in run_days if x not in (d, q))[: len(run_days) - 1 - (q is not None)]
    if long_day is None and regular.long is not None:
        easy = sorted([*easy, regular.long])
    return Roles(d, q, long_day, easy)


def race_week_roles(
    profile: Profile, pattern: Pattern, frame: WeekFrame, before: Roles
) -> Roles:
    """Race day; a downhill sharpener only 5 to 9 days before it; easy runs before it."""
    assert profile.race is not None
    race_day = profile.race.date
    regular = pattern_roles(pattern, frame)
    lo, hi = SHARPENER_DAYS_OUT
    # the sharpener stays off the hard days before it, the long run too where the pattern does
    hard_before = hard_dates(before, long=spaced(pattern))
    options = [d for d in athlete_dates(profile, frame.start)
               if lo <= days_out(race_day, d) <= hi and not near(d, hard_before)]
    downhill = regular.downhill if regular.downhill in options else min(options, default=None)
    runs = [regular.long, regular.quality, *regular.easy, regular.downhill]
    easy = sorted({d for d in runs if d is not None and d < race_day and d != downhill})
    return Roles(downhill, None, None, easy, race_day)


def week_roles(profile: Profile, pattern: Pattern, season: list[WeekFrame]) -> list[Roles]:
    roles = [pattern_roles(pattern, frame) for frame in season]
    if profile.race is not None:
        before = pre_race_roles(profile, pattern, season)
        assert before is not None  # season_for made sure
        roles[-2] = before
        roles[-1] = race_week_roles(profile, pattern, season[-1], before)
        race_approach(roles, profile.race.date)
    return roles


def race_approach(roles: list[Roles], race_day: date) -> None:
    """From 9 to 1 days out keep one downhill session, the first 5 to 9 days out (the
    sharpener); any other downhill day that close to the race becomes an easy run."""
    lo, hi = SHARPENER_DAYS_OUT
    kept = False
    for week in roles:
        day = week.downhill
        if day is None or not 1 <= days_out(race_day, day) <= hi:
            continue
        if days_out(race_day, day) >= lo and not kept:
            kept = True
            continue
        week.downhill = None
        week.easy = sorted([*week.easy, day])
