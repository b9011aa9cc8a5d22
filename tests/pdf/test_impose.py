"""Saddle-stitch imposition: page order, sheet geometry and reproducible output."""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject, RectangleObject
from weasyprint import HTML

from booklet.pdf.impose import (
    POINTS_PER_MM,
    SHEET_HEIGHT,
    SHEET_WIDTH,
    creep_shifts,
    impose,
    padded_pages,
    sheet_order,
)

HALF = SHEET_WIDTH / 2
LABEL = re.compile(r"[PR]\d+")


# --- order, without PDFs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_count", "expected"),
    [
        (4, [(3, 0), (1, 2)]),
        (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
        (5, [(None, 0), (1, None), (None, 2), (3, 4)]),
        (1, [(None, 0), (None, None)]),
        (2, [(None, 0), (1, None)]),
        (12, [(11, 0), (1, 10), (9, 2), (3, 8), (7, 4), (5, 6)]),
    ],
)
def test_sheet_order(page_count, expected):
    assert sheet_order(page_count) == expected


@pytest.mark.parametrize(
    ("page_count", "expected"),
    [
        # The back cover (page 4) stays on the outside of the folded booklet.
        (5, [(4, 0), (1, None), (None, 2), (3, None)]),
        (10, [(9, 0), (1, None), (None, 2), (3, 8), (7, 4), (5, 6)]),
        # One sheet or less: a leaflet, padded at the end like the default.
        (2, [(None, 0), (1, None)]),
        (3, [(None, 0), (1, 2)]),
        # Nothing to pad: the option changes nothing.
        (8, [(7, 0), (1, 6), (5, 2), (3, 4)]),
    ],
)
def test_sheet_order_keeping_the_back_cover(page_count, expected):
    assert sheet_order(page_count, keep_back_cover=True) == expected


@pytest.mark.parametrize("page_count", range(0, 30))
@pytest.mark.parametrize("keep_back_cover", [False, True])
def test_sheet_order_uses_every_page_once(page_count, keep_back_cover):
    order = sheet_order(page_count, keep_back_cover=keep_back_cover)
    slots = [slot for side in order for slot in side]
    assert len(order) % 2 == 0
    assert len(slots) == len(padded_pages(page_count)) == page_count + (-page_count % 4)
    assert sorted(slot for slot in slots if slot is not None) == list(range(page_count))


def test_folded_stack_reads_in_order():
    # Simulate the print: flipping on the short edge puts a front's right half behind the
    # back's left half. In the nested, folded stack each sheet's right leaf is read on the way
    # in (front right, then back left) and its left leaf on the way out (back right, front left).
    order = sheet_order(16)
    sheets = list(zip(order[0::2], order[1::2], strict=True))  # (front, back) per sheet
    first_half = [page for front, back in sheets for page in (front[1], back[0])]
    second_half = [page for front, back in reversed(sheets) for page in (back[1], front[0])]
    assert first_half + second_half == list(range(16))


def test_sheet_order_rejects_negative_counts():
    with pytest.raises(ValueError, match="negative"):
        sheet_order(-1)


# --- real PDFs -------------------------------------------------------------------------------


@cache
def labelled_booklet(pages: int) -> bytes:
    """An A5 PDF of `pages` pages, page k showing a big "Pk"."""
    sections = "".join(f'<section class="page">P{k}</section>' for k in range(1, pages + 1))
    html = f"""<!DOCTYPE html><html><head>
    <title>Label test</title><meta name="author" content="Test Author">
    <style>
      @page {{ size: A5; margin: 20mm }}
      body {{ font: 60pt "DejaVu Sans", sans-serif }}
      .page {{ text-align: center; break-after: page }}
      .page:last-child {{ break-after: auto }}
    </style></head><body>{sections}</body></html>"""
    return HTML(string=html).write_pdf()


