"""The paces rule: paces from the race result, downhill targets, no units in text, descent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..limits import DOWNHILL_RPE, descent_m, downhill_speed
from ..model import Plan
from ..paces import downhill_target_pace, paces_from_race
from ..profile import Profile
from .common import EPS, downhill_sessions, week_paces

#: Distances and paces have no place in text: they are rendered in the athlete's units.
UNIT_TEXT = re.compile(
    r"\d\s*(?:km|mi|m|ft|yd)\b|\b(?:km|miles?|metres?|meters?|kilomet\w*)\b|/km|/mi"
    r"|\b\d{1,2}:\d\d\b"
)


def check_paces(plan: Plan, profile: Profile) -> Iterator[str]:
    race = profile.recent_race
    if race is None:
        if plan.paces is not None:
            yield "paces without a recent race result"
    else:
        want = paces_from_race(race.distance, race.time)
        got = plan.paces
        if got is None:
            yield "no paces although the profile has a recent race result"
        elif (abs(got.vdot - want.vdot) > 0.05
              or any(abs(a - b) > 0.5 for a, b in zip(
                  (*got.easy_s_per_km, got.marathon_s_per_km, got.threshold_s_per_km,
                   got.interval_s_per_km),
                  (*want.easy_s_per_km, want.marathon_s_per_km, want.threshold_s_per_km,
                   want.interval_s_per_km), strict=True))):
            yield f"paces {got} do not follow VDOT {want.vdot:.1f}"
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        if dose.rpe != DOWNHILL_RPE:
            yield f"week {week.number}: downhill effort {dose.rpe}, expected {DOWNHILL_RPE}"
        paces = week_paces(plan, week)
        if paces is None:
            if dose.target_s_per_km is not None:
                yield f"week {week.number}: a downhill pace target without paces"
            continue
        want_pace = downhill_target_pace(paces.threshold_s_per_km, dose.grade_pct)
        if dose.target_s_per_km is None or abs(dose.target_s_per_km - want_pace) > 0.5:
            yield f"week {week.number}: downhill target {dose.target_s_per_km} s/km, expected"\
                  f" {want_pace:.1f} (threshold × grade factor)"
        for s in downhill_sessions(week):
            main = next((st for st in s.steps if st.part == "main"), None)
            band = main.target.s_per_km if main and main.target else None
            if band is None or not band[0] - EPS <= want_pace <= band[1] + EPS:
                yield f"week {week.number}: the main set's pace band {band} misses the target"
    for week in plan.weeks:
        texts = [week.focus] + [t for s in week.sessions for t in (s.title, *(
            st.text for st in s.steps))]
        for text in texts:
            if UNIT_TEXT.search(text):
                yield f"week {week.number}: text with a distance or pace in it: {text!r}"
        if any(plan.paces_on(s.date) is None and st.target is not None
               and st.target.s_per_km is not None for s in week.sessions for st in s.steps):
            yield f"week {week.number}: a pace target without paces"


def check_descent(plan: Plan, profile: Profile) -> Iterator[str]:
    for week in plan.weeks:
        dose = week.downhill
        if dose is None:
            continue
        speed = downhill_speed(profile.level, week_paces(plan, week), dose.grade_pct)
        want = descent_m(dose.reps, dose.rep_seconds, speed, dose.grade_pct)
        if abs(dose.descent_m - want) > max(0.5, 0.01 * want):
            yield f"week {week.number}: descent {dose.descent_m:.1f} m, expected {want:.1f} m"
