"""The plan site's pages: index, plan pages, library, 404, sitemap; sizes, and pages that do not
depend on the build date (the browser picks today's session and the current week)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from booklet.build import build
from booklet.library import load_library
from booklet.project import content_dir, load_config

from ..support.example import ATHLETES, EXAMPLE, recovery_lines


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(load_config(EXAMPLE, out_dir=out, pdf=False))
    return out / "site"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_index_lists_every_plan(site):
    index = read(site / "index.html")
    for athlete in ATHLETES:
        assert f'<a href="{athlete}/index.html">' in index
    assert "Valley Descent Half, 11 April 2027" in index
    assert "Intermediate · 12 weeks, 4 Jan – 28 Mar" in index


def test_plan_page_has_chart_weeks_and_paces(site):
    page = read(site / "ana-ruiz" / "index.html")
    assert '<source media="(min-width: 40rem)" srcset="glance.svg">' in page
    assert '<img src="glance-narrow.svg" alt="Weekly running time and downhill descent. 12 weeks.' \
        in page
    for name in ("glance.svg", "glance-narrow.svg"):
        chart = read(site / "ana-ruiz" / name)
        assert chart.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
        assert 'role="img"' in chart and " width=" not in chart.split(">")[0]
    assert len(re.findall(r'<details class="week" id="week-\d+"', page)) == 12
    assert "Your paces" in page and "/km" in page
    assert page.count("<script") == 1 and '<script src="../assets/plan.js" defer>' in page
    assert (site / "assets" / "plan.js").is_file() and (site / "sw.js").is_file()


def test_plan_page_order_today_weeks_overview_downloads(site):
    page = read(site / "ana-ruiz" / "index.html")
    order = [page.index(mark) for mark in ('id="today"', 'class="week-nav"', 'id="weeks"',
                                           'id="glance"', 'id="paces"', 'id="take-away"')]
    assert order == sorted(order)


def test_without_scripts_the_today_card_shows_the_first_day_and_week_1_is_open(site):
    page = read(site / "ana-ruiz" / "index.html")
    card = page.split('<section class="today" id="today"')[1].split("</section>")[0]
    card = card.replace("\u00a0", " ").replace("\u2060", "")  # ties (test below)
    assert '<span class="today-label" data-today="label">First session</span>' in card
    assert "Tue 5 Jan, week 1" in card
    # Both of the first day's sessions, in full: steps, targets, recoveries and reading.
    assert '<h3 class="session-title">Downhill tempo: 4 × 20 s at −2%</h3>' in card
    assert '<h3 class="session-title">Strength: calves, hamstrings, glutes</h3>' in card
    # the recovery with its length, as the shared session wording writes it
    assert re.search(r"4 × \(20 s downhill at [^)]*, walk back up \d+ min( \d+ s)?\)", card)
    assert "5:50–6:04 /km" in card
    assert 'href="../library/technique/posture.html"' in card
    assert len(re.findall(r"<details [^>]*open>", page)) == 1
    assert re.search(r'<details class="week" id="week-1" [^>]*open>', page)
    assert 'class="badge"' not in page and "current" not in page.split("<main")[1]


def test_numbers_keep_their_units_in_session_cards(site):
    """'4 × 20 s', '1 h 05 min', '12 m' never break across lines on a phone."""
    page = read(site / "ben-okafor" / "index.html")
    cards = re.findall(r'<article class="session.*?</article>', page, re.S)
    assert len(cards) > 50
    text = re.sub(r"<[^>]+>", "", "".join(cards))
    assert not re.search(r"\d (?:s|min|h|m|km|mi|×)\b|\d × \d|\d h \d", text)
    assert "4\u00a0×\u00a08\u00a0min" in text  # week 3's threshold session


def test_site_does_not_depend_on_the_build_date(tmp_path, monkeypatch):
    """The current week used to be fixed when the site was built: no longer."""
    outputs = []
    for day, epoch in (("week-3", "1800403200"), ("before", "1780000000")):  # 2027-01-20, 2026-05
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        build(load_config(EXAMPLE, out_dir=tmp_path / day, pdf=False, athletes=["ana-ruiz"]))
        outputs.append(tmp_path / day / "site")
    files = sorted(p.relative_to(outputs[0]) for p in outputs[0].rglob("*") if p.is_file())
    assert len(files) > 50
    for relative in files:
        assert (outputs[0] / relative).read_bytes() == (outputs[1] / relative).read_bytes(), (
            relative)


def test_sessions_link_to_library_pages_that_exist(site):
    page = read(site / "chloe-martin" / "index.html")
    links = set(re.findall(r'href="\.\./(library/[^"#]+)"', page))
    assert len(links) > 20
    for link in links:
        assert (site / link).is_file(), link


def test_one_library_page_per_block_with_its_uses(site):
    library = load_library([content_dir()])
    for block in library.ordered():
        assert (site / "library" / f"{block.id}.html").is_file(), block.id
    index = read(site / "library" / "index.html")
    assert index.count('<section class="chapter"') == 8
    posture = read(site / "library" / "technique" / "posture.html")
    assert "Plans ask for it in these sessions: Downhill tempo" in posture
    assert "ana-ruiz" not in posture and "Ana Ruiz" not in posture
    # Images keep their folder (inside the bundled content here) under library/images/.
    assert '<img src="../images/bundled-content/technique/posture.svg"' in posture
    assert (site / "library" / "images" / "bundled-content" / "technique"
            / "posture.svg").is_file()


def test_block_links_point_at_block_pages(site):
    page = read(site / "library" / "recovery" / "between-reps.html")
    assert 'href="../technique/posture.html"' in page


def test_404_and_no_sitemap_without_base_url(site):
    assert "Page not found" in read(site / "404.html")
    assert not (site / "sitemap.xml").exists()
    assert 'rel="canonical"' not in read(site / "index.html")


def test_sitemap_and_canonical_with_base_url(example_copy, tmp_path):
    config = example_copy / "booklet.toml"
    config.write_text(read(config) + 'base_url = "https://plans.example.org/club"\n')
    build(load_config(example_copy, out_dir=tmp_path, pdf=False))
    sitemap = read(tmp_path / "site" / "sitemap.xml")
    assert "<loc>https://plans.example.org/club/</loc>" in sitemap
    assert "ana-ruiz" not in sitemap  # plan pages are noindex
    assert "<loc>https://plans.example.org/club/library/technique/posture.html</loc>" in sitemap
    assert "404" not in sitemap
    page = read(tmp_path / "site" / "ana-ruiz" / "index.html")
    assert '<link rel="canonical" href="https://plans.example.org/club/ana-ruiz/">' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'href="webcal://plans.example.org/club/ana-ruiz/plan.ics"' in page
    assert "<code class=\"address\">https://plans.example.org/club/ana-ruiz/plan.ics</code>" in page
    missing = read(tmp_path / "site" / "404.html")  # served at any depth: absolute links
    assert 'href="https://plans.example.org/club/assets/site.css"' in missing


def test_plan_pages_are_light(site):
    css = (site / "assets" / "site.css").stat().st_size
    for athlete in ("ana-ruiz", "ben-okafor"):  # the 12-week plans
        html = (site / athlete / "index.html").stat().st_size
        assert html + css < 100_000, (athlete, html, css)


def test_no_root_absolute_links(site):
    for page in site.rglob("*.html"):
        assert not re.search(r'(href|src)="/', read(page)), page


def test_pdf_link_when_built_with_pdfs(example_build):
    page = read(example_build / "site" / "dev-patel" / "index.html")
    assert '<a class="button" href="dev-patel.pdf" download>' in page
    assert (example_build / "site" / "dev-patel" / "dev-patel.pdf").is_file()


def page_text(html: str) -> str:
    """A page's visible words, whitespace (no-break spaces too) as single spaces."""
    from html import unescape

    text = unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u2060", "")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("athlete", ATHLETES)
def test_every_interval_session_names_its_recovery_with_its_length(site, athlete):
    text = page_text(read(site / athlete / "index.html"))
    lines = recovery_lines(athlete)
    for line in lines:
        assert re.sub(r"\s+", " ", line) in text
    assert lines and "× Easy jog" not in text and "× Walk or jog" not in text


def test_one_day_label_per_date_and_miles_everywhere(site):
    html = read(site / "ben-okafor" / "index.html")
    week = html[html.index('id="week-1"'):html.index('id="week-2"')]
    days = re.findall(r'<p class="session-day">([^<]+)</p>', week)
    assert len(days) == len(set(days))  # a run and strength on Tue 5 Jan: one label
    assert week.count("session-title") > len(days)
    text = page_text(html[html.index("<main"):])
    assert "Descent (ft)" in text
    for chart in ("glance.svg", "glance-narrow.svg"):  # the charts are files beside the page
        svg = read(site / "ben-okafor" / chart)
        assert "Downhill descent (ft)" in svg and not re.search(r"\(k?m\)", svg)
    assert not re.search(r"\d ?k?m\b|/ ?km\b|\(k?m\)", text)
