"""The plan site: an index, a plan page per athlete, the content library, a 404 and a sitemap.

Beside each plan page go the athlete's exports (calendar, spreadsheet, intervals.icu text and
FIT watch workouts, see ``booklet.exports``), linked from the page, its glance chart (a wide
and a narrow SVG) and a web app manifest.

Every link is relative (``root`` is the way back to the site's top folder from each page),
so the site works from disk, at a domain root and under a sub-path. No page depends on the
build date: the plan page's script picks today's session and the current week in the browser.
Athletes' pages live in their folder (``ProjectConfig.athlete_folder``: the id, or a keyed
hash with ``private_urls``); library pages never name athletes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment
from markdown_it import MarkdownIt

from .. import __version__
from ..exports import EXPORT_FOLDER, FILE_NAMES, site_files
from ..exports.fit import file_name as fit_file_name
from ..library import (
    CATEGORY_TITLES,
    ContentBlock,
    Library,
    image_file,
    link_target_id,
    titled_chapters,
)
from ..plan import KIND_LABELS, Plan, Session
from ..project import Athlete, ProjectConfig
from .chart import chart_description, weekly_chart_svg
from .context import common_context, grade_paces, race_words, render_block
from .course import course_view
from .templating import day_label, render_template

#: What the site writes at its top level beside the athletes' folders (site/<id>/); no athlete
#: id may take one of their names (RESERVED_IDS).
INDEX, NOT_FOUND, SITEMAP, ASSETS, LIBRARY, WORKER = (
    "index.html", "404.html", "sitemap.xml", "assets", "library", "sw.js")
TOP_LEVEL = (INDEX, NOT_FOUND, SITEMAP, ASSETS, LIBRARY, WORKER)
RESERVED_IDS = frozenset(name.split(".")[0] for name in TOP_LEVEL)

# An athlete's exports by path beside the plan page, given the athlete and the block titles.
Exporter = Callable[[Athlete, dict[str, str]], dict[str, bytes]]

#: What the site renders into an athlete's folder besides the exports (and the PDF copy).
CHART_WIDE, CHART_NARROW = "glance.svg", "glance-narrow.svg"
#: The race course's elevation profile (only for a goal race with a course).
COURSE_CHART = "course.svg"
APP_MANIFEST = "manifest.webmanifest"
PLAN_FILES = ("index.html", CHART_WIDE, CHART_NARROW, COURSE_CHART, APP_MANIFEST)
#: Files the site renders once, by path in the site: their templates.
STATIC_FILES = {"assets/site.css": "site/site.css", "assets/plan.js": "site/plan.js",
                "assets/icon.svg": "site/icon.svg", WORKER: "site/sw.js"}
#: The narrow chart's size in SVG units: legible on a 320 px screen, with fewer labels.
NARROW_CHART = (330, 250)
#: The course profile's size in SVG units: narrow enough for its labels on a phone.
COURSE_CHART_SIZE = (380, 200)


@dataclass
class SiteFiles:
    """A site's output: page texts by path, source files to copy by path, and the exports'
    bytes by path with the athlete each belongs to."""

    texts: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)  # the exports beside plan pages
    owners: dict[str, str] = field(default_factory=dict)  # export path: athlete id

    def update(self, other: SiteFiles) -> None:
        self.texts.update(other.texts)
        self.copies.update(other.copies)
        self.blobs.update(other.blobs)
        self.owners.update(other.owners)


@dataclass(frozen=True)
class Download:
    """A link to one export on a plan page: its href and descriptive link text."""

    href: str
    text: str
    mime: str


def _size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1000))} kB"


def plan_downloads(athlete: Athlete, files: dict[str, bytes]
                   ) -> tuple[list[Download], list[Download]]:
    """Links to an athlete's exports: the single files, then the watch workouts."""
    singles = [
        Download(FILE_NAMES["ics"], f"Calendar of every session (iCalendar .ics, "
                 f"{_size(files[FILE_NAMES['ics']])})", "text/calendar"),
        Download(FILE_NAMES["csv"], f"Every session as a spreadsheet (CSV, "
                 f"{_size(files[FILE_NAMES['csv']])})", "text/csv"),
        Download(FILE_NAMES["icu"], f"Runs as intervals.icu workout text (plain text, "
                 f"{_size(files[FILE_NAMES['icu']])})", "text/plain"),
    ]
    watch = []
    for week in athlete.plan.weeks:
        for session in week.sessions:
            href = f"{EXPORT_FOLDER}/{fit_file_name(week, session)}"
            if href in files:
                watch.append(Download(
                    href, f"Week {week.number}, {day_label(session.date)}: {session.title}"
                    f" (FIT, {_size(files[href])})", "application/vnd.ant.fit"))
    return singles, watch


def block_page_path(block_id: str) -> str:
    return f"{LIBRARY}/{block_id}.html"


