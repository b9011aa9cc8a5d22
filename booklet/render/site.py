"""The plan site: an index, a plan page per athlete, the content library, a 404 and a sitemap.

Beside each plan page go the athlete's exports (calendar, spreadsheet, intervals.icu text and
FIT watch workouts, see ``booklet.exports``), linked from the page.

Every link is relative (``root`` is the way back to the site's top folder from each page),
so the site works from disk, at a domain root and under a sub-path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
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
from ..plan import KIND_LABELS, Week
from ..project import Athlete, ProjectConfig
from .chart import weekly_chart_svg
from .context import common_context, grade_paces, race_words, render_block
from .templating import day_label, render_template

#: What the site writes at its top level beside the athletes' folders (site/<id>/); no athlete
#: id may take one of their names (RESERVED_IDS).
INDEX, NOT_FOUND, SITEMAP, ASSETS, LIBRARY = (
    "index.html", "404.html", "sitemap.xml", "assets", "library")
TOP_LEVEL = (INDEX, NOT_FOUND, SITEMAP, ASSETS, LIBRARY)
RESERVED_IDS = frozenset(name.split(".")[0] for name in TOP_LEVEL)

# An athlete's exports by path beside the plan page, given the athlete and the block titles.
Exporter = Callable[[Athlete, dict[str, str]], dict[str, bytes]]


@dataclass
class SiteFiles:
    """A site's output: page texts by path, source files to copy by path, and the exports'
    bytes by path."""

    texts: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)  # the exports beside plan pages

    def update(self, other: SiteFiles) -> None:
        self.texts.update(other.texts)
        self.copies.update(other.copies)
        self.blobs.update(other.blobs)


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


@dataclass(frozen=True)
class Use:
    """Where one athlete's plan draws on a block: the session kind and the weeks."""

    athlete: Athlete
    kind: str
    weeks: tuple[int, ...]

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


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


def current_week(weeks: Iterable[Week], today: date) -> Week | None:
    return next((w for w in weeks if w.start <= today <= w.end), None)


def block_uses(athletes: Iterable[Athlete]) -> dict[str, list[Use]]:
    """For each block, which athletes' sessions refer to it, by session kind and week."""
    found: dict[str, dict[tuple[str, str], list[int]]] = {}
    by_id = {}
    for athlete in athletes:
        by_id[athlete.profile.id] = athlete
        for week in athlete.plan.weeks:
            for session in week.sessions:
                for block_id in session.blocks:
                    weeks = found.setdefault(block_id, {}).setdefault(
                        (athlete.profile.id, session.kind), [])
                    if week.number not in weeks:
                        weeks.append(week.number)
    return {
        block_id: [Use(by_id[a], kind, tuple(weeks)) for (a, kind), weeks in uses.items()]
        for block_id, uses in found.items()
    }


class SiteRenderer:
    """Renders the pages of one build; knows the project, the library and the date."""

    def __init__(self, env: Environment, config: ProjectConfig, library: Library,
                 md: MarkdownIt, today: date):
        self.env, self.config, self.library, self.md, self.today = env, config, library, md, today
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
        path = f"{athlete.profile.id}/index.html"
        files = exports(athlete, self.library.titles)
        for name, data in files.items():
            out.blobs[f"site/{athlete.profile.id}/{name}"] = data
        out.texts[f"site/{path}"] = self.plan_page(athlete, path, pdf=pdf, exports=files)
        return out

    def shared_files(self, all_athletes: list[Athlete]) -> SiteFiles:
        """The pages every build writes: the index of ``all_athletes``, the library, the 404
        page, the style sheet and (with a base_url) the sitemap."""
        out = SiteFiles()
        out.texts[f"site/{INDEX}"] = self._page("site/index.html", INDEX, athletes=all_athletes)
        uses = block_uses(all_athletes)
        blocks = self.library.ordered()
        out.texts[f"site/{LIBRARY}/index.html"] = self._page(
            "site/library.html", f"{LIBRARY}/index.html", chapters=titled_chapters(blocks))
        for block in blocks:
            path = block_page_path(block.id)
            out.texts[f"site/{path}"] = self.block_page(block, path, uses.get(block.id, []),
                                                        out.copies)
        out.texts[f"site/{NOT_FOUND}"] = self._page("site/404.html", NOT_FOUND)
        out.texts[f"site/{ASSETS}/site.css"] = self.env.get_template("site/site.css").render()
        if self.base_url:
            pages = [p.removeprefix("site/") for p in out.texts if p.endswith(".html")]
            pages += [f"{a.profile.id}/index.html" for a in all_athletes]  # built now or before
            out.texts[f"site/{SITEMAP}"] = render_template(
                self.env, "site/sitemap.xml", base_url=self.base_url,
                pages=sorted(p.removesuffix("index.html") for p in pages if p != NOT_FOUND))
        return out

    def plan_page(self, athlete: Athlete, path: str, *, pdf: bool,
                  exports: dict[str, bytes] | None = None) -> str:
        """An athlete's plan page; ``exports`` (by path beside the page) adds download links."""
        root = "../" * path.count("/")
        downloads, watch = plan_downloads(athlete, exports) if exports else ([], [])
        context = common_context(self.config, athlete, self.library)
        race_label, race_time = race_words(athlete)
        context.update(
            block_link=lambda block_id: f"{root}{block_page_path(block_id)}",
            chart=weekly_chart_svg(athlete.plan, id_prefix="glance-chart"),
            grade_paces=grade_paces(athlete), race_label=race_label, race_time=race_time,
            current=current_week(athlete.plan.weeks, self.today), today=self.today,
            pdf_href=f"{athlete.profile.id}.pdf" if pdf else None,
            kind_labels=KIND_LABELS, downloads=downloads, watch_downloads=watch,
        )
        return self._page("site/plan.html", path, **context)

    def block_page(self, block: ContentBlock, path: str, uses: list[Use],
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
