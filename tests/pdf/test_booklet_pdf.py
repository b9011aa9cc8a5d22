"""The printed booklet read back: contents page numbers, bookmarks, metadata, fonts, imposition."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from booklet.build import build
from booklet.library import CATEGORY_TITLES
from booklet.pdf.impose import sheet_order
from booklet.project import load_config

from ..support.example import EXAMPLE, recovery_lines


@pytest.fixture(scope="module")
def chloe(example_build):
    return PdfReader(example_build / "pdf" / "chloe-martin.pdf")


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) for every bookmark."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def page_of_heading(reader: PdfReader, heading: str) -> int:
    """The first page (1-based) whose text starts with the heading, after the front matter."""
    for number, page in enumerate(reader.pages, start=1):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        # The running header may come first; the heading is within the first lines.
        if number > 3 and any(line.startswith(heading) for line in lines[:3]):
            return number
    raise AssertionError(f"heading {heading!r} not found")


def test_bookmarks_cover_glance_weeks_and_chapters(chloe):
    top = [title for depth, title, _ in outline(chloe) if depth == 0]
    assert top[:5] == ["How to use this booklet", "Contents", "Block overview",
                       "Plan at a glance", "Your paces"]
    assert [t for t in top if t.startswith("Week ")] == [f"Week {n} of 14" for n in range(1, 15)]
    assert top[top.index("Week 14 of 14") + 1] == "Race week"
    for title in CATEGORY_TITLES.values():
        assert title in top
    assert top[-2:] == ["Training diary", "After the block"]


def test_contents_numbers_are_the_real_pages(chloe):
    contents = chloe.pages[2].extract_text()
    assert contents.startswith("Contents") or "Contents" in contents.splitlines()[0:2]
    entries = dict(re.findall(r"^(Week \d+|Plan at a glance|Your paces|Training diary|"
                              + "|".join(CATEGORY_TITLES.values())
                              + r")\b.*?(\d+)\s*$", contents, flags=re.M))
    assert len(entries) == 2 + 14 + len(CATEGORY_TITLES) + 1
    bookmarks = {title: page for _, title, page in outline(chloe)}
    for title, printed in entries.items():
        key = f"{title} of 14" if title.startswith("Week ") else title
        assert int(printed) == bookmarks[key], title
    # and the bookmark really lands on the page with that heading
    for n in (1, 7, 14):
        assert bookmarks[f"Week {n} of 14"] == page_of_heading(chloe, f"Week {n} of 14")
    assert bookmarks["Technique"] == page_of_heading(chloe, "Technique")


def test_see_page_references_point_at_blocks(chloe):
    bookmarks = {title: page for _, title, page in outline(chloe)}
    week_one = chloe.pages[bookmarks["Week 1 of 14"] - 1].extract_text()
    match = re.search(r"Calf raise, p\.\s(\d+)", week_one)
    assert match, week_one
    assert int(match.group(1)) == bookmarks["Calf raise"]


def test_metadata(chloe):
    meta = chloe.metadata
    assert meta.title == "Chloe Martin – downhill tempo plan"
    assert meta.author == "Sam Lee"
    assert "14-week downhill tempo training plan for Chloe Martin" in meta.subject
    assert "downhill tempo" in meta["/Keywords"] and "Valley Descent Half" in meta["/Keywords"]
    assert meta["/CreationDate"] == meta["/ModDate"]


def test_name_and_week_dates_in_text(chloe):
    start = date(2027, 1, 4)
    text = "\n".join(p.extract_text() for p in chloe.pages)
    assert text.count("Chloe Martin") >= 14
    for week in range(14):
        monday = start + timedelta(weeks=week)
        assert f"{monday.day}" in text
    assert "4–10 Jan" in text and "5–11 Apr" in text


def test_fonts_are_embedded_and_subset(chloe):
    fonts = {}
    for page in chloe.pages[:8]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert any("Source-Serif" in name for name in fonts)
    assert all(embedded for embedded in fonts.values())
    assert all(re.match(r"^/[A-Z]{6}\+", name) for name in fonts)  # subset tag


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if len(line.strip()) > 6]
    return lines[0] if lines else ""


def test_imposed_booklet_order(example_build, tmp_path):
    """Each sheet side of the saddle-stitch PDF holds the two pages sheet_order says of the
    A5 print edition."""
    build(load_config(EXAMPLE, out_dir=tmp_path, athletes=["dev-patel"], site=False,
                      paper="a5", print_edition=True))
    a5 = PdfReader(tmp_path / "pdf" / "dev-patel-print.pdf")
    imposed = PdfReader(example_build / "pdf" / "dev-patel-saddle-stitch.pdf")
    count = len(a5.pages)
    assert len(imposed.pages) == 2 * -(-count // 4)
    order = sheet_order(count)
    assert len(order) == len(imposed.pages)
    for side, (left, right) in zip(imposed.pages, order, strict=True):
        assert (round(float(side.mediabox.width)), round(float(side.mediabox.height))) == (
            842, 595)
        text = side.extract_text()
        for index in (left, right):
            if index is not None:
                assert first_line(a5.pages[index].extract_text()) in text
    assert "Dev Patel" in imposed.pages[0].extract_text()  # the cover is on the first side


def test_pdf_ua_variant_is_tagged(tmp_path):
    build(load_config(EXAMPLE, out_dir=tmp_path, athletes=["dev-patel"], site=False,
                      pdf_variant="pdf/ua-1"))
    reader = PdfReader(tmp_path / "pdf" / "dev-patel.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def flat(text: str) -> str:
    """PDF text with every run of whitespace (no-break spaces too) as one space."""
    return re.sub(r"\s+", " ", text)


def personal_pages(reader: PdfReader) -> list[str]:
    """The text of every page but the chapters (the library's own words, quoted as written)."""
    marks = {title: page for _, title, page in outline(reader)}
    first = min(marks[title] for title in CATEGORY_TITLES.values() if title in marks)
    diary = marks["Training diary"]
    return [page.extract_text() for number, page in enumerate(reader.pages, start=1)
            if not first <= number < diary]


def test_an_athlete_in_miles_reads_no_metres_or_kilometres(example_build):
    ben = PdfReader(example_build / "pdf" / "ben-okafor.pdf")  # units: mi
    pages = personal_pages(ben)
    for text in pages:
        lines = [line.strip() for line in text.splitlines()]
        assert not re.search(r"\d\s?k?m\b|/\s?km\b|\(k?m\)", text), text
        assert not {"m", "km"} & set(lines), text
    whole = flat("\n".join(pages))
    assert "Downhilldescent(ft)" in whole.replace(" ", "") and "/mi" in whole  # chart legend
    assert re.search(r"running \(h:mm\).*\b4:00\b", whole, re.I)  # the table, as the chart


@pytest.mark.parametrize("athlete", ["ana-ruiz", "ben-okafor", "chloe-martin"])
def test_every_interval_session_names_its_recovery(example_build, athlete):
    text = flat("\n".join(personal_pages(PdfReader(example_build / "pdf" / f"{athlete}.pdf"))))
    lines = recovery_lines(athlete)
    for line in lines:
        assert flat(line) in text, line
    assert len(lines) >= 10
    assert "Easy jog · effort" not in text and "× Walk or jog" not in text


def test_one_date_label_per_day_on_week_pages(example_build):
    ben = PdfReader(example_build / "pdf" / "ben-okafor.pdf")
    marks = {title: page for _, title, page in outline(ben)}
    week_one = ben.pages[marks["Week 1 of 12"] - 1].extract_text()
    # Tue 5 Jan has an easy run and strength; Sat 9 Jan the long run and strength
    assert week_one.count("Tue 5 Jan") == 1 and week_one.count("Sat 9 Jan") == 1
    assert week_one.count("Strength: calves") == 2
