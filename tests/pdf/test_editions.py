"""The screen and print editions read back from their PDFs, and the booklet's own pages: block
overview, race week, end page, warnings box, cover year, the coach's message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.build import build
from booklet.plan.units import format_pace_range
from booklet.project import load_config, load_project
from booklet.render.pages import race_week
from booklet.render.templating import MONTHS

from ..support.example import ATHLETES, EXAMPLE


@pytest.fixture(scope="module")
def plans():
    return {a.profile.id: a.plan for a in load_project(load_config(EXAMPLE)).athletes}


@pytest.fixture(scope="module")
def chloe_print(tmp_path_factory) -> Path:
    """Chloe's booklet in both editions on A4."""
    out = tmp_path_factory.mktemp("print") / "build"
    result = build(load_config(EXAMPLE, out_dir=out, athletes=["chloe-martin"], site=False,
                               print_edition=True))
    assert result.ok
    return out / "pdf"


def texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def heads(text: str) -> list[str]:
    """The first lines of a page: the running head, then the heading."""
    return [line.strip() for line in text.splitlines() if line.strip()][:3]


def pages_headed(pages: list[str], heading: str) -> list[int]:
    """The pages (from 1) whose heading starts with ``heading`` (not the contents' entry)."""
    return [n for n, text in enumerate(pages, 1)
            if any(line.startswith(heading) and ". ." not in line for line in heads(text)[:2])]


@pytest.mark.parametrize("athlete", ATHLETES)
def test_screen_edition_has_no_blank_pages(example_build, athlete):
    pages = texts(example_build / "pdf" / f"{athlete}.pdf")
    blank = [n for n, text in enumerate(pages, 1) if len(text.split()) < 5]
    assert blank == []


@pytest.mark.parametrize("athlete", ATHLETES)
def test_overview_page_lists_every_week(example_build, plans, athlete):
    pages = texts(example_build / "pdf" / f"{athlete}.pdf")
    (page,) = pages_headed(pages, "Block overview")
    assert heads(pages[page - 2])[0] == "Contents"  # right after the contents, on one page
    assert pages_headed(pages, "Plan at a glance")[0] == page + 1
    text = pages[page - 1]
    for week in plans[athlete].weeks:
        assert f"{week.start.day} {MONTHS[week.start.month - 1]}" in text, week.number
    deloads = sum(week.deload for week in plans[athlete].weeks)
    assert text.count("deload") == deloads + 1  # each deload week, and the key
    assert ("Race" in text.split("Running")[1]) == (plans[athlete].race is not None)


@pytest.mark.parametrize("athlete", ATHLETES)
def test_race_week_page_only_with_a_race(example_build, plans, athlete):
    pages = texts(example_build / "pdf" / f"{athlete}.pdf")
    found = pages_headed(pages, "Race week")
    plan = plans[athlete]
    if plan.race is None:
        assert found == []
        return
    (page,) = found
    assert pages_headed(pages, f"Week {len(plan.weeks)} of")[0] == page - 1
    text = pages[page - 1]
    race = race_week(plan)
    for _, band in race.grade_paces:  # the engine's race pace, on every grade
        assert format_pace_range(band, plan.athlete.units) in text
    for heading in ("Race morning", "Pace by grade", "What to bring", plan.race.name):
        assert heading in text


@pytest.mark.parametrize("athlete", ATHLETES)
def test_end_page_has_result_review_and_coach(example_build, plans, athlete):
    pages = texts(example_build / "pdf" / f"{athlete}.pdf")
    assert pages_headed(pages, "After the block") == [len(pages)]
    text = pages[-1]
    result = "Race result" if plans[athlete].race else "Retest"
    for words in (result, "What went well", "Soreness pattern", "Sam Lee"):
        assert words in text, words
    contact = load_config(EXAMPLE).settings.coach_contact
    assert ("sam@example.org" in text) and ((contact in text) == (athlete in (
        "ben-okafor", "dev-patel")))  # no coach in their profiles: the project's contact


def test_warnings_box_cover_year_and_message(example_build):
    pages = texts(example_build / "pdf" / "chloe-martin.pdf")
    assert "2027 · Valley Descent Half" in pages[0]
    assert "14 weeks · 4 Jan – 11 Apr 2027" in pages[0]
    howto = " ".join(pages[1].split())
    assert "BEFORE YOU START" in howto
    assert "Quarry drop (9%) is steeper than 6%" in howto  # the plan's steep_descent warning
    assert "A note from Sam Lee" in howto and "treat those downhill sessions" in howto


def test_coach_notes_are_not_printed(example_build):
    """Ben's roster note ("Runs in miles; ...") is for the coach, not a note to Ben."""
    text = " ".join(texts(example_build / "pdf" / "ben-okafor.pdf"))
    assert "Runs in miles" not in text and "A note from" not in text
    site = (example_build / "site" / "ben-okafor" / "index.html").read_text()
    assert "Runs in miles" not in site


def test_print_edition_faces_each_week_with_its_diary(chloe_print, plans):
    pages = texts(chloe_print / "chloe-martin-print.pdf")
    for week in plans["chloe-martin"].weeks:
        (plan_page,) = pages_headed(pages, f"Week {week.number} of")
        (diary_page,) = pages_headed(pages, f"Diary · week {week.number} ")
        assert plan_page % 2 == 0, week.number  # a left-hand page
        assert diary_page == plan_page + 1, week.number  # the right-hand page facing it
        assert "Done this week" in pages[diary_page - 1]
        ticks = pages[diary_page - 1].split("Done this week")[1].split("DATE")[0]
        assert ticks.count("·") == len(week.sessions)  # "Tue 6 Apr · Downhill": one per session


def test_print_edition_opens_chapters_on_the_right_and_fills_blanks(chloe_print):
    pages = texts(chloe_print / "chloe-martin-print.pdf")
    reader = PdfReader(chloe_print / "chloe-martin-print.pdf")
    top = {item.title: reader.get_destination_page_number(item) + 1
           for item in reader.outline if not isinstance(item, list)}
    for title in ("Contents", "Technique", "Strength", "Safety and gear", "Training diary"):
        assert top[title] % 2 == 1, title
    notes = [n for n, text in enumerate(pages, 1) if text.split() == ["Notes"]]
    assert notes, "a print edition of this length has pages left blank by its breaks"
    assert all(len(text.split()) >= 5 for n, text in enumerate(pages, 1) if n not in notes)
    # The screen edition of the same build is the one without them.
    screen = texts(chloe_print / "chloe-martin.pdf")
    assert len(screen) < len(pages) and not any(t.split() == ["Notes"] for t in screen)
    assert not any("Done this week" in t for t in screen)
