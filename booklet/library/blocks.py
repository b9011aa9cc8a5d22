"""Content blocks and their selection for an athlete (pure: no files, no rendering)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import KeyedValueError
from . import numbers

Category = Literal[
    "technique", "warmup", "strength", "cooldown", "recovery", "safety", "planning", "diary"
]
#: Chapter order in the booklet and on the site.
CATEGORIES: tuple[str, ...] = (
    "technique", "warmup", "strength", "cooldown", "recovery", "safety", "planning", "diary",
)
CATEGORY_TITLES: dict[str, str] = {
    "technique": "Technique",
    "warmup": "Warmup and drills",
    "strength": "Strength",
    "cooldown": "Cooldown",
    "recovery": "Recovery",
    "safety": "Safety and gear",
    "planning": "Planning your season",
    "diary": "The diary and back-off rules",
}
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
BLOCK_ID_RE = re.compile(rf"^({_SLUG})/({_SLUG})$")


Level = Literal["beginner", "intermediate", "advanced"]
LEVEL_NAMES: tuple[str, ...] = ("beginner", "intermediate", "advanced")


class Dose(BaseModel):
    """One level's dose of a strength exercise: ``sets`` × ``reps`` (each side when
    ``each_side``); ``note`` is how to do it at that level (a printed cell, no numbers the
    plan uses). A plyometric exercise's landings are sets × reps (× 2 each side)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    sets: int = Field(ge=1, le=10)
    reps: int = Field(ge=1, le=50)
    each_side: bool = False
    note: str | None = Field(default=None, max_length=80)

    @property
    def landings(self) -> int:
        return self.sets * self.reps * (2 if self.each_side else 1)

    @property
    def text(self) -> str:
        """3 × 12, or 3 × 8 each side."""
        return f"{self.sets} × {self.reps}" + (" each side" if self.each_side else "")


