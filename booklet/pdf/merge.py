"""Shared chapters drawn once: each athlete's drawn personal pages merged with them (pypdf).

Layout reuse (``reuse``) lays the chapters out once, but a spliced booklet still draws every
chapter page. Here the chapters are drawn once too, as a PDF of their own without the
athlete's footers (``reuse.chapter_pages``), and each athlete's personal part is drawn with
its reserved pages showing only the footers (``reuse.reserved_pages``). :func:`merge` then
puts the chapter pages under the footers of the reserved pages, in the personal PDF:

- each reserved page keeps its page object (so the personal part's links and bookmarks to it
  still work) and gets the chapter page's content, resources and link annotations, with its
  own content (the footer: "page N of M", the athlete's name) drawn over it as a form;
- the named destinations of the chapters' anchors point where the chapter PDF has them, on
  the merged pages, so the contents, the "p. N" references and the chapters' own links land
  where they land in a booklet rendered whole;
- the chapters' bookmarks go into the outline between the personal ones before and after;
- metadata and the document id are the personal PDF's, which the writer derives from its
  inputs: the same inputs give the same bytes.

Tagged PDFs (PDF/UA and the like) carry a structure tree that merging would have to join; the
writer renders those whole (see ``PdfWriter``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

_FORM = NameObject("/BookletPersonal")
_LAYER = NameObject("/BookletNumbers")


@dataclass
class DrawnChapters:
    """The chapters' PDF, read once and merged into many booklets."""

    data: bytes

    def __post_init__(self) -> None:
        self.reader = PdfReader(io.BytesIO(self.data))


@dataclass(frozen=True)
class _Mark:
    """A bookmark: its title, page index, position, whether open, and its children."""

    title: str
    page: int
    left: float
    top: float
    open: bool
    children: tuple[_Mark, ...]


def merge(personal: bytes, chapters: DrawnChapters, first: int,
          blank: frozenset[int] = frozenset(), layer: DrawnChapters | None = None,
          layered: frozenset[int] = frozenset()) -> bytes:
    """The booklet: ``personal`` with the chapter pages on its reserved pages, which begin on
    page ``first`` (from 1). Chapter pages ``blank`` (indexes from 0: pages left blank, which
    both parts draw alike, ruled in the print edition) are taken as they are, as drawing the
    reserved page over them would draw their rules twice. The pages ``layered`` (indexes
    from 0) get the page of the same index of ``layer`` drawn over the chapter page: the
    chapters' references to each other, numbered for this booklet (``reuse.Chapters.layer``)."""
    source = chapters.reader
    reader = PdfReader(io.BytesIO(personal))
    writer = PdfWriter(clone_from=reader)
    start, count = first - 1, len(source.pages)
    if start < 0 or start + count > len(writer.pages):
        raise ValueError("the reserved pages do not hold the chapter pages")
    targets = [writer.pages[start + n] for n in range(count)]
    refs = [page.indirect_reference for page in targets]
    opening = writer._add_object(_stream(b"q\n"))
    closing = writer._add_object(_stream(b"Q\nq " + _FORM.encode() + b" Do Q\n"))
    numbered = writer._add_object(_stream(b"Q\nq " + _LAYER.encode() + b" Do Q\nq "
                                          + _FORM.encode() + b" Do Q\n"))
    for n, (page, chapter) in enumerate(zip(targets, source.pages, strict=True)):
        extra = None
        if layer is not None and n in layered:
            extra = _foreign_form(writer, layer.reader.pages[n])
        _overlay(writer, page, chapter, opening,
                 None if n in blank else numbered if extra is not None else closing, extra)
    _merge_destinations(writer, source, refs)
    _merge_outline(writer, reader, source, start, count)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _form(writer: PdfWriter, page: DictionaryObject) -> IndirectObject:
    """The page's own content (a reserved page's: the footers) as a form XObject."""
    own = page["/Contents"].get_object()
    if own.get("/Filter"):  # kept compressed, as it is
        form = EncodedStreamObject()
        form._data = own._data
        for key in ("/Filter", "/DecodeParms"):
            if key in own:
                form[NameObject(key)] = own[key]
    else:
        form = DecodedStreamObject()
        form.set_data(own.get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(page["/MediaBox"])
    form[NameObject("/Resources")] = page.raw_get("/Resources")
    return writer._add_object(form)


def _foreign_form(writer: PdfWriter, page: DictionaryObject) -> IndirectObject:
    """A page of another PDF (a layer's) as a form XObject of ``writer``'s."""
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data())
    form = form.flate_encode()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in page.mediabox)
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form)