def labels_by_half(page) -> tuple[list[str], list[str]]:
    """The labels drawn on the left and on the right half of an output page."""
    halves: tuple[list[str], list[str]] = ([], [])

    def visit(text, cm, tm, font, size):
        label = text.strip()
        if LABEL.fullmatch(label):
            # The text origin on the sheet: the text matrix's translation mapped through the CTM.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            halves[0 if x < HALF else 1].append(label)

    page.extract_text(visitor_text=visit)
    return halves


def label_positions(page) -> dict[str, tuple[float, float]]:
    """Each label's text origin on the sheet, in points."""
    found = {}

    def visit(text, cm, tm, font, size):
        label = text.strip()
        if LABEL.fullmatch(label):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[label] = (x, y)

    page.extract_text(visitor_text=visit)
    return found


def expected_halves(page_count: int, **options) -> list[tuple[list[str], list[str]]]:
    return [
        tuple([] if slot is None else [f"P{slot + 1}"] for slot in side)
        for side in sheet_order(page_count, **options)
    ]


@pytest.mark.parametrize("pages", [8, 10])
def test_impose_puts_labels_on_the_right_halves(pages):
    source = labelled_booklet(pages)
    assert len(PdfReader(BytesIO(source)).pages) == pages

    reader = PdfReader(BytesIO(impose(source)))

    padded = pages + (-pages % 4)
    assert len(reader.pages) == padded // 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (842, 595)
        assert page.rotation == 0
    assert [labels_by_half(page) for page in reader.pages] == expected_halves(pages)


def test_impose_ten_pages_in_full():
    # Spelled out once, so the test does not only trust sheet_order: blanks at the end.
    reader = PdfReader(BytesIO(impose(labelled_booklet(10))))
    assert [labels_by_half(page) for page in reader.pages] == [
        ([], ["P1"]),
        (["P2"], []),
        (["P10"], ["P3"]),
        (["P4"], ["P9"]),
        (["P8"], ["P5"]),
        (["P6"], ["P7"]),
    ]


def test_impose_can_keep_the_back_cover_last():
    reader = PdfReader(BytesIO(impose(labelled_booklet(10), keep_back_cover=True)))
    halves = [labels_by_half(page) for page in reader.pages]
    assert halves == expected_halves(10, keep_back_cover=True)
    assert halves[0] == (["P10"], ["P1"])


def test_a5_pages_are_scaled_to_fit_and_centred():
    source = PdfReader(BytesIO(labelled_booklet(4)))
    width, height = (float(v) for v in source.pages[0].mediabox[2:])
    assert (round(width, 2), round(height, 2)) == (419.53, 595.28)  # A5
    # Just too tall for 595 pt: scaled a hair down to the sheet height, centred across the half.
    scale = SHEET_HEIGHT / height
    margin = (HALF - width * scale) / 2
    expected = {}
    for index, page in enumerate(source.pages):
        for label, (x, y) in label_positions(page).items():
            left = HALF if index in (0, 2) else 0  # P1 and P3 are right-hand pages
            expected[label] = pytest.approx((left + margin + x * scale, y * scale), abs=0.01)

    imposed = PdfReader(BytesIO(impose(labelled_booklet(4))))
    found = {}
    for page in imposed.pages:
        found.update(label_positions(page))
    assert found == expected


def test_impose_is_reproducible_and_keeps_metadata():
    source = labelled_booklet(10)
    first, second = impose(source), impose(source)
    assert first == second

    reader = PdfReader(BytesIO(first))
    assert reader.metadata.title == "Label test"
    assert reader.metadata.author == "Test Author"
    # A file identifier is written, derived from the input rather than random.
    file_id = reader.trailer["/ID"]
    assert file_id[0] == file_id[1]
    assert file_id[0] != PdfReader(BytesIO(impose(labelled_booklet(8)))).trailer["/ID"][0]


def test_impose_rejects_a_pdf_without_pages():
    out = BytesIO()
    PdfWriter().write(out)
    with pytest.raises(ValueError, match="without pages"):
        impose(out.getvalue())


