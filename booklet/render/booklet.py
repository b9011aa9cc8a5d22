"""Rendering content blocks, and the booklet's HTML document (what its template receives)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from .. import __version__
from ..library.blocks import ContentBlock, Library
from ..library.loader import image_path, link_target_id
from ..library.markdown import PRINT_HEADING_SHIFT, render
from ..pdf.fonts import SANS, SERIF, font_face_css
from ..pdf.marks import PAGE_MARK, RESERVED_MARK
from ..plan.paces import downhill_target_pace
from ..plan.profile import format_clock
from ..plan.units import METRES_PER_MILE
from ..project.athletes import Athlete
from ..project.config import ProjectConfig, source_date_epoch
from .chart import weekly_chart_svg
from .templating import render_template


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
    figure_height: str
    log_row: str
    notes_height: str


PAPER: dict[str, PaperStyle] = {
    "a4": PaperStyle("A4", "17mm 16mm 18mm", "22mm", "16mm", "297mm", "9.6pt",
                     "30mm 22mm 0", "22mm", "62mm", "11mm", "38mm"),
    "letter": PaperStyle("Letter", "0.65in 0.65in 0.7in", "0.85in", "0.65in", "11in", "9.6pt",
                         "1.2in 0.85in 0", "0.85in", "2.4in", "0.42in", "1.4in"),
    "a5": PaperStyle("A5", "12mm 11mm 14mm", "15mm", "11mm", "210mm", "8.4pt",
                     "18mm 14mm 0", "17mm", "42mm", "8.5mm", "22mm"),
}
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


def render_block(md: MarkdownIt, block: ContentBlock, resolve: Callable[[str, str], str],
                 heading_shift: int = 0) -> RenderedBlock:
    """A block's Markdown as HTML, its links and images passed through ``resolve``."""
    html = Markup(render(md, block.body, resolve, heading_shift))
    return RenderedBlock(block.id, block.category, block.title, block.meta.summary, html)


def render_print_blocks(md: MarkdownIt, blocks: list[ContentBlock]) -> list[RenderedBlock]:
    """Blocks for the booklet: links become in-document anchors, images are read in place
    (through the PDF fetcher, which allows the content folders)."""
    def resolver(block: ContentBlock) -> Callable[[str, str], str]:
        def resolve(kind: str, target: str) -> str:
            if kind == "link":
                target_id = link_target_id(block, target)
                return target if target_id is None else "#" + block_anchor(target_id)
            path = image_path(block, target)
            return path.as_uri() if path is not None and path.is_file() else target
        return resolve

    return [render_block(md, block, resolver(block), PRINT_HEADING_SHIFT) for block in blocks]


def _stamp(athlete: Athlete) -> str:
    """A fixed document date: SOURCE_DATE_EPOCH when set, else the plan's first day."""
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch.strftime("%Y-%m-%dT%H:%M:%SZ")
    return athlete.plan.start.isoformat() + "T00:00:00Z"


def common_context(config: ProjectConfig, athlete: Athlete, library: Library) -> dict[str, Any]:
    """What both the booklet and the site's plan page receive."""
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


def booklet_page(env: Environment, config: ProjectConfig, athlete: Athlete, chapters: list,
                 library: Library, paper: str | None = None, part: str = "whole") -> str:
    """The booklet as an HTML document for WeasyPrint, on the project's paper unless another is
    given: ``part`` "whole", or "personal" and "chapters" for layout reuse (booklet.reuse)."""
    paper = paper or config.settings.paper
    context = common_context(config, athlete, library)
    race_label, race_time = race_words(athlete)
    context.update(
        vars(PAPER[paper]), paper=paper, stamp=_stamp(athlete),
        author=context["coach"] or config.settings.title,
        font_faces=Markup(font_face_css()), serif=Markup(SERIF), sans=Markup(SANS),
        chart=weekly_chart_svg(athlete.plan, id_prefix="glance-chart"),
        grade_paces=grade_paces(athlete), chapters=chapters, race_label=race_label,
        race_time=race_time, part=part, reserved_mark=Markup(RESERVED_MARK),
        page_mark=lambda block_id: PAGE_MARK + block_anchor(block_id),
    )
    return render_template(env, "booklet/booklet.html", **context)
