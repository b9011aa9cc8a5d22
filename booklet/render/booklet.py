"""The booklet as the HTML document WeasyPrint renders (what its template receives), whole or
in two parts for layout reuse: the athlete's personal part and the chapters, which athletes who
read the same blocks share (``Booklets`` renders each only once)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..library import (
    PRINT_HEADING_SHIFT,
    ContentBlock,
    Library,
    image_path,
    link_target_id,
    make_markdown,
    select_blocks,
    titled_chapters,
)
from ..pdf import PAGE_MARK, RESERVED_MARK, SANS, SERIF, Edition, font_face_css
from ..project import Athlete, Project, ProjectConfig, source_date_epoch
from .chart import weekly_chart_svg
from .context import (
    RenderedBlock,
    block_anchor,
    common_context,
    grade_paces,
    race_words,
    render_block,
)
from .templating import make_environment, render_template


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


def booklet_page(env: Environment, config: ProjectConfig, athlete: Athlete, chapters: list,
                 library: Library, paper: str | None = None, part: str = "whole") -> str:
    """The booklet as an HTML document for WeasyPrint, on the project's paper unless another is
    given: ``part`` "whole", or "personal" and "chapters" for layout reuse (booklet.pdf.reuse)."""
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


# --- each athlete's booklet, sharing work between athletes --------------------------------


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

    def html(self, athlete: Athlete, paper: str | None = None, part: str = "whole") -> str:
        """One athlete's booklet as HTML: whole, or its "personal" part, or its "chapters"."""
        blocks = athlete_blocks(self.project, athlete)
        selection = tuple(block.id for block in blocks)
        if part == "chapters" and (selection, paper) in self._chapters:
            return self._chapters[selection, paper]
        if selection not in self._blocks:
            self._blocks[selection] = titled_chapters(render_print_blocks(self.md, blocks))
        html = booklet_page(self.env, self.project.config, athlete, self._blocks[selection],
                            self.project.library, paper=paper, part=part)
        if part == "chapters":
            self._chapters[selection, paper] = html
        return html

    def edition(self, athlete: Athlete, paper: str | None = None) -> Edition:
        """How one athlete's booklet is rendered: in two parts when the project reuses layout
        and its template marks where the chapters go, else whole."""
        identifier = athlete.profile.id + ("" if paper is None else f"-{paper}")
        if self.project.config.settings.reuse_layout:
            personal = self.html(athlete, paper, part="personal")
            if personal.count(RESERVED_MARK) == 1:
                shared = self.html(athlete, paper, part="chapters")
                return Edition(personal, identifier, shared=shared)
        return Edition(self.html(athlete, paper), identifier)


def booklet_html(project: Project, athlete: Athlete, paper: str | None = None,
                 env: Environment | None = None, part: str = "whole") -> str:
    """The booklet of one athlete as the HTML document WeasyPrint renders (see Booklets)."""
    return Booklets(project, env).html(athlete, paper, part)


def booklet_edition(project: Project, athlete: Athlete, paper: str | None = None,
                    env: Environment | None = None) -> Edition:
    """How one athlete's booklet is rendered (see Booklets.edition)."""
    return Booklets(project, env).edition(athlete, paper)
