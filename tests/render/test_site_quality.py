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

import posixpath
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

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


@pytest.mark.parametrize("kind", sitecheck.PAGE_TYPES)
def test_no_horizontal_scroll_at_375px(kind: str, site: BuiltSite, pages: dict[str, Path],
                                       browser) -> None:
    page = page_of(pages, kind)
    size = browser.get_window_size()
    try:
        browser.set_window_size(375, 812)
        browser.get(page.resolve().as_uri())
        browser.execute_script(OPEN_DETAILS)
        widths = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth];")
        wide = browser.execute_script(WIDE_ELEMENTS)
    finally:
        browser.set_window_size(size["width"], size["height"])
    scroll_width, inner_width = widths
    assert inner_width <= 400, f"could not make the window narrow (innerWidth {inner_width})"
    assert scroll_width <= inner_width, (
        f"{sitecheck.rel(site.root, page)} scrolls sideways at {inner_width} px"
        f" (content {scroll_width} px wide); widest elements:\n"
        + "\n".join(f"  {w}" for w in wide))


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
