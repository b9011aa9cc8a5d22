"""Layout reuse: booklets built from shared chapter layouts draw exactly like booklets
rendered in one piece, page by page (pages drawn by PDFium, compared byte for byte)."""

from __future__ import annotations

import hashlib
import weakref
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from booklet.build import build
from booklet.pdf import RESERVED_MARK, PdfWriter, font_dirs
from booklet.pdf.reuse import Chapters, SpliceError, fill
from booklet.project import content_dir, load_config, load_project, templates_dir
from booklet.render import booklet_edition, booklet_html

from ..support.example import ATHLETES, EXAMPLE


def page_images(pdf: Path | bytes) -> list[str]:
    """The digest of every page's pixels drawn by PDFium at 50 dpi, in page order."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [hashlib.sha256(bytes(page.render(scale=50 / 72).buffer)).hexdigest()
                for page in document]
    finally:
        document.close()


def differing(a: list[str], b: list[str]) -> list[int]:
    return [n for n, (x, y) in enumerate(zip(a, b, strict=True), 1) if x != y]


@pytest.fixture(scope="module")
def from_scratch(tmp_path_factory) -> Path:
    """The example project built with layout reuse turned off."""
    out = tmp_path_factory.mktemp("scratch") / "build"
    result = build(load_config(EXAMPLE, out_dir=out, impose=True, reuse_layout=False,
                               site=False))
    assert result.ok and sorted(result.built) == ATHLETES
    return out


@pytest.mark.parametrize("name", [f"{a}.pdf" for a in ATHLETES]
                         + [f"{a}-saddle-stitch.pdf" for a in ATHLETES])
def test_reused_booklet_equals_from_scratch_page_by_page(example_build, from_scratch, name):
    reused = page_images(example_build / "pdf" / name)
    scratch = page_images(from_scratch / "pdf" / name)
    assert len(reused) == len(scratch) > 40
    assert differing(reused, scratch) == []


def test_reused_booklet_keeps_outline_links_and_metadata(example_build, from_scratch):
    for athlete in ATHLETES:
        reused = PdfReader(example_build / "pdf" / f"{athlete}.pdf")
        scratch = PdfReader(from_scratch / "pdf" / f"{athlete}.pdf")
        assert reused.metadata == scratch.metadata

        def titles(outline):
            return [titles(item) if isinstance(item, list) else item.title for item in outline]

        assert titles(reused.outline) == titles(scratch.outline)
        assert len(reused.outline) > 10

        def links(reader):
            return sum(len(page.get("/Annots") or ()) for page in reader.pages)

        assert links(reused) == links(scratch) > 0


@pytest.fixture(scope="module")
def example():
    project = load_project(load_config(EXAMPLE))
    roots = (project.config.root, templates_dir(), content_dir(), *font_dirs())
    return project, roots


def _render(writer, project, athlete, edition=None):
    edition = edition or booklet_edition(project, athlete)
    return writer.render(edition.html, project.config.root, identifier=athlete.profile.id,
                         shared=edition.shared)


def test_second_booklet_of_a_group_reuses_layout_and_written_in_page_numbers(example):
    """Two athletes with the same chapters: the second reuses the layout and, with the page
    numbers written in, still equals the booklet rendered whole. A wrong guess of where the
    chapters start is caught and the laid-out numbers are set right, with no second layout;
    only a guess whose numbers are shorter or longer costs one."""
    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    whole = PdfWriter(roots).render(booklet_html(project, ana), project.config.root,
                                    identifier="ana-ruiz")
    expected = page_images(whole)

    writer = PdfWriter(roots)
    first = _render(writer, project, ana)  # a new writer guesses (page 10): wrong, renumbered
    assert (writer.reused, writer.missed, writer.relaid, writer.chapter_layouts) == (0, 1, 0, 1)
    second = _render(writer, project, ana)
    assert (writer.reused, writer.missed, writer.relaid, writer.chapter_layouts) == (1, 1, 0, 1)
    assert len(writer.first_pages) == 1
    key = next(iter(writer.first_pages))
    writer.first_pages[key] += 2  # as if the last athlete had two more front pages
    third = _render(writer, project, ana)
    assert (writer.reused, writer.missed, writer.relaid, writer.chapter_layouts) == (2, 2, 0, 1)
    writer.first_pages[key] = 7  # numbers one digit short: laid out again, with the right ones
    fourth = _render(writer, project, ana)
    assert (writer.missed, writer.relaid) == (3, 1)
    for label, data in (("first", first), ("second", second), ("third", third),
                        ("fourth", fourth)):
        assert differing(page_images(data), expected) == [], label


def test_personal_part_gets_page_numbers_only_when_the_start_is_known(example):
    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    edition = booklet_edition(project, ana)
    assert edition.shared is not None and RESERVED_MARK in edition.html
    assert "booklet-page:" in edition.html
    writer = PdfWriter(roots)
    chapters = Chapters.of(writer._layout(edition.shared, project.config.root))
    counters = fill(edition.html, chapters)
    assert ' data-page="' not in counters and RESERVED_MARK not in counters
    assert counters.count('id="booklet-reserved-') == len(chapters.document.pages)
    numbered = fill(edition.html, chapters, first_page=19)
    assert 'data-page="19"' in numbered  # the first chapter's first block, on its first page
    with pytest.raises(SpliceError):
        fill(edition.html.replace(RESERVED_MARK, ""), chapters)


def test_template_without_the_mark_is_rendered_whole(project, tmp_path):
    """A project's own booklet template that knows nothing of reuse still builds."""
    from booklet.project import templates_dir as bundled

    text = (bundled() / "booklet" / "booklet.html").read_text(encoding="utf-8")
    custom = text.replace("{{ reserved_mark }}", "")
    root = project({"templates/booklet/booklet.html": custom})
    loaded = load_project(load_config(root))
    edition = booklet_edition(loaded, loaded.athletes[0])
    assert edition.shared is None and "chapter-technique" in edition.html
    result = build(load_config(root, site=False))
    assert result.ok and len(PdfReader(result.pdfs[0]).pages) > 40


