"""Links between blocks in the booklet: anchors for the blocks printed, plain text for the
blocks a booklet leaves out, so no link points at a page the reader does not have."""

from __future__ import annotations

import re

from booklet.library import make_markdown
from booklet.project import load_config, load_project
from booklet.render.booklet import render_print_blocks
from booklet.render.editions import athlete_blocks

from ..support.example import EXAMPLE


def test_links_to_blocks_left_out_are_plain_text_and_the_others_anchors():
    config = load_config(EXAMPLE)
    project = load_project(config)
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    blocks = athlete_blocks(project, ana)
    assert "planning/taper" not in {b.id for b in blocks}  # ana has no race
    rendered = render_print_blocks(make_markdown(), blocks, config.roots)
    anchors = {block.anchor for block in rendered}
    hrefs = [h for block in rendered for h in re.findall(r'href="#([^"]+)"', block.html)]
    assert hrefs and set(hrefs) <= anchors
    seasons = next(b for b in rendered if b.id == "planning/seasons-and-deloads")
    assert "(see taper)" in seasons.html and "(see <a" in seasons.html  # progression stays


def test_every_in_document_link_of_every_booklet_has_one_target():
    """The whole booklet of each example athlete, on each paper: every href="#x" has an
    element with id x, and no id is used twice (WeasyPrint warns of both)."""
    from booklet.render import booklet_html

    project = load_project(load_config(EXAMPLE))
    for athlete in project.athletes:
        for paper in ("a4", "a5"):
            html = booklet_html(project, athlete, paper=paper)
            ids = re.findall(r'\sid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), athlete.profile.id
            dead = {h for h in re.findall(r'href="#([^"]+)"', html)} - set(ids)
            assert dead == set(), (athlete.profile.id, paper)
