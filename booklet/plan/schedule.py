"""Which date does what, week by week: the regular pattern, and the weeks around race day.

Regular weeks repeat ``layout.Pattern``. A deload keeps its quality day as an easy run. With a
goal race the last two weeks are laid out afresh: the week before race week keeps its hard
sessions off the days next to the race, and race week has a downhill session only when one
fits at least four days before the race, then easy runs up to race day and rest after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .days import Pattern, date_in_week, hard_days, near, weekday_index
from .profile import Profile
from .season import WeekFrame, frames


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
    return next(s for s in options if pre_race_roles(profile, pattern, s) is not None)


def athlete_dates(profile: Profile, start: date) -> list[date]:
    return sorted(date_in_week(start, weekday_index(d)) for d in profile.days)


def pattern_roles(pattern: Pattern, frame: WeekFrame) -> Roles:
    at = lambda weekday: date_in_week(frame.start, weekday)  # noqa: E731
    easy = [at(d) for d in pattern.easy]
    quality = None if frame.deload else at(pattern.quality)
    if frame.deload:
        easy.append(at(pattern.quality))  # a deload keeps the run, not the workout
    return Roles(at(pattern.downhill), quality, at(pattern.long), sorted(easy))


def hard_dates(roles: Roles) -> set[date]:
    return {d for d in (roles.downhill, roles.quality, roles.race) if d is not None}


def pre_race_roles(profile: Profile, pattern: Pattern, season: list[WeekFrame]) -> Roles | None:
    """The week before the race week, laid out clear of race day (None: it cannot be)."""
    assert profile.race is not None
    frame = season[-2]
    regular = pattern_roles(pattern, frame)
    neighbours = hard_dates(pattern_roles(pattern, season[-3])) | {profile.race.date}
    long_day = regular.long
    candidates = [d for d in athlete_dates(profile, frame.start) if d != long_day]
    chosen = hard_days(candidates, neighbours, (regular.downhill, regular.quality),
                       quality="no" if frame.deload else "need" if frame.loading else "want",
                       race=profile.race.date)
    if chosen is None:
        return None
    d, q = chosen
    run_days = [x for x in (regular.downhill, regular.quality, *regular.easy) if x is not None]
    # same number of runs: a hard session moved onto a rest day takes an easy run's place
    easy = sorted(x for x in run_days if x not in (d, q))[: len(run_days) - 1 - (q is not None)]
    return Roles(d, q, long_day, easy)


def race_week_roles(
    profile: Profile, pattern: Pattern, frame: WeekFrame, before: Roles
) -> Roles:
    """Race day; a downhill session only at least four days before it; easy runs before it."""
    assert profile.race is not None
    race_day = profile.race.date
    regular = pattern_roles(pattern, frame)
    options = [d for d in athlete_dates(profile, frame.start)
               if (race_day - d).days >= 4 and not near(d, hard_dates(before))]
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
    return roles
