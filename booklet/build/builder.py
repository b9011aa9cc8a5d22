"""The library API: read and check a project, render every page and booklet, then write.

Like MkDocs, everything is read, planned and rendered in memory before the output folder is
touched; a failure leaves the previous build as it was.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from jinja2 import Environment
from markdown_it import MarkdownIt

from .. import __version__
from ..errors import BookletError, Problem
from ..exports import EXPORT_FILES, EXPORT_FOLDER, site_files
from ..library.blocks import (
    ContentBlock,
    Library,
    missing_references,
    select_blocks,
    titled_chapters,
)
from ..library.loader import check_references, load_library
from ..library.markdown import make_markdown
from ..pdf.fonts import font_dirs
from ..pdf.jobs import Edition, PdfJob, PdfOutcome, run_jobs
from ..pdf.marks import RESERVED_MARK
from ..plan.model import plan_to_dict
from ..project.athletes import Athlete, load_roster
from ..project.config import ProjectConfig
from ..project.resources import content_dir, templates_dir
from ..render.booklet import booklet_page, render_print_blocks
from ..render.site import Exporter, SiteFiles, SiteRenderer
from ..render.templating import make_environment
from .manifest import NAME as MANIFEST
from .manifest import exports_hash, inputs_hash, manifest_text, read_manifest
from .output import StagedOutput

ZIP_NAME = "booklets.zip"


@dataclass(frozen=True)
class Project:
    """A project read from disk and checked: its config, content library and athletes.

    ``problems`` are athletes that could not be used (bad profile or row); they do not stop
    the others. ``failed`` holds their ids, so their earlier outputs are kept.
    """

    config: ProjectConfig
    library: Library
    athletes: tuple[Athlete, ...]
    problems: tuple[Problem, ...] = ()
    failed: frozenset[str] = frozenset()


@dataclass
class BuildResult:
    """What a build wrote, for the CLI to report and for tests to inspect."""

    out_dir: Path
    athletes: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # athletes that were not built
    built: list[str] = field(default_factory=list)  # athletes whose PDFs were rendered
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    failed: list[str] = field(default_factory=list)  # athletes with a problem, not built
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def load_project(config: ProjectConfig) -> Project:
    """Read content and athletes. Problems that concern everyone (content, references) are
    raised together; a bad athlete is only recorded, so the others can still be built."""
    problems: list[Problem] = []
    library = Library(blocks={})
    try:
        library = load_library([content_dir(), config.content_path])
    except BookletError as exc:
        problems.extend(exc.problems)
    roster = load_roster(config.athletes_path, config.roster_path, config.settings.units)
    athlete_problems = list(roster.problems)
    if not problems:
        md = make_markdown(config.settings.allow_html)
        problems.extend(check_references(library, md))
        for athlete in roster.athletes:
            missing = missing_references(library, athlete.plan.block_ids)
            if missing:
                problems.append(Problem(
                    f"the plan refers to content blocks that do not exist: {', '.join(missing)}",
                    athlete.source))
    if not roster.athletes and not roster.problems and not problems:
        problems.append(Problem(
            f"no athletes: add profiles (*.yaml) to {config.athletes_path} or rows to"
            f" {config.roster_path}, e.g. with 'booklet new'"))
    if problems:
        raise BookletError(problems + athlete_problems)
    return Project(config=config, library=library, athletes=tuple(roster.athletes),
                   problems=tuple(athlete_problems), failed=roster.failed)


def _chosen(project: Project) -> list[Athlete]:
    wanted = project.config.athletes
    if not wanted:
        return list(project.athletes)
    known = {a.profile.id: a for a in project.athletes}
    unknown = [a for a in wanted if a not in known and a not in project.failed]
    if unknown:
        raise BookletError(
            f"no athlete {', '.join(repr(u) for u in unknown)} in {project.config.athletes_path}"
            f" (known: {', '.join(sorted(known))})"
        )
    return [known[a] for a in dict.fromkeys(wanted) if a in known]


def athlete_blocks(project: Project, athlete: Athlete) -> list[ContentBlock]:
    phases = {w.phase for w in athlete.plan.weeks}
    return select_blocks(project.library, athlete.profile.level, phases, athlete.plan.block_ids)


class Reporter(Protocol):
    """Where a build tells how its PDFs are going (the CLI draws a progress bar or lines)."""

    def start(self, total: int) -> None: ...

    def advance(self, athlete: str, status: str) -> None: ...


class Booklets:
    """Renders the booklet HTML of a project's athletes, sharing the work between them: content
    blocks are rendered once per selection of blocks, the chapters part once per selection
    and paper (athletes of a level usually share both)."""

    def __init__(self, project: Project, env: Environment | None = None,
                 md: MarkdownIt | None = None):
        self.project = project
        self.env = env or make_environment(project.config.templates_path)
        self.md = md or make_markdown(project.config.settings.allow_html)
        self._blocks: dict[tuple[str, ...], list] = {}
        self._chapters: dict[tuple, str] = {}

    def html(self, athlete: Athlete, paper: str | None = None, part: str = "whole") -> str:
        """One athlete's booklet as HTML: whole, or its "personal" part, or its "chapters"."""
        blocks = athlete_blocks(self.project, athlete)
        selection = tuple(block.id for block in blocks)
        if part == "chapters" and (selection, paper) in self._chapters:
            return self._chapters[selection, paper]
        if selection not in self._blocks:
            self._blocks[selection] = titled_chapters(render_print_blocks(self.md, blocks))
        html = booklet_page(self.env, self.project.config, athlete, self._blocks[selection],
                            self.project.library, paper=paper, part=part)
        if part == "chapters":
            self._chapters[selection, paper] = html
        return html

    def edition(self, athlete: Athlete, paper: str | None = None) -> Edition:
        """How one athlete's booklet is rendered: in two parts when the project reuses layout
        and its template marks where the chapters go, else whole."""
        identifier = athlete.profile.id + ("" if paper is None else f"-{paper}")
        if self.project.config.settings.reuse_layout:
            personal = self.html(athlete, paper, part="personal")
            if personal.count(RESERVED_MARK) == 1:
                shared = self.html(athlete, paper, part="chapters")
                return Edition(personal, identifier, shared=shared)
        return Edition(self.html(athlete, paper), identifier)


