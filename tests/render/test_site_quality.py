"""Quality checks of the built plan site: valid HTML, accessible, working links.

The example project is built once (without PDFs, which are slow) and checked with:
- the Nu HTML Checker (vnu.jar from the npm package vnu-jar; needs Java 17+): zero errors;
- a link check of every internal href/src and #fragment, all relative;
- the site served under a sub-path (/plans/), every link followed;
- axe-core in headless Chromium on each page type, over file:// and http://: no serious or
  critical violations; keyboard focus visible and a skip link first.

Java, Chromium and chromedriver come from Debian (.ci/run installs them); a missing tool fails
the tests with what to install, it never skips them. vnu.jar and axe-core are fetched from the
npm registry into .cache/ on first use (see tests/sitecheck.py).
"""

from __future__ import annotations

import contextlib
import posixpath
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from booklet.render.templating import day_label

from ..support import sitecheck
from ..support.example import EXAMPLE


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    athletes: list[str]
    pdfs_built: bool
    weeks: dict[str, int]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The example project's site, built once without PDFs."""
    from booklet.build import build
    from booklet.project import load_config, load_project

    out = tmp_path_factory.mktemp("site-quality") / "build"
    config = load_config(EXAMPLE, out_dir=out, pdf=False)
    result = build(config)
    project = load_project(config)
    weeks = {a.profile.id: len(a.plan.weeks) for a in project.athletes}
    return BuiltSite(root=out / "site", athletes=list(result.athletes), pdfs_built=False,
                     weeks=weeks)


@pytest.fixture(scope="session")
def pages(site: BuiltSite) -> dict[str, Path]:
    return sitecheck.page_types(site.root, site.athletes)


def page_of(pages: dict[str, Path], kind: str) -> Path:
    """The page of a type; index and plan must exist, the others are checked when built."""
    if kind in pages:
        return pages[kind]
    if kind in sitecheck.REQUIRED_PAGE_TYPES:
        pytest.fail(f"the build has no {kind} page")
    pytest.skip(f"no {kind} page in this build yet")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module."""
    with sitecheck.chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def axe() -> str:
    return sitecheck.axe_source()


@pytest.fixture(scope="module")
def http_root(site: BuiltSite):
    with sitecheck.serve(site.root) as base:
        yield base


# --------------------------------------------------------------------------- structure


def test_index_and_plan_pages_exist(site: BuiltSite, pages: dict[str, Path]) -> None:
    missing = [k for k in sitecheck.REQUIRED_PAGE_TYPES if k not in pages]
    assert not missing, f"the site in {site.root} has no {', '.join(missing)} page"
    for athlete in site.athletes:
        assert (site.root / athlete / "index.html").is_file(), f"no plan page for {athlete}"
    print("page types found:", {k: sitecheck.rel(site.root, p) for k, p in pages.items()})


# --------------------------------------------------------------------------- HTML validity


def test_nu_html_checker_reports_no_errors(site: BuiltSite) -> None:
    messages = sitecheck.run_nu_checker(site.root)
    errors = [m for m in messages if m.is_error]
    others = [m for m in messages if not m.is_error]
    for message in others:
        print("info:", message)
    checked = len(sitecheck.html_files(site.root))
    assert checked, "no .html files to check"
    assert not errors, (
        f"the Nu HTML Checker found {len(errors)} error(s) in {checked} pages:\n"
        + "\n".join(f"  {m}" for m in errors))


# --------------------------------------------------------------------------- links


def test_internal_links_and_anchors_resolve(site: BuiltSite) -> None:
    problems = sitecheck.check_links(site.root, pdfs_built=site.pdfs_built)
    assert not problems, f"{len(problems)} broken or non-relative link(s):\n" + "\n".join(
        f"  {p}" for p in problems)


def test_site_works_under_a_sub_path(site: BuiltSite, browser) -> None:
    """Served at /plans/, every link followed from the index answers 200."""
    with sitecheck.serve(site.root, "/plans/") as base:
        failures, visited = _crawl(base, pdfs_built=site.pdfs_built)
        for athlete in site.athletes:
            assert base + f"{athlete}/index.html" in visited or base + f"{athlete}/" in visited, (
                f"the index under {base} does not lead to {athlete}'s plan page"
                f" (pages reached: {sorted(visited)})")
        assert not failures, f"under the sub-path {base}:\n" + "\n".join(
            f"  {f}" for f in failures)

        # In the browser too: the stylesheet and images load, and links stay under /plans/.
        for url in (base, base + "index.html", base + f"{site.athletes[0]}/index.html"):
            browser.get(url)
            state = browser.execute_script(BROWSER_RESOURCES)
            assert state["sheets"], f"{url}: no stylesheet linked"
            bad_sheets = [s for s in state["sheets"] if not s["loaded"]]
            assert not bad_sheets, f"{url}: stylesheet(s) did not load: {bad_sheets}"
            broken = [i for i in state["images"] if not i["ok"]]
            assert not broken, f"{url}: image(s) did not load: {broken}"
            outside = [h for h in state["links"]
                       if h.startswith(base.split("/plans/")[0]) and not h.startswith(base)]
            assert not outside, f"{url}: links leave the sub-path: {outside}"


BROWSER_RESOURCES = """
const sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')].map(l => {
  let rules = 0;
  try { rules = l.sheet ? l.sheet.cssRules.length : 0; } catch (e) { rules = -1; }
  return {href: l.href, loaded: !!l.sheet && rules !== 0};
});
const images = [...document.images].map(i => ({src: i.currentSrc || i.src,
  ok: i.complete && i.naturalWidth > 0}));