def test_page_numbers_are_guessed_and_never_wait_for_a_second_layout(example):
    """A booklet with other elements before the chapters (here a coach's message) is guessed
    from the last booklet of its chapters and renumbered if needed, never laid out twice; one
    that differs only in its text is guessed from the booklet of its shape, rightly."""
    from dataclasses import replace

    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    renamed = replace(ana, profile=ana.profile.model_copy(update={"name": "Ana Other"}))
    with_message = replace(ana, profile=ana.profile.model_copy(update={"message": "Enjoy it."}))
    writer = PdfWriter(roots)
    _render(writer, project, ana)
    _render(writer, project, with_message)
    assert (writer.reused, writer.relaid, len(writer.first_pages)) == (1, 0, 2)
    missed = writer.missed
    _render(writer, project, renamed)
    assert (writer.reused, writer.missed, writer.relaid, writer.chapter_layouts) == (
        2, missed, 0, 1)


def test_drawn_chapters_are_kept_across_builds(example, tmp_path):
    """A later build (a new writer) reads the drawn chapters and where they began from the
    build folder's cache instead of laying them out and drawing them: the same bytes, and a
    damaged entry is only a missing one."""
    from booklet.pdf.cache import ChapterCache

    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    edition = booklet_edition(project, ana)
    cache = tmp_path / "cache"

    def render_in_new_writer() -> tuple[PdfWriter, bytes]:
        writer = PdfWriter(roots)
        writer.cache = ChapterCache(cache)
        data = writer.render(edition.html, project.config.root, identifier="ana-ruiz",
                             shared=edition.shared, shared_key="inputs")
        return writer, data

    first, made = render_in_new_writer()
    # the chapters, and the layer of their references numbered for this booklet
    assert first.cached == 0 and len(list(cache.glob("*.pdf"))) == 2
    second, again = render_in_new_writer()
    assert (second.cached, second.missed, second.chapter_layouts) == (1, 0, 0)
    assert again == made
    for entry in cache.glob("*.json"):
        if not entry.name.endswith(".starts.json"):
            entry.write_text("{broken")
    third, fresh = render_in_new_writer()
    assert third.cached == 0 and fresh == made