def booklet_html(project: Project, athlete: Athlete, paper: str | None = None,
                 env: Environment | None = None, part: str = "whole") -> str:
    """The booklet of one athlete as the HTML document WeasyPrint renders (see Booklets)."""
    return Booklets(project, env).html(athlete, paper, part)


def booklet_edition(project: Project, athlete: Athlete, paper: str | None = None,
                    env: Environment | None = None) -> Edition:
    """How one athlete's booklet is rendered (see Booklets.edition)."""
    return Booklets(project, env).edition(athlete, paper)


def build(config: ProjectConfig, reporter: Reporter | None = None) -> BuildResult:
    """Build the site and the PDF booklets of a project into ``config.out_dir``.

    PDFs whose inputs are unchanged since the last build are kept (unless ``config.force``);
    the others are rendered by ``config.jobs`` processes into the staging folder. A failed
    athlete is reported in ``BuildResult.problems`` and keeps its earlier files.
    """
    started = time.perf_counter()
    project = load_project(config)
    chosen = _chosen(project)
    env = make_environment(config.templates_path)
    md = make_markdown(config.settings.allow_html)
    result = BuildResult(out_dir=config.out_dir, athletes=[a.profile.id for a in chosen],
                         problems=list(project.problems))

    previous = read_manifest(config.out_dir)
    exported: dict[str, str] = {}  # athlete: the inputs hash of the exports beside the page

    # Render all HTML first, in memory.
    site = SiteFiles()
    if config.site:
        site_renderer = SiteRenderer(env, config, project.library, md, config.today)
        with_pdf = {a.profile.id for a in project.athletes if config.pdf
                    or (config.out_dir / "pdf" / f"{a.profile.id}.pdf").is_file()}
        site = site_renderer.render(list(project.athletes), chosen, with_pdf=with_pdf,
                                    exports=_exporter(config.out_dir, previous, exported))
    printed = Booklets(project, env, md)
    booklets = {a.profile.id: _editions(printed, a) for a in (chosen if config.pdf else ())}

    outputs = {k: v for k, v in previous.items() if v.get("athlete") not in booklets
               and not (v.get("kind") == "export" and v.get("athlete") in exported)}
    for relative in site.blobs:
        athlete_id = relative.split("/")[1]
        outputs[relative] = {"athlete": athlete_id, "inputs": exported[athlete_id],
                             "kind": "export"}
    with StagedOutput(config.out_dir) as out:
        for relative, text in site.texts.items():
            written = out.write_text(relative, text)
            if relative.endswith(".html"):
                result.pages.append(written)
        for relative, source in site.copies.items():
            out.copy(source, relative)
        for relative, data in site.blobs.items():  # exports: calendar, CSV, FIT workouts
            out.write_bytes(relative, data)
        jobs = []
        digests: dict[Path, bytes] = {}
        for athlete_id, editions in booklets.items():
            job = _pdf_job(project, athlete_id, editions, out)
            key = inputs_hash("\0".join(f"{e.html}\0{e.shared}" for e in editions),
                              job.variant, [e.saddle_target is not None for e in editions],
                              files=digests)
            files = _job_files(athlete_id, config)
            if not config.force and all(
                    previous.get(f, {}).get("inputs") == key
                    and (config.out_dir / f).is_file() for f in files):
                for relative in files:
                    out.carry_over(relative)
                result.skipped.append(athlete_id)
                outputs.update({f: {"athlete": athlete_id, "inputs": key} for f in files})
                continue
            jobs.append((job, key, files))
        if reporter is not None:
            reporter.start(len(jobs))

        keys = {job.athlete: (key, files) for job, key, files in jobs}
        refused: dict[str, None] = {}  # in the order they came, once each

        def finished(outcome: PdfOutcome) -> None:
            key, files = keys[outcome.athlete]
            if outcome.problems:
                result.problems.extend(outcome.problems)
                result.failed.append(outcome.athlete)
                for relative in files:  # keep the last good files of this athlete
                    out.carry_over(relative)
            else:
                result.built.append(outcome.athlete)
                result.pdfs.extend(config.out_dir / f for f in files if f.startswith("pdf/"))
                outputs.update({f: {"athlete": outcome.athlete, "inputs": key} for f in files})
            refused.update(dict.fromkeys(outcome.refused))
            if reporter is not None:
                reporter.advance(outcome.athlete, "failed" if outcome.problems else "built")

        # Athletes who share chapters go one after another, so each worker lays them out once.
        jobs.sort(key=lambda item: [e.shared or "" for e in item[0].editions])
        run_jobs([job for job, _, _ in jobs], config.jobs, finished)
        _carry_over_others(out, project, chosen, config)
        out.write_text(MANIFEST, manifest_text(outputs))
        if config.zip and config.pdf:
            _write_zip(out, config)
    result.built.sort()
    result.failed = sorted(set(result.failed) | set(project.failed))
    result.warnings.extend(
        f"not fetched (only files inside the project are allowed): {url}" for url in refused)
    result.seconds = time.perf_counter() - started
    return result