const links = [...document.querySelectorAll('a[href]')].map(a => a.href);
return {sheets, images, links};
"""


def _crawl(base: str, *, pdfs_built: bool, limit: int = 500) -> tuple[list[str], set[str]]:
    """Follow every internal link from BASE; returns (failures, pages visited)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    queue = [(base, "(start)")]
    fetched: dict[str, int] = {}
    failures: list[str] = []
    visited: set[str] = set()
    while queue and len(fetched) < limit:
        url, source = queue.pop(0)
        if url in fetched:
            if fetched[url] != 200:
                failures.append(f"{source} -> {url}: HTTP {fetched[url]}")
            continue
        if url.lower().endswith(".pdf") and not pdfs_built:
            continue  # built without PDFs (slow); the link check says so too
        status, kind, body = _fetch(url)
        fetched[url] = status
        if status != 200:
            failures.append(f"{source} -> {url}: HTTP {status}")
            continue
        if not url.startswith(base):
            failures.append(f"{source} -> {url}: outside the sub-path {base}")
            continue
        if "html" in kind:
            visited.add(url)
            parser = sitecheck._PageParser(url)
            parser.feed(body.decode("utf-8", "replace"))
            targets = [(link.url, f"{url}:{link.line}") for link in parser.links]
        elif "css" in kind:
            text = body.decode("utf-8", "replace")
            targets = [(m.group(2) or m.group(4) or "", url)
                       for m in sitecheck.CSS_URL.finditer(text)]
        else:
            continue
        for target, where in targets:
            if urlsplit(target).scheme and not target.startswith(origin):
                continue  # external
            absolute = urldefrag(urljoin(url, target))[0]
            if absolute.startswith(origin):
                queue.append((absolute, where))
    return failures, visited


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("scheme", ["file", "http"])
@pytest.mark.parametrize("kind", sitecheck.PAGE_TYPES)
def test_axe_finds_no_serious_violations(kind: str, scheme: str, site: BuiltSite,
                                         pages: dict[str, Path], browser, axe: str,
                                         http_root: str) -> None:
    page = page_of(pages, kind)
    relative = sitecheck.rel(site.root, page)
    url = page.resolve().as_uri() if scheme == "file" else http_root + relative
    browser.get(url)
    found = sitecheck.run_axe(browser, axe)
    # Closed <details> hide most of a plan page from axe: check it opened up as well.
    if browser.execute_script(OPEN_DETAILS):
        found = sitecheck.merge_violations(found, sitecheck.run_axe(browser, axe))
    serious = [v for v in found if v.serious]
    for violation in found:
        if not violation.serious:
            print("info:", violation.describe(relative))
    assert not serious, (
        f"axe-core {sitecheck.AXE_VERSION} found {len(serious)} serious/critical rule(s)"
        f" on {relative} ({kind} page, over {scheme}://):\n"
        + "\n".join(v.describe(relative) for v in serious))


