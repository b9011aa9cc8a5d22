"""Page references given their numbers after layout, so no layout waits for page numbers.

A reference into the chapters ("p. 42", the ::after of a link) can only show its number once the
pages before it are laid out. WeasyPrint solves that with extra layout passes; layout reuse
instead lays each reference out once with *a* number of the right length and sets the true one
afterwards, in the laid-out text box: the booklet's figures are tabular, so the new number takes
the same width (which is checked: a reference whose width would change is left to the caller,
who lays the document out again with the right numbers written in).

Two uses (see ``booklet.pdf.reuse``):

- the personal part's references into the chapters, laid out with a guessed first chapter page,
  are renumbered in place once the layout says where the chapters begin;
- the chapters' references to each other are the only thing on a chapter page that depends on
  where the chapters begin. They are taken off the chapter pages, which are then drawn once
  for booklets whose chapters begin on any page of the same parity, and drawn, renumbered, on
  a layer of their own for each first page (:func:`layer`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from weasyprint.document import Page
from weasyprint.formatting_structure.boxes import (
    Box,
    InlineBlockBox,
    InlineBox,
    InlineReplacedBox,
    LineBox,
    ParentBox,
    TextBox,
)
from weasyprint.text.line_break import Layout, line_size

_NUMBER = re.compile(r"\d+$")
_SIDES = ("top", "right", "bottom", "left")


class Unnumbered(ValueError):
    """A reference cannot take its new number without changing width."""


@dataclass(frozen=True)
class PageRef:
    """A laid-out page reference: where its text box is (the page's index and the child
    indexes from the page box down), the anchor it points at and the number it shows."""

    page: int
    path: tuple[int, ...]
    anchor: str
    shown: int


def find(pages: list[Page], anchor_of: Callable[[Box], str | None],
         shown: Callable[[str], int | None], *, written: bool = False) -> list[PageRef]:
    """The references on ``pages``: text boxes of an ``::after`` box for which ``anchor_of``
    names an anchor, ending in the number ``shown`` says it was laid out with; ``written``:
    or the number written in its element's ``data-page``, if it has one."""
    found = []
    for index, page in enumerate(pages):
        for path, box in _walk(page._page_box, ()):
            if not (box.element_tag or "").endswith("::after") or not isinstance(box, ParentBox):
                continue
            anchor = anchor_of(box)
            number = shown(anchor) if anchor is not None else None
            if written and number is not None and (box.element.get("data-page") or "").isdigit():
                number = int(box.element.get("data-page"))
            if number is None:
                continue
            for n, child in enumerate(box.children):
                match = _NUMBER.search(child.text) if isinstance(child, TextBox) else None
                if match is not None and int(match.group()) == number:
                    found.append(PageRef(index, (*path, n), anchor, number))
    return found


def by_page(refs: Iterable[PageRef]) -> dict[int, list[PageRef]]:
    """``refs`` by the page (index) they are on, in page order."""
    pages: dict[int, list[PageRef]] = {}
    for ref in sorted(refs, key=lambda r: r.page):
        pages.setdefault(ref.page, []).append(ref)
    return pages


def _walk(box: Box, path: tuple[int, ...]) -> Iterator[tuple[tuple[int, ...], Box]]:
    yield path, box
    for n, child in enumerate(getattr(box, "children", ())):
        yield from _walk(child, (*path, n))


def link_anchor(box: Box) -> str | None:
    """The anchor a link's generated box belongs to (``#name`` links only)."""
    element = box.element
    href = element.get("href") if element is not None and element.tag == "a" else None
    return href[1:] if href and href.startswith("#") and len(href) > 1 else None


def data_page_anchor(box: Box) -> str | None:
    """The anchor of a reference whose number the personal part writes in (``data-page``)."""
    element = box.element
    return link_anchor(box) if element is not None and element.get("data-page") else None


def renumber(page: Page, refs: list[PageRef], number: Callable[[str], int]) -> Page:
    """``page`` with each of its ``refs`` showing ``number(anchor)``."""
    box = page._page_box
    for ref in refs:
        box = _replace(box, ref.path, lambda text, a=ref.anchor: _retext(text, number(a)))
    return Page(box)


def renumber_pages(pages: list[Page], refs: Iterable[PageRef],
                   number: Callable[[str], int]) -> list[Page]:
    """``pages`` with each of ``refs`` showing ``number(anchor)`` (see ``renumber``)."""
    pages = list(pages)
    for n, on_page in by_page(refs).items():
        pages[n] = renumber(pages[n], on_page, number)
    return pages


def _lines(page: Page, refs: list[PageRef]) -> dict[tuple[int, ...], list[PageRef]]:
    """``refs`` by the line holding them (the path to the line box): the outermost one, so
    that a reference inside an inline block moves to the layer with the rest of its line."""
    lines: dict[tuple[int, ...], list[PageRef]] = {}
    for ref in refs:
        box, depth = page._page_box, 0
        for n, index in enumerate(ref.path):
            box = box.children[index]
            if isinstance(box, LineBox) and not depth:
                depth = n + 1
        lines.setdefault(ref.path[:depth], []).append(ref)
    return lines


