"""Rendering content blocks for print, and the booklet's HTML document (what its template
receives)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..library import PRINT_HEADING_SHIFT, ContentBlock, Library, image_file, link_target_id
from ..pdf import PAGE_MARK, RESERVED_MARK, SANS, SERIF, font_face_css
from ..project import Athlete, ProjectConfig
from .chart import weekly_chart_svg
from .context import (
    RenderedBlock,
    block_anchor,
    common_context,
    grade_paces,
    race_words,
    render_block,
)
from .course import course_view
from .diary_edition import edition_view
from .pages import page_context
from .templating import render_template
from .ties import tie


@dataclass(frozen=True)
class PaperStyle:
    """Measures the print stylesheet needs for one paper size."""

    page_size: str
    margins: str  # top right bottom left; left/right are then set per spread side
    inner: str
    outer: str
    page_height: str
    body_size: str
    cover_pad: str
    day_column: str  # width of the day labels beside a week's sessions
    log_row: str
    notes_height: str
    chart_width: int  # the glance chart's width in its own units (its labels are 10 units)

    def fine(self, factor: float) -> str:
        """A small text size: ``factor`` of the body size, but never under ``FINE_PT``."""
        return f"{max(round(float(self.body_size.removesuffix('pt')) * factor, 2), FINE_PT):g}pt"


#: The smallest text printed in any edition, in points.
FINE_PT = 7.0


PAPER: dict[str, PaperStyle] = {
    "a4": PaperStyle("A4", "17mm 16mm 18mm", "22mm", "16mm", "297mm", "9.6pt",
                     "30mm 22mm 0", "22mm", "11mm", "38mm", 640),
    "letter": PaperStyle("Letter", "0.65in 0.65in 0.7in", "0.85in", "0.65in", "11in", "9.6pt",
                         "1.2in 0.85in 0", "0.85in", "0.42in", "1.4in", 640),
    "a5": PaperStyle("A5", "12mm 11mm 14mm", "15mm", "11mm", "210mm", "8.4pt",
                     "18mm 14mm 0", "17mm", "9.5mm", "48mm", 480),
}


def render_print_blocks(md: MarkdownIt, blocks: list[ContentBlock],
                        roots: tuple[Path, ...]) -> list[RenderedBlock]:
    """Blocks for the booklet: links to the other blocks printed become in-document anchors
    (the stylesheet adds their page: "progression, p. 59"), links to blocks this booklet
    leaves out become plain text; images inside ``roots`` (the project and the bundled
    folders, as for the site) are read in place, through the PDF fetcher, which allows the
    same folders."""
    printed = {block.id for block in blocks}

    def resolver(block: ContentBlock) -> Callable[[str, str], str | None]:
        def resolve(kind: str, target: str) -> str | None:
            if kind == "link":
                target_id = link_target_id(block, target)
                if target_id is None:
                    return target
                return "#" + block_anchor(target_id) if target_id in printed else None
            path = image_file(block, target, roots)
            return "" if path is None else path.as_uri()
        return resolve

    return [render_block(md, block, resolver(block), PRINT_HEADING_SHIFT) for block in blocks]


def _stamp(athlete: Athlete) -> str:
    """The booklet's fixed date, the plan's first day: the same inputs give the same PDF on
    any day, whatever SOURCE_DATE_EPOCH says (the PDF writer sets that from this date)."""
    return athlete.plan.start.isoformat() + "T00:00:00Z"


def booklet_page(env: Environment, config: ProjectConfig, athlete: Athlete, chapters: list,
                 library: Library, paper: str | None = None, part: str = "whole",
                 edition: str = "screen") -> str:
    """The booklet as an HTML document for WeasyPrint, on the project's paper unless another is
    given: ``part`` "whole", or "personal" and "chapters" for layout reuse (booklet.pdf.reuse);
    ``edition`` "screen" or "print" (booklet.render.pages)."""
    paper = paper or config.settings.paper
    context = common_context(config, athlete, library)
    race_label, race_time = race_words(athlete)
    style = PAPER[paper]
    context.update(
        vars(style), fine=style.fine, paper=paper, stamp=_stamp(athlete),
        author=context["coach"] or config.settings.title,
        font_faces=Markup(font_face_css()), serif=Markup(SERIF), sans=Markup(SANS),
        chart=weekly_chart_svg(athlete.plan, id_prefix="glance-chart", width=style.chart_width),
        grade_paces=grade_paces(athlete), chapters=chapters, race_label=race_label,
        race_time=race_time, part=part, reserved_mark=Markup(RESERVED_MARK),
        page_mark=lambda block_id: PAGE_MARK + block_anchor(block_id),
        diary_edition=edition_view(athlete, public=False),  # the booklet prints diary notes
        course=course_view(athlete.plan, id_prefix="course-chart", width=style.chart_width),
    )
    style = PAPER[paper]
    context.update(page_context(config, athlete, edition, style.inner, style.outer))
    return tie(render_template(env, "booklet/booklet.html", **context))
