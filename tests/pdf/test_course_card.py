"""The example's pacing card, as printed in the booklet and shown on the site, agrees with
the plan: the same segments, paces and splits, adding up to the predicted finish."""

from __future__ import annotations

import re

from pypdf import PdfReader

from booklet.plan.pacing import pacing_card
from booklet.plan.units import format_clock
from booklet.plan.wording import pace_clock
from booklet.project import load_athlete

from ..support.example import EXAMPLE

ATHLETE = "chloe-martin"


def plan():
    return load_athlete(EXAMPLE / "athletes" / f"{ATHLETE}.yaml", roots=(EXAMPLE,)).plan


def card_page(pdf) -> str:
    pages = [p.extract_text() for p in PdfReader(pdf).pages]
    (text,) = [t for t in pages if t.startswith("Race course and pacing card")
               or "\nRace course and pacing card\n" in t[:200]]
    return text


def test_the_printed_card_is_the_plans(example_build):
    made = plan()
    card = pacing_card(made.race.course, made.paces, made.race.distance_m)
    text = card_page(example_build / "pdf" / f"{ATHLETE}.pdf")
    assert f"Predicted finish {format_clock(card.finish_s)}" in " ".join(text.split())
    printed = re.findall(r"^(\d+) .*?%\s(\d+:\d\d) (\d+:\d\d) ((?:\d+:)?\d?\d:\d\d)$", text,
                         re.M)
    assert [int(n) for n, *_ in printed] == list(range(1, len(card.rows) + 1))
    for (_, pace_text, time, split), row in zip(printed, card.rows, strict=True):
        assert pace_clock(row.s_per_km, "km") == pace_text
        assert (time, split) == (format_clock(row.seconds), format_clock(row.split_s))
    # the wristband strip repeats the splits
    assert text.count(format_clock(card.finish_s)) >= 3


def test_the_site_shows_the_same_card_and_the_descent_budget(example_build):
    made = plan()
    card = pacing_card(made.race.course, made.paces, made.race.distance_m)
    page = (example_build / "site" / ATHLETE / "index.html").read_text(encoding="utf-8")
    section = page[page.index('<section class="course"'):]
    section = section[:section.index("</section>")]
    splits = re.findall(r'<td>((?:\d+:)?\d?\d:\d\d)(?=<tr|</tbody>)', section)
    assert splits == [format_clock(r.split_s) for r in card.rows]
    chart = (example_build / "site" / ATHLETE / "course.svg").read_text(encoding="utf-8")
    assert chart.count("data-segment=") == len(made.race.course.segments)
    assert "Happy for the club" not in section  # the coach's notes stay where they were
    glance = (example_build / "site" / ATHLETE / "glance.svg").read_text(encoding="utf-8")
    assert f'data-race-descent="{round(made.race.course.descent_m, 1):g}"' in glance
