"""The content library: Markdown blocks of coaching text, read from disk and rendered to HTML.

``blocks`` defines a block, the ``Library`` of them and which blocks an athlete reads, in
chapter order; ``loader`` reads the bundled blocks and a project's own (which may override
them by id) and checks their links and images; ``markdown`` turns a block body into HTML.
A strength block's front matter carries its exercise's ``dose`` by level (the engine's doses
come from it), and a ``{{dose-table}}`` line in its body prints them as a table; ``numbers``
prints the engine's numbers named in a body (``{{recovery.min}}``, ``{{recovery-table}}``).
This package may import only ``booklet.errors``, ``booklet.sources``, ``booklet.paths`` (images
are read only inside the allowed folders) and (for those numbers) ``booklet.plan``: it knows
nothing of projects or pages.
"""

from .blocks import (
    CATEGORIES,
    CATEGORY_TITLES,
    ContentBlock,
    Dose,
    FrontMatter,
    Library,
    chapters,
    dose_table,
    exercise_doses,
    missing_references,
    select_blocks,
    titled_chapters,
)
from .loader import (
    check_references,
    image_file,
    image_path,
    link_target_id,
    load_library,
    read_block,
)
from .markdown import PRINT_HEADING_SHIFT, make_markdown, references, render

__all__ = [
    "CATEGORIES", "CATEGORY_TITLES", "PRINT_HEADING_SHIFT", "ContentBlock", "Dose",
    "FrontMatter", "Library", "chapters", "check_references", "dose_table", "exercise_doses",
    "image_file", "image_path", "link_target_id", "load_library", "make_markdown",
    "missing_references", "read_block", "references", "render", "select_blocks", "titled_chapters",
]
