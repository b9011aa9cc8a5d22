"""The booklet's own pages and editions, as HTML: block overview, race week, end page, the
warnings box, the cover, the coach's message, and how the two editions order their pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from booklet.plan.paces import grade_factor
from booklet.plan.units import format_pace_range
from booklet.project import load_config, load_project
from booklet.render import booklet_html
from booklet.render.pages import (
    RACE_GRADES,
    coach_contact,
    overview,
    race_week,
    result_session,
    screen_margin,
)

from ..support.example import EXAMPLE


@pytest.fixture(scope="module")
def club():
    project = load_project(load_config(EXAMPLE))
    return project, {a.profile.id: a for a in project.athletes}


def test_overview_has_a_row_per_week_and_every_session_once(club):
    _, athletes = club
    for athlete in athletes.values():
        plan = athlete.plan
        names, rows = overview(plan)
        assert names == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # plans start on Mondays
        assert [row.week.number for row in rows] == [w.number for w in plan.weeks]
        assert sum(row.phase_rows for row in rows) == len(plan.weeks)
        assert [s for row in rows for day in row.days for s in day] == \
            sorted(plan.sessions, key=lambda s: s.date)


def test_race_week_only_with_a_race_and_paces_from_the_engine(club):
    _, athletes = club
    chloe = athletes["chloe-martin"].plan
    week = race_week(chloe)
    assert week is not None and week.race.kind == "race" and week.race.date == chloe.race.date
    assert week.last_days and all(0 < (week.race.date - s.date).days <= week.days_out
                                  for s in week.last_days)
    band = next(step for step in week.race.steps if step.part == "main").target.s_per_km
    assert [g for g, _ in week.grade_paces] == list(RACE_GRADES)
    for grade, (fast, slow) in week.grade_paces:
        assert (fast, slow) == pytest.approx((band[0] * grade_factor(grade),
                                              band[1] * grade_factor(grade)))
    for other in ("ana-ruiz", "ben-okafor", "dev-patel"):
        assert race_week(athletes[other].plan) is None
        assert result_session(athletes[other].plan).kind == "test"
    assert result_session(chloe).kind == "race"


def test_coach_contact_from_profile_or_config(club):
    project, athletes = club
    config = project.config
    assert coach_contact(config, athletes["chloe-martin"]) == "sam@example.org"  # profile
    assert coach_contact(config, athletes["ben-okafor"]) == config.settings.coach_contact
    other = athletes["ben-okafor"]
    other = replace(other, profile=other.profile.model_copy(
        update={"coach": athletes["chloe-martin"].profile.coach.model_copy(
            update={"name": "Someone Else", "email": None})}))
    assert coach_contact(config, other) is None  # not the project's coach: not their contact


def test_screen_margin_is_the_mean_of_inner_and_outer():
    assert screen_margin("22mm", "16mm") == "19mm"
    assert screen_margin("0.85in", "0.65in") == "0.75in"
    assert screen_margin("15mm", "0.5in") == "0.5in"  # mixed units: the outer one


def text(html: str) -> str:
    """Visible text, single-spaced, without the ties (no-break spaces, word joiners)."""
    plain = re.sub(r"<[^>]+>", " ", html).replace("\u2060", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


def test_chloe_booklet_pages(club):
    project, athletes = club
    html = booklet_html(project, athletes["chloe-martin"])
    cover = html.split('class="front howto"')[0]
    assert "2027 · Valley Descent Half" in text(cover)
    howto = text(html.split('id="how-to-use"')[1].split('id="contents"')[0])
    assert "Before you start" in howto and "Quarry drop (9%) is steeper than 6%" in howto
    assert "A note from Sam Lee" in howto and "treat those downhill sessions" in howto
    # the overview follows the contents; race week follows the last week
    order = [html.index(f'id="{anchor}"') for anchor in
             ("contents", "overview", "glance", "week-14", "race-week", "chapter-technique",
              "diary", "after-the-block")]
    assert order == sorted(order)
    race = text(html.split('id="race-week"')[1].split('class="chapter"')[0])
    band = next(s for s in race_week(athletes["chloe-martin"].plan).race.steps
                if s.part == "main").target.s_per_km
    assert format_pace_range(band, "km") in race
    assert "What to bring" in race and "Race morning" in race
    end = text(html.split('id="after-the-block"')[1])
    assert "Race result · Valley Descent Half" in end and "Soreness pattern" in end
    assert "Sam Lee · sam@example.org" in end


def test_coach_notes_are_never_printed(club):
    """Ben's notes ("Runs in miles; ...") are the coach's: not in his booklet at all."""
    project, athletes = club
    ben = athletes["ben-okafor"]
    assert ben.profile.notes and ben.profile.message is None
    html = booklet_html(project, ben)
    assert ben.profile.notes not in html and "A note from" not in html
    end = text(html.split('id="after-the-block"')[1])
    assert "Retest" in end and project.config.settings.coach_contact in end
    assert 'id="race-week"' not in html


def test_print_edition_puts_each_diary_page_after_its_week(club):
    project, athletes = club
    chloe = athletes["chloe-martin"]
    printed = booklet_html(project, chloe, edition="print")
    weeks = [m.start() for m in re.finditer(r'id="week-\d+"', printed)]
    diaries = [m.start() for m in re.finditer(r'id="diary-week-\d+"', printed)]
    assert len(weeks) == len(diaries) == 14
    assert all(w < d < n for w, d, n in zip(weeks, diaries, weeks[1:] + [len(printed)],
                                            strict=True))
    assert printed.index('id="diary"') < weeks[0]  # the diary's how-to comes first
    assert printed.count('class="tick ') == len(chloe.plan.sessions)
    assert "edition-print" in printed and "@page :blank" in printed
    screen = booklet_html(project, chloe)
    assert 'class="tick ' not in screen and "edition-screen" in screen
    assert screen.index('id="diary-week-1"') > screen.index('id="chapter-technique"')


def test_unknown_edition_is_refused(club):
    project, athletes = club
    with pytest.raises(ValueError, match="no booklet edition 'draft'"):
        booklet_html(project, athletes["ana-ruiz"], edition="draft")
