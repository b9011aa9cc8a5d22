"""Saddle-stitch imposition: a booklet PDF in reading order to A4 landscape sheets for printing."""

from __future__ import annotations

import hashlib
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject

# A4 landscape in points (841.89 x 595.28, rounded).
SHEET_WIDTH = 842
SHEET_HEIGHT = 595

Slot = int | None


def padded_pages(page_count: int, *, keep_back_cover: bool = False) -> list[Slot]:
    """Source page indices in booklet order, padded with None (blank) to a multiple of 4.

    By default the blanks go at the end: booklet's documents end with chapter text, not a back
    cover, so blanks before the last page would split the final chapter. With ``keep_back_cover``
    and more than four pages (more than one sheet), the blanks go before the last page so that it
    stays on the outside of the folded booklet.
    """
    if page_count < 0:
        raise ValueError(f"page_count must not be negative, got {page_count}")
    blanks = -page_count % 4
    pages: list[Slot] = list(range(page_count))
    if keep_back_cover and page_count > 4:
        return pages[:-1] + [None] * blanks + pages[-1:]
    return pages + [None] * blanks


def sheet_order(page_count: int, *, keep_back_cover: bool = False) -> list[tuple[Slot, Slot]]:
    """(left, right) source page indices for each output page side; None is a blank half.

    Sides alternate front, back for sheets 0, 1, ...: printed double-sided (flip on short edge)
    and folded, the stack reads in order. See ``padded_pages`` for where blanks go.
    """
    pages = padded_pages(page_count, keep_back_cover=keep_back_cover)
    n = len(pages)
    order: list[tuple[Slot, Slot]] = []
    for i in range(n // 4):
        order.append((pages[n - 1 - 2 * i], pages[2 * i]))
        order.append((pages[2 * i + 1], pages[n - 2 - 2 * i]))
    return order


def impose(pdf: bytes, *, keep_back_cover: bool = False) -> bytes:
    """Impose a booklet PDF for saddle-stitch printing on A4 landscape sheets.

    Each source page is scaled uniformly to fit half a sheet and centred there; any page size,
    box origin and /Rotate are accepted. Blanks pad the document to a multiple of four pages,
    at the end by default (see ``padded_pages``). Document info (title, author, ...) is kept;
    links and bookmarks are dropped, as they make no sense on imposed sheets. The same input
    bytes always give the same output bytes.
    """
    reader = PdfReader(BytesIO(pdf))
    sources = list(reader.pages)
    if not sources:
        raise ValueError("cannot impose a PDF without pages")

    writer = PdfWriter()
    writer.pdf_header = reader.pdf_header
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    # pypdf only writes an /ID when encrypting, but booklet's PDFs carry one (pdf.py); derive it
    # from the input so the output stays reproducible. pypdf has no public setter for it.
    file_id = ByteStringObject(hashlib.sha256(b"booklet.impose\0" + pdf).digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])

    half = SHEET_WIDTH / 2
    for left, right in sheet_order(len(sources), keep_back_cover=keep_back_cover):
        sheet = writer.add_blank_page(width=SHEET_WIDTH, height=SHEET_HEIGHT)
        for index, x0 in ((left, 0.0), (right, half)):
            if index is not None:
                _place(sheet, sources[index], x0, half, SHEET_HEIGHT)
        sheet.compress_content_streams()

    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _place(sheet: PageObject, page: PageObject, x0: float, width: float, height: float) -> None:
    """Draw ``page`` as a reader shows it, scaled to fit the box (x0, 0, width, height), centred."""
    # Link annotations would point into the reading-order document, which the sheets no longer
    # are; dropping them also keeps the source page objects out of the output.
    page.pop("/Annots", None)
    # pypdf clips merged content to the CropBox (default: MediaBox), so fit exactly that box.
    box = page.cropbox
    box_width, box_height = float(box.width), float(box.height)
    # /Rotate turns the page clockwise for display; it must be a multiple of 90.
    rotation = (int(page.rotation) + 45) // 90 * 90 % 360
    if rotation in (90, 270):
        box_width, box_height = box_height, box_width
    scale = min(width / box_width, height / box_height)
    # Rotating about the box centre makes the MediaBox origin and /Rotate one simple transform.
    # (page.transfer_rotation_to_content() would need the page to belong to a writer.)
    transform = (
        Transformation()
        .translate(-float(box.left + box.right) / 2, -float(box.bottom + box.top) / 2)
        .rotate(-rotation)
        .scale(scale)
        .translate(x0 + width / 2, height / 2)
    )
    sheet.merge_transformed_page(page, transform)