class FrontMatter(BaseModel):
    """The YAML header of a block file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=BLOCK_ID_RE.pattern)
    title: str = Field(min_length=1, max_length=90)
    category: Category
    levels: tuple[Literal["beginner", "intermediate", "advanced"], ...] = Field(min_length=1)
    phases: tuple[Literal["base", "build", "peak", "taper"], ...] = Field(min_length=1)
    minutes: int | None = Field(default=None, ge=1, le=120)
    summary: str = Field(min_length=10, max_length=200)
    exercise: str | None = Field(default=None, pattern=rf"^{_SLUG}$")
    plyometric: bool = False
    #: Strength exercises: the dose at each level, read by the engine and printed by
    #: ``{{dose-table}}`` (see ``dose_table``).
    dose: dict[Level, Dose] | None = None
    order: int = Field(default=50, ge=0, le=999)  # place within its chapter, lowest first

    @model_validator(mode="after")
    def _consistent(self) -> FrontMatter:
        if self.id.split("/")[0] != self.category:
            raise KeyedValueError(
                "id", f"id '{self.id}' must start with its category '{self.category}/'"
            )
        if self.exercise is not None and self.category != "strength":
            raise KeyedValueError("exercise", "only strength blocks name an exercise")
        if self.dose is not None:
            if self.exercise is None:
                raise KeyedValueError("dose", "only exercise blocks have a dose")
            missing = [level for level in self.levels if level not in self.dose]
            if missing:
                raise KeyedValueError("dose", f"no dose for {', '.join(missing)}")
        return self


@dataclass(frozen=True)
class ContentBlock:
    """One curated piece of coaching text, with where it came from."""

    meta: FrontMatter
    body: str  # Markdown
    source: Path
    body_line: int  # line of the file where the body starts, for messages

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def category(self) -> str:
        return self.meta.category

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def summary(self) -> str:
        """The front matter's summary, the engine's numbers in it printed (values only)."""
        return numbers.expand(self.meta.summary)

    @cached_property
    def markdown(self) -> str:
        """The body to render: a ``{{dose-table}}`` line becomes the block's dose table, and
        the engine's numbers (``numbers``: ``{{recovery.min}}``, ``{{recovery-table}}``, ...)
        are printed."""
        return numbers.expand(DOSE_TABLE_RE.sub(lambda _: dose_table(self.meta), self.body))

    def fits(self, level: str, phases: Iterable[str]) -> bool:
        return level in self.meta.levels and bool(set(phases) & set(self.meta.phases))


#: A line of its own naming the dose table: ``{{dose-table}}`` (spaces inside allowed).
DOSE_TABLE_RE = re.compile(r"^[ \t]*\{\{[ \t]*dose-table[ \t]*\}\}[ \t]*$", re.MULTILINE)


def dose_table(meta: FrontMatter) -> str:
    """The front matter's ``dose`` as a Markdown table: level, sets × reps, the landings of a
    plyometric exercise, and the notes if any level has one."""
    if meta.dose is None:
        raise KeyedValueError("dose", f"{meta.id} uses {{{{dose-table}}}} but has no dose")
    rows = [(level, meta.dose[level]) for level in LEVEL_NAMES if level in meta.dose]
    header = ["Level", "Sets × reps"]
    if meta.plyometric:
        header.append("Landings")
    notes = any(d.note for _, d in rows)
    if notes:
        header.append("How")
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for level, d in rows:
        cells = [level.capitalize(), d.text]
        if meta.plyometric:
            cells.append(str(d.landings))
        if notes:
            cells.append(d.note or "")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Library:
    """All blocks by id, plus which bundled blocks a project overrode."""

    blocks: Mapping[str, ContentBlock]
    overridden: tuple[str, ...] = ()

    def __contains__(self, block_id: object) -> bool:
        return block_id in self.blocks

    def __getitem__(self, block_id: str) -> ContentBlock:
        return self.blocks[block_id]

    def ordered(self) -> list[ContentBlock]:
        """Blocks in chapter order, then by ``order`` and id: stable for every build."""
        return list(self._ordered)

    @cached_property
    def _ordered(self) -> tuple[ContentBlock, ...]:
        return tuple(sorted(self.blocks.values(), key=_order_key))

    @cached_property
    def titles(self) -> dict[str, str]:
        """Every block's title by id."""
        return {block_id: block.title for block_id, block in self.blocks.items()}


def _order_key(block: ContentBlock) -> tuple[int, int, str]:
    return CATEGORIES.index(block.category), block.meta.order, block.id


def select_blocks(
    library: Library, level: str, phases: Iterable[str], required: Iterable[str] = ()
) -> list[ContentBlock]:
    """The blocks for an athlete: those that fit the level and a phase of the plan, plus any
    the plan's sessions refer to, in chapter order."""
    phases = set(phases)
    wanted = set(required)
    return [b for b in library.ordered() if b.fits(level, phases) or b.id in wanted]


def chapters(blocks: Iterable[ContentBlock]) -> list[tuple[str, list[ContentBlock]]]:
    """Group (already ordered) blocks by category, in chapter order, skipping empty ones."""
    grouped: dict[str, list[ContentBlock]] = {}
    for block in blocks:
        grouped.setdefault(block.category, []).append(block)
    return [(c, grouped[c]) for c in CATEGORIES if c in grouped]


def titled_chapters(blocks: Iterable[ContentBlock]) -> list[tuple[str, str, list]]:
    """``chapters`` with each chapter's title: (category, title, blocks)."""
    return [(c, CATEGORY_TITLES[c], group) for c, group in chapters(blocks)]


def exercise_doses(library: Library) -> dict[str, dict[str, Dose]]:
    """Every exercise block's dose by exercise slug and level."""
    return {b.meta.exercise: dict(b.meta.dose) for b in library.ordered()
            if b.meta.exercise is not None and b.meta.dose is not None}


def missing_references(library: Library, block_ids: Iterable[str]) -> list[str]:
    return sorted({b for b in block_ids if b not in library})
