"""Each athlete's booklet as the HTML WeasyPrint renders: whole, or in two parts for layout
reuse (the athlete's personal part, and the chapters, shared by athletes who read the same
blocks on the same paper and rendered once for all of them)."""

from __future__ import annotations

from jinja2 import Environment
from markdown_it import MarkdownIt

from ..library import ContentBlock, make_markdown, select_blocks, titled_chapters
from ..pdf import RESERVED_MARK, Edition
from ..project import Athlete, Project
from .booklet import booklet_page, render_print_blocks
from .pages import EDITIONS
from .templating import make_environment


def athlete_blocks(project: Project, athlete: Athlete) -> list[ContentBlock]:
    phases = {w.phase for w in athlete.plan.weeks}
    return select_blocks(project.library, athlete.profile.level, phases, athlete.plan.block_ids)


class Booklets:
    """Renders the booklet HTML of a project's athletes, sharing the work between them: content
    blocks are rendered once per selection of blocks, the chapters part once per selection
    and paper (athletes of a level usually share both)."""

    def __init__(self, project: Project, env: Environment | None = None,
                 md: MarkdownIt | None = None):
        self.project = project
        self.env = env or make_environment(project.config.templates_path)
        self.md = md or make_markdown(project.config.settings.allow_html)
        self._blocks: dict[tuple[str, ...], list] = {}
        self._chapters: dict[tuple, str] = {}

    def html(self, athlete: Athlete, paper: str | None = None, part: str = "whole",
             edition: str = "screen") -> str:
        """One athlete's booklet as HTML: whole, or its "personal" part, or its "chapters";
        in the "screen" or the "print" edition (booklet.render.pages)."""
        if edition not in EDITIONS:
            raise ValueError(f"no booklet edition {edition!r}; choose one of {EDITIONS}")
        blocks = athlete_blocks(self.project, athlete)
        selection = tuple(block.id for block in blocks)
        key = (selection, paper, edition)
        if part == "chapters" and key in self._chapters:
            return self._chapters[key]
        if selection not in self._blocks:
            self._blocks[selection] = titled_chapters(render_print_blocks(
                self.md, blocks, self.project.config.roots))
        html = booklet_page(self.env, self.project.config, athlete, self._blocks[selection],
                            self.project.library, paper=paper, part=part, edition=edition)
        if part == "chapters":
            self._chapters[key] = html
        return html

    def edition(self, athlete: Athlete, paper: str | None = None,
                edition: str = "screen") -> Edition:
        """How one athlete's booklet is rendered: in two parts when the project reuses layout
        and its template marks where the chapters go, else whole."""
        identifier = athlete.profile.id + ("" if paper is None else f"-{paper}")
        identifier += "" if edition == "screen" else f"-{edition}"
        if self.project.config.settings.reuse_layout:
            personal = self.html(athlete, paper, part="personal", edition=edition)
            if personal.count(RESERVED_MARK) == 1:
                shared = self.html(athlete, paper, part="chapters", edition=edition)
                return Edition(personal, identifier, shared=shared)
        return Edition(self.html(athlete, paper, edition=edition), identifier)


def booklet_html(project: Project, athlete: Athlete, paper: str | None = None,
                 env: Environment | None = None, part: str = "whole",
                 edition: str = "screen") -> str:
    """The booklet of one athlete as the HTML document WeasyPrint renders (see Booklets)."""
    return Booklets(project, env).html(athlete, paper, part, edition)


def booklet_edition(project: Project, athlete: Athlete, paper: str | None = None,
                    env: Environment | None = None, edition: str = "screen") -> Edition:
    """How one athlete's booklet is rendered (see Booklets.edition)."""
    return Booklets(project, env).edition(athlete, paper, edition)
