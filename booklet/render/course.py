"""The race course on the page: the pacing card's rows and the course summary, in the
athlete's units, for the booklet and the site alike (one view, two templates)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..plan import Plan
from ..plan.course import DESCENT_BANDS, Course, SustainedDescent, band_label
from ..plan.pacing import PacingCard, pacing_card
from ..plan.units import format_clock, format_slope
from ..plan.wording import distance, elevation, pace, pace_clock
from .chart import course_chart_svg, course_description


@dataclass(frozen=True)
class CardRow:
    """One segment of the pacing card as printed."""

    number: int
    start: str
    end: str
    grade: str
    slope: str  # "down", "up" or "flat": how the row is marked
    cue: str
    pace: str = ""  # m:ss, per the athlete's unit (the column heading says which)
    time: str = ""
    split: str = ""


@dataclass(frozen=True)
class CourseView:
    """What the course page and the card show."""

    race: str
    card: PacingCard
    rows: tuple[CardRow, ...]
    facts: tuple[tuple[str, str], ...]
    bands: tuple[tuple[str, str], ...]
    finish: str
    flat_pace: str
    chart: Markup
    chart_alt: str
    unit: str  # the athlete's distance unit: km or mi
    #: The splits for the wristband strip: (where, time).
    strip: tuple[tuple[str, str], ...]


def _descent_text(d: SustainedDescent | None, units: str) -> str:
    if d is None:
        return "none"
    return (f"{distance(d.length_m, units)} at {format_slope(d.grade_pct)},"
            f" from {distance(d.start_m, units)}")


def _slope(grade: float) -> str:
    return "down" if grade <= -2 else "up" if grade >= 2 else "flat"


def course_view(plan: Plan, *, id_prefix: str = "course-chart", width: int = 640,
                height: int = 200) -> CourseView | None:
    """The course's card and summary, or None for a plan whose race has no course."""
    if plan.race is None or plan.race.course is None:
        return None
    course: Course = plan.race.course
    units = plan.athlete.units
    card = pacing_card(course, plan.paces, plan.race.distance_m)
    rows = []
    for i, row in enumerate(card.rows, 1):
        seg = row.segment
        rows.append(CardRow(
            i, "start" if i == 1 else distance(seg.start_m, units), distance(seg.end_m, units),
            format_slope(seg.grade_pct), _slope(seg.grade_pct), row.cue,
            "" if row.s_per_km is None else pace_clock(row.s_per_km, units),
            "" if row.seconds is None else format_clock(row.seconds),
            "" if row.split_s is None else format_clock(row.split_s)))
    facts = (
        ("Distance", distance(course.distance_m, units)),
        ("Climb", elevation(course.climb_m, units)),
        ("Descent", elevation(course.descent_m, units)),
        ("Longest descent", _descent_text(course.longest_descent, units)),
        ("Steepest descent", _descent_text(course.steepest_descent, units)),
    )
    bands = tuple((band_label(band), f"{share:.0%}")
                  for band, share in zip(DESCENT_BANDS, course.band_shares(), strict=True))
    strip = tuple((r.end, r.split) for r in rows) if card.by_pace else ()
    return CourseView(
        race=plan.race.name, card=card, rows=tuple(rows), facts=facts, bands=bands,
        finish="" if card.finish_s is None else format_clock(card.finish_s),
        flat_pace="" if card.flat_s_per_km is None else pace(card.flat_s_per_km, units),
        chart=course_chart_svg(course, units, plan.race.name, id_prefix=id_prefix,
                               width=width, height=height),
        chart_alt=f"{plan.race.name}: elevation profile. {course_description(course, units)}",
        unit=units,
        strip=strip)
