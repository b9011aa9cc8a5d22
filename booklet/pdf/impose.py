"""Saddle-stitch imposition: a booklet PDF in reading order to A4 landscape sheets for printing."""

from __future__ import annotations

import hashlib
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, RectangleObject

# A4 landscape in points (841.89 x 595.28, rounded).
SHEET_WIDTH = 842
SHEET_HEIGHT = 595
POINTS_PER_MM = 72 / 25.4

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


def creep_shifts(sheets: int, creep_mm: float) -> list[float]:
    """How far (points) each sheet's pages move towards the fold, outermost sheet first.

    Folded and stapled, the inner sheets of a thick booklet stick out at the fore edge and
    are trimmed, so their pages sit further out than the outer sheets'. Creep allowance moves
    them back in: the outermost sheet not at all, the innermost by ``creep_mm``, the sheets
    between in proportion.
    """
    if creep_mm < 0:
        raise ValueError(f"creep_mm must not be negative, got {creep_mm}")
    if sheets <= 1:
        return [0.0] * sheets
    return [creep_mm * POINTS_PER_MM * n / (sheets - 1) for n in range(sheets)]


def impose(pdf: bytes, *, keep_back_cover: bool = False, creep_mm: float = 0.0) -> bytes:
    """Impose a booklet PDF for saddle-stitch printing on A4 landscape sheets.

    Each source page is scaled uniformly to fit half a sheet and centred there; any page size,
    box origin and /Rotate are accepted. Blanks pad the document to a multiple of four pages,
    at the end by default (see ``padded_pages``). With ``creep_mm``, the pages of inner
    sheets move towards the fold (see ``creep_shifts``), clipped at it. Document info (title,
    author, ...) is kept; links and bookmarks are dropped, as they make no sense on imposed
    sheets. The same input bytes always give the same output bytes.
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
    sides = sheet_order(len(sources), keep_back_cover=keep_back_cover)
    shifts = creep_shifts(len(sides) // 2, creep_mm)
    for side, (left, right) in enumerate(sides):
        sheet = writer.add_blank_page(width=SHEET_WIDTH, height=SHEET_HEIGHT)
        shift = shifts[side // 2]  # both sides of a sheet move alike
        for index, x0, towards_fold in ((left, 0.0, shift), (right, half, -shift)):
            if index is not None:
                _place(sheet, sources[index], x0, half, SHEET_HEIGHT, towards_fold)
        sheet.compress_content_streams()

    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _place(sheet: PageObject, page: PageObject, x0: float, width: float, height: float,
           shift: float = 0.0) -> None:
    """Draw ``page`` as a reader shows it, scaled to fit the box (x0, 0, width, height), centred,
    then moved ``shift`` points sideways and clipped to the box."""
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
        .translate(x0 + width / 2 + shift, height / 2)
    )
    if shift:
        page.cropbox = _within(box, transform, (x0, 0.0, x0 + width, height))
    sheet.merge_transformed_page(page, transform)


def _within(box: RectangleObject, transform: Transformation,
            area: tuple[float, float, float, float]) -> RectangleObject:
    """The part of ``box`` (page space) that ``transform`` draws inside ``area`` (sheet space):
    pypdf clips a merged page to its CropBox, so this keeps a moved page out of its neighbour."""
    a, b, c, d, e, f = transform.ctm
    det = a * d - b * c
    corners = [((d * (x - e) - c * (y - f)) / det, (a * (y - f) - b * (x - e)) / det)
               for x in (area[0], area[2]) for y in (area[1], area[3])]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return RectangleObject((max(float(box.left), min(xs)), max(float(box.bottom), min(ys)),
                            min(float(box.right), max(xs)), min(float(box.top), max(ys))))
