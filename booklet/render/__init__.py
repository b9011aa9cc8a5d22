"""Rendering: a project's plans and content as HTML, for the site and for the PDF booklets.

``templating`` is the Jinja edge (one autoescaping environment, the project's templates
first); ``context`` is what the booklet and the site's plan pages share; ``booklet`` is the
booklet's HTML document and ``editions`` each athlete's, whole or in the two parts that
layout reuse renders, sharing the work between athletes, in the screen or print edition;
``pages`` is what the booklet's own pages need (block overview, race week, end page); ``site``
renders the plan site's pages; ``chart`` draws the weekly load chart as SVG. This package may
import ``booklet.plan``, ``booklet.library``, ``booklet.project``, ``booklet.exports`` (the
site links each athlete's exports) and ``booklet.pdf`` (only the marks and fonts the booklet
HTML carries for it); never ``booklet.build``, the command line or the server.
"""

from .booklet import PAPER, PaperStyle, booklet_page, render_print_blocks
from .chart import weekly_chart_svg
from .context import RenderedBlock, block_anchor, common_context, render_block
from .editions import Booklets, athlete_blocks, booklet_edition, booklet_html
from .site import PLAN_FILES, RESERVED_IDS, Exporter, SiteFiles, SiteRenderer
from .templating import day_label, make_environment, render_template

__all__ = [
    "PAPER", "PLAN_FILES", "RESERVED_IDS", "Booklets", "Exporter", "PaperStyle",
    "RenderedBlock", "SiteFiles",
    "SiteRenderer", "athlete_blocks", "block_anchor", "booklet_edition", "booklet_html",
    "booklet_page", "common_context", "day_label", "make_environment", "render_block",
    "render_print_blocks", "render_template", "weekly_chart_svg",
]