OPEN_DETAILS = """
const closed = [...document.querySelectorAll('details:not([open])')];
closed.forEach(d => { d.open = true; });
return closed.length;
"""


FOCUS_INFO = """
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) return null;
const s = getComputedStyle(el);
const r = el.getBoundingClientRect();
const main = document.querySelector('main');
return {
  tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim().slice(0, 60),
  href: el.getAttribute('href'), rawHref: el.href || null,
  outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor,
  boxShadow: s.boxShadow,
  rect: {left: r.left, top: r.top, width: r.width, height: r.height},
  viewport: {width: innerWidth, height: innerHeight},
  inMain: !!(main && main.contains(el)),
  html: el.outerHTML.slice(0, 120),
};
"""


def _focus_visible(info: dict) -> bool:
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] not in ("0px", "0")
    outline = outline and "rgba(0, 0, 0, 0)" not in info["outlineColor"]
    return outline or info["boxShadow"] not in ("none", "")


def test_keyboard_skip_link_and_visible_focus(site: BuiltSite, pages: dict[str, Path],
                                              browser, http_root: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page = page_of(pages, "plan")
    url = http_root + sitecheck.rel(site.root, page)

    def tab() -> dict | None:
        ActionChains(browser).send_keys(Keys.TAB).perform()
        return browser.execute_script(FOCUS_INFO)

    browser.get(url)
    first = tab()
    assert first is not None, f"{url}: Tab focuses nothing"
    assert first["tag"] == "a" and "skip" in first["text"].lower(), (
        f"{url}: the first tab stop should be a 'Skip to content' link, got {first['html']}")
    href = first["href"] or ""
    assert href.startswith("#") and len(href) > 1, f"skip link href {href!r} is not #id"
    assert browser.execute_script("return !!document.getElementById(arguments[0])", href[1:]), (
        f"the skip link's target {href} does not exist")
    rect, view = first["rect"], first["viewport"]
    on_screen = (rect["width"] > 0 and rect["height"] > 0 and rect["left"] >= 0
                 and rect["top"] >= 0 and rect["left"] + rect["width"] <= view["width"])
    assert on_screen, f"the focused skip link is not on screen: {rect}"

    problems = []
    seen = [first]
    if not _focus_visible(first):
        problems.append(first)
    for _ in range(7):
        info = tab()
        if info is None:
            break
        seen.append(info)
        if not _focus_visible(info):
            problems.append(info)
    assert len(seen) >= 3, f"{url}: only {len(seen)} tab stops: {[s['html'] for s in seen]}"
    assert not problems, "focused element(s) without a visible outline or box-shadow:\n" + (
        "\n".join(f"  {p['html']}  outline: {p['outlineStyle']} {p['outlineWidth']}"
                  f" {p['outlineColor']}; box-shadow: {p['boxShadow']}" for p in problems))

    # Following the skip link moves the keyboard into the main content.
    browser.get(url)
    tab()
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    after = tab()
    assert after is not None and after["inMain"], (
        f"after the skip link, Tab should land inside <main>; it landed on "
        f"{after and after['html']}")


# --------------------------------------------------------------------------- responsive, weight


WIDTHS = (320, 375, 1280)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", sitecheck.PAGE_TYPES)
def test_no_horizontal_scroll(kind: str, width: int, site: BuiltSite, pages: dict[str, Path],
                              browser) -> None:
    """No page scrolls sideways, nor anything in it (the week navigator is a strip of its
    own); every plan page, and one page of each other type."""
    page_of(pages, kind)
    targets = ([site.root / a / "index.html" for a in site.athletes] if kind == "plan"
               else [pages[kind]])
    size = browser.get_window_size()
    problems = []
    try:
        browser.set_window_size(width, 812)
        for page in targets:
            browser.get(page.resolve().as_uri())
            browser.execute_script(OPEN_DETAILS)
            scroll_width, inner_width = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth];")
            assert inner_width <= width + 20, (
                f"could not make the window {width} px wide (innerWidth {inner_width})")
            where = f"{sitecheck.rel(site.root, page)} at {inner_width} px"
            if scroll_width > inner_width:
                problems.append(f"{where} scrolls sideways (content {scroll_width} px wide);"
                                f" widest elements:\n" + "\n".join(
                                    f"    {w}" for w in browser.execute_script(WIDE_ELEMENTS)))
            problems += [f"{where}: {p}" for p in browser.execute_script(SCROLLING_INSIDE)]
            if kind == "plan":
                problems += [f"{where}: {p}" for p in browser.execute_script(CHART_FITS)]
    finally:
        browser.set_window_size(size["width"], size["height"])
    assert not problems, "\n".join(problems)


