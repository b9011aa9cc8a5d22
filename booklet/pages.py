"""What each template receives, and rendering of the booklet HTML and the site pages."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from . import __version__
from .config import ProjectConfig
from .content import ContentBlock, Library
from .library import image_path, link_target_id
from .markdown import render
from .profiles import Athlete
from .templating import render_template

#: Paper size -> (CSS page size, margins, page height, body font size).
PAPER: dict[str, tuple[str, str, str, str]] = {
    "a4": ("A4", "20mm 18mm 20mm 18mm", "297mm", "10pt"),
    "letter": ("Letter", "0.8in 0.75in 0.8in 0.75in", "11in", "10pt"),
    "a5": ("A5", "15mm 13mm 16mm 13mm", "210mm", "9pt"),
}


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


def render_blocks(md: MarkdownIt, blocks: list[ContentBlock], library: Library, *,
                  for_site: bool) -> tuple[list[RenderedBlock], dict[str, Path]]:
    """Blocks as HTML. Site images are copied to assets/ (returned as {output path: source});
    booklet images are read in place through the PDF fetcher."""
    images: dict[str, Path] = {}
    rendered = []
    for block in blocks:
        resolve = _resolver(block, library, images, for_site)
        html = Markup(render(md, block.body, resolve))
        rendered.append(RenderedBlock(block.id, block.category, block.title,
                                      block.meta.summary, html))
    return rendered, images


def _resolver(block: ContentBlock, library: Library, images: dict[str, Path],
              for_site: bool) -> Callable[[str, str], str]:
    def resolve(kind: str, target: str) -> str:
        if kind == "link":
            target_id = link_target_id(block, target)
            return target if target_id is None else "#" + block_anchor(target_id)
        path = image_path(block, target)
        if path is None or not path.is_file():
            return target
        if not for_site:
            return path.as_uri()
        relative = f"assets/content/{block.category}/{path.name}"
        images[f"site/{relative}"] = path
        return "../" + relative
    return resolve


def _stamp(athlete: Athlete) -> str:
    """A fixed document date: SOURCE_DATE_EPOCH when set, else the plan's first day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return athlete.plan.start.isoformat() + "T00:00:00Z"


def _common(config: ProjectConfig, athlete: Athlete, chapters: list, library: Library
            ) -> dict[str, Any]:
    titles = {block_id: library[block_id].title for block_id in library.blocks}
    coach = athlete.profile.coach.name if athlete.profile.coach else config.settings.coach
    return {
        "project": config.settings,
        "profile": athlete.profile,
        "plan": athlete.plan,
        "units": athlete.profile.units,
        "chapters": chapters,
        "titles": titles,
        "block_link": lambda block_id: "#" + block_anchor(block_id),
        "coach": coach,
        "version": __version__,
    }


def booklet_page(env: Environment, config: ProjectConfig, athlete: Athlete, chapters: list,
                 library: Library) -> str:
    paper = config.settings.paper
    page_size, margins, height, body_size = PAPER[paper]
    context = _common(config, athlete, chapters, library)
    context.update(
        paper=paper, page_size=page_size, margins=margins, page_height=height,
        body_size=body_size, stamp=_stamp(athlete),
        author=context["coach"] or config.settings.title,
    )
    return render_template(env, "booklet/booklet.html", **context)


def plan_page(env: Environment, config: ProjectConfig, athlete: Athlete, chapters: list,
              library: Library, *, pdf: bool) -> str:
    context = _common(config, athlete, chapters, library)
    context.update(root="../", pdf_href=f"{athlete.profile.id}.pdf" if pdf else None)
    return render_template(env, "site/plan.html", **context)


def index_page(env: Environment, config: ProjectConfig, athletes: list[Athlete]) -> str:
    return render_template(env, "site/index.html", project=config.settings, athletes=athletes,
                           root="", version=__version__)
