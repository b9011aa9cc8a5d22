"""What the booklet and the site's plan pages share: rendered blocks and the page context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import __version__
from ..library import ContentBlock, Library, render
from ..plan.paces import downhill_target_pace
from ..plan.units import METRES_PER_MILE, format_clock
from ..project import Athlete, ProjectConfig
from .diary_edition import edition_view

#: Grades shown in the downhill pace table.
PACE_GRADES = (2.0, 3.0, 4.0, 5.0, 6.0)
RACE_NAMES = {5000.0: "5K", 10000.0: "10K", 21097.5: "half marathon", 42195.0: "marathon"}


@dataclass(frozen=True)
class RenderedBlock:
    id: str
    category: str
    title: str
    summary: str
    html: Markup

    @property
    def anchor(self) -> str:
        return block_anchor(self.id)


def block_anchor(block_id: str) -> str:
    return "block-" + block_id.replace("/", "-")


def render_block(md: MarkdownIt, block: ContentBlock, resolve: Callable[[str, str], str | None],
                 heading_shift: int = 0) -> RenderedBlock:
    """A block's Markdown as HTML, its links and images passed through ``resolve``."""
    html = Markup(render(md, block.markdown, resolve, heading_shift))
    return RenderedBlock(block.id, block.category, block.title, block.summary, html)


def common_context(config: ProjectConfig, athlete: Athlete, library: Library) -> dict[str, Any]:
    """What both the booklet and the site's plan page receive (``diary_edition``: the public view
    of a plan re-planned from the diary, without health notes; the booklet's shows them)."""
    coach = athlete.profile.coach.name if athlete.profile.coach else config.settings.coach
    return {
        "project": config.settings,
        "profile": athlete.profile,
        "plan": athlete.plan,
        "units": athlete.profile.units,
        "titles": library.titles,
        "block_link": lambda block_id: "#" + block_anchor(block_id),
        "coach": coach,
        "version": __version__,
        "diary_edition": edition_view(athlete, public=True),
    }


def grade_paces(athlete: Athlete) -> list[tuple[float, float, int]]:
    """(grade, target s/km, seconds faster than threshold per display unit) for each grade."""
    paces = athlete.plan.paces
    if paces is None:
        return []
    per_unit = METRES_PER_MILE / 1000 if athlete.profile.units == "mi" else 1.0
    rows = []
    for grade in PACE_GRADES:
        target = downhill_target_pace(paces.threshold_s_per_km, grade)
        rows.append((grade, target, round((paces.threshold_s_per_km - target) * per_unit)))
    return rows


def race_words(athlete: Athlete) -> tuple[str, str]:
    race = athlete.profile.recent_race
    if race is None:
        return "", ""
    label = RACE_NAMES.get(race.distance, f"{race.distance / 1000:g} km race")
    return label, format_clock(race.time)