def _job_files(athlete_id: str, config: ProjectConfig) -> list[str]:
    """The files one athlete's PDF job writes, relative to the output folder."""
    files = [f"pdf/{athlete_id}.pdf"]
    if config.site:  # the site carries its own copy so it can be hosted alone
        files.append(f"site/{athlete_id}/{athlete_id}.pdf")
    if config.settings.impose:
        files.append(f"pdf/{athlete_id}-saddle-stitch.pdf")
    return files


def _exporter(out_dir: Path, previous: dict[str, dict[str, str]], keys: dict[str, str]
              ) -> Exporter:
    """Exports for the site: read back from the last build when their inputs are unchanged
    (making FIT and iCalendar files is most of a no-op build's time), else made afresh.
    Records each athlete's inputs hash in ``keys``."""

    kept: dict[str, list[str]] = {}  # athlete: the export files the last build recorded
    for relative, entry in previous.items():
        if entry.get("kind") == "export":
            kept.setdefault(entry.get("athlete", ""), []).append(relative)

    def exports(athlete: Athlete, titles: dict[str, str]) -> dict[str, bytes]:
        athlete_id = athlete.profile.id
        key = keys[athlete_id] = exports_hash(plan_to_dict(athlete.plan), titles)
        prefix = f"site/{athlete_id}/"
        files = kept.get(athlete_id, [])
        if files and all(previous[f].get("inputs") == key for f in files):
            try:
                return {f.removeprefix(prefix): (out_dir / f).read_bytes() for f in files}
            except OSError:  # a file went missing: make them all again
                pass
        return site_files(athlete.plan, titles)

    return exports


