"""Ties for print: numbers stay with their units, ranges and page references stay whole."""

from __future__ import annotations

from booklet.render.ties import NBSP, tie


def body(html: str) -> str:
    return tie(f"<html><head><title>2 x 3 s</title></head><body>{html}</body></html>")


def test_numbers_keep_their_units_times_signs_and_page_references():
    out = body("<p>2 × 10 s then 3 km, 45 min, −3 %, see p. 59 and effort 6</p>")
    assert f"2{NBSP}×{NBSP}10{NBSP}s" in out
    assert f"3{NBSP}km" in out and f"45{NBSP}min" in out and f"p.{NBSP}59" in out
    assert f"effort{NBSP}6" in out


def test_ranges_stay_on_one_line():
    out = body("<p>8:50–9:56 /mi at effort 4–5</p>")
    assert f'<span class="tie">8:50–9:56</span>{NBSP}/mi' in out
    assert f'effort{NBSP}<span class="tie">4–5</span>' in out


def test_markup_head_styles_and_drawings_are_left_alone():
    page = ('<html><head><title>2 x 3 s</title><style>a::after { content: "1 s" }</style>'
            '</head><body class="b-2-3"><p data-x="4 s">text</p><svg><text>5 km</text></svg>'
            '<style>b { margin: 1 m }</style></body></html>')
    assert tie(page) == page
