"""Layout reuse: chapters shared by many athletes are laid out once and spliced into each booklet.

Every athlete of a level, paper and unit system reads the same chapters, which are most of a
booklet's pages. A batch renders them once, as an HTML document of their own, and renders for
each athlete only the personal part: the whole booklet with the chapters replaced by one empty
*reserved page* per chapter page. A reserved page carries the ids of the anchors on its chapter
page, so the contents and the "p. 42" references resolve to the same numbers as in the whole
booklet, and the footers count the same pages. Splicing then takes, for each reserved page, the
chapter page's content and running header and the personal page's footer (athlete, page N of M).
The result draws exactly like a booklet rendered in one piece.

References from the week pages into the chapters ("p. 42") are forward references, which
WeasyPrint resolves by laying those pages out again, twice each. Instead the personal part gets
their numbers written in, from a guess of the page the chapters begin on (the last booklet's of
the same shape); when the layout shows the guess was wrong, the laid-out references are given
their right numbers (:mod:`booklet.pdf.numbers`), and only when that would change their width
is the part laid out again.

The chapters refer to each other too ("progression, p. 59"). They are laid out numbered from
the page they begin on in some booklet (:func:`numbered`), and those references are the only
thing on their pages that depends on it: a layout serves every booklet whose chapter page
numbers have as many digits (``Chapters.fits``), its references renumbered for each.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape

from weasyprint import Document
from weasyprint.document import Page
from weasyprint.formatting_structure.boxes import MarginBox

from . import numbers
from .marks import PAGE_REF
from .marks import RESERVED_MARK as MARK

_ID = "booklet-reserved-"
_ID_ATTR = re.compile(r' id="([^"]+)"')
_BLOCK_LINK = re.compile(r'(<a href="#(block-[^"]+)")')  # the chapters' references to each other
_TABLE = re.compile(r"(<table\b.*?</table>)", re.DOTALL)


class SpliceError(ValueError):
    """The personal part's reserved pages do not line up with the shared chapters."""