def _editions(booklets: Booklets, athlete: Athlete) -> tuple[Edition, ...]:
    """The booklet on the project's paper, then the A5 one to impose when that differs."""
    editions = [booklets.edition(athlete)]
    settings = booklets.project.config.settings
    if settings.impose and settings.paper != "a5":
        editions.append(booklets.edition(athlete, paper="a5"))
    return tuple(editions)


def _pdf_job(project: Project, athlete_id: str, editions: tuple[Edition, ...],
             out: StagedOutput) -> PdfJob:
    """Where each edition's PDF goes: the first is the booklet (and the site's copy); the last
    is imposed for saddle stitching when the project asks for it."""
    config = project.config
    files = [out.path(f) for f in _job_files(athlete_id, config)]
    saddle = next((f for f in files if f.name.endswith("-saddle-stitch.pdf")), None)
    placed = [replace(editions[0], targets=tuple(f for f in files if f != saddle))]
    placed += editions[1:]
    if saddle is not None:
        placed[-1] = replace(placed[-1], saddle_target=saddle)
    return PdfJob(
        athlete=athlete_id, editions=tuple(placed), base_url=config.root,
        roots=(config.root, templates_dir(), content_dir(), *font_dirs()),
        variant=config.settings.pdf_variant,
    )


def _write_zip(out: StagedOutput, config: ProjectConfig) -> None:
    """booklets.zip: every PDF of this build, with fixed dates so the same PDFs give the same
    archive."""
    folder = out.path("pdf/.keep").parent
    with zipfile.ZipFile(out.path(ZIP_NAME), "w", zipfile.ZIP_DEFLATED) as archive:
        for pdf in sorted(folder.glob("*.pdf")):
            info = zipfile.ZipInfo(pdf.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, pdf.read_bytes())


def _carry_over_others(out: StagedOutput, project: Project, chosen: list[Athlete],
                       config: ProjectConfig) -> None:
    """Keep what this build did not remake: other athletes' pages and PDFs in a partial build,
    and the site's copies of earlier PDFs in a build without PDFs."""
    built = {a.profile.id for a in chosen}
    for athlete_id in sorted({a.profile.id for a in project.athletes} | project.failed):
        if config.pdf and athlete_id not in built:
            out.carry_over(f"pdf/{athlete_id}.pdf")
            out.carry_over(f"pdf/{athlete_id}-saddle-stitch.pdf")
        if config.site:
            if athlete_id not in built:
                out.carry_over(f"site/{athlete_id}/index.html")
                for name in EXPORT_FILES:  # and the exports the kept page links to
                    out.carry_over(f"site/{athlete_id}/{name}")
                out.carry_over_folder(f"site/{athlete_id}/{EXPORT_FOLDER}")
            if not config.pdf or athlete_id not in built:
                out.carry_over(f"site/{athlete_id}/{athlete_id}.pdf", f"pdf/{athlete_id}.pdf")


__all__ = ["BuildResult", "Project", "build", "load_project", "__version__"]