SCROLLING_INSIDE = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  if (el.closest('.week-nav')) continue;
  const s = getComputedStyle(el);
  const sideways = ['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX);
  if (sideways && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1)
    out.push(`${el.tagName.toLowerCase()}.${el.className} hides ${el.scrollWidth - el.clientWidth}`
             + ` px sideways (overflow-x: ${s.overflowX})`);
}
return out;
"""

CHART_FITS = """
const img = document.querySelector('.chart img');
if (!img) return ['no chart image'];
const box = img.getBoundingClientRect(), room = img.closest('figure').getBoundingClientRect();
const out = [];
if (!img.complete || !img.naturalWidth) out.push('the chart did not load');
if (box.right > innerWidth || box.width > room.width + 1)
  out.push(`the chart is ${Math.round(box.width)} px wide in ${Math.round(room.width)} px`);
const file = (img.currentSrc || img.src).split('/').pop();
const wanted = innerWidth < 640 ? 'glance-narrow.svg' : 'glance.svg';
if (file !== wanted) out.push(`at ${innerWidth} px the chart is ${file}, not ${wanted}`);
if (box.width < Math.min(room.width, 640) - 1)
  out.push(`the chart does not fill its container (${Math.round(box.width)} px)`);
return out;
"""


WIDE_ELEMENTS = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.right > innerWidth + 1) out.push([Math.round(r.right), el.tagName.toLowerCase()
    + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal === undefined
    ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')]);
}
out.sort((a, b) => b[0] - a[0]);
return out.slice(0, 8).map(([right, sel]) => `${sel} (right edge ${right} px)`);
"""


def test_plan_pages_are_light(site: BuiltSite) -> None:
    """A 12-week plan page under 100 KB of HTML + CSS (scaled for other lengths)."""
    heavy = []
    for athlete in site.athletes:
        page = site.root / athlete / "index.html"
        css = _stylesheets(site.root, page)
        total = page.stat().st_size + sum(p.stat().st_size for p in css)
        budget = 100_000 * max(1.0, site.weeks.get(athlete, 12) / 12)
        if total > budget:
            heavy.append(f"{athlete}: {total / 1000:.1f} KB (HTML {page.stat().st_size / 1000:.1f}"
                         f" KB + CSS) for {site.weeks.get(athlete)} weeks; budget"
                         f" {budget / 1000:.0f} KB")
    assert not heavy, "plan pages over the weight budget:\n" + "\n".join(heavy)


