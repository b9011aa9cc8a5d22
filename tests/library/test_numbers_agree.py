"""The chapters print the engine's numbers: recoveries, taper shares and the race approach.

Each figure a chapter states and the plan prescribes is read from the bundled Markdown and
compared with the constant the engine plans by, so changing one without the other fails."""

from __future__ import annotations

import re

import pytest

from booklet.plan.limits import (
    FULL_DOWNHILL_DAYS_OUT,
    LEVELS,
    SHARPENER_DAYS_OUT,
    SHARPENER_GRADE,
    SHARPENER_REP_SECONDS,
    SHARPENER_REPS,
    TAPER_LONG_SHARE,
    prescribed_recovery,
)
from booklet.plan.season import TAPER_SHARES
from booklet.project import content_dir


def chapter(block_id: str) -> str:
    return (content_dir() / f"{block_id}.md").read_text(encoding="utf-8")


def clock(text: str) -> int:
    """'2:15' or '90 s' in seconds."""
    if ":" in text:
        minutes, seconds = text.split(":")
        return 60 * int(minutes) + int(seconds)
    return int(text.removesuffix(" s"))


def test_recovery_table_is_the_prescribed_recovery():
    rows = re.findall(r"^\| (\d+) s \| ([\d:]+) \|$", chapter("recovery/between-reps"), re.M)
    assert len(rows) >= 5
    for rep, recovery in rows:
        for level in LEVELS:
            assert clock(recovery) == prescribed_recovery(level, int(rep)), (rep, level)


def test_taper_chapter_states_the_taper_shares():
    text = chapter("planning/taper")
    first, race_week = TAPER_SHARES
    assert f"About {round(first * 100)}% of normal (−{round((1 - first) * 100)}%)" in text
    assert f"About {round(race_week * 100)}% of normal (−{round((1 - race_week) * 100)}%)" in text
    assert f"| Long run | About {round(TAPER_LONG_SHARE * 100)}% of usual | None |" in text


@pytest.mark.parametrize("block_id", ["planning/taper", "planning/downhill-races"])
def test_race_approach_in_the_chapters(block_id):
    text = chapter(block_id)
    lo, hi = SHARPENER_DAYS_OUT
    assert re.search(rf"\b{lo}(-| to ){hi} days out", text), "sharpener window"
    assert re.search(rf"\b3-{SHARPENER_REPS} × {SHARPENER_REP_SECONDS} s at −2% to "
                     rf"−{SHARPENER_GRADE:g}%", text), "sharpener dose"


def test_last_full_downhill_session_in_the_race_chapter():
    text = chapter("planning/downhill-races")
    assert f"last full downhill session {FULL_DOWNHILL_DAYS_OUT}-14 days before the race" in text
