"""The real-descents rule (issue 12, C5): every downhill session names where it is run.

Each downhill session (and its week's dose) names a descent from the profile (the single
``hill`` is called "your descent") or ``treadmill`` where the profile has one; the prescribed
grade is within 1.0 point of that descent's grade (on the treadmill: at most its max
decline), never over 6%, and the rep fits the descent's length (a treadmill has no length
limit). A descent steeper than 6% is never used, and a plan whose profile lists one says so
(``steep_descent``). A plan whose downhill days became flat strides and eccentric strength
carries ``no_suitable_descent``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..limits import DESCENT_GRADE_BAND, MAX_DESCENT_GRADE, Venue, downhill_speed
from ..model import Plan, Session
from ..profile import Profile
from .common import EPS, downhill_sessions, week_paces

#: The session the downhill day becomes where no descent suits.
FLAT_TITLE = "Strides and eccentric strength"


def flat_replacement(session: Session) -> bool:
    """Flat strides plus eccentric strength (step-downs, slow calf lowering)."""
    exercises = {st.exercise for st in session.steps}
    return (session.kind == "easy" and session.terrain == "flat"
            and any(st.part == "strides" for st in session.steps)
            and "step-down" in exercises and "calf-raise" in exercises)


def named_venue(profile: Profile, name: str | None) -> Venue | None:
    return next((v for v in profile.venues if v.name == name), None)


def check_descents(plan: Plan, profile: Profile) -> Iterator[str]:
    codes = {w.code for w in plan.warnings}
    steep = [v for v in profile.venues if v.too_steep]
    if steep and "steep_descent" not in codes:
        yield f"{steep[0].name} ({steep[0].grade:g}%) is steeper than {MAX_DESCENT_GRADE:g}%"\
              " but the plan has no steep_descent warning"
    flat = [s for s in plan.sessions if flat_replacement(s)]
    if flat and "no_suitable_descent" not in codes:
        yield f"strides and eccentric strength on {flat[0].date} replace the downhill session,"\
              " but the plan has no no_suitable_descent warning"
    if flat and any(downhill_sessions(w) for w in plan.weeks):
        yield "the plan has both downhill sessions and their flat replacement"
    for week in plan.weeks:
        n, dose = week.number, week.downhill
        for s in downhill_sessions(week):
            if dose is not None and s.descent != dose.descent:
                yield f"week {n}: the downhill session on {s.date} names {s.descent!r}, its"\
                      f" week's dose {dose.descent!r}"
        if dose is None:
            continue
        venue = named_venue(profile, dose.descent)
        if venue is None:
            yield f"week {n}: the downhill dose names {dose.descent!r}, which the profile"\
                  " does not list"
            continue
        if venue.too_steep:
            yield f"week {n}: reps on {venue.name}, steeper than {MAX_DESCENT_GRADE:g}%"
        if dose.grade_pct > MAX_DESCENT_GRADE + EPS:
            yield f"week {n}: grade {dose.grade_pct:g}% is over {MAX_DESCENT_GRADE:g}%"
        if venue.treadmill:
            if dose.grade_pct > venue.grade + EPS:
                yield f"week {n}: grade {dose.grade_pct:g}% is more than the treadmill's"\
                      f" {venue.grade:g}% decline"
            continue
        if abs(dose.grade_pct - venue.grade) > DESCENT_GRADE_BAND + EPS:
            yield f"week {n}: grade {dose.grade_pct:g}% on {venue.name} ({venue.grade:g}%),"\
                  f" more than {DESCENT_GRADE_BAND:g} point from its grade"
        assert venue.length_m is not None
        speed = downhill_speed(profile.level, week_paces(plan, week), dose.grade_pct)
        if dose.rep_seconds * speed > venue.length_m + EPS:
            yield f"week {n}: a {dose.rep_seconds} s rep covers {dose.rep_seconds * speed:.0f} m,"\
                  f" more than the {venue.length_m:g} m of {venue.name}"
