"""What the booklet's own pages need from the plan: the block overview grid, the race-week
page, the end page and the edition (screen or print) the booklet is laid out for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..plan.limits import LAST_EASY_DAYS_OUT
from ..plan.model import Plan, Session, Week
from ..plan.paces import grade_factor
from ..plan.units import DAY_NAMES
from ..project import Athlete, ProjectConfig

#: The booklet's editions: "screen" (no blank pages; the PDF the site links) and "print"
#: (chapters open on right-hand pages, each week faces its diary page, blanks are notes pages).
EDITIONS = ("screen", "print")
#: Grades of the race-week pacing table, downhill (negative) to uphill.
RACE_GRADES = (-6.0, -4.0, -2.0, 0.0, 2.0, 4.0, 6.0)
#: What the overview grid calls each kind of session (it has little room).
SHORT_KINDS = {
    "downhill_tempo": "Downhill", "quality": "Quality", "easy": "Easy", "long": "Long",
    "strength": "Strength", "mobility": "Mobility", "race": "Race", "test": "Retest",
}
_LENGTH = re.compile(r"^([0-9.]+)([a-z]+)$")


@dataclass(frozen=True)
class OverviewWeek:
    """One row of the block overview: the week and its sessions on each of its seven days."""

    week: Week
    days: tuple[tuple[Session, ...], ...]
    phase_rows: int  # rows the phase label spans when this week opens a phase, else 0


@dataclass(frozen=True)
class RaceWeek:
    """The race-week page: the last days before the race session by session, the race, and
    its pace on each grade (none without paces)."""

    race: Session
    last_days: tuple[Session, ...]
    days_out: int
    grade_paces: tuple[tuple[float, tuple[float, float]], ...]


def overview(plan: Plan) -> tuple[tuple[str, ...], tuple[OverviewWeek, ...]]:
    """The day names of the grid's columns and one row per week."""
    first = plan.weeks[0].start if plan.weeks else plan.start
    names = tuple(DAY_NAMES[(first.weekday() + n) % 7] for n in range(7))
    rows = []
    for index, week in enumerate(plan.weeks):
        days = tuple(tuple(s for s in week.sessions if s.date == week.start + timedelta(n))
                     for n in range(7))
        opens = index == 0 or plan.weeks[index - 1].phase != week.phase
        span = 0
        if opens:
            span = next((n for n, w in enumerate(plan.weeks[index:]) if w.phase != week.phase),
                        len(plan.weeks) - index)
        rows.append(OverviewWeek(week, days, span))
    return names, tuple(rows)


def race_week(plan: Plan) -> RaceWeek | None:
    """The race-week page's content, or None for a plan without a race."""
    race = next((s for s in plan.sessions if s.kind == "race"), None)
    if race is None:
        return None
    first = race.date - timedelta(days=LAST_EASY_DAYS_OUT)
    last_days = tuple(s for s in plan.sessions if first <= s.date < race.date)
    main = next((step for step in race.steps if step.part == "main"), None)
    band = main.target.s_per_km if main is not None and main.target is not None else None
    paces: tuple[tuple[float, tuple[float, float]], ...] = ()
    if band is not None:
        paces = tuple((grade, (band[0] * grade_factor(grade), band[1] * grade_factor(grade)))
                      for grade in RACE_GRADES)
    return RaceWeek(race, last_days, LAST_EASY_DAYS_OUT, paces)


def result_session(plan: Plan) -> Session | None:
    """The session whose result closes the block: the race, else the retest."""
    return next((s for s in reversed(plan.sessions) if s.kind in ("race", "test")), None)


def coach_contact(config: ProjectConfig, athlete: Athlete) -> str | None:
    """How the athlete reaches the coach: the profile's coach email, else booklet.toml's
    ``coach_contact`` when the coach is the project's."""
    coach = athlete.profile.coach
    if coach is not None and coach.email:
        return coach.email
    settings = config.settings
    if coach is None or coach.name == settings.coach:
        return settings.coach_contact
    return None


def screen_margin(inner: str, outer: str) -> str:
    """The side margin of the screen edition: the mean of the print edition's two."""
    a, b = _LENGTH.match(inner), _LENGTH.match(outer)
    if a is None or b is None or a.group(2) != b.group(2):
        return outer
    return f"{(float(a.group(1)) + float(b.group(1))) / 2:g}{a.group(2)}"


def page_context(config: ProjectConfig, athlete: Athlete, edition: str, inner: str,
                 outer: str) -> dict[str, Any]:
    """What booklet.html's edition rules and new pages need."""
    plan = athlete.plan
    day_names, weeks = overview(plan)
    return {
        "edition": edition,
        "side_margin": screen_margin(inner, outer),
        "overview_days": day_names,
        "overview_weeks": weeks,
        "short_kinds": SHORT_KINDS,
        "race_week": race_week(plan),
        "result_session": result_session(plan),
        "coach_contact": coach_contact(config, athlete),
        "year": _years(plan.start, plan.end),
    }


def _years(first: date, last: date) -> str:
    return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