@dataclass(frozen=True)
class Chapters:
    """Shared chapters laid out once, with what every athlete's booklet takes from them: the
    reserved pages that stand in for them, the page (from 0) of each anchor, and the names of
    the CSS strings (string-set) they assign, such as the running head. Read back from a
    cache of drawn chapters (``to_json``), they have no ``document``: such chapters can be
    merged as drawn (booklet.pdf.merge), not spliced."""

    document: Document | None
    reserved: str
    offsets: dict[str, int]
    strings: frozenset[str]
    start: int = 1  # the page number of the first chapter page (see ``numbered``)
    pages: int = 0  # how many pages they take
    blank: frozenset[int] = frozenset()  # which of them (from 0) are left blank
    refs: tuple[numbers.PageRef, ...] = ()  # their references to each other, as laid out
    ref_pages: frozenset[int] = frozenset()  # the pages (from 0) those references are on
    targets: frozenset[int] = frozenset()  # the pages (from 0) those references point at
    # Kept once the layout is dropped, to draw the references for any first page: per page
    # (from 0) the references' lines (numbers.carriers), and each page's frame (no content).
    held: dict[int, list] | None = None
    frames: Document | None = None

    def to_json(self) -> dict:
        """What merging needs of them, without the layout, as JSON data."""
        return {"reserved": self.reserved, "offsets": self.offsets,
                "strings": sorted(self.strings), "start": self.start, "pages": self.pages,
                "blank": sorted(self.blank), "targets": sorted(self.targets),
                "ref_pages": sorted(self.ref_pages)}

    @classmethod
    def from_json(cls, data: dict) -> Chapters:
        # Read back, the references are known only by the pages they are on (``ref_pages``).
        return cls(None, data["reserved"], dict(data["offsets"]), frozenset(data["strings"]),
                   data["start"], data["pages"], frozenset(data["blank"]), (),
                   frozenset(data["ref_pages"]), frozenset(data["targets"]))

    def fits(self, first: int) -> bool:
        """Whether this layout serves booklets whose chapters begin on page ``first``: its
        references then show numbers of as many digits, so renumbering keeps their width."""
        return all(len(str(first + n)) == len(str(self.start + n)) for n in self.targets)

    def number(self, first: int) -> Callable[[str], int]:
        """The page number of each anchor in booklets whose chapters begin on ``first``."""
        return lambda anchor: first + self.offsets[anchor]

    @classmethod
    def laid_out(cls, shared_html: str, start: int,
                 layout: Callable[[str], Document]) -> Chapters:
        """The chapters laid out (by ``layout``) numbered from ``start``, their references to
        each other written in rather than left to ``target-counter``, which costs WeasyPrint
        two more layouts of each page holding one. The numbers are not known before the
        layout: all are written as ``start`` (as wide, as long as the pages' numbers have as
        many digits) and set right afterwards; only if that changes a width are they laid
        out again, with the numbers the first layout gave, and as a last resort with
        ``target-counter``."""
        written: dict[str, int] = {}
        for _ in range(2):
            document = layout(numbered(shared_html, start, written))
            chapters = cls.of(document, start, written=True)
            try:
                return chapters.renumbered()
            except numbers.Unnumbered:
                written = {anchor: start + offset for anchor, offset in chapters.offsets.items()}
        return cls.of(layout(numbered(shared_html, start)), start)

    def renumbered(self) -> Chapters:
        """These chapters with each reference showing the number of its target's page (they
        may have been laid out with others: ``laid_out``)."""
        number = self.number(self.start)
        if self.document is None or all(ref.shown == number(ref.anchor) for ref in self.refs):
            return self
        pages = numbers.renumber_pages(self.document.pages, self.refs, number)
        refs = tuple(replace(ref, shown=number(ref.anchor)) for ref in self.refs)
        return replace(self, document=self.document.copy(pages), refs=refs)

    @classmethod
    def of(cls, document: Document, start: int = 1, written: bool = False) -> Chapters:
        """The chapters as laid out in ``document``, numbered from ``start``: each reference
        shows its target's page number, or (``written``) the number written in its element
        (``numbered``)."""
        parts, offsets, strings = [], {}, set()
        opening = _opening_side(document.pages[0]) if document.pages else "page"
        for index, page in enumerate(document.pages):
            # An element split over pages is an anchor on each: the first one counts, and a
            # reserved page names only the anchors that begin on it (ids are unique).
            new = [a for a in page.anchors if a not in offsets]
            anchors = "".join(f'<span id="{escape(a)}"></span>' for a in new)
            side = opening if index == 0 else "page"
            parts.append(f'<div id="{_ID}{index + 1}" style="break-before: {side}; margin: 0;'
                         f' padding: 0; height: 0">{anchors}</div>')
            for anchor in new:
                offsets[anchor] = index
            for box in page._page_box.descendants():
                strings.update(name for name, _ in getattr(box, "string_set", None) or ()
                               if name != "none")
        blank = frozenset(n for n, page in enumerate(document.pages)
                          if page._page_box.page_type.blank)
        refs = tuple(numbers.find(document.pages, numbers.link_anchor,
                                  lambda a: start + offsets[a] if a in offsets else None,
                                  written=written))
        return cls(document, "\n".join(parts), offsets, frozenset(strings), start,
                   len(document.pages), blank, refs, frozenset(ref.page for ref in refs),
                   frozenset(offsets[ref.anchor] for ref in refs))

    def light(self) -> Chapters:
        """These chapters without their layout (most of a worker's memory), keeping what
        drawing their references for another first page needs."""
        document = self.document
        if document is None:
            return self
        held = {page: numbers.carriers(document.pages[page], refs)
                for page, refs in numbers.by_page(self.refs).items()}
        frames = document.copy([numbers.layer(page, [], int) for page in document.pages])
        return replace(self, document=None, held=held, frames=frames)

    def layer(self, first: int) -> Document | None:
        """The references alone, numbered for booklets whose chapters begin on ``first``,
        one page per chapter page (None: no references, or not kept)."""
        if not self.ref_pages or self.held is None or self.frames is None:
            return None
        number = self.number(first)
        return self.frames.copy([
            numbers.layer(frame, self.held.get(n, []), number)
            for n, frame in enumerate(self.frames.pages)])


def numbered(shared_html: str, start: int, written: dict[str, int] | None = None) -> str:
    """The chapters' HTML with their pages numbered from ``start``, as in the booklet, so that
    their page references (target-counter) print the booklet's page numbers. With
    ``written``, each reference to an anchor of the chapters gets a number written in
    (``data-page``, the anchor's number in ``written``, else ``start``): the template shows
    it in place of its target-counter."""
    rule = f"<style>@page :first {{ counter-reset: page {start} }}</style>"
    head, found, rest = shared_html.partition("</head>")
    html = head + rule + found + rest if found else rule + shared_html
    if written is None:
        return html
    ids = set(_ID_ATTR.findall(html))

    def number(match: re.Match, in_table: bool = False) -> str:
        anchor = match.group(2)
        page = written.get(anchor, start)
        # In a table, only up to two digits: WeasyPrint sizes a table's columns before it
        # knows the numbers of its target-counters, and the booklet's CSS gives a reference
        # there the room of two digits whatever it shows; a number written in that is wider
        # would give other column widths than the booklet's, so it is left to target-counter.
        if anchor not in ids or (in_table and page >= 100):  # as in the booklet
            return match.group()
        return f'{match.group(1)} data-page="{page}"'

    parts = _TABLE.split(html)
    in_table = functools.partial(number, in_table=True)
    return "".join(_BLOCK_LINK.sub(in_table if n % 2 else number, part)
                   for n, part in enumerate(parts))


def _opening_side(page: Page) -> str:
    """The side the chapters open on ("right" in a printed booklet, "page" on screen): the
    forced break before the first box of their first page."""
    box = next((b for b in page._page_box.children if not isinstance(b, MarginBox)), None)
    while box is not None:
        if box.style["break_before"] in ("left", "right", "recto", "verso"):
            return box.style["break_before"]
        children = getattr(box, "children", None)
        box = children[0] if children else None
    return "page"


