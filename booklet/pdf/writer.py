"""The WeasyPrint edge: HTML to PDF with a fetcher that only reads files inside allowed folders."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..errors import Problem, RenderError
from ..paths import inside
from . import numbers, reuse
from .cache import ChapterCache

_TAG = re.compile(r"<[a-zA-Z][a-zA-Z0-9]*")  # element start tags: a document's structure
_CREATED = re.compile(r'<meta name="dcterms\.created" content="([^"]*)"')


def document_epoch(html: str) -> int:
    """The document's own date (its ``dcterms.created`` meta, which WeasyPrint also writes as
    the PDF's CreationDate) in seconds since 1970; 0 for a document without one."""
    found = _CREATED.search(html)
    if found is None:
        return 0
    try:
        when = datetime.fromisoformat(found.group(1).replace("Z", "+00:00"))
    except ValueError:
        return 0
    return max(0, int((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()))


@contextlib.contextmanager
def quiet_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a booklet renders.

    Laying a booklet out allocates millions of objects, so the collector would run full
    collections over a heap of 100-200 MB again and again, finding little: a render spends
    roughly a quarter of its time there (benchmarks/phases.py). Instead the writer collects
    once the athlete's part is drawn (before merging it), and the caller after each edition
    (booklet.pdf.jobs). Nested uses leave it to the outermost."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def library_clock(epoch: int) -> Iterator[None]:
    """Let the libraries that stamp the time into a PDF read ``epoch`` instead of the clock.

    Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which writes the
    current time into each embedded font's ``head`` table unless SOURCE_DATE_EPOCH is set;
    so the build sets it, from the document's date, whatever the environment said."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


@dataclass
class _Drawn:
    """Shared chapters as a writer keeps them once drawn: without their layout, their PDF,
    and the layers of their references drawn so far (by first page)."""

    key: str  # which chapters (the writer's key: their HTML and base URL)
    chapters: reuse.Chapters
    drawn: Any  # merge.DrawnChapters (pypdf is imported only when merging)
    layers: dict[int, Any] = field(default_factory=dict)
    source: reuse.Chapters | None = None  # what draws a layer: with the references' lines

    def __post_init__(self) -> None:
        if self.source is None and self.chapters.held is not None:
            self.source = self.chapters


class FetchRefused(ValueError):
    """A document asked for something outside the project; WeasyPrint skips it."""


class ProjectURLFetcher(URLFetcher):
    """Serves data: URIs and files under the given roots; refuses the network and other files."""

    def __init__(self, roots: Iterable[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return True
        if scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        return inside(unquote(parts.path), self.roots) is not None

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        if not self.allows(url):
            self.refused.append(url)
            raise FetchRefused(f"booklet refuses to fetch {url}: only files inside the project")
        return super().fetch(url, headers)


class PdfWriter:
    """Renders booklets; one FontConfiguration is shared across renders, and the last few
    shared chapter layouts are kept for reuse (see :mod:`booklet.pdf.reuse`)."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = tuple(roots)
        self.font_config = FontConfiguration()
        self.keep_layouts = 2  # how many shared chapter layouts to keep (least recent go)
        self.keep_drawn = 8  # how many drawn chapters to keep (light: PDF and reference lines)
        self.refused: list[str] = []  # URLs documents asked for and did not get, in order
        self.layouts: OrderedDict[tuple[str, int], reuse.Chapters] = OrderedDict()
        self.reused = 0  # how many chapter layouts were taken from ``layouts``
        self.first_pages: dict[tuple[str, str], int] = {}  # where chapters began, per shape
        self.starts: dict[str, int] = {}  # where chapters began, per shared chapters
        # where the last booklet's chapters began; before any, a guess with as many digits as
        # most booklets' (a wrong guess of the same length costs a renumbering, not a layout)
        self.last_start = 10
        self.missed = 0  # how many times that guess was wrong (and the part renumbered)
        self.relaid = 0  # how many times a personal part was laid out again all the same
        self.chapter_layouts = 0  # how many times shared chapters were laid out
        self.page_count = 0  # pages of the last PDF rendered
        # Booklets with shared chapters: the chapters drawn once and merged into each PDF
        # (booklet.pdf.merge), or (False) spliced into each layout and drawn every time.
        self.merge_drawn = True
        self.drawn: dict[int, _Drawn] = {}  # by id(Chapters), oldest first
        self.cache: ChapterCache | None = None  # drawn chapters kept across builds
        self.cached = 0  # how many drawn chapters were read from ``cache``
        # CPU seconds (process time) spent in each phase, summed over this writer's renders,
        # for benchmarks: "layout" (WeasyPrint's render()), "draw" (write_pdf), "merge"
        self.timings: dict[str, float] = {"layout": 0.0, "draw": 0.0, "merge": 0.0}

    def render(self, html: str, base_url: Path, *, identifier: str,
               variant: str | None = None, shared: str | None = None,
               shared_key: str | None = None) -> bytes:
        """The PDF of ``html``. With ``shared``, ``html`` is a booklet's personal part and
        ``shared`` the chapters, laid out (and drawn) once per writer and merged in; with
        ``shared_key`` too (the hash of the chapters' inputs) and a ``cache``, drawn once
        across builds."""
        # The document id is derived from the inputs so identical inputs give identical bytes.
        pdf_id = hashlib.sha256(html.encode("utf-8") + (shared or "").encode("utf-8")
                                + identifier.encode()).hexdigest()[:32]
        try:
            with library_clock(document_epoch(html)), quiet_collector():
                if shared is None:
                    return self._draw(self._layout(html, base_url), pdf_id, variant)
                merging = self.merge_drawn and variant is None
                key = hashlib.sha256(f"{base_url}\0{shared}".encode()).hexdigest()
                personal, chapters, first = self._reusing(html, shared, base_url, key, merging,
                                                          shared_key)
                if merging and first is not None:
                    kept = self._kept(chapters, key, shared, shared_key)
                    layer = self._layer(kept, first, shared, shared_key, base_url)
                    data = self._draw(reuse.reserved_pages(personal, kept.chapters, first),
                                      pdf_id, None)
                    # Drawn, the athlete's layout goes before the merge (pypdf reads both
                    # PDFs and writes a third): else its boxes are the merge's floor, and a
                    # worker peaks there.
                    del personal
                    gc.collect()
                    return self._merged(data, kept, first, layer)
                return self._draw(reuse.splice(personal, chapters, first), pdf_id, variant)
        except reuse.SpliceError as exc:
            raise RenderError([Problem(
                f"PDF rendering failed: {exc}; a custom booklet template may need"
                " 'reuse_layout = false' in booklet.toml")]) from exc
        except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
            raise RenderError([Problem(f"PDF rendering failed: {exc}")]) from exc

    def _draw(self, document: Document, pdf_id: str, variant: str | None) -> bytes:
        self.page_count = len(document.pages)
        started = time.process_time()
        try:
            return document.write_pdf(pdf_identifier=pdf_id.encode("ascii"),
                                      pdf_variant=variant)
        finally:
            self.timings["draw"] += time.process_time() - started

    def _kept(self, chapters: reuse.Chapters, key: str, shared: str,
              shared_key: str | None) -> _Drawn:
        """The chapters as drawn: kept by this writer (now the most recent), or drawn now."""
        kept = self.drawn.get(id(chapters))  # kept with the chapters, so the id is theirs
        if kept is None:
            kept = self._keep_drawn(chapters, key, shared, shared_key)
        else:
            self.drawn[id(chapters)] = self.drawn.pop(id(chapters))  # the most recent now
        while len(self.drawn) > self.keep_drawn:
            self.drawn.pop(next(iter(self.drawn)))
        return kept

    def _merged(self, data: bytes, kept: _Drawn, first: int, layer: Any) -> bytes:
        """The booklet from its personal part, drawn (``data``) with footers only on the
        reserved pages, the chapters drawn once per writer (booklet.pdf.merge), and their
        references to each other drawn for this booklet's page numbers (``layer``, see
        ``_layer``)."""
        from . import merge  # pypdf: only for booklets with shared chapters

        started = time.process_time()
        try:
            return merge.merge(data, kept.drawn, first, kept.chapters.blank, layer,
                               kept.chapters.ref_pages)
        finally:
            self.timings["merge"] += time.process_time() - started

    def fetcher(self) -> ProjectURLFetcher:
        """A fresh fetcher for one document (a cluster worker's serves shipped files instead,
        booklet.pdf.packed)."""
        return ProjectURLFetcher(self.roots)

    def _keep_drawn(self, chapters: reuse.Chapters, key: str, shared: str,
                    shared_key: str | None) -> _Drawn:
        """Draw chapters just laid out and keep them drawn, without their layout."""
        from . import merge  # pypdf: only for booklets with shared chapters

        # The chapters' fonts carry no athlete's date (the library clock of a document
        # without one), so a booklet's bytes never depend on who drew them first.
        with library_clock(document_epoch(shared)):
            data = self._draw(reuse.chapter_pages(chapters), "0" * 32, None)
        if self.cache is not None and shared_key is not None:
            self.cache.put(self._entry(shared_key, chapters.start), chapters.to_json(), data)
        # Drawn, the chapters' layout is no longer needed (only a tagged booklet would splice
        # it, and lays it out again): its boxes are most of a worker's memory, so they go now,
        # before the athlete's part is laid out.
        light = chapters.light()
        kept = self.drawn[id(light)] = _Drawn(key, light, merge.DrawnChapters(data))
        for kept_key in [k for k, value in self.layouts.items() if value is chapters]:
            del self.layouts[kept_key]
        return kept

    def _layer(self, kept: _Drawn, first: int, shared: str, shared_key: str | None,
               base_url: Path):  # noqa: ANN202 - merge.DrawnChapters | None, merge is lazy
        """The chapters' references to each other, drawn for chapters beginning on page
        ``first``: kept per writer, kept across builds in the cache, or drawn now (from the
        kept lines, or, for chapters read from the cache, from their layout made again)."""
        from .merge import DrawnChapters

        chapters = kept.chapters
        if not chapters.ref_pages:
            return None
        if first in kept.layers:
            return kept.layers[first]
        entry = None
        if self.cache is not None and shared_key is not None:
            entry = ChapterCache.entry(shared_key, f"{chapters.start}:{first}")
            found = self.cache.get(entry)
            if found is not None:
                with contextlib.suppress(Exception):  # a damaged entry is a missing one
                    kept.layers[first] = DrawnChapters(found[1])
                    return kept.layers[first]
        if kept.source is None:
            self.chapter_layouts += 1
            again = reuse.Chapters.laid_out(shared, chapters.start,
                                            lambda html: self._layout(html, base_url))
            if again.offsets != chapters.offsets or again.ref_pages != chapters.ref_pages:
                raise reuse.SpliceError("the chapters laid out again differ from the cache")
            kept.source = again.light()
        document = kept.source.layer(first)
        with library_clock(document_epoch(shared)):
            data = self._draw(document, "0" * 32, None)
        if entry is not None:
            self.cache.put(entry, {"layer": first}, data)
        kept.layers[first] = DrawnChapters(data)
        while len(kept.layers) > 8:  # a roster's booklets begin their chapters on few pages
            kept.layers.pop(next(iter(kept.layers)))
        return kept.layers[first]

    def _layout(self, html: str, base_url: Path) -> Document:
        fetcher = self.fetcher()
        started = time.process_time()
        try:
            return HTML(
                string=html, base_url=base_url.resolve().as_uri() + "/", url_fetcher=fetcher,
            ).render(font_config=self.font_config)
        finally:
            self.timings["layout"] += time.process_time() - started
            self.refused.extend(u for u in fetcher.refused if u not in self.refused)

    def _reusing(self, html: str, shared: str, base_url: Path, key: str, merging: bool,
                 shared_key: str | None) -> tuple[Document, reuse.Chapters, int | None]:
        """A booklet's personal part laid out, its (kept) shared chapters, and the page its
        reserved pages begin on. A booklet ``merging`` drawn chapters needs no chapter
        layout, only drawn chapters: with ``shared_key`` they may come from ``cache``."""
        # Where the chapters start is guessed from the last booklet with the same chapters and
        # the same structure (the same elements in the same order, e.g. as many weeks and
        # sessions), which almost always has the same number of front pages; else from the
        # last booklet with the same chapters, or any. The references are written in from the
        # guess and renumbered if it was wrong (reuse.renumber): no layout waits for numbers.
        tags = hashlib.sha256("".join(_TAG.findall(html)).encode()).hexdigest()
        shape = (key, tags)
        cache = self.cache if merging and shared_key is not None else None
        hints = cache.hints(shared_key) if cache is not None else {}
        guess = self.first_pages.get(shape) or hints.get(tags)
        written = guess or self.starts.get(key) or hints.get("") or self.last_start
        chapters = self._chapters(shared, base_url, key, written, merging, shared_key)
        personal = self._layout(reuse.fill(html, chapters, written), base_url)
        first = reuse.first_reserved(personal)
        if first is not None and first != written:
            self.missed += 1
        for _ in range(3):  # a new start may move pages, and so the start: settle it
            if first is None or first == written:
                break
            before = chapters
            if not chapters.fits(first):
                chapters = self._chapters(shared, base_url, key, first, merging, shared_key)
            try:
                if chapters.reserved != before.reserved:
                    raise numbers.Unnumbered("the reserved pages changed")
                personal = reuse.renumber(personal, chapters, written, first)
            except numbers.Unnumbered:
                personal = self._layout(reuse.fill(html, chapters, first), base_url)
                self.relaid += 1
            written, first = first, reuse.first_reserved(personal)
        if first is not None and first != written:
            raise reuse.SpliceError("the chapters' first page did not settle")
        if first is not None:
            self.first_pages[shape] = self.starts[key] = self.last_start = first
            if cache is not None:
                cache.hint(shared_key, tags, first)
        if chapters.document is not None:  # kept, the least recent making room
            self.layouts[key, chapters.start] = chapters
            self.layouts.move_to_end((key, chapters.start))
            while len(self.layouts) > self.keep_layouts:
                self.layouts.popitem(last=False)
        return personal, chapters, first

    @staticmethod
    def _entry(shared_key: str, start: int) -> str:
        """The cache entry of chapters laid out from page ``start``: one per length of page
        numbers, as a layout serves all the first pages whose numbers are as long."""
        return ChapterCache.entry(shared_key, f"digits:{len(str(start))}")

    def _chapters(self, shared: str, base_url: Path, key: str, start: int,
                  merging: bool = False, shared_key: str | None = None) -> reuse.Chapters:
        """Shared chapters serving booklets whose chapters begin on ``start``: kept from an
        earlier booklet (merging: as drawn, maybe without their layout), read from the cache
        as drawn (merging, with ``shared_key``), or laid out now, numbered from ``start``."""
        kept = [d.chapters for d in self.drawn.values() if d.key == key] if merging else []
        kept += [c for (k, _), c in self.layouts.items() if k == key]
        for chapters in reversed(kept):  # drawn ones first: their layouts were dropped
            if chapters.fits(start):
                self.reused += 1
                return chapters
        if merging and shared_key is not None and self.cache is not None:
            found = self.cache.get(self._entry(shared_key, start))
            if found is not None:
                from .merge import DrawnChapters

                try:
                    chapters = reuse.Chapters.from_json(found[0])
                    drawn = DrawnChapters(found[1])
                except Exception:  # a damaged entry is a missing one
                    chapters = None
                if chapters is not None and chapters.fits(start):
                    self.drawn[id(chapters)] = _Drawn(key, chapters, drawn)
                    self.cached += 1
                    return chapters
        self.chapter_layouts += 1
        chapters = reuse.Chapters.laid_out(shared, start, lambda html: self._layout(html, base_url))
        if merging:
            light = self._keep_drawn(chapters, key, shared, shared_key).chapters
            del chapters
            gc.collect()  # the layout's boxes, before the athlete's part is laid out
            return light
        return chapters