def _stylesheets(site: Path, page: Path) -> list[Path]:
    parsed = sitecheck.parse_page(site, page)
    here = posixpath.dirname(sitecheck.rel(site, page))
    found = []
    for link in parsed.links:
        if link.tag == "link" and link.url.split("?")[0].endswith(".css"):
            target = site / posixpath.normpath(posixpath.join(here, link.url.split("?")[0]))
            if target.is_file():
                found.append(target)
    return found


# --------------------------------------------------------------------------- today, offline


@pytest.fixture(scope="module")
def plans(site: BuiltSite) -> dict:
    from booklet.project import load_config, load_project

    project = load_project(load_config(EXAMPLE, pdf=False))
    return {a.profile.id: a.plan for a in project.athletes}


# Runs before any of the page's scripts: `new Date()` and `Date.now()` give the test's day.
FAKE_DATE = """
(() => {
  const fixed = new Date(%d, %d, %d, 7, 30).getTime();
  const Real = Date;
  class FakeDate extends Real {
    constructor(...args) { super(...(args.length ? args : [fixed])); }
    static now() { return fixed; }
  }
  globalThis.Date = FakeDate;
})();
"""

CARD_STATE = """
const card = document.getElementById('today');
const part = name => card.querySelector(`[data-today="${name}"]`);
const note = part('note');
const row = document.querySelector('.weeks-table tr.current a');
const nav = document.querySelector('.week-nav a[aria-current]');
return {
  label: part('label').textContent, when: part('when').textContent,
  note: note.hidden ? null : note.textContent,
  titles: [...card.querySelectorAll('.session-title')].map(  // no-break spaces read as spaces
    h => h.tagName + ' ' + h.textContent.replace(/\u00a0/g, ' ')),
  steps: card.querySelectorAll('.steps li').length,
  reads: card.querySelectorAll('.session-reads a').length,
  more: part('week').getAttribute('href'),
  current: [...document.querySelectorAll('details.week.current')].map(d => d.id),
  open: [...document.querySelectorAll('details.week[open]')].map(d => d.id),
  badges: document.querySelectorAll('.badge').length,
  nav: nav ? nav.getAttribute('href') : null,
  row: row ? row.getAttribute('href') : null,
  resources: performance.getEntriesByType('resource').map(e => e.name),
};
"""


@contextlib.contextmanager
def today_is(browser, day: date):
    """The browser's clock says DAY (at 7:30 local time) for the pages loaded inside."""
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {
        "source": FAKE_DATE % (day.year, day.month - 1, day.day)})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument",
                                {"identifier": script["identifier"]})


def expected_card(plan, day: date) -> dict:
    """What the today card should say on DAY: the label, the day's sessions and their week."""
    sessions = [(week, s) for week in plan.weeks for s in week.sessions]
    upcoming = [(w, s) for w, s in sessions if s.date >= day]
    if not upcoming:
        return {"label": "Plan complete", "titles": [], "more": f"#week-{plan.weeks[-1].number}",
                "note": True}
    first = upcoming[0][1].date
    chosen = [(w, s) for w, s in upcoming if s.date == first]
    before = day < sessions[0][1].date
    label = "Today" if first == day else "First session" if before else "Next session"
    week = chosen[0][0]
    return {"label": label, "titles": [f"H3 {s.title}" for _, s in chosen],
            "when": f"{day_label(first)}, week {week.number}", "more": f"#week-{week.number}",
            "note": label == "Next session"}


def interesting_days(plan) -> dict[str, date]:
    """A session day in week 5, a rest day in week 3, before the plan and after it."""
    dated = {s.date for s in plan.sessions}
    week3 = plan.weeks[2]
    rest = next(week3.start + timedelta(d) for d in range(7)
                if week3.start + timedelta(d) not in dated)
    return {"session day": plan.weeks[4].sessions[-1].date, "rest day": rest,
            "before": plan.start - timedelta(days=30), "after": plan.end + timedelta(days=3)}