def fill(personal_html: str, chapters: Chapters, first_page: int | None = None) -> str:
    """The personal part's HTML with its mark replaced by the reserved pages; with
    ``first_page`` (the page number the chapters start on), references into the chapters get
    their page numbers written in, otherwise they are left to target counters."""
    if personal_html.count(MARK) != 1:
        raise SpliceError("the booklet template must contain the reserved-pages mark once")
    offsets = chapters.offsets

    def number(match: re.Match) -> str:
        anchor = match.group(1)
        if first_page is None or anchor not in offsets:
            return ""
        return f' data-page="{first_page + offsets[anchor]}"'

    return PAGE_REF.sub(number, personal_html.replace(MARK, chapters.reserved))


def renumber(personal: Document, chapters: Chapters, written: int, first: int) -> Document:
    """The personal part, laid out with its references into the chapters numbered as if
    they began on page ``written``, with the numbers of chapters beginning on ``first``
    (raises ``numbers.Unnumbered`` when a number would change width)."""
    offsets = chapters.offsets
    refs = numbers.find(personal.pages, numbers.data_page_anchor,
                        lambda a: written + offsets[a] if a in offsets else None)
    return personal.copy(numbers.renumber_pages(personal.pages, refs, chapters.number(first)))


def first_reserved(personal: Document) -> int | None:
    """The page number (from 1) of the first reserved page, if the part has one."""
    return next((n for n, page in enumerate(personal.pages, 1) if f"{_ID}1" in page.anchors),
                None)


def splice(personal: Document, chapters: Chapters, first: int | None) -> Document:
    """One document: the personal pages with the chapter pages in the reserved ones, which
    begin on page ``first`` (from 1, as ``first_reserved`` gives it)."""
    shared = chapters.document
    if shared is None:
        raise SpliceError("the chapters were read from the cache without their layout")
    count = len(shared.pages)
    start = None if first is None else first - 1
    if start is None or start + count > len(personal.pages) or not all(
            f"{_ID}{n + 1}" in personal.pages[start + n].anchors for n in range(count)):
        raise SpliceError("the reserved pages did not lay out one per chapter page")
    pages = numbers.renumber_pages(shared.pages, chapters.refs, chapters.number(first))
    middle = [_combine(pages[n], personal.pages[start + n], chapters.strings)
              for n in range(count)]
    return personal.copy(personal.pages[:start] + middle + personal.pages[start + count:])


def _from_chapters(box: MarginBox, names: frozenset[str]) -> bool:
    """Whether a margin box shows only text and strings set by the chapters (a running head),
    rather than page counters or strings set elsewhere (the athlete's name)."""
    content = box.style["content"]
    if not isinstance(content, tuple):
        return True
    return all(kind == "string" or (kind == "string()" and value[0] in names)
               for kind, value in content)


def _combine(chapter: Page, reserved: Page, names: frozenset[str]) -> Page:
    chapter_box = chapter._page_box
    if chapter_box.page_type.blank:  # a blank page has no margin boxes in either layout
        return chapter
    kept = [box for box in chapter_box.children
            if not isinstance(box, MarginBox) or _from_chapters(box, names)]
    personal = [box for box in reserved._page_box.children
                if isinstance(box, MarginBox) and not _from_chapters(box, names)]
    return Page(chapter_box.copy_with_children(kept + personal))


def chapter_pages(chapters: Chapters) -> Document:
    """The chapters as they are drawn once for many booklets: each page with its content and
    running head, without the margin boxes the athlete's pages fill (see ``merge``)."""
    shared, refs = chapters.document, numbers.by_page(chapters.refs)
    # The references' numbers are drawn by a layer (``Chapters.layer``).
    return shared.copy([_only(numbers.strip(page, refs[n]) if n in refs else page,
                              chapters.strings, chapter=True)
                        for n, page in enumerate(shared.pages)])


def reserved_pages(personal: Document, chapters: Chapters, first: int | None) -> Document:
    """The personal part as it is drawn to be merged with the drawn chapters: its reserved
    pages (from page ``first``) show only the athlete's margin boxes (footers)."""
    count = chapters.pages
    start = None if first is None else first - 1
    if start is None or start + count > len(personal.pages) or not all(
            f"{_ID}{n + 1}" in personal.pages[start + n].anchors for n in range(count)):
        raise SpliceError("the reserved pages did not lay out one per chapter page")
    pages = list(personal.pages)
    for n in range(start, start + count):
        pages[n] = _only(pages[n], chapters.strings, chapter=False)
    return personal.copy(pages)


def _only(page: Page, names: frozenset[str], *, chapter: bool) -> Page:
    """The page without the margin boxes the other side fills: a chapter page (``chapter``)
    keeps its content and running head, a reserved page its footers and its (empty) content,
    whose anchors the personal part's links need to be written at all."""
    box = page._page_box
    if box.page_type.blank:  # a blank page has no margin boxes in either layout
        return page
    kept = [child for child in box.children if not isinstance(child, MarginBox)
            or _from_chapters(child, names) == chapter]
    return Page(box.copy_with_children(kept))
