"""No text in a booklet asks for OpenType features, and the shipped faces need none.

WeasyPrint leaks a Pango attribute list for every piece of text it lays out or draws with
OpenType features (text/line_break.py keeps the feature attribute cached and never frees the
list holding it): 1.7 MiB a booklet when ``font-variant-numeric`` was set on all text, so a
worker rendering a few hundred athletes grew by hundreds of MiB. The booklet's figures are
lining and tabular without any feature, because the shipped faces' default figures are.
"""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from weasyprint import HTML
from weasyprint.text.fonts import font_features

from booklet.pdf import reuse
from booklet.pdf.fonts import font_files
from booklet.project import load_config, load_project
from booklet.render import booklet_edition
from tests.support.example import EXAMPLE

# What WeasyPrint turns into OpenType features (text/line_break.py, Layout.setup)
_FEATURE_PROPERTIES = (
    "font_kerning", "font_variant_ligatures", "font_variant_position", "font_variant_caps",
    "font_variant_numeric", "font_variant_alternates", "font_variant_east_asian",
    "font_feature_settings")


def _substituted(font: TTFont, feature: str) -> set[str]:
    """The glyphs the single substitutions of ``feature`` replace (GSUB types 1 and 7)."""
    gsub = font["GSUB"].table
    found: set[str] = set()
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag != feature:
            continue
        for index in record.Feature.LookupListIndex:
            lookup = gsub.LookupList.Lookup[index]
            for table in lookup.SubTable:
                table = table.ExtSubTable if lookup.LookupType == 7 else table
                found |= set(getattr(table, "mapping", {}))
    return found


@pytest.mark.parametrize("path", font_files(), ids=lambda path: path.stem)
def test_the_shipped_faces_figures_are_lining_and_tabular_without_features(path):
    font = TTFont(path)
    cmap = font.getBestCmap()
    digits = [cmap[ord(c)] for c in "0123456789"]
    assert len({font["hmtx"][glyph][0] for glyph in digits}) == 1, "figures of one width"
    for feature in ("lnum", "tnum"):  # would change nothing: the defaults are those figures
        assert not _substituted(font, feature) & set(digits), feature


def test_the_probe_sees_a_feature_when_there_is_one():
    document = HTML(string='<p style="font-variant-numeric: tabular-nums">12</p>').render()
    assert _featured(document) == ["12"]


@pytest.mark.parametrize("athlete", ["ana-ruiz", "chloe-martin"])
def test_no_text_of_a_booklet_asks_for_opentype_features(athlete):
    """Both parts of a booklet (the personal pages, with pacing cards and week tables, and the
    chapters), page furniture (running heads, footers) included."""
    project = load_project(load_config(EXAMPLE))
    edition = booklet_edition(project, next(a for a in project.athletes
                                            if a.profile.id == athlete))
    base = project.config.root.resolve().as_uri() + "/"
    for html in (edition.html, reuse.numbered(edition.shared, 19)):
        assert _featured(HTML(string=html, base_url=base).render()) == []


def _featured(document) -> list[str]:
    """The text of every box whose style gives WeasyPrint OpenType features to set."""
    found = []
    for page in document.pages:
        for box in page._page_box.descendants():
            style = getattr(box, "style", None)
            if (style is not None and hasattr(box, "text")
                    and font_features(*(style[name] for name in _FEATURE_PROPERTIES))):
                found.append(box.text)
    return found
