"""Markdown to HTML for content blocks: tables, callouts, safe by default, links resolved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

CALLOUTS: dict[str, str] = {"tip": "Tip", "note": "Note", "warning": "Warning"}
#: In the booklet, block bodies sit one level below the block's h2 title (## -> h3).
PRINT_HEADING_SHIFT = 1

#: Resolves a link or image target written in a block to the URL to emit; None for a link
#: drops the link and keeps its text (a block the reader's copy does not have).
Resolver = Callable[[str, str], str | None]  # (kind "link" | "image", target) -> url


@dataclass(frozen=True)
class Reference:
    """A link or image target found in a block body, with its line in the body."""

    kind: str  # "link" or "image"
    target: str
    line: int


def _render_callout(kind: str) -> Callable[..., str]:
    def render(self: Any, tokens: list[Token], idx: int, _options: Any, env: Any) -> str:
        token = tokens[idx]
        if token.nesting == 1:
            title = token.info.strip()[len(kind):].strip() or CALLOUTS[kind]
            return (
                f'<aside class="callout callout-{kind}">\n'
                f'<p class="callout-title">{escape(title)}</p>\n'
            )
        return "</aside>\n"

    return render


def make_markdown(allow_html: bool = False) -> MarkdownIt:
    """A parser for block bodies; raw HTML stays text unless the project allows it."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": True, "xhtmlOut": False})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    for kind in CALLOUTS:
        container_plugin(md, kind, render=_render_callout(kind))
    return md


def references(md: MarkdownIt, body: str) -> list[Reference]:
    """Every link and image target in a body, for checking that they exist."""
    found = []
    for token in md.parse(body):
        line = (token.map[0] + 1) if token.map else 1
        for child in token.children or ():
            if child.type == "image":
                found.append(Reference("image", str(child.attrGet("src")), line))
            elif child.type == "link_open":
                found.append(Reference("link", str(child.attrGet("href")), line))
    return found


def render(md: MarkdownIt, body: str, resolve: Resolver, heading_shift: int = 0) -> str:
    """Render a block body to HTML, passing every link and image target through ``resolve``
    (a link it resolves to None becomes plain text); headings move down ``heading_shift``
    levels to sit under the page's own headings."""
    tokens = md.parse(body)
    for token in tokens:
        if heading_shift and token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + heading_shift, 6)
            token.tag = f"h{level}"
        if token.children:
            token.children = _resolved(token.children, resolve)
    return md.renderer.render(tokens, md.options, {})


def _resolved(children: list[Token], resolve: Resolver) -> list[Token]:
    """Inline tokens with their targets resolved, and the unresolved links' tags left out
    (links do not nest, so a dropped link ends at the next link_close)."""
    kept, dropping = [], False
    for child in children:
        if child.type == "image":
            # an image the resolver refuses ("") keeps no trace of where it pointed
            child.attrSet("src", resolve("image", str(child.attrGet("src"))) or "")
        elif child.type == "link_open":
            url = resolve("link", str(child.attrGet("href")))
            if url is None:
                dropping = True
                continue
            child.attrSet("href", url)
        elif child.type == "link_close" and dropping:
            dropping = False
            continue
        kept.append(child)
    return kept
