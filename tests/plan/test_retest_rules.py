"""The retest rule (issue 12, C10): the checker catches each way of breaking it.

Without a goal race the last week is a deload with exactly one ``test`` session (warmup,
the test, cooldown, on the flat); with a goal race there is no test session.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from booklet.plan import Plan, Profile, check_plan, make_plan
from booklet.plan.sessions import retest_session

from ..support.sample_profiles import ADVANCED, BEGINNER, NO_RESULT
from .test_rules import broken, session, with_session, with_week, without_session


@pytest.fixture(scope="module")
def plans() -> dict[str, tuple[Profile, Plan]]:
    out = {}
    for name, data in [("beginner", BEGINNER), ("no_result", NO_RESULT), ("advanced", ADVANCED)]:
        profile = Profile(**data)
        out[name] = (profile, make_plan(profile))
    return out


def test_the_fixtures_are_valid_and_end_with_a_retest(plans):
    for name, (profile, plan) in plans.items():
        assert check_plan(plan, profile) == []
        tests = [s for s in plan.sessions if s.kind == "test"]
        if name == "advanced":
            assert tests == []
        else:
            assert plan.weeks[-1].deload and len(tests) == 1
            assert tests[0] in plan.weeks[-1].sessions


def test_last_week_not_a_deload(plans):
    profile, plan = plans["beginner"]
    broken(with_week(plan, 12, deload=False), profile,
           "week 12: the last week of a plan without a goal race is not a deload")


def test_retest_week_without_a_test(plans):
    profile, plan = plans["beginner"]
    broken(without_session(plan, 12, "test"), profile,
           "week 12: 0 test sessions in the retest week, expected exactly one")


def test_two_tests_in_the_retest_week(plans):
    profile, plan = plans["no_result"]
    week = plan.weeks[-1]
    easy = next(s for s in week.sessions if s.kind == "easy")
    extra = retest_session(easy.date, None)
    sessions = tuple(s for s in week.sessions if s is not easy) + (extra,)
    broken(with_week(plan, len(plan.weeks), sessions=sessions), profile,
           "2 test sessions in the retest week, expected exactly one")


def test_a_test_before_the_last_week(plans):
    profile, plan = plans["beginner"]
    quality = session(plan, 5, "quality")
    broken(with_session(plan, 5, "quality", kind="test"), profile,
           f"week 5: test session on {quality.date}, not in the last week")


def test_a_test_with_a_goal_race(plans):
    profile, plan = plans["advanced"]
    quality = session(plan, 5, "quality")
    broken(with_session(plan, 5, "quality", kind="test"), profile,
           f"week 5: a test session on {quality.date} in a plan with a goal race")


def test_a_test_without_its_warmup(plans):
    profile, plan = plans["beginner"]
    test = session(plan, 12, "test")
    broken(with_session(plan, 12, "test", steps=test.steps[1:]), profile,
           "expected ['warmup', 'main', 'cooldown']")


def test_a_test_off_the_flat(plans):
    profile, plan = plans["beginner"]
    broken(with_session(plan, 12, "test", terrain="downhill"), profile,
           "on downhill terrain, not flat")


def test_a_test_next_to_the_downhill_session(plans):
    """The test is a hard session: never on the day after (or before) another one."""
    profile, plan = plans["beginner"]
    downhill = session(plan, 12, "downhill_tempo")
    moved = with_session(plan, 12, "test", date=downhill.date + timedelta(days=1))
    broken(moved, profile, "hard sessions on consecutive days")
