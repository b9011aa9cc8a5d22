"""The retest rule: without a goal race the last week is a deload with a retest.

The last week of a plan without a goal race is a deload holding exactly one ``test``
session (a 3 km time trial or a 20-minute test): warmup, the test, cooldown, on flat ground,
so the next block starts from a measured result. A plan with a goal race has no test
session (the race is its test). Where the retest week's minutes cannot hold both the test
and the downhill session, the test takes the downhill session's place.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..backoff import SWAPPING
from ..model import Plan, Week
from ..profile import Profile
from .common import adjusted

TEST_PARTS = ("warmup", "main", "cooldown")


def retest_week(plan: Plan, week: Week) -> bool:
    """Whether ``week`` is the retest week: the last week of a plan without a goal race."""
    return plan.race is None and bool(plan.weeks) and week is plan.weeks[-1]


def check_retest(plan: Plan, profile: Profile) -> Iterator[str]:
    tests = [(w, s) for w in plan.weeks for s in w.sessions if s.kind == "test"]
    if profile.race is not None:
        for w, s in tests:
            yield f"week {w.number}: a test session on {s.date} in a plan with a goal race"
        return
    if not plan.weeks:
        return
    last = plan.weeks[-1]
    if not last.deload:
        yield f"week {last.number}: the last week of a plan without a goal race is not a"\
              " deload (the retest week)"
    in_last = [s for w, s in tests if w is last]
    if len(in_last) > 1 or (not in_last and not adjusted(plan, last, SWAPPING)):
        yield f"week {last.number}: {len(in_last)} test sessions in the retest week,"\
              " expected exactly one"
    for w, s in tests:
        where = f"week {w.number}: test session on {s.date}"
        if w is not last:
            yield f"{where}, not in the last week"
        parts = tuple(st.part for st in s.steps)
        if parts != TEST_PARTS:
            yield f"{where} has steps {list(parts)}, expected {list(TEST_PARTS)}"
        if s.terrain != "flat":
            yield f"{where} on {s.terrain} terrain, not flat"
