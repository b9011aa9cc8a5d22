"""Reading content blocks from disk: bundled first, then the project's own (which may override)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from pydantic import ValidationError

from ..errors import BookletError, ContentError, Problem
from ..paths import inside, outside_reason
from ..sources import parse_yaml, problems_from_validation, read_text
from . import numbers
from .blocks import DOSE_TABLE_RE, ContentBlock, FrontMatter, Library
from .markdown import references

FENCE = "---"


def read_block(path: Path) -> ContentBlock:
    """One block file: YAML front matter between --- lines, then Markdown."""
    text = read_text(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise ContentError([Problem(
            "must start with a '---' line, then YAML front matter, then '---'", path, 1)])
    for index in range(1, len(lines)):
        if lines[index].strip() == FENCE:
            break
    else:
        raise ContentError([Problem(
            "front matter is not closed: add a '---' line after it", path, 1)])
    data, key_lines = parse_yaml("".join(lines[1:index]), path, line_offset=1)
    if not isinstance(data, dict):
        raise ContentError([Problem("front matter must be a YAML mapping (key: value)", path, 2)])
    try:
        meta = FrontMatter(**data)
    except ValidationError as exc:
        raise ContentError(problems_from_validation(exc, FrontMatter, path, key_lines)) from None
    body = "".join(lines[index + 1:])

    def line_of(offset: int) -> int:
        return index + 2 + body.count("\n", 0, offset)

    problems = [Problem(message, path, line_of(offset))
                for offset, message in numbers.problems(body)]
    problems += [Problem(message, path, key_lines.get(("summary",)), "summary")
                 for _, message in numbers.problems(meta.summary, tables=False)]
    found = DOSE_TABLE_RE.search(body)
    if found and meta.dose is None:
        problems.append(Problem(
            "{{dose-table}} needs a 'dose:' in the front matter (sets and reps by level)",
            path, line_of(found.start()), "dose"))
    if problems:
        raise ContentError(sorted(problems, key=lambda p: p.line or 0))
    return ContentBlock(meta=meta, body=body, source=path, body_line=index + 2)


def load_library(folders: list[Path], roots: Iterable[Path] = ()) -> Library:
    """Blocks from each folder in turn; a later folder's block replaces an earlier one's by id.
    A block file must lie inside these folders or ``roots`` (a symlink leading elsewhere is
    refused, as for images).

    Every problem in every file is collected and raised together as one ContentError.
    """
    blocks: dict[str, ContentBlock] = {}
    overridden: list[str] = []
    problems: list[Problem] = []
    allowed = (*folders, *roots)
    for layer, folder in enumerate(folders):
        if not folder.is_dir():
            continue
        seen_here: dict[str, Path] = {}
        for path in sorted(folder.rglob("*.md")):
            reason = outside_reason(path, allowed)
            if reason is not None:
                problems.append(Problem(
                    f"this block {reason}; booklet only reads files inside the project:"
                    " copy the file itself into the content folder", path))
                continue
            try:
                block = read_block(path)
            except BookletError as exc:
                problems.extend(exc.problems)
                continue
            if block.id in seen_here:
                problems.append(Problem(
                    f"duplicate block id '{block.id}' (also in {seen_here[block.id]});"
                    " give one of them another id", path, None, "id"))
                continue
            seen_here[block.id] = path
            if block.id in blocks and layer > 0:
                overridden.append(block.id)
            blocks[block.id] = block
    if problems:
        raise ContentError(problems)
    return Library(blocks=blocks, overridden=tuple(sorted(set(overridden))))


def link_target_id(block: ContentBlock, target: str) -> str | None:
    """The block id a relative ``.md`` link points at, or None for other links."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None
    joined = posixpath.normpath(posixpath.join(block.source.parent.name, parts.path))
    return joined.removesuffix(".md")


def image_path(block: ContentBlock, target: str) -> Path | None:
    """The file a relative image target names (escapes decoded, not yet resolved: see
    ``image_file``), or None when it is a URL or an absolute path."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return block.source.parent / unquote(parts.path)


def image_file(block: ContentBlock, target: str, roots: Iterable[Path]) -> Path | None:
    """The image file a block names, resolved, when it is a file inside ``roots`` (the
    project and the bundled folders); None otherwise. The site and the PDF both use it."""
    path = image_path(block, target)
    real = None if path is None else inside(path, roots)
    return real if real is not None and real.is_file() else None


def check_references(library: Library, md: MarkdownIt, *, roots: Iterable[Path]
                     ) -> list[Problem]:
    """Links to missing blocks, and images that are not where the block says or that lie
    outside ``roots`` (the project and the bundled folders)."""
    roots = tuple(roots)
    problems = []
    for block in library.ordered():
        for ref in references(md, block.body):
            line = block.body_line + ref.line - 1
            if ref.kind == "link":
                target = link_target_id(block, ref.target)
                if target is not None and target not in library:
                    problems.append(Problem(
                        f"link to missing block '{target}' ({ref.target})", block.source, line))
                elif urlsplit(ref.target).scheme in ("http", "https", "mailto", ""):
                    continue
                else:
                    problems.append(Problem(
                        f"link '{ref.target}' uses an unsupported scheme", block.source, line))
            else:
                problem = _image_problem(block, ref.target, roots)
                if problem is not None:
                    problems.append(Problem(problem, block.source, line))
    return problems


def _image_problem(block: ContentBlock, target: str, roots: tuple[Path, ...]) -> str | None:
    path = image_path(block, target)
    if path is None:
        return f"image '{target}' must be a file beside the block, not a URL or absolute path"
    reason = outside_reason(path, roots)
    if reason is not None:
        return (f"image '{target}' {reason}; booklet only reads files inside the project:"
                " copy the image into the content folder, beside the block")
    if not path.is_file():
        return f"image '{target}' not found (looked for {path.resolve()})"
    return None
