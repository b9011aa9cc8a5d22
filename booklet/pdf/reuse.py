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
WeasyPrint resolves by laying those pages out again, twice each. When the number of the first
reserved page is known (it is the same for athletes whose front matter has the same length), the
personal part gets the numbers written in instead and is laid out once; :func:`splice` checks
the guess and the caller lays the part out again, with target counters, when it was wrong.

The chapters refer to each other too ("progression, p. 59"), so they are laid out numbered from
the page they start on in the booklet (:func:`numbered`): a layout is shared by booklets whose
chapters start on the same page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from weasyprint import Document
from weasyprint.document import Page
from weasyprint.formatting_structure.boxes import MarginBox

from .marks import PAGE_MARK
from .marks import RESERVED_MARK as MARK

_ID = "booklet-reserved-"
_PAGE_REF = re.compile(r' data-page="' + re.escape(PAGE_MARK) + r'([^"]*)"')


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

    def to_json(self) -> dict:
        """What merging needs of them, without the layout, as JSON data."""
        return {"reserved": self.reserved, "offsets": self.offsets,
                "strings": sorted(self.strings), "start": self.start, "pages": self.pages,
                "blank": sorted(self.blank)}

    @classmethod
    def from_json(cls, data: dict) -> Chapters:
        return cls(None, data["reserved"], dict(data["offsets"]), frozenset(data["strings"]),
                   data["start"], data["pages"], frozenset(data["blank"]))

    @classmethod
    def of(cls, document: Document, start: int = 1) -> Chapters:
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
        return cls(document, "\n".join(parts), offsets, frozenset(strings), start,
                   len(document.pages), blank)


def numbered(shared_html: str, start: int) -> str:
    """The chapters' HTML with their pages numbered from ``start``, as in the booklet, so that
    their page references (target-counter) print the booklet's page numbers."""
    rule = f"<style>@page :first {{ counter-reset: page {start} }}</style>"
    head, found, rest = shared_html.partition("</head>")
    return head + rule + found + rest if found else rule + shared_html


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

    return _PAGE_REF.sub(number, personal_html.replace(MARK, chapters.reserved))


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
    middle = [_combine(shared.pages[n], personal.pages[start + n], chapters.strings)
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
    shared = chapters.document
    return shared.copy([_only(page, chapters.strings, chapter=True) for page in shared.pages])


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