#: Where the site keeps the images blocks show, under ``library/``.
IMAGES = "images"


def image_site_path(source: Path, roots: tuple[Path, ...]) -> str | None:
    """Where an image (a resolved file inside ``roots``, the project's first) goes in the
    site: ``library/images/project/...`` or ``library/images/bundled-content/...``, then its
    path inside that folder, so images of one name in different folders stay apart. None
    for a file outside ``roots``."""
    for index, root in enumerate(roots):
        root = root.resolve()
        if source.is_relative_to(root):
            label = "project" if index == 0 else f"bundled-{root.name}"
            return f"library/{IMAGES}/{label}/{source.relative_to(root).as_posix()}"
    return None


def block_uses(athletes: Iterable[Athlete]) -> dict[str, list[str]]:
    """For each block, the labels of the session kinds that refer to it in any plan, in the
    engine's order of kinds; never who the plans belong to."""
    found: dict[str, set[str]] = {}
    for athlete in athletes:
        for week in athlete.plan.weeks:
            for session in week.sessions:
                for block_id in session.blocks:
                    found.setdefault(block_id, set()).add(session.kind)
    order = list(KIND_LABELS)
    return {block_id: [KIND_LABELS.get(k, k) for k in sorted(
                kinds, key=lambda k: (order.index(k) if k in order else len(order), k))]
            for block_id, kinds in found.items()}


def first_day_sessions(plan: Plan) -> list[Session]:
    """The sessions of the plan's first day with any: what the page shows without scripts."""
    sessions = [s for week in plan.weeks for s in week.sessions]
    return [s for s in sessions if s.date == sessions[0].date] if sessions else []


