"""The WeasyPrint edge: HTML to PDF with a fetcher that only reads files inside allowed folders."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .errors import Problem, RenderError


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
        path = Path(unquote(parts.path)).resolve()
        return any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
        if not self.allows(url):
            self.refused.append(url)
            raise FetchRefused(f"booklet refuses to fetch {url}: only files inside the project")
        return super().fetch(url, headers)


class PdfWriter:
    """Renders booklets; one FontConfiguration and image cache are shared across renders."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = tuple(roots)
        self.font_config = FontConfiguration()
        self.cache: dict = {}
        self.refused: list[str] = []  # URLs documents asked for and did not get, in order

    def render(self, html: str, base_url: Path, *, identifier: str,
               variant: str | None = None) -> bytes:
        fetcher = ProjectURLFetcher(self.roots)
        # The document id is derived from the inputs so identical inputs give identical bytes.
        pdf_id = hashlib.sha256(html.encode("utf-8") + identifier.encode()).hexdigest()[:32]
        try:
            document = HTML(
                string=html, base_url=base_url.resolve().as_uri() + "/", url_fetcher=fetcher,
            ).render(font_config=self.font_config, cache=self.cache)
            data = document.write_pdf(
                pdf_identifier=pdf_id.encode("ascii"), pdf_variant=variant,
            )
        except Exception as exc:  # WeasyPrint raises many kinds; the user needs one message
            raise RenderError([Problem(f"PDF rendering failed: {exc}")]) from exc
        finally:
            self.refused.extend(u for u in fetcher.refused if u not in self.refused)
        return data
