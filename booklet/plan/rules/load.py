"""The phases and load rules: phases in order, deloads, and how the weekly minutes move."""

from __future__ import annotations

from collections.abc import Iterator

from ..limits import DELOAD_MAX_SHARE, WEEK_ONE_TOLERANCE, WEEKLY_RISE_MAX, training_minutes
from ..model import PHASES, RUN_KINDS, Plan
from ..profile import Profile
from .common import EPS, cut


def check_phases_and_load(plan: Plan, profile: Profile) -> Iterator[str]:
    weeks = plan.weeks
    if not weeks:
        return
    phases = [w.phase for w in weeks]
    order = [PHASES.index(p) for p in phases]
    if order != sorted(order):
        yield f"phases out of order: {phases}"
    for phase in ("base", "build", "peak"):
        if phase not in phases:
            yield f"the plan has no {phase} phase"
    taper = phases.count("taper")
    if profile.race is None and taper:
        yield "a taper without a goal race"
    if profile.race is not None and not 1 <= taper <= 2:
        yield f"a taper of {taper} weeks, expected 1-2"
    if 4 * phases.count("base") < len(weeks):
        yield f"base is {phases.count('base')} of {len(weeks)} weeks, less than a quarter"
    for i in range(max(0, len(weeks) - 3)):
        window = weeks[i:i + 4]
        if not any(w.deload or w.phase == "taper" for w in window):
            yield f"weeks {window[0].number}-{window[-1].number}: four weeks without a deload"
    for w in weeks:
        if w.deload and w.phase == "taper":
            yield f"week {w.number}: a taper week marked as a deload"
    for prev, w in zip(weeks, weeks[1:], strict=False):
        if w.deload and w.phase != prev.phase:
            yield f"week {w.number}: the first week of the {w.phase} phase is a deload; a"\
                  " deload closes a block"
    minutes = [training_minutes(w) for w in weeks]
    for w in weeks:
        running = sum(s.minutes for s in w.sessions if s.kind in RUN_KINDS)
        if running != w.planned_minutes:
            yield f"week {w.number}: planned {w.planned_minutes} min but runs add up to {running}"
    capped = any(w.code == "volume_capped" for w in plan.warnings)
    # a week a re-plan's back-off cut is passed over as a reference, as a deload is
    cuts = [cut(plan, w) for w in weeks]
    if minutes[0] > (1 + WEEK_ONE_TOLERANCE) * profile.weekly_minutes + EPS or (
            minutes[0] < (1 - WEEK_ONE_TOLERANCE) * profile.weekly_minutes - EPS
            and not capped and not cuts[0]):
        yield f"week 1: {minutes[0]} min is not within 10% of {profile.weekly_minutes}"
    for i in range(1, len(weeks)):
        w, prev = weeks[i], weeks[i - 1]
        if w.deload:
            before = i - 1
            while before >= 0 and cuts[before]:
                before -= 1
            if before >= 0 and minutes[i] > DELOAD_MAX_SHARE * minutes[before] + EPS:
                yield f"week {w.number}: deload of {minutes[i]} min is more than 80% of"\
                      f" {minutes[before]}"
            continue
        ref = i - 1
        while ref > 0 and (weeks[ref].deload or cuts[ref]):
            ref -= 1
        if cuts[ref]:  # every week before was cut: nothing to compare with
            continue
        if minutes[i] > (1 + WEEKLY_RISE_MAX) * minutes[ref] + EPS:
            what = "the week before the deload" if prev.deload else "the week before"
            yield f"week {w.number}: {minutes[i]} min is more than 10% over {what}"\
                  f" ({minutes[ref]})"
