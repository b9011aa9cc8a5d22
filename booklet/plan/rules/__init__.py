"""The coaching rules as an oracle: ``check_plan`` lists every rule a plan breaks.

It reads only the finished Plan and the Profile, never how the engine got there, so it can
judge any plan (property tests, ``booklet check``). One module per group of rules, named as
the README names them: ``frame`` (the Frame rules), ``load`` (phases and load), ``dose`` (the
downhill dose and the level bounds), ``race`` (the race approach and taper volume), ``long``
(the long-run bounds), ``retest`` (the retest week), ``paces``, ``strength`` (where
strength goes, how often, its landings and sets) and ``course`` (training for the race's
course). The numbers they check against live in
``booklet.plan.limits``; paces are recomputed with ``booklet.plan.paces``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import Plan
from ..profile import Profile
from .course import check_course
from .descents import check_descents
from .dose import check_dose_progression, check_level_bounds, check_recovery
from .frame import (
    check_calendar,
    check_hard_day_spacing,
    check_round_numbers,
    check_session_anatomy,
    check_strength,
    check_weekly_frame,
)
from .load import check_phases_and_load
from .long import check_long_runs
from .paces import check_descent, check_paces
from .race import check_race_approach, check_taper_volume
from .retest import check_retest
from .strength import check_strength_count, check_strength_dose, check_strength_placement

Check = Callable[[Plan, Profile], Iterator[str]]


def check_plan(plan: Plan, profile: Profile) -> list[str]:
    """One readable message per broken rule; empty when the plan keeps them all."""
    return [message for check in CHECKS for message in check(plan, profile)]


CHECKS: tuple[Check, ...] = (
    check_calendar,
    check_weekly_frame,
    check_hard_day_spacing,
    check_dose_progression,
    check_level_bounds,
    check_descents,
    check_recovery,
    check_session_anatomy,
    check_round_numbers,
    check_strength,
    check_phases_and_load,
    check_long_runs,
    check_race_approach,
    check_taper_volume,
    check_retest,
    check_paces,
    check_descent,
    check_strength_placement,
    check_strength_count,
    check_strength_dose,
    check_course,
)


__all__ = ["CHECKS", "Check", "check_plan"]
