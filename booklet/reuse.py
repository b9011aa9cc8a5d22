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
"""

from __future__ import annotations

import re
from html import escape

from weasyprint import Document
from weasyprint.document import Page
from weasyprint.formatting_structure.boxes import MarginBox

from .parts import PAGE_MARK
from .parts import RESERVED_MARK as MARK

_ID = "booklet-reserved-"
_PAGE_REF = re.compile(r' data-page="' + re.escape(PAGE_MARK) + r'([^"]*)"')


class SpliceError(ValueError):
    """The personal part's reserved pages do not line up with the shared chapters."""


def reserved_pages(shared: Document) -> str:
    """The HTML that stands in for the shared chapters in an athlete's personal part."""
    parts = []
    for number, page in enumerate(shared.pages, 1):
        anchors = "".join(f'<span id="{escape(a)}"></span>' for a in page.anchors)
        side = "right" if number == 1 else "page"
        parts.append(f'<div id="{_ID}{number}" style="break-before: {side}; margin: 0;'
                     f' padding: 0; height: 0">{anchors}</div>')
    return "\n".join(parts)


def fill(personal_html: str, shared: Document, first_page: int | None = None) -> str:
    """The personal part's HTML with its mark replaced by the reserved pages; with
    ``first_page`` (the page number the chapters start on), references into the chapters get
    their page numbers written in, otherwise they are left to target counters."""
    if personal_html.count(MARK) != 1:
        raise SpliceError("the booklet template must contain the reserved-pages mark once")
    html = personal_html.replace(MARK, reserved_pages(shared))
    offsets: dict[str, int] = {}
    for index, page in enumerate(shared.pages):
        for anchor in page.anchors:
            offsets.setdefault(anchor, index)

    def number(match: re.Match) -> str:
        anchor = match.group(1)
        if first_page is None or anchor not in offsets:
            return ""
        return f' data-page="{first_page + offsets[anchor]}"'

    return _PAGE_REF.sub(number, html)


def first_reserved(personal: Document) -> int | None:
    """The page number (from 1) of the first reserved page, if the part has one."""
    return next((n for n, page in enumerate(personal.pages, 1) if f"{_ID}1" in page.anchors),
                None)


def splice(personal: Document, shared: Document) -> Document:
    """One document: the personal pages with the shared chapter pages in the reserved ones."""
    count = len(shared.pages)
    first = first_reserved(personal)
    first = None if first is None else first - 1
    if first is None or first + count > len(personal.pages) or not all(
            f"{_ID}{n + 1}" in personal.pages[first + n].anchors for n in range(count)):
        raise SpliceError("the reserved pages did not lay out one per chapter page")
    names = shared_strings(shared)
    middle = [_combine(shared.pages[n], personal.pages[first + n], names) for n in range(count)]
    pages = personal.pages[:first] + middle + personal.pages[first + count:]
    return personal.copy(pages)


def shared_strings(shared: Document) -> frozenset[str]:
    """Names of the CSS strings (string-set) the shared chapters assign, e.g. the running head."""
    names = set()
    for page in shared.pages:
        for box in page._page_box.descendants():
            for name, _ in getattr(box, "string_set", None) or ():
                if name != "none":
                    names.add(name)
    return frozenset(names)


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