def _mover(line: Box, refs: list[PageRef], depth: int) -> Callable[[tuple[int, ...]], bool]:
    """Which boxes of ``line`` a layer draws instead of the page: the references and all
    that follows them on the line, so that glyphs meet in the order a whole render draws
    them (anti-aliased edges blend by that order); only the references' text when the rest
    holds boxes a layer cannot draw alone (inline flex or grid boxes and the like). A
    reference in a table is in an inline block of its own (booklet.css), drawn like text."""
    first = min(ref.path[depth:] for ref in refs)
    own = {ref.path[depth:] for ref in refs}
    drawable = (TextBox, InlineReplacedBox, InlineBox, InlineBlockBox, LineBox)
    if all(isinstance(box, drawable) for path, box in _walk(line, ())
           if path and path >= first):
        return lambda path: path >= first
    return lambda path: path in own


def strip(page: Page, refs: list[PageRef]) -> Page:
    """``page`` without the text of its ``refs``, nor what follows them on their line (drawn
    by a layer instead, see ``carriers``); boxes are hidden, not removed: links stay."""
    box = page._page_box
    for path, held in _lines(page, refs).items():
        moved = _mover(_at(box, path), held, len(path))
        box = _replace(box, path, lambda line, m=moved: _split(line, (), m, chapter=True))
    return Page(box)


def carriers(page: Page, refs: list[PageRef]) -> list[tuple[Box, list[tuple]]]:
    """What a layer needs to draw ``refs`` of ``page`` again: for each line holding some, a
    bare copy of the block holding the line with that line alone, showing only what
    ``strip`` hides, and the references' paths in it, with their anchors."""
    held = []
    for path, line_refs in _lines(page, refs).items():
        line = _at(page._page_box, path)
        moved = _mover(line, line_refs, len(path))
        block = _bare(_at(page._page_box, path[:-1]),
                      [_split(line, (), moved, chapter=False)])
        held.append((block, [((0, *ref.path[len(path):]), ref.anchor) for ref in line_refs]))
    return held


def layer(page: Page, held: list[tuple[Box, list[tuple]]], number: Callable[[str], int]) -> Page:
    """A page of the same size showing only the references ``held`` (see ``carriers``), each
    with ``number(anchor)``."""
    blocks = []
    for block, refs in held:
        for path, anchor in refs:
            block = _replace(block, path, lambda text, a=anchor: _retext(text, number(a)))
        blocks.append(block)
    return Page(_bare(page._page_box, blocks, page=True))


def _at(box: Box, path: tuple[int, ...]) -> Box:
    for n in path:
        box = box.children[n]
    return box


def _split(box: Box, path: tuple[int, ...], moved: Callable[[tuple[int, ...]], bool], *,
           chapter: bool) -> Box:
    """``box`` (a line or part of one) with what ``moved`` says hidden on the ``chapter`` page,
    or all else hidden on the layer, whose boxes draw no background or border of their own."""
    if isinstance(box, ParentBox):
        children = [_split(child, (*path, n), moved, chapter=chapter)
                    for n, child in enumerate(box.children)]
        return box.copy_with_children(children) if chapter else _bare(box, children)
    if moved(path) == chapter:
        hidden = box.copy()
        hidden.style = box.style.copy()
        hidden.style["visibility"] = "hidden"
        return hidden
    return box


def _bare(box: Box, children: list[Box], page: bool = False) -> Box:
    """A copy of ``box`` with ``children`` that draws nothing of its own."""
    bare = box.copy_with_children(children)
    bare.background = None
    bare.link = bare.bookmark_label = None  # the page's own links and bookmarks stay there
    if page:
        bare.canvas_background = None
    for side in _SIDES:
        setattr(bare, f"border_{side}_width", 0)
    return bare


def _replace(box: Box, path: tuple[int, ...], change: Callable[[Box], Box]) -> Box:
    if not path:
        return change(box)
    children = list(box.children)
    children[path[0]] = _replace(children[path[0]], path[1:], change)
    return box.copy_with_children(children)


def _retext(box: TextBox, number: int) -> TextBox:
    old = box.text
    new = old[:_NUMBER.search(old).start()] + str(number)
    if new == old:
        return box
    if len(new) != len(old) or abs(_width(new, box.style) - _width(old, box.style)) > 1e-3:
        raise Unnumbered(f"{old!r} and {new!r} differ in width")
    text = box.copy_with_text(new)
    text.pango_layout = copy.copy(box.pango_layout)  # laid out: only its text is drawn anew
    text.pango_layout.text = new
    return text


def _width(text: str, style) -> float:  # noqa: ANN001 - WeasyPrint's computed style
    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    return line_size(line, style)[0]