def _overlay(writer: PdfWriter, page: DictionaryObject, chapter: DictionaryObject,
             opening: IndirectObject, closing: IndirectObject | None,
             layer: IndirectObject | None = None) -> None:
    """``page`` (a reserved page: footers only) becomes the chapter page with the footers
    drawn over it (``closing`` draws them; without it, the chapter page alone), and the form
    ``layer`` between them (``closing`` then draws it too)."""
    # Only what the page draws and links is taken, not the page object (that would be cloned
    # as a page of its own). Objects the chapter pages share are cloned once per writer.
    resources = DictionaryObject(chapter["/Resources"].clone(writer).get_object())
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
    if closing is not None:
        xobjects[_FORM] = _form(writer, page)
    if layer is not None:
        xobjects[_LAYER] = layer
    resources[NameObject("/XObject")] = xobjects
    contents = chapter.raw_get("/Contents").clone(writer)
    resolved = contents.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    ends = [] if closing is None else [closing]
    page[NameObject("/Contents")] = ArrayObject([opening, *parts, *ends])
    page[NameObject("/Resources")] = resources
    annots = chapter.get("/Annots")
    if annots:
        page[NameObject("/Annots")] = ArrayObject(a.clone(writer) for a in annots.get_object())
    elif "/Annots" in page:
        del page["/Annots"]


def _names(root: DictionaryObject) -> list:
    """The flat /Names array of the document's named destinations (as WeasyPrint writes it)."""
    names = root.get_object().get("/Names")
    dests = names.get_object().get("/Dests") if names is not None else None
    if dests is None:
        return []
    return list(dests.get_object().get("/Names", ArrayObject()).get_object())


def _merge_destinations(writer: PdfWriter, source: PdfReader,
                        refs: list[IndirectObject]) -> None:
    """Every named destination: the personal part's, with the chapters' anchors on the
    merged chapter pages (where the chapter PDF has them) instead of the reserved pages."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(source.pages)}
    merged: dict[str, ArrayObject] = {}
    flat = _names(writer._root_object)
    for name, dest in zip(flat[::2], flat[1::2], strict=True):
        merged[str(name)] = dest
    flat = _names(source.trailer["/Root"])
    for name, dest in zip(flat[::2], flat[1::2], strict=True):
        dest = dest.get_object()
        target = refs[pages[dest[0].idnum]]
        merged[str(name)] = ArrayObject([target, *dest[1:]])
    if not merged:
        return
    array = ArrayObject()
    for name in sorted(merged):
        array += [TextStringObject(name), merged[name]]
    root = writer._root_object
    if "/Names" not in root:
        root[NameObject("/Names")] = DictionaryObject()
    root["/Names"].get_object()[NameObject("/Dests")] = DictionaryObject(
        {NameObject("/Names"): array})


def _marks(reader: PdfReader, outline: list, shift: int = 0) -> list[_Mark]:
    """The bookmarks of ``outline`` (as pypdf reads it: an item, then a list of its
    children), with page indexes moved by ``shift``."""
    marks: list[_Mark] = []
    for item in outline:
        if isinstance(item, list):
            last = marks.pop()
            marks.append(_Mark(last.title, last.page, last.left, last.top, last.open,
                               tuple(_marks(reader, item, shift))))
            continue
        count = item.get("/Count", 0)
        marks.append(_Mark(str(item.title), reader.get_destination_page_number(item) + shift,
                           float(item.left or 0), float(item.top or 0), count >= 0, ()))
    return marks


def _merge_outline(writer: PdfWriter, personal: PdfReader, source: PdfReader, start: int,
                   count: int) -> None:
    """The outline: the personal part's bookmarks, with the chapters' where they begin."""
    own = _marks(personal, personal.outline)
    shared = _marks(source, source.outline, shift=start)
    if not shared:
        return
    marks = ([m for m in own if m.page < start] + shared
             + [m for m in own if m.page >= start + count])
    root = writer._root_object
    pages = writer.pages
    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines")})
    outline_ref = writer._add_object(outline)

    def add(items: list[_Mark] | tuple[_Mark, ...], parent: IndirectObject) -> int:
        """Write ``items`` under ``parent``; the number of items shown when it is open."""
        shown, made = len(items), []
        for mark in items:
            entry = DictionaryObject({
                NameObject("/Title"): TextStringObject(mark.title),
                NameObject("/Dest"): ArrayObject([
                    pages[mark.page].indirect_reference, NameObject("/XYZ"),
                    FloatObject(mark.left), FloatObject(mark.top), NumberObject(0)]),
                NameObject("/Parent"): parent,
            })
            ref = writer._add_object(entry)
            inner = add(mark.children, ref)
            entry[NameObject("/Count")] = NumberObject(inner if mark.open else -inner)
            if mark.open:
                shown += inner
            if made:
                entry[NameObject("/Prev")] = made[-1]
                made[-1].get_object()[NameObject("/Next")] = ref
            made.append(ref)
        if made:
            parent.get_object()[NameObject("/First")] = made[0]
            parent.get_object()[NameObject("/Last")] = made[-1]
        return shown

    outline[NameObject("/Count")] = NumberObject(add(marks, outline_ref))
    root[NameObject("/Outlines")] = outline_ref
