"""The example's booklets read back for print craft: WeasyPrint had nothing to warn about,
every link lands on a page, references between chapters print their page, no text is under
7 pt, and pages a title opens carry no running head."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from booklet.library import CATEGORY_TITLES

from ..support.example import ATHLETES, weasyprint_log

FINE_PT = 7.0


def test_building_the_examples_booklets_logs_no_weasyprint_warning(example_build):
    assert weasyprint_log(example_build) == []


def link_destinations(reader: PdfReader) -> Iterator[str | None]:
    """The named destination of every internal link annotation (None: a link to nowhere)."""
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uri = str(action.get("/URI"))
                assert not uri.startswith("#"), uri
                continue
            if "/Dest" in annotation:
                yield str(annotation["/Dest"])
            elif action is not None and action.get("/S") == "/GoTo":
                yield str(action.get("/D"))
            else:
                yield None


@pytest.mark.parametrize("athlete", ATHLETES)
def test_every_internal_link_has_a_destination(example_build, athlete):
    reader = PdfReader(example_build / "pdf" / f"{athlete}.pdf")
    names = set(reader.named_destinations)
    found = list(link_destinations(reader))
    assert len(found) > 100
    assert [d for d in found if d not in names] == []


def text_sizes(path: Path) -> Iterator[tuple[int, float, str]]:
    """(page from 1, size in points as printed, text) for every piece of text in a PDF,
    drawings' labels included: the font size scaled by the text and graphics matrices."""
    for number, page in enumerate(PdfReader(path).pages, 1):
        shown: list[tuple[int, float, str]] = []

        def visit(text, cm, tm, _font, size, shown=shown, number=number):
            if text.strip() and size:
                c = tm[2] * cm[0] + tm[3] * cm[2]
                d = tm[2] * cm[1] + tm[3] * cm[3]
                shown.append((number, size * math.hypot(c, d), text.strip()))

        page.extract_text(visitor_text=visit)
        yield from shown


@pytest.mark.parametrize("name", ["ana-ruiz-saddle-stitch.pdf", "chloe-martin-saddle-stitch.pdf",
                                  "chloe-martin.pdf"])
def test_no_text_under_7_pt(example_build, name):
    """The A5 edition (imposed two up at full size) and the A4 one, labels of the glance
    chart and of the diagrams included."""
    sizes = list(text_sizes(example_build / "pdf" / name))
    assert len(sizes) > 1000
    small = [(page, round(size, 2), text[:30]) for page, size, text in sizes
             if size < FINE_PT - 0.05]
    assert small == []


def outline_pages(reader: PdfReader) -> dict[str, int]:
    found = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return found


@pytest.fixture(scope="module")
def chloe(example_build):
    return PdfReader(example_build / "pdf" / "chloe-martin.pdf")


def text_by_position(pdf: Path, page: int) -> str:
    """A page's text (from 1) read by where it is drawn, not in drawing order: characters
    (whitespace dropped) in lines from the top, each line left to right."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        textpage = document[page - 1].get_textpage()
        chars = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if char.strip():
                left, bottom, _, top = textpage.get_charbox(index, loose=True)
                chars.append(((bottom + top) / 2, left, char))
    finally:
        document.close()
    rows: list[list[tuple[float, str]]] = []
    last = None
    for middle, left, char in sorted(chars, key=lambda c: -c[0]):
        if last is None or abs(middle - last) > 3:
            rows.append([])
            last = middle
        rows[-1].append((left, char))
    return "\n".join("".join(char for _, char in sorted(row)) for row in rows)


def test_references_between_chapters_print_the_page_of_the_block(example_build, chloe):
    """Read by position: the references are drawn on a layer of their own, numbered for this
    booklet (booklet.pdf.numbers), so in drawing order they come after the page's text."""
    pages = outline_pages(chloe)
    progression = next(title for title in pages if "dose" in title.lower()
                       and pages[title] > pages["Planning your season"])
    start = pages["Planning your season"]
    pdf = example_build / "pdf" / "chloe-martin.pdf"
    text = "".join(text_by_position(pdf, n) for n in range(start, start + 5))
    numbers = re.findall(r"progression,p\.(\d+)", text)
    assert numbers and {int(n) for n in numbers} == {pages[progression]}


def lines(reader: PdfReader, page: int) -> list[str]:
    """A page's text lines (from 1) in the order drawn, the running head and the footer last;
    without the layer of references a merged chapter page draws over its text."""
    resources = reader.pages[page - 1]["/Resources"].get_object()
    layer = resources.get("/XObject", {}).get("/BookletNumbers")
    if layer is not None:
        layer.get_object().set_data(b"")
    text = reader.pages[page - 1].extract_text().replace("\xa0", " ")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_pages_a_title_opens_have_no_running_head(chloe):
    """The title opens the page and is not repeated above it as a running head."""
    pages = outline_pages(chloe)
    for title in ("Block overview", "Plan at a glance", "Week 3 of 14", "Race week",
                  "Race course and pacing card",
                  "Technique", "Strength", "Training diary", "After the block"):
        found = lines(chloe, pages[title])
        assert found[0].startswith(title), title
        assert found[-2] != title.split(" of ")[0], title


def test_a_running_head_names_the_block_at_the_top_of_the_page(chloe):
    """A page where a block starts lower down is headed by the block running on from the
    page before, not by the new one."""
    pages = outline_pages(chloe)
    blocks = {title: page for title, page in pages.items() if page >= pages["Technique"]}
    checked = 0
    for title, page in blocks.items():
        found = lines(chloe, page)
        if found[0] == title or found[0].startswith(tuple(CATEGORY_TITLES.values())):
            continue  # the block (or its chapter) opens the page
        head = found[-2]
        assert head != title and blocks.get(head, page + 1) <= page, (page, head, title)
        checked += 1
    assert checked > 5
