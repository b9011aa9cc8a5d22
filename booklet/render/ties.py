"""Print typography: ties that keep numbers with their units, ranges and page references
whole across line breaks ("2 × 10 s", "8:50–9:56 /mi", "effort 4–5", "p. 59")."""

from __future__ import annotations

import re

from ..plan.wording import NBSP

_UNITS = r"(?:s|min|h|km|mi|m|ft|%|kg|bpm|/km|/mi)"
#: Elements whose text is not running prose: left as they are.
_SKIP = re.compile(r"<(style|script|svg|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_TIES = (
    (re.compile(rf"(?<=\d) (?={_UNITS}(?![\w]))"), NBSP),  # 10 s, 3 km, 8:50 /mi
    (re.compile(r"(?<=\d h) (?=\d)"), NBSP),  # 1 h 05 min
    (re.compile(r"(?<=\d) ([×x]) (?=\d)"), NBSP + r"\1" + NBSP),  # 2 × 10
    (re.compile(r"\b(p\.|page|effort) (?=\d)"), r"\1" + NBSP),  # p. 59, effort 4
)
_RANGE = re.compile(r"\d+(?::\d\d)?[–-]\d+(?::\d\d)?")  # 8:50–9:56, 4–5


def _tie_text(text: str, ranges: bool = True) -> str:
    for pattern, replacement in _TIES:
        text = pattern.sub(replacement, text)
    if not ranges:
        return text
    return _RANGE.sub(lambda m: f'<span class="tie">{m.group(0)}</span>', text)


def tie_fragment(html: str) -> str:
    """An HTML fragment with the same ties in its text (not its tags); ranges are left to
    the word joiners the session wording already puts in them. For the site's cards."""
    return _tie_segment(html, ranges=False)


def tie(html: str) -> str:
    """The document with its body text tied: non-breaking spaces between a number and its
    unit, around "×" and after "p.", and ranges kept on one line (``span.tie``). Markup,
    the head, styles and drawings are left alone."""
    start = html.find("<body")
    end = html.find(">", start) + 1
    if start < 0 or end == 0:
        return html
    head, body = html[:end], html[end:]
    out, last = [], 0
    for skipped in _SKIP.finditer(body):
        out.append(_tie_segment(body[last:skipped.start()]))
        out.append(skipped.group(0))
        last = skipped.end()
    out.append(_tie_segment(body[last:]))
    return head + "".join(out)


def _tie_segment(segment: str, ranges: bool = True) -> str:
    parts, last = [], 0
    for tag in _TAG.finditer(segment):
        parts.append(_tie_text(segment[last:tag.start()], ranges))
        parts.append(tag.group(0))
        last = tag.end()
    parts.append(_tie_text(segment[last:], ranges))
    return "".join(parts)