def test_chapters_are_laid_out_once_with_their_references_written_in(example, monkeypatch):
    """The chapters' references to each other get numbers written in instead of target-counter,
    which lays each page holding one out three times; laid out with the first page's number,
    they are set right after one layout, and equal the numbers target-counter gives. In
    tables (whose columns WeasyPrint sizes before a target-counter resolves, in the room the
    CSS gives a two-digit reference) only numbers of up to two digits are written in."""
    import re

    from weasyprint.layout import page as weasy_page

    from booklet.pdf import reuse

    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    shared = booklet_edition(project, ana).shared
    html = reuse.numbered(shared, 19, {})
    tables = re.findall(r"<table\b.*?</table>", html, re.DOTALL)
    assert any('href="#block-' in table for table in tables)
    assert all("data-page" in table for table in tables if 'href="#block-' in table)
    late_tables = re.findall(r"<table\b.*?</table>", reuse.numbered(shared, 140, {}), re.DOTALL)
    assert not any("data-page" in table for table in late_tables)  # 3 digits: target-counter
    assert html.count('data-page="19"') > 20
    assert 'href="#block-nowhere" data-page' not in reuse.numbered(
        shared.replace("</section>", '<a href="#block-nowhere">x</a></section>', 1), 19, {})

    writer, layouts, pages = PdfWriter(roots), [], [0]
    made = weasy_page.make_page

    def counted(*args, **kwargs):
        pages[0] += 1
        return made(*args, **kwargs)

    def layout(text: str):
        layouts.append(text)
        return writer._layout(text, project.config.root)

    monkeypatch.setattr(weasy_page, "make_page", counted)
    written = Chapters.laid_out(shared, 19, layout)
    laid_out_pages, pages[0] = pages[0], 0
    counted_whole = Chapters.of(writer._layout(reuse.numbered(shared, 19), project.config.root),
                                19)
    monkeypatch.undo()
    # each page laid out once (40 layouts of 40 pages, against 106 with target-counter)
    assert len(layouts) == 1 and laid_out_pages == len(written.document.pages) == 40
    assert pages[0] > 2 * laid_out_pages
    assert written.offsets == counted_whole.offsets and len(written.refs) > 100
    assert {(r.page, r.anchor, r.shown) for r in written.refs} == {
        (r.page, r.anchor, r.shown) for r in counted_whole.refs}
    assert all(ref.shown == 19 + written.offsets[ref.anchor] for ref in written.refs)
    assert page_images(written.document.write_pdf()) == page_images(
        counted_whole.document.write_pdf())

    # From page 95 the numbers written in (95) are a digit short for pages from 100 on:
    # laid out again with the numbers the first layout gave, and right.
    layouts.clear()
    late = Chapters.laid_out(shared, 95, layout)
    assert len(layouts) == 2
    assert any(int(n) >= 100 for n in re.findall(r'data-page="(\d+)"', layouts[1]))
    assert all(ref.shown == 95 + late.offsets[ref.anchor] for ref in late.refs)
    assert any(ref.shown >= 100 for ref in late.refs)
    whole_late = writer._layout(reuse.numbered(shared, 95), project.config.root)
    assert page_images(late.document.write_pdf()) == page_images(whole_late.write_pdf())


def test_chapters_whose_written_numbers_never_fit_fall_back_to_target_counter(example,
                                                                             monkeypatch):
    """If the numbers written in cannot be set right after either layout, the chapters are
    laid out a third time with target-counter, as a whole booklet is."""
    from booklet.pdf import numbers, reuse

    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    shared = booklet_edition(project, ana).shared
    writer, layouts = PdfWriter(roots), []

    def layout(text: str):
        layouts.append(text)
        return writer._layout(text, project.config.root)

    def never(self):
        raise numbers.Unnumbered("as if a width changed")

    monkeypatch.setattr(Chapters, "renumbered", never)
    chapters = Chapters.laid_out(shared, 19, layout)
    assert len(layouts) == 3 and "data-page" in layouts[1]
    assert layouts[2] == reuse.numbered(shared, 19)  # no number written in
    assert chapters.refs and all(r.shown == 19 + chapters.offsets[r.anchor]
                                 for r in chapters.refs)


def test_the_athletes_layout_is_freed_before_the_merge(example, monkeypatch):
    """A worker's memory peaks where the most is alive at once: the athlete's laid-out pages
    are gone (collected) before pypdf reads the drawn parts and writes the booklet."""
    from booklet.pdf import merge

    project, roots = example
    ana = next(a for a in project.athletes if a.profile.id == "ana-ruiz")
    writer = PdfWriter(roots)
    laid_out: list[weakref.ref] = []
    layout, real_merge = writer._layout, merge.merge

    def watched_layout(html: str, base_url: Path):
        document = layout(html, base_url)
        # a page's boxes, which copies of the document (renumbered, reserved pages) share
        laid_out.append(weakref.ref(document.pages[0]._page_box))
        return document

    alive_at_merge: list[int] = []

    def watched_merge(*args, **kwargs):
        alive_at_merge.append(sum(ref() is not None for ref in laid_out))
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(writer, "_layout", watched_layout)
    monkeypatch.setattr(merge, "merge", watched_merge)
    data = _render(writer, project, ana)
    assert len(laid_out) >= 2  # the chapters and the athlete's part
    assert alive_at_merge == [0]
    assert data.startswith(b"%PDF")
