"""The strength doses the engine plans with, read from the content blocks the project loads.

Each exercise block's front matter names its dose by level (``dose:``); a club's own block
replaces the bundled one, and with it the numbers in its athletes' plans, so the chapter a
runner reads and the plan they follow print the same sets and reps.
"""

from __future__ import annotations

from ..library import Library, exercise_doses
from ..plan.strength import DEFAULT_DOSES, Doses, ExerciseDose


def plan_doses(library: Library) -> Doses:
    """Every exercise's dose by slug and level: the library's, else the bundled ones."""
    out = {slug: dict(levels) for slug, levels in DEFAULT_DOSES.items()}
    for slug, levels in exercise_doses(library).items():
        out.setdefault(slug, {}).update(
            {level: ExerciseDose(d.sets, d.reps, d.each_side) for level, d in levels.items()})
    return out
