"""The athlete profile: a validated, immutable description of one runner (pure, no I/O)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from ..errors import KeyedValueError
from .course import Course
from .limits import MIN_WEEKLY_MINUTES, TREADMILL, Venue
from .units import format_clock

Level = Literal["beginner", "intermediate", "advanced"]
Units = Literal["km", "mi"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LEVELS: tuple[str, ...] = ("beginner", "intermediate", "advanced")

#: Named race distances in metres.
RACE_DISTANCES: dict[str, float] = {
    "5k": 5000.0,
    "10k": 10000.0,
    "half": 21097.5,
    "marathon": 42195.0,
}

#: The dates a plan may use: any real season, and within what a FIT workout file can store
#: (1989-12-31 to 2106), so no export wraps.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2100, 12, 31)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_METRES_RE = re.compile(r"[0-9]{1,9}")
_TIME_RE = re.compile(r"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d(?:\.\d+)?)$")


def _quoted(value: object, limit: int = 40) -> str:
    """A value as an error message quotes it, cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 5]}...{text[-1]}"


def parse_distance(value: object) -> float:
    """A race distance: 5k, 10k, half, marathon, or a number of metres."""
    if isinstance(value, bool):
        raise ValueError("expected 5k, 10k, half, marathon or a number of metres")
    if isinstance(value, (int, float)):
        metres = _finite(value)
    elif isinstance(value, str) and value.strip().lower() in RACE_DISTANCES:
        return RACE_DISTANCES[value.strip().lower()]
    elif isinstance(value, str) and _METRES_RE.fullmatch(value.strip()):
        metres = float(value.strip())
    else:
        raise ValueError(
            f"unknown distance {_quoted(value)}: use 5k, 10k, half, marathon or metres (e.g. 15000)"
        )
    if not 800 <= metres <= 100_000:
        raise ValueError(f"distance {metres:g} m is outside 800..100000 metres")
    return metres


def parse_duration(value: object) -> float:
    """A finishing time as "mm:ss" or "h:mm:ss" (YAML may hand us seconds already)."""
    if isinstance(value, bool):
        raise ValueError('expected a time like "24:30" or "1:45:00"')
    if isinstance(value, (int, float)):
        seconds = _finite(value)
    elif isinstance(value, str) and (m := _TIME_RE.match(value.strip())):
        hours, minutes, secs = m.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
    else:
        raise ValueError(
            f'time {_quoted(value)} is not like "24:30" (mm:ss) or "1:45:00" (h:mm:ss)')
    if seconds <= 0:
        raise ValueError("time must be more than zero")
    return seconds


def _finite(value: float) -> float:
    """A number as a float, refusing infinities, NaN and numbers too large for a float."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a usable number" if isinstance(value, float)
                         else "the number is far too large")
    return number


def check_date(value: date) -> date:
    """A plan date within FIRST_DATE..LAST_DATE (a typo such as 0202 for 2026 is caught)."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise ValueError(f"the date {value} is not between {FIRST_DATE} and {LAST_DATE};"
                         " check the year")
    return value