@pytest.mark.parametrize("athlete", ["ana-ruiz", "ben-okafor"])
@pytest.mark.parametrize("case", ["session day", "rest day", "before", "after"])
def test_today_card_shows_the_session_for_the_visitors_date(case: str, athlete: str,
                                                            site: BuiltSite, plans, browser):
    plan = plans[athlete]
    day = interesting_days(plan)[case]
    want = expected_card(plan, day)
    with today_is(browser, day):
        browser.get((site.root / athlete / "index.html").resolve().as_uri())
        state = browser.execute_script(CARD_STATE)
    assert state["label"] == want["label"], (day, state)
    assert state["titles"] == want["titles"], (day, state)
    assert state["more"] == want["more"]
    assert (state["note"] is not None) == want["note"], state
    if want["titles"]:
        assert state["when"] == want["when"]
        assert state["steps"] >= len(want["titles"])  # the session in full, step by step
    current = next((w for w in plan.weeks if w.start <= day <= w.end), None)
    if current is None:
        assert state["current"] == [] and state["badges"] == 0 and state["nav"] is None
        assert state["open"] == ["week-1"]
    else:
        wanted = f"week-{current.number}"
        assert state["current"] == [wanted] and state["open"] == [wanted], state
        assert state["badges"] == 1
        assert state["nav"] == f"#{wanted}" and state["row"] == f"#{wanted}"
    outside = [url for url in state["resources"] if not url.startswith("file://")]
    assert not outside, f"the page fetched from outside the site: {outside}"


def test_without_scripts_the_today_card_shows_week_1(site: BuiltSite, plans, browser):
    plan = plans["ana-ruiz"]
    want = expected_card(plan, plan.start - timedelta(days=1))
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get((site.root / "ana-ruiz" / "index.html").resolve().as_uri())
        titles = [e.tag_name.upper() + " " + e.text for e in browser.find_elements(
            "css selector", "#today .session-title")]
        label = browser.find_element("css selector", "#today .today-label").text
        opened = [e.get_attribute("id") for e in browser.find_elements(
            "css selector", "details.week[open]")]
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert label == "First session" and titles == want["titles"]
    assert opened == ["week-1"]


KEPT_OFFLINE = """
const done = arguments[arguments.length - 1];
const wanted = arguments[0];
(async () => {
  for (let i = 0; i < 100; i++) {
    const kept = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) kept.push(request.url);
    if (wanted.every(w => kept.some(k => k.endsWith(w)))) return done(kept);
    await new Promise(r => setTimeout(r, 100));
  }
  done(null);
})();
"""


def test_an_opened_plan_page_works_offline(site: BuiltSite, plans, browser):
    """Over http the page adds its manifest and a service worker; once opened, the page, its
    stylesheet, script and chart load again with the server gone."""
    athlete = site.athletes[0]
    with sitecheck.serve(site.root) as base:
        url = base + f"{athlete}/index.html"
        browser.get(url)
        manifest = browser.execute_script(
            "const l = document.querySelector('link[rel=manifest]'); return l && l.href;")
        assert manifest == base + f"{athlete}/manifest.webmanifest"
        kept = browser.execute_async_script(KEPT_OFFLINE, [
            f"{athlete}/index.html", "assets/site.css", "assets/plan.js", "glance-narrow.svg"])
        assert kept, "the service worker kept nothing for offline use"
    try:
        browser.get(url)  # the server has stopped
        state = browser.execute_script(BROWSER_RESOURCES)
        heading = browser.find_element("css selector", "h1").text
    finally:
        browser.execute_script("navigator.serviceWorker.getRegistrations()"
                               ".then(rs => rs.forEach(r => r.unregister()))")
    assert heading == plans[athlete].athlete.name, f"offline, the page shows {heading!r}"
    assert state["sheets"] and all(s["loaded"] for s in state["sheets"]), state
    assert not [i for i in state["images"] if not i["ok"]], state
