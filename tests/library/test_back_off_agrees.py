"""One source for the back-off rules: the diary chapter's decision table is printed from the
registry the re-planner applies, and what it prints for each soreness level is the decision
``booklet replan`` names for that level."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from booklet.library import load_library, make_markdown, render
from booklet.plan import Profile, make_plan
from booklet.plan.backoff import JOG_MAX_MIN, MISSED_WEEK_SHARE, RULES, WATCH_DAY, decide
from booklet.plan.diary import DiaryEntry
from booklet.plan.replan import replan
from booklet.project import content_dir

from ..support.sample_profiles import BEGINNER

ROW = re.compile(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>(.*?)</td>\s*</tr>", re.S)


@pytest.fixture(scope="module")
def chapter() -> str:
    block = load_library([content_dir()])["diary/back-off-rules"]
    return render(make_markdown(), block.markdown, lambda _k, t: t)


@pytest.fixture(scope="module")
def printed(chapter) -> dict[int, tuple[str, str]]:
    """Soreness level -> (decision, advice), read back from the rendered chapter."""
    out = {}
    for levels, decision, advice in ROW.findall(chapter):
        low, _, high = levels.partition("-")
        for level in range(int(low), int(high or low) + 1):
            out[level] = (decision, advice)
    return out


def test_the_chapter_prints_the_table_from_the_registry():
    text = (content_dir() / "diary" / "back-off-rules.md").read_text(encoding="utf-8")
    assert "{{back-off-table}}" in text
    assert "| 3 | Drop a step" not in text  # no hand-typed copy of a row


def test_every_soreness_level_is_printed_once(printed):
    assert sorted(printed) == list(range(7))
    assert [r.name for r in RULES] == list(dict.fromkeys(d for d, _ in printed.values()))


@pytest.mark.parametrize("soreness", range(7))
def test_the_printed_decision_is_the_one_the_replanner_applies(printed, soreness):
    profile = Profile(**BEGINNER)
    plan = make_plan(profile)
    day = [s.date for s in plan.sessions if s.kind == "downhill_tempo"][3]
    entry = DiaryEntry(day, "downhill_tempo", done=True, soreness_48h=soreness,
                       soreness_72h=0)
    applied = {a.rule for a in replan(profile, [entry], day + timedelta(days=3)).adjustments}
    decision, advice = printed[soreness]
    assert decide(soreness).name == decision
    if decision == "Carry on":
        assert applied == set()
    else:
        assert decision in applied
    rule = decide(soreness)
    if rule.until is not None:
        assert f"at {rule.until} or less" in advice


def test_the_printed_numbers_are_the_engines(printed, chapter):
    advice = printed[5][1]
    assert f"at most {JOG_MAX_MIN} min" in advice and f"by day {WATCH_DAY}" in advice
    assert f"less than {round(100 * MISSED_WEEK_SHARE)}% of its minutes" in chapter
