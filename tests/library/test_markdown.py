"""Block Markdown: tables, callouts, heading levels, and raw HTML off unless allowed."""

from __future__ import annotations

from booklet.library import make_markdown, references, render

same = lambda kind, target: target  # noqa: E731


def test_raw_html_is_text_by_default():
    html = render(make_markdown(), "Hi <script>alert(1)</script> <b>x</b>\n", same)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_raw_html_when_the_project_allows_it():
    html = render(make_markdown(allow_html=True), "Hi <b>x</b>\n", same)
    assert "<b>x</b>" in html


def test_callouts_with_and_without_title():
    body = "::: tip\nShort steps.\n:::\n\n::: warning Stop if\nSharp pain.\n:::\n"
    html = render(make_markdown(), body, same)
    assert '<aside class="callout callout-tip">' in html
    assert '<p class="callout-title">Tip</p>' in html
    assert '<p class="callout-title">Stop if</p>' in html
    assert "<p>Sharp pain.</p>" in html


def test_callout_title_is_escaped():
    html = render(make_markdown(), "::: note <img src=x>\nBody\n:::\n", same)
    assert "&lt;img src=x&gt;" in html


def test_tables_and_heading_shift():
    body = "## Cues\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"
    assert "<h2>Cues</h2>" in render(make_markdown(), body, same)
    html = render(make_markdown(), body, same, heading_shift=1)
    assert "<h3>Cues</h3>" in html
    assert "<table>" in html and "<td>2</td>" in html


def test_links_and_images_go_through_the_resolver():
    seen = []

    def resolve(kind, target):
        seen.append((kind, target))
        return "X-" + target

    html = render(make_markdown(), "[a](b.md) ![c](d.svg)\n", resolve)
    assert seen == [("link", "b.md"), ("image", "d.svg")]
    assert 'href="X-b.md"' in html and 'src="X-d.svg"' in html


def test_references_report_lines():
    refs = references(make_markdown(), "text\n\n[a](b.md)\n\n![c](d.svg)\n")
    assert [(r.kind, r.target, r.line) for r in refs] == [
        ("link", "b.md", 3), ("image", "d.svg", 5)]


def test_a_link_resolved_to_none_becomes_its_text():
    def resolve(kind, target):
        return None if target == "gone.md" else target

    html = render(make_markdown(), "see [the *taper*](gone.md) and [b](b.md)\n", resolve)
    assert "<a" not in html.split("and")[0]
    assert "see the <em>taper</em> and" in html
    assert '<a href="b.md">b</a>' in html
