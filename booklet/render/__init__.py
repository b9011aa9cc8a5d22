"""Rendering: a project's plans and content as HTML, for the site and for the PDF booklets.

``templating`` is the Jinja edge (one autoescaping environment, the project's templates
first); ``context`` is what the booklet and the site's plan pages share; ``booklet`` builds
each athlete's booklet HTML, whole or in the two parts that layout reuse renders; ``site``
renders the plan site's pages; ``chart`` draws the weekly load chart as SVG. This package may
import ``booklet.plan``, ``booklet.library``, ``booklet.project``, ``booklet.exports`` (the
site links each athlete's exports) and ``booklet.pdf`` (only the marks and fonts the booklet
HTML carries for it); never ``booklet.build``, the command line or the server.
"""

from .booklet import (
    PAPER,
    Booklets,
    PaperStyle,
    athlete_blocks,
    booklet_edition,
    booklet_html,
    booklet_page,
    render_print_blocks,
)
from .chart import weekly_chart_svg
from .context import RenderedBlock, block_anchor, common_context, render_block
from .site import Exporter, SiteFiles, SiteRenderer
from .templating import day_label, make_environment, render_template

__all__ = [
    "PAPER", "Booklets", "Exporter", "PaperStyle", "RenderedBlock", "SiteFiles",
    "SiteRenderer", "athlete_blocks", "block_anchor", "booklet_edition", "booklet_html",
    "booklet_page", "common_context", "day_label", "make_environment", "render_block",
    "render_print_blocks", "render_template", "weekly_chart_svg",
]
