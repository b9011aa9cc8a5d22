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
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ..errors import Problem, RenderError
from ..paths import inside
from . import reuse
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
    roughly a quarter of its time there (benchmarks/phases.py). The caller collects once
    after each booklet instead (booklet.pdf.jobs). Nested uses leave it to the outermost."""
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
        self.refused: list[str] = []  # URLs documents asked for and did not get, in order
        self.layouts: OrderedDict[tuple[str, int], reuse.Chapters] = OrderedDict()
        self.reused = 0  # how many chapter layouts were taken from ``layouts``
        self.first_pages: dict[tuple[str, str], int] = {}  # where chapters began, per shape
        self.starts: dict[str, int] = {}  # where chapters began, per shared chapters
        self.last_start = 1  # where the last booklet's chapters began
        self.missed = 0  # how many times that guess was wrong (and the part laid out again)
        self.page_count = 0  # pages of the last PDF rendered
        # Booklets with shared chapters: the chapters drawn once and merged into each PDF
        # (booklet.pdf.merge), or (False) spliced into each layout and drawn every time.
        self.merge_drawn = True
        self.drawn: dict[int, tuple] = {}  # id(Chapters): (chapters, drawn), oldest first
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
                personal, chapters, first = self._reusing(html, shared, base_url, merging,
                                                          shared_key)
                if merging and first is not None:
                    return self._merged(personal, chapters, first, shared, pdf_id, shared_key)
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

    def _merged(self, personal: Document, chapters: reuse.Chapters, first: int, shared: str,
                pdf_id: str, shared_key: str | None) -> bytes:
        """The booklet from its personal part, drawn with footers only on the reserved pages,
        and the chapters drawn once per writer (booklet.pdf.merge)."""
        from . import merge  # pypdf: only for booklets with shared chapters

        kept = self.drawn.get(id(chapters))  # kept with the chapters, so the id is theirs
        drawn = kept[1] if kept is not None else None
        if drawn is None:
            # The chapters' fonts carry no athlete's date (the library clock of a document
            # without one), so a booklet's bytes never depend on who drew them first.
            with library_clock(document_epoch(shared)):
                data = self._draw(reuse.chapter_pages(chapters), "0" * 32, None)
            drawn = merge.DrawnChapters(data)
            if self.cache is not None and shared_key is not None:
                self.cache.put(ChapterCache.entry(shared_key, chapters.start),
                               chapters.to_json(), data)
            # Drawn, the chapters' layout is no longer needed (only a tagged booklet would
            # splice it, and lays it out again): its boxes are most of a worker's memory.
            light = replace(chapters, document=None)
            self.drawn[id(light)] = (light, drawn)
            for kept_key, value in self.layouts.items():
                if value is chapters:
                    self.layouts[kept_key] = light
            chapters = light
        while len(self.drawn) > self.keep_layouts:
            self.drawn.pop(next(iter(self.drawn)))
        part = reuse.reserved_pages(personal, chapters, first)
        data = self._draw(part, pdf_id, None)
        started = time.process_time()
        try:
            return merge.merge(data, drawn, first, chapters.blank)
        finally:
            self.timings["merge"] += time.process_time() - started

    def fetcher(self) -> ProjectURLFetcher:
        """A fresh fetcher for one document (a cluster worker's serves shipped files instead,
        booklet.pdf.packed)."""
        return ProjectURLFetcher(self.roots)

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

    def _reusing(self, html: str, shared: str, base_url: Path, merging: bool,
                 shared_key: str | None) -> tuple[Document, reuse.Chapters, int | None]:
        """A booklet's personal part laid out, its (cached) shared chapters laid out numbered
        from the page they start on, and the page its reserved pages begin on. A booklet
        ``merging`` drawn chapters needs no chapter layout, only drawn chapters: with
        ``shared_key`` they may come from ``cache``, whose hints are guesses too."""
        key = hashlib.sha256(f"{base_url}\0{shared}".encode()).hexdigest()
        # Where the chapters start is guessed from the last booklet with the same chapters and
        # the same structure (the same elements in the same order, e.g. as many weeks and
        # sessions), which almost always has the same number of front pages.
        tags = hashlib.sha256("".join(_TAG.findall(html)).encode()).hexdigest()
        shape = (key, tags)
        cache = self.cache if merging and shared_key is not None else None
        hints = cache.hints(shared_key) if cache is not None else {}
        guess = self.first_pages.get(shape) or hints.get(tags)
        start = guess or self.starts.get(key) or hints.get("") or self.last_start
        chapters = self._chapters(shared, base_url, key, start, merging, shared_key)
        personal = self._layout(reuse.fill(html, chapters, guess), base_url)
        first = reuse.first_reserved(personal)
        if guess is not None and first != guess:  # the numbers written in were wrong
            self.missed += 1
        for _ in range(3):  # a new start may move pages, and so the start: settle it
            if first is None or first == chapters.start:
                break
            before = chapters
            chapters = self._chapters(shared, base_url, key, first, merging, shared_key)
            if chapters.reserved != before.reserved or (guess is not None and first != guess):
                personal = self._layout(reuse.fill(html, chapters), base_url)
                first = reuse.first_reserved(personal)
        if first is not None and first != chapters.start:
            raise reuse.SpliceError("the chapters' first page did not settle")
        if first is not None:
            self.first_pages[shape] = self.starts[key] = self.last_start = first
            if cache is not None:
                cache.hint(shared_key, tags, first)
        self.layouts[key, chapters.start] = chapters  # kept, the least recent making room
        self.layouts.move_to_end((key, chapters.start))
        while len(self.layouts) > self.keep_layouts:
            self.layouts.popitem(last=False)
        return personal, chapters, first

    def _chapters(self, shared: str, base_url: Path, key: str, start: int,
                  merging: bool = False, shared_key: str | None = None) -> reuse.Chapters:
        """The shared chapters numbered from ``start``: kept from an earlier booklet (merging:
        as drawn, maybe without their layout), read from the cache as drawn (merging, with
        ``shared_key``), or laid out now."""
        chapters = self.layouts.get((key, start))
        if chapters is not None and (chapters.document is not None
                                     or (merging and id(chapters) in self.drawn)):
            self.reused += 1
            return chapters
        if merging and shared_key is not None and self.cache is not None:
            found = self.cache.get(ChapterCache.entry(shared_key, start))
            if found is not None:
                from .merge import DrawnChapters

                try:
                    chapters = reuse.Chapters.from_json(found[0])
                    drawn = DrawnChapters(found[1])
                except Exception:  # a damaged entry is a missing one
                    chapters = None
                if chapters is not None:
                    self.drawn[id(chapters)] = (chapters, drawn)
                    self.cached += 1
                    return chapters
        document = self._layout(reuse.numbered(shared, start), base_url)
        return reuse.Chapters.of(document, start)
