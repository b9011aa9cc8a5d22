"""Jobs that travel: the files a booklet's HTML points at, read into memory by the machine that
runs the build, and a writer that serves only those, so a worker elsewhere needs no project.

``pack`` (on the coordinator) follows every local address in the HTML, and in the stylesheets
and SVG images it points at, and reads the files inside the project's folders. A worker's
``PackedWriter`` fetches from that pack and never opens a path: a file the coordinator refused
(outside the project) is refused again, one it found missing is missing again, and an address
nobody foresaw fails the booklet rather than render differently from a local build.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse, iri_to_uri

from .. import __version__
from ..errors import Problem
from ..paths import inside
from .jobs import PdfJob, PdfOutcome, render_with
from .writer import FetchRefused, PdfWriter

#: Addresses in HTML, CSS and SVG: attributes, url(...) and @import "...".
_REFERENCE = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']([^"']+)["'])"""
    r"""|(?:url\(\s*["']?([^"')\s]+)["']?\s*\))"""
    r"""|(?:@import\s+["']([^"']+)["'])""")
#: Shipped files whose text is followed for more addresses.
_FOLLOWED = (".css", ".svg")


def _local_path(url: str) -> str | None:
    """The file a file: URL names (query and fragment dropped), or None for other URLs."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return unquote(parts.path)


@dataclass(frozen=True)
class PackedFiles:
    """The local files a build's booklets may fetch, by absolute path, as read by the
    coordinator; the paths it refused (outside the project) and the ones it found missing."""

    data: dict[str, bytes] = field(default_factory=dict)
    refused: frozenset[str] = frozenset()
    missing: frozenset[str] = frozenset()

    @cached_property
    def token(self) -> str:
        """Identifies the files' contents: a worker keeps its writer (and the chapters it
        drew) while the files stay the same."""
        digest = hashlib.sha256()
        for path in sorted(self.data):
            digest.update(path.encode() + b"\0" + hashlib.sha256(self.data[path]).digest())
        for path in sorted(self.refused | self.missing):
            digest.update(b"\1" + path.encode())
        return digest.hexdigest()

    @property
    def size(self) -> int:
        return sum(len(data) for data in self.data.values())


def pack(texts: Iterable[str], base_url: Path, roots: Iterable[Path]) -> PackedFiles:
    """Read every local file ``texts`` (booklet HTML, relative to ``base_url``) point at, and
    the files those point at in turn, when inside ``roots``."""
    roots = tuple(roots)
    base = base_url.resolve().as_uri() + "/"
    data: dict[str, bytes] = {}
    refused: set[str] = set()
    missing: set[str] = set()
    todo = [(text, base) for text in texts]
    while todo:
        text, where = todo.pop()
        for match in _REFERENCE.finditer(text):
            reference = next(group for group in match.groups() if group is not None)
            if reference.startswith(("#", "data:")):
                continue
            path = _local_path(iri_to_uri(urljoin(where, reference)))
            if path is None or path in data or path in refused or path in missing:
                continue
            if inside(path, roots) is None:
                refused.add(path)
                continue
            try:
                data[path] = Path(path).read_bytes()
            except (OSError, ValueError):
                missing.add(path)
                continue
            if path.lower().endswith(_FOLLOWED):
                todo.append((data[path].decode("utf-8", "replace"),
                             PurePosixPath(path).as_uri()))
    return PackedFiles(data, frozenset(refused), frozenset(missing))


class _ShippedResponse(URLFetcherResponse):
    @property
    def path(self) -> None:
        """No file on this machine: WeasyPrint keeps the bytes, never reopens a path."""
        return None


class NotShipped(LookupError):
    """A document asked a worker for a local file the coordinator did not send."""


class PackedFetcher(URLFetcher):
    """Serves data: URIs and the packed files; refuses what the coordinator refused and
    everything else, and opens no file and no connection."""

    def __init__(self, files: PackedFiles):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.files = files
        self.refused: list[str] = []
        self.unshipped: list[str] = []

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        path = _local_path(url)
        if path is not None and path in self.files.data:
            content_type = mimetypes.guess_type(path)[0] or "text/plain"
            return _ShippedResponse(iri_to_uri(url.split("?")[0]), self.files.data[path],
                                    {"Content-Type": content_type})
        if path is not None and path in self.files.missing:
            raise FileNotFoundError(f"no such file: {path}")
        if path is not None and path not in self.files.refused:
            self.unshipped.append(url)
            raise NotShipped(f"{url} was not sent with the job")
        self.refused.append(url)
        raise FetchRefused(f"booklet refuses to fetch {url}: only files inside the project")


class PackedWriter(PdfWriter):
    """A PdfWriter whose documents fetch from ``files`` only (see ``PackedFetcher``)."""

    def __init__(self, roots: Iterable[Path], files: PackedFiles):
        super().__init__(roots)
        self.files = files
        self.unshipped: list[str] = []

    def fetcher(self) -> PackedFetcher:  # type: ignore[override]
        fetcher = PackedFetcher(self.files)
        fetcher.unshipped = self.unshipped  # one list, read after each job
        return fetcher


@dataclass
class RenderedJob:
    """What a worker sends back for one job: its outcome and each target's bytes."""

    outcome: PdfOutcome
    files: dict[str, bytes] = field(default_factory=dict)  # target path: the PDF


def shared_token(html: str) -> str:
    """Stands for a booklet's shared chapters in a job sent to a worker (the chapters
    themselves travel once per build)."""
    return "chapters:" + hashlib.sha256(html.encode("utf-8")).hexdigest()


def versions() -> tuple[str, str]:
    """booklet's and WeasyPrint's versions: every machine of a build must agree on them."""
    import weasyprint

    return __version__, weasyprint.__version__


def _collect_into(collected: dict[str, bytes]) -> Callable[[Path, bytes], None]:
    def collect(target: Path, data: bytes) -> None:
        collected[str(target)] = data
    return collect


_writer: PackedWriter | None = None
_lock = threading.Lock()  # a worker with several threads renders one booklet at a time


def render_packed(jobs: list[PdfJob], chapters: dict[str, str], files: PackedFiles
                  ) -> tuple[tuple[str, str], str, list[RenderedJob]]:
    """Render ``jobs`` (their shared chapters given by token in ``chapters``) from ``files``,
    returning the PDFs instead of writing them, and this machine's versions. Pure: the same
    arguments give the same bytes, so a job lost with its worker can run again elsewhere.
    Also says which process rendered them (host and process id)."""
    global _writer
    results = []
    with _lock:
        for job in jobs:
            if _writer is None or (_writer.files is not files
                                   and _writer.files.token != files.token):
                _writer = PackedWriter(job.roots, files)
            _writer.roots, _writer.files = job.roots, files
            job = replace(job, cache_dir=None, editions=tuple(
                replace(e, shared=chapters[e.shared]) if e.shared is not None else e
                for e in job.editions))
            collected: dict[str, bytes] = {}
            before = len(_writer.unshipped)
            outcome = render_with(_writer, job, _collect_into(collected))
            missed = list(dict.fromkeys(_writer.unshipped[before:]))
            if missed and not outcome.problems:
                outcome.problems = [Problem(
                    f"{job.athlete}: the booklet asked for {', '.join(missed)}, which the"
                    " build did not send to the cluster; a local build would read it")]
            results.append(RenderedJob(outcome, {} if outcome.problems else collected))
    return versions(), f"{socket.gethostname()}:{os.getpid()}", results