def app_manifest(title: str, name: str) -> str:
    """A plan page's web app manifest: the page opens from a phone's home screen, offline."""
    document = {
        "name": f"{name}: {title}", "short_name": "My plan", "start_url": "index.html",
        "scope": "./", "display": "standalone", "background_color": "#ffffff",
        "theme_color": "#9c3a14", "lang": "en",
        "icons": [{"src": "../assets/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class SiteRenderer:
    """Renders the pages of one build; knows the project and the library."""

    def __init__(self, env: Environment, config: ProjectConfig, library: Library,
                 md: MarkdownIt):
        self.env, self.config, self.library, self.md = env, config, library, md
        self.base_url = (config.settings.base_url or "").rstrip("/") + "/" if (
            config.settings.base_url) else None

    def _page(self, template: str, path: str, **context) -> str:
        context.setdefault("project", self.config.settings)
        context.setdefault("version", __version__)
        context.setdefault("coach", self.config.settings.coach)
        canonical = self.base_url + path.removesuffix("index.html") if self.base_url else None
        root = "../" * path.count("/")
        if path == NOT_FOUND and self.base_url:
            # A host serves the 404 page at any depth, so its links must be absolute there.
            root, canonical = self.base_url, None
        return render_template(self.env, template, root=root, canonical=canonical, **context)

    def render(self, all_athletes: list[Athlete], chosen: list[Athlete], *,
               with_pdf: set[str], exports: Exporter | None = None) -> SiteFiles:
        """Every page; plan pages only for ``chosen``, linking PDFs for ids in ``with_pdf``.
        ``exports`` gives an athlete's exports (by default made afresh from the plan)."""
        out = SiteFiles()
        for athlete in chosen:
            out.update(self.athlete_files(athlete, pdf=athlete.profile.id in with_pdf,
                                          exports=exports))
        out.update(self.shared_files(all_athletes))
        return out

    def athlete_files(self, athlete: Athlete, *, pdf: bool,
                      exports: Exporter | None = None) -> SiteFiles:
        """One athlete's plan page and the exports beside it."""
        exports = exports or (lambda athlete, titles: site_files(athlete.plan, titles))
        out = SiteFiles()
        folder = self.config.athlete_folder(athlete.profile.id)
        files = exports(athlete, self.library.titles)
        for name, data in files.items():
            out.blobs[f"site/{folder}/{name}"] = data
            out.owners[f"site/{folder}/{name}"] = athlete.profile.id
        out.texts[f"site/{folder}/{INDEX}"] = self.plan_page(
            athlete, f"{folder}/{INDEX}", pdf=pdf, exports=files)
        plan = athlete.plan
        out.texts[f"site/{folder}/{CHART_WIDE}"] = str(weekly_chart_svg(
            plan, id_prefix="glance-chart")) + "\n"
        out.texts[f"site/{folder}/{CHART_NARROW}"] = str(weekly_chart_svg(
            plan, width=NARROW_CHART[0], height=NARROW_CHART[1],
            id_prefix="glance-chart")) + "\n"
        course = course_view(plan, id_prefix="course-chart", width=COURSE_CHART_SIZE[0])
        if course is not None:
            out.texts[f"site/{folder}/{COURSE_CHART}"] = str(course.chart) + "\n"
        out.texts[f"site/{folder}/{APP_MANIFEST}"] = app_manifest(
            self.config.settings.title, athlete.profile.name)
        return out

    def shared_files(self, all_athletes: list[Athlete]) -> SiteFiles:
        """The pages every build writes: the index of ``all_athletes`` (none with private
        URLs), the library, the 404 page, the static files and (with a base_url) the sitemap."""
        out = SiteFiles()
        private = self.config.settings.private_urls
        out.texts[f"site/{INDEX}"] = self._page(
            "site/index.html", INDEX, athletes=[] if private else all_athletes,
            folder=self.config.athlete_folder, private=private)
        uses = block_uses(all_athletes)
        blocks = self.library.ordered()
        out.texts[f"site/{LIBRARY}/index.html"] = self._page(
            "site/library.html", f"{LIBRARY}/index.html", chapters=titled_chapters(blocks))
        for block in blocks:
            path = block_page_path(block.id)
            out.texts[f"site/{path}"] = self.block_page(block, path, uses.get(block.id, []),
                                                        out.copies)
        out.texts[f"site/{NOT_FOUND}"] = self._page("site/404.html", NOT_FOUND)
        for name, template in STATIC_FILES.items():
            out.texts[f"site/{name}"] = self.env.get_template(template).render(
                version=__version__)
        if self.base_url:
            # Plan pages are noindex: the sitemap lists the index and the library only.
            pages = [p.removeprefix("site/") for p in out.texts if p.endswith(".html")]
            public = [p for p in pages if p == INDEX or p.startswith(f"{LIBRARY}/")]
            out.texts[f"site/{SITEMAP}"] = render_template(
                self.env, "site/sitemap.xml", base_url=self.base_url,
                pages=sorted(p.removesuffix("index.html") for p in public))
        return out

    def plan_page(self, athlete: Athlete, path: str, *, pdf: bool,
                  exports: dict[str, bytes] | None = None) -> str:
        """An athlete's plan page; ``exports`` (by path beside the page) adds download links."""
        root = "../" * path.count("/")
        downloads, watch = plan_downloads(athlete, exports) if exports else ([], [])
        context = common_context(self.config, athlete, self.library)
        race_label, race_time = race_words(athlete)
        calendar = FILE_NAMES["ics"] if exports and FILE_NAMES["ics"] in exports else None
        calendar_url = self.base_url + path.removesuffix("index.html") + calendar if (
            calendar and self.base_url) else None
        context.update(
            block_link=lambda block_id: f"{root}{block_page_path(block_id)}",
            chart_wide=CHART_WIDE, chart_narrow=CHART_NARROW,
            chart_alt=chart_description(athlete.plan), chart_size=NARROW_CHART,
            grade_paces=grade_paces(athlete), race_label=race_label, race_time=race_time,
            first_sessions=first_day_sessions(athlete.plan),
            pdf_href=f"{athlete.profile.id}.pdf" if pdf else None,
            kind_labels=KIND_LABELS, downloads=downloads, watch_downloads=watch,
            calendar=calendar, calendar_url=calendar_url,
            webcal_url="webcal://" + calendar_url.split("://", 1)[1] if calendar_url else None,
            notes=athlete.profile.notes if athlete.profile.share_notes else None,
            noindex=True, app_manifest=APP_MANIFEST,
            course=course_view(athlete.plan, id_prefix="course-chart",
                               width=COURSE_CHART_SIZE[0]),
            course_chart=COURSE_CHART, course_chart_size=COURSE_CHART_SIZE,
        )
        return self._page("site/plan.html", path, **context)

    def block_page(self, block: ContentBlock, path: str, uses: list[str],
                   copies: dict[str, Path]) -> str:
        rendered = render_block(self.md, block, self._resolver(block, copies))
        siblings = [b for b in self.library.ordered() if b.category == block.category]
        return self._page("site/block.html", path, block=rendered, uses=uses,
                          siblings=siblings, category_title=CATEGORY_TITLES[block.category],
                          page_of=block_page_path)

    def _resolver(self, block: ContentBlock, copies: dict[str, Path]
                  ) -> Callable[[str, str], str]:
        """Block links go to the other block's page; images are copied into the site's
        ``library/images/`` keeping their folders, and only from inside the project or the
        bundled folders (``booklet check`` reports the others, which are never copied)."""
        roots = self.config.roots

        def resolve(kind: str, target: str) -> str:
            if kind == "link":
                target_id = link_target_id(block, target)
                if target_id is None:
                    return target
                return "../" + block_page_path(target_id).removeprefix("library/")
            source = image_file(block, target, roots)
            where = None if source is None else image_site_path(source, roots)
            if source is None or where is None:
                return ""  # nothing to show: the image is missing or not booklet's to read
            copies[f"site/{where}"] = source
            return "../" + quote(where.removeprefix("library/"))
        return resolve