# --- odd source pages: box origin, size and /Rotate ---------------------------------------


def synthetic_pdf(specs: list[tuple[tuple[float, float, float, float], int, str]]) -> bytes:
    """One page per (MediaBox, /Rotate, label); the label is drawn 20 pt in from the box corner."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for box, rotation, label in specs:
        x0, y0, x1, y1 = box
        page = writer.add_blank_page(width=x1 - x0, height=y1 - y0)
        page.mediabox = RectangleObject(box)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        content = ContentStream(None, writer)
        content.set_data(f"BT /F1 24 Tf {x0 + 20} {y0 + 20} Td ({label}) Tj ET".encode())
        page.replace_contents(content)
        page.rotation = rotation
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_impose_handles_box_origin_size_and_rotation():
    # A 300 x 200 pt page at (100, 50), shown turned a quarter clockwise: 200 wide, 300 tall.
    source = synthetic_pdf(
        [
            ((100, 50, 400, 250), 90, "R1"),
            ((100, 50, 400, 250), 0, "R2"),
            ((0, 0, 200, 300), 0, "R3"),
            ((0, 0, 300, 200), 270, "R4"),
        ]
    )
    reader = PdfReader(BytesIO(impose(source)))
    front, back = (label_positions(page) for page in reader.pages)
    assert (sorted(front), sorted(back)) == (["R1", "R4"], ["R2", "R3"])

    # R1 (front, right): displayed 200 x 300, scaled by 595/300 to fill the height, centred
    # across the half; its bottom-left corner is shown top-left, so the label sits there.
    scale = SHEET_HEIGHT / 300
    left = HALF + (HALF - 200 * scale) / 2
    assert front["R1"] == pytest.approx((left + 20 * scale, (300 - 20) * scale), abs=0.01)

    # R2 (back, left): landscape 300 x 200, scaled by 421/300 to fill the width, centred
    # vertically; the MediaBox origin does not shift it.
    scale = HALF / 300
    bottom = (SHEET_HEIGHT - 200 * scale) / 2
    assert back["R2"] == pytest.approx((20 * scale, bottom + 20 * scale), abs=0.01)

    # R4 (front, left): turned three quarters, its bottom-left corner is shown bottom-right.
    scale = SHEET_HEIGHT / 300
    right = HALF - (HALF - 200 * scale) / 2
    assert front["R4"] == pytest.approx((right - 20 * scale, 20 * scale), abs=0.01)


# --- creep allowance ------------------------------------------------------------------------


def test_creep_shifts_grow_from_the_outer_sheet_to_the_inner_one():
    assert creep_shifts(3, 1.0) == pytest.approx([0.0, POINTS_PER_MM / 2, POINTS_PER_MM])
    assert creep_shifts(1, 2.0) == [0.0]  # a single sheet has nothing to creep against
    assert creep_shifts(4, 0.0) == [0.0] * 4
    with pytest.raises(ValueError, match="must not be negative"):
        creep_shifts(2, -0.5)


def test_creep_moves_inner_pages_towards_the_fold():
    """Twelve pages, three sheets: the outer sheet stays put, the middle one moves half the
    allowance and the inner one all of it, left-hand pages rightwards, right-hand ones left."""
    source = labelled_booklet(12)
    plain = PdfReader(BytesIO(impose(source)))
    crept = PdfReader(BytesIO(impose(source, creep_mm=3.0)))
    shift = 3.0 * POINTS_PER_MM
    for side, (a, b) in enumerate(zip(plain.pages, crept.pages, strict=True)):
        expected = shift * (side // 2) / 2
        before, after = label_positions(a), label_positions(b)
        assert sorted(before) == sorted(after)
        for label, (x, y) in before.items():
            towards_fold = expected if x < HALF else -expected
            assert after[label] == pytest.approx((x + towards_fold, y), abs=0.01), (side, label)
    # Without an allowance nothing changes, byte for byte.
    assert impose(source, creep_mm=0.0) == impose(source)