Distance = Annotated[float, BeforeValidator(parse_distance)]
Duration = Annotated[float, BeforeValidator(parse_duration)]
PlanDate = Annotated[date, AfterValidator(check_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


class RecentRace(_Strict):
    """A recent race result, used to derive training paces."""

    distance: Distance
    time: Duration

    @model_validator(mode="after")
    def _plausible(self) -> RecentRace:
        speed = self.distance / self.time  # m/s
        if not 1.5 <= speed <= 7.0:
            raise ValueError(
                f"a time of {format_clock(self.time)} for {self.distance:g} m is not a plausible"
                " running result (check the time format: mm:ss or h:mm:ss)"
            )
        return self


class Hill(_Strict):
    """The descent the athlete can train on (``hill:``, shorthand for one descent)."""

    grade: float = Field(gt=0, le=15, description="average grade in percent, positive")
    length_m: float = Field(gt=0, le=5000, description="length of the usable descent")


#: What the single ``hill:`` is called in the plan ("on your descent").
HILL_NAME = "your descent"


class Descent(Hill):
    """One of the descents the athlete can train on, by name."""

    name: str = Field(min_length=1, max_length=60)


class Treadmill(_Strict):
    """A treadmill that declines: downhill reps at up to ``max_decline`` percent."""

    max_decline: float = Field(gt=0, le=15, description="steepest decline in percent")


class GoalRace(_Strict):
    """The race the plan builds towards."""

    name: str = Field(min_length=1, max_length=80)
    date: PlanDate
    distance: Distance
    #: The course as a GPX file, relative to the profile's folder or the project's; the
    #: project reads it (``Profile.with_course``), this model keeps only the name.
    course: str | None = Field(default=None, min_length=1, max_length=500)


class Coach(_Strict):
    name: str = Field(min_length=1, max_length=80)
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Profile(_Strict):
    """One runner. ``start`` is always set after validation (derived from the race if absent)."""

    id: str
    name: str = Field(min_length=1, max_length=80)
    level: Level
    start: PlanDate | None = None
    weeks: int = Field(default=12, ge=6, le=24)
    units: Units = "km"
    days: tuple[Weekday, ...] = Field(min_length=4, max_length=7)
    long_run: Weekday | None = None
    weekly_minutes: int = Field(ge=60, le=900)
    recent_race: RecentRace | None = None
    hill: Hill | None = None
    descents: tuple[Descent, ...] = Field(default=(), max_length=12)
    treadmill: Treadmill | None = None
    race: GoalRace | None = None
    coach: Coach | None = None
    #: The coach's own notes about the runner: kept with the profile, never printed.
    notes: str | None = Field(default=None, max_length=4000)
    #: The training diary (CSV), relative to the profile's folder; default <id>.diary.csv.
    diary: str | None = Field(default=None, min_length=1, max_length=500)
    # Notes are for the coach: printed in the booklet and on the site only when this is true.
    share_notes: bool = False
    #: A note to the runner, printed in the booklet ("A note from <coach>") and on the site.
    message: str | None = Field(default=None, max_length=4000)
    #: The goal race's course, read from ``race.course`` by the project (never from YAML).
    _course: Course | None = PrivateAttr(default=None)

    @property
    def course(self) -> Course | None:
        """The goal race's course, when the project has read one."""
        return self._course

    def with_course(self, course: Course | None) -> Profile:
        """This profile with the goal race's course read from its file."""
        out = self.model_copy()
        out._course = course
        return out

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        if not ID_RE.match(value):
            raise ValueError(
                f"athlete id {_quoted(value)} must be lower-case letters, digits, '-' or '_'"
                " (it is the profile's file name)"
            )
        return value

    @field_validator("days")
    @classmethod
    def _days_unique_and_ordered(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("each running day may appear only once")
        return tuple(sorted(value, key=WEEKDAYS.index))

    @model_validator(mode="after")
    def _volume_for_level(self) -> Profile:
        least = MIN_WEEKLY_MINUTES[self.level]
        if self.weekly_minutes < least:
            raise KeyedValueError(
                "weekly_minutes",
                f"the {self.level} level needs at least {least} minutes of running a week"
                f" (got {self.weekly_minutes}); choose a lower level or give your real volume",
            )
        return self

    @model_validator(mode="after")
    def _descents(self) -> Profile:
        if self.hill is not None and self.descents:
            raise KeyedValueError(
                "hill", "give either 'hill' (one descent) or 'descents' (a list), not both")
        names = [d.name.casefold() for d in self.descents]
        for d in self.descents:
            if d.name.casefold() == TREADMILL:
                raise KeyedValueError(
                    "descents", f"a descent may not be called {d.name!r}: that names the"
                    " treadmill (give it as 'treadmill: {max_decline: 3}')")
            if names.count(d.name.casefold()) > 1:
                raise KeyedValueError("descents", f"two descents are called {d.name!r}")
        return self

    @property
    def all_descents(self) -> tuple[Descent, ...]:
        """The listed descents; the single ``hill`` as one called "your descent"."""
        if self.hill is not None:
            return (Descent(name=HILL_NAME, grade=self.hill.grade,
                            length_m=self.hill.length_m),)
        return self.descents

    @property
    def venues(self) -> tuple[Venue, ...]:
        """Where downhill reps can be run: each descent, then the treadmill if any."""
        out = [Venue(d.name, d.grade, d.length_m) for d in self.all_descents]
        if self.treadmill is not None:
            out.append(Venue(TREADMILL, self.treadmill.max_decline, None))
        return tuple(out)

    @model_validator(mode="after")
    def _calendar(self) -> Profile:
        if self.long_run is not None and self.long_run not in self.days:
            raise KeyedValueError(
                "long_run",
                f"long_run '{self.long_run}' is not one of the running days {list(self.days)}",
            )
        if self.start is None:
            if self.race is None:
                raise KeyedValueError(
                    "start", "give a 'start' date, or a goal 'race' with a date to count back from"
                )
            monday = self.race.date - timedelta(days=self.race.date.weekday())
            object.__setattr__(self, "start", monday - timedelta(weeks=self.weeks - 1))
        elif self.race is not None:
            last_week = self.start + timedelta(weeks=self.weeks - 1)
            end = last_week + timedelta(days=6)
            if not last_week <= self.race.date <= end:
                raise KeyedValueError(
                    "race.date", race_outside_message(self.start, self.weeks, self.race.date)
                )
        return self

    @property
    def end(self) -> date:
        assert self.start is not None
        return self.start + timedelta(weeks=self.weeks, days=-1)


def race_outside_message(start: date, weeks: int, race_day: date) -> str:
    """Explain that the race misses the last week, and say which start (or weeks) would fit."""
    last_week = start + timedelta(weeks=weeks - 1)
    shift = (race_day - start).days % 7
    fitting_start = race_day - timedelta(weeks=weeks - 1, days=shift)
    message = (
        f"race date {race_day} is not in the last week of the plan"
        f" ({last_week} to {last_week + timedelta(days=6)});"
        f" with weeks: {weeks}, use start: {fitting_start}"
    )
    fitting_weeks = (race_day - start).days // 7 + 1
    if race_day >= start and 6 <= fitting_weeks <= 24 and fitting_weeks != weeks:
        message += f", or keep the start and use weeks: {fitting_weeks}"
    return message
