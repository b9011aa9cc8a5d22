"""Building a project: read and check it, render every page and booklet, then write.

Like MkDocs, everything is read, planned and rendered in memory before the output folder is
touched; a failure leaves the previous build as it was. ``build`` goes step by step: load the
project, render the site and the booklets' HTML, write the site into a staging folder, keep
the unchanged PDFs and render the others (``PdfBatch``), carry over what this build did not
remake, and record it all in the manifest.
"""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment
from markdown_it import MarkdownIt

from ..errors import BookletError, InternalProblem, Problem
from ..exports import EXPORT_FILES, EXPORT_FOLDER, site_files
from ..library import make_markdown
from ..pdf import Edition, PdfJob, PdfOutcome, font_dirs, run_jobs
from ..plan import plan_to_dict
from ..project import (
    CONFIG_NAME,
    Athlete,
    Project,
    ProjectConfig,
    content_dir,
    load_project,
    templates_dir,
)
from ..render import (
    PLAN_FILES,
    RESERVED_IDS,
    Booklets,
    Exporter,
    SiteFiles,
    SiteRenderer,
    make_environment,
)
from .manifest import NAME as MANIFEST
from .manifest import Manifest, exports_hash, inputs_hash
from .output import StagedOutput, check_out_dir
from .progress import Reporter

ZIP_NAME = "booklets.zip"
#: What a build writes at the top of its output folder (each replaced whole).
#: With ``private_urls``: each athlete's plan page address, for the coach (outside site/).
LINKS_NAME = "private-links.csv"
OUTPUTS = ("site", "pdf", MANIFEST, ZIP_NAME, LINKS_NAME)
#: Shared chapters drawn by earlier builds, by the hash of their inputs (booklet.pdf.cache):
#: kept beside the outputs, never published, safe to delete.
CHAPTER_CACHE = Path(".cache") / "chapters"


@dataclass
class BuildResult:
    """What a build wrote, for the CLI to report and for tests to inspect."""

    out_dir: Path
    athletes: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)  # written by this build (not kept ones)
    pdf_pages: int = 0  # pages in ``pdfs``
    warnings: list[str] = field(default_factory=list)
    private_links: Path | None = None  # with private_urls: the coach's list of addresses
    problems: list[Problem] = field(default_factory=list)  # athletes that were not built
    built: list[str] = field(default_factory=list)  # athletes whose PDFs were rendered
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    failed: list[str] = field(default_factory=list)  # athletes with a problem, not built
    failures: int = 0  # sources not built: failed athletes, and files or rows without an id
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def build(config: ProjectConfig, reporter: Reporter | None = None) -> BuildResult:
    """Build the site and the PDF booklets of a project into ``config.out_dir``.

    PDFs whose inputs are unchanged since the last build are kept (unless ``config.force``);
    the others are rendered by ``config.jobs`` processes into the staging folder. A failed
    athlete (a bad profile, or a bug while planning or rendering it) is reported in
    ``BuildResult.problems`` and keeps its earlier files; the others are built. Problems that
    concern everyone (content, templates, settings) raise BookletError and write nothing.
    """
    started = time.perf_counter()
    if config.zip and not config.pdf:
        raise BookletError("--zip packs the PDF booklets into booklets.zip, so it cannot go"
                           " with --no-pdf: drop one of them")
    check_out_dir(config.out_dir, _inputs(config), replaced=OUTPUTS)
    project = load_project(config, RESERVED_IDS)
    chosen = _chosen(project)
    env = make_environment(config.templates_path)
    md = make_markdown(config.settings.allow_html)
    result = BuildResult(out_dir=config.out_dir, problems=list(project.problems),
                         failures=project.failures)
    manifest = Manifest(config.out_dir)

    # Render all HTML first, in memory; an athlete whose pages fail is left out.
    site, booklets, rendered = _render(project, chosen, env, md, manifest, result)
    result.athletes = [a.profile.id for a in rendered]
    manifest.forget(booklets)
    for relative in site.blobs:
        manifest.record_export(relative, site.owners[relative])

    with StagedOutput(config.out_dir) as out:
        _write_site(out, site, result)
        pdfs = PdfBatch(project, out, manifest, result, reporter)
        pdfs.run(booklets)
        _carry_over_others(out, project, rendered, config)
        out.write_text(MANIFEST, manifest.text())
        if config.site and config.settings.private_urls:
            out.write_text(LINKS_NAME, private_links(project))
            result.private_links = config.out_dir / LINKS_NAME
        elif config.site:  # public addresses now: an earlier list of private ones is stale
            out.remove(LINKS_NAME)
        if config.zip:
            _write_zip(out, config)
        elif config.pdf:  # the PDFs may have changed: an earlier archive would be stale
            out.remove(ZIP_NAME)
    _finish(result, project, pdfs.refused, started)
    return result


def _inputs(config: ProjectConfig) -> dict[Path, bool]:
    """What a build reads and must never write into: {path: whether the output folder may
    be inside it}. The project folder holds the default output folder, build/."""
    inputs = {config.root: True, config.root / CONFIG_NAME: False}
    for folder in (config.athletes_path, config.content_path, config.templates_path,
                   config.roster_path, templates_dir(), content_dir()):
        inputs[folder] = False
    return inputs


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


def _render(project: Project, chosen: list[Athlete], env: Environment, md: MarkdownIt,
            manifest: Manifest, result: BuildResult
            ) -> tuple[SiteFiles, dict[str, tuple[Edition, ...]], list[Athlete]]:
    """Every page of the site (plan pages and exports for the chosen athletes) and the booklet
    HTML of each chosen athlete (none in a build without PDFs), and the chosen athletes that
    rendered. A bug while rendering one athlete is that athlete's internal error: the others
    go on, and the index lists them only."""
    config = project.config
    renderer = SiteRenderer(env, config, project.library, md)
    printed = Booklets(project, env, md)
    exporter = _exporter(manifest, config)
    with_pdf = {a.profile.id for a in project.athletes if config.pdf
                or (config.out_dir / "pdf" / f"{a.profile.id}.pdf").is_file()}
    site, booklets, failed = SiteFiles(), {}, set()
    for athlete in chosen:
        athlete_id = athlete.profile.id
        try:
            pages = renderer.athlete_files(athlete, pdf=athlete_id in with_pdf,
                                           exports=exporter) if config.site else SiteFiles()
            if config.pdf:
                booklets[athlete_id] = _editions(printed, athlete)
        except BookletError:  # templates and content concern every athlete: stop the build
            raise
        except Exception as exc:  # a bug: this athlete fails, the others are built
            result.problems.append(internal_problem(exc, athlete))
            failed.add(athlete_id)
            booklets.pop(athlete_id, None)
            manifest.export_keys.pop(athlete_id, None)
            continue
        site.update(pages)
    result.failed.extend(sorted(failed))
    result.failures += len(failed)
    if config.site:
        site.update(renderer.shared_files([a for a in project.athletes
                                           if a.profile.id not in failed]))
    return site, booklets, [a for a in chosen if a.profile.id not in failed]


def internal_problem(exc: BaseException, athlete: Athlete) -> InternalProblem:
    """An unexpected exception while building one athlete, located at its file (or row)."""
    return InternalProblem.from_exception(exc, athlete.source, athlete.row,
                                          table=athlete.row is not None)


def private_links(project: Project) -> str:
    """id, name, folder and address of every plan page: the list the coach hands out."""
    config = project.config
    base = (config.settings.base_url or "").rstrip("/")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "page", "url"])
    for athlete in sorted(project.athletes, key=lambda a: a.profile.id):
        page = f"site/{config.athlete_folder(athlete.profile.id)}/index.html"
        url = f"{base}/{page.removeprefix('site/').removesuffix('index.html')}" if base else ""
        writer.writerow([athlete.profile.id, athlete.profile.name, page, url])
    return buffer.getvalue()


def _exporter(manifest: Manifest, config: ProjectConfig) -> Exporter:
    """Exports for the site: read back from the last build when their inputs are unchanged
    (making FIT and iCalendar files is most of a no-op build's time), else made afresh.
    Records each athlete's inputs hash in ``manifest.export_keys``."""

    kept = manifest.recorded_exports()  # athlete: the export files the last build recorded

    def exports(athlete: Athlete, titles: dict[str, str]) -> dict[str, bytes]:
        athlete_id = athlete.profile.id
        key = manifest.export_keys[athlete_id] = exports_hash(plan_to_dict(athlete.plan), titles)
        prefix = f"site/{config.athlete_folder(athlete_id)}/"
        files = kept.get(athlete_id, [])
        if files and all(manifest.previous[f].get("inputs") == key and f.startswith(prefix)
                         for f in files):
            try:
                return {f.removeprefix(prefix): (manifest.out_dir / f).read_bytes()
                        for f in files}
            except OSError:  # a file went missing: make them all again
                pass
        return site_files(athlete.plan, titles)

    return exports


def _editions(booklets: Booklets, athlete: Athlete) -> tuple[Edition, ...]:
    """The screen edition on the project's paper; then the print edition when the project
    asks for it; then the A5 print edition to impose, unless that is the one before."""
    editions = [booklets.edition(athlete)]
    settings = booklets.project.config.settings
    if settings.print_edition:
        editions.append(booklets.edition(athlete, edition="print"))
    if settings.impose and not (settings.print_edition and settings.paper == "a5"):
        editions.append(booklets.edition(athlete, paper="a5", edition="print"))
    return tuple(editions)


def _write_site(out: StagedOutput, site: SiteFiles, result: BuildResult) -> None:
    for relative, text in site.texts.items():
        written = out.write_text(relative, text)
        if relative.endswith(".html"):
            result.pages.append(written)
    for relative, source in site.copies.items():
        out.copy(source, relative)
    for relative, data in site.blobs.items():  # exports: calendar, CSV, FIT workouts
        out.write_bytes(relative, data)


class PdfBatch:
    """The PDFs of one build: booklets whose inputs are unchanged are kept, the others are
    rendered, and each outcome goes into the manifest, the result and the reporter."""

    def __init__(self, project: Project, out: StagedOutput, manifest: Manifest,
                 result: BuildResult, reporter: Reporter | None = None):
        self.project, self.config, self.out = project, project.config, out
        self.manifest, self.result, self.reporter = manifest, result, reporter
        self.pending: dict[str, tuple[str, list[str]]] = {}  # athlete: (inputs hash, files)
        self.refused: dict[str, None] = {}  # URLs not fetched, in the order they came, once each
        self._digests: dict[Path, bytes] = {}  # files the HTML points at, read once
        self.athletes = {a.profile.id: a for a in project.athletes}

    def run(self, booklets: dict[str, tuple[Edition, ...]]) -> None:
        jobs = []
        for athlete_id, editions in booklets.items():
            try:
                job = self._job_unless_unchanged(athlete_id, editions)
            except Exception as exc:  # a bug: this athlete fails, the others are rendered
                self._failed(athlete_id, [InternalProblem.from_exception(exc)])
                continue
            if job is not None:
                jobs.append(job)
        if self.reporter is not None:
            self.reporter.start(len(jobs))
        scheduler = self.config.settings.scheduler
        if scheduler is not None and jobs:
            from ..pdf.cluster import run_on_cluster  # imports Dask: only for cluster builds

            run_on_cluster(jobs, scheduler, self.finished)
            return
        run_jobs(_in_chapter_order(jobs, self.config.jobs), self.config.jobs, self.finished)

    def _job_unless_unchanged(self, athlete_id: str, editions: tuple[Edition, ...]
                              ) -> PdfJob | None:
        """The athlete's PDF job; None when the last build's files are kept instead."""
        job = _pdf_job(self.project, athlete_id, editions, self.out)
        job = replace(job, editions=tuple(
            replace(e, shared_key=inputs_hash(e.shared, "chapters", job.roots,
                                              files=self._digests, roots=job.roots))
            if e.shared is not None else e for e in job.editions))
        key = inputs_hash("\0".join(f"{e.html}\0{e.shared}" for e in editions),
                          job.variant, [e.saddle_target is not None for e in editions],
                          _diary_key(self.athletes[athlete_id]), job.creep_mm,
                          files=self._digests, roots=job.roots)
        files = _job_files(athlete_id, self.config)
        if not self.config.force and self.manifest.unchanged(files, key):
            for relative in files:
                self.out.carry_over(relative)
            self.result.skipped.append(athlete_id)
            self.manifest.record(athlete_id, key, files)
            return None
        self.pending[athlete_id] = (key, files)
        return job

    def _failed(self, athlete_id: str, problems: list[Problem]) -> None:
        """The athlete's PDF failed: report it (internal errors at the athlete's file) and
        keep its last good files."""
        athlete = self.athletes[athlete_id]
        self.result.problems.extend(
            replace(p, file=athlete.source, line=athlete.row, table=athlete.row is not None)
            if isinstance(p, InternalProblem) and p.file is None else p for p in problems)
        self.result.failed.append(athlete_id)
        self.result.failures += 1
        for relative in _job_files(athlete_id, self.config):
            self.out.carry_over(relative)

    def finished(self, outcome: PdfOutcome) -> None:
        key, files = self.pending[outcome.athlete]
        if outcome.problems:
            self._failed(outcome.athlete, outcome.problems)
        else:
            self.result.built.append(outcome.athlete)
            self.result.pdfs.extend(self.config.out_dir / f for f in files
                                    if f.startswith("pdf/"))
            self.result.pdf_pages += outcome.pages
            self.manifest.record(outcome.athlete, key, files)
        self.refused.update(dict.fromkeys(outcome.refused))
        if self.reporter is not None:
            self.reporter.advance(outcome.athlete, "failed" if outcome.problems else "built")


def _in_chapter_order(jobs: list[PdfJob], workers: int | None) -> list[PdfJob]:
    """Athletes who share chapters go one after another, so a worker lays them out and draws
    them once. With several workers, the first booklet of each chapter group goes first: the
    workers then draw different chapters at the same time, and the rest of each group finds
    its chapters drawn (in the worker's memory or the build folder's cache)."""
    def chapters(job: PdfJob) -> list[str]:
        return [e.shared or "" for e in job.editions]

    ordered = sorted(jobs, key=chapters)
    if (workers or os.cpu_count() or 1) < 2:
        return ordered
    seen: set[str] = set()
    firsts, rest = [], []
    for job in ordered:
        key = "\0".join(chapters(job))
        (rest if key in seen else firsts).append(job)
        seen.add(key)
    return firsts + rest


def _finish(result: BuildResult, project: Project, refused: dict[str, None],
            started: float) -> None:
    result.built.sort()
    result.failed = sorted(set(result.failed) | set(project.failed))
    result.warnings.extend(
        f"not fetched (only files inside the project are allowed): {url}" for url in refused)
    result.seconds = time.perf_counter() - started


def _diary_key(athlete: Athlete) -> str:
    """The athlete's diary as an input of the booklet: its file's hash and the edition date
    (a changed diary rebuilds the PDF; an unchanged one, on the same date, is kept)."""
    if athlete.diary is None:
        return ""
    return f"{athlete.diary.digest}@{athlete.diary.date.isoformat()}"


def _job_files(athlete_id: str, config: ProjectConfig) -> list[str]:
    """The files one athlete's PDF job writes, relative to the output folder."""
    files = [f"pdf/{athlete_id}.pdf"]
    if config.site:  # the site carries its own copy so it can be hosted alone
        files.append(f"site/{config.athlete_folder(athlete_id)}/{athlete_id}.pdf")
    if config.settings.print_edition:
        files.append(f"pdf/{athlete_id}-print.pdf")
    if config.settings.impose:
        files.append(f"pdf/{athlete_id}-saddle-stitch.pdf")
    return files


def _pdf_job(project: Project, athlete_id: str, editions: tuple[Edition, ...],
             out: StagedOutput) -> PdfJob:
    """Where each edition's PDF goes (editions as ``_editions`` gives them): the screen
    edition is the booklet (and the site's copy), the print edition its -print file, and the
    last is imposed for saddle stitching when the project asks for it."""
    config = project.config
    files = [out.path(f) for f in _job_files(athlete_id, config)]
    saddle = next((f for f in files if f.name.endswith("-saddle-stitch.pdf")), None)
    printed = next((f for f in files if f.name.endswith("-print.pdf")), None)
    placed = [replace(editions[0], targets=tuple(f for f in files if f not in (saddle, printed)))]
    rest = list(editions[1:])
    if printed is not None:
        placed.append(replace(rest.pop(0), targets=(printed,)))
    placed += rest
    if saddle is not None:
        placed[-1] = replace(placed[-1], saddle_target=saddle)
    return PdfJob(
        athlete=athlete_id, editions=tuple(placed), base_url=config.root,
        roots=(*config.roots, *font_dirs()),
        variant=config.settings.pdf_variant, creep_mm=config.settings.creep_mm,
        cache_dir=config.out_dir / CHAPTER_CACHE,
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


def _carry_over_others(out: StagedOutput, project: Project, rendered: list[Athlete],
                       config: ProjectConfig) -> None:
    """Keep what this build did not remake: other athletes' pages and PDFs in a partial build
    or when they failed, and the site's copies of earlier PDFs in a build without PDFs."""
    built = {a.profile.id for a in rendered}
    for athlete_id in sorted({a.profile.id for a in project.athletes} | project.failed):
        if config.pdf and athlete_id not in built:
            out.carry_over(f"pdf/{athlete_id}.pdf")
            out.carry_over(f"pdf/{athlete_id}-saddle-stitch.pdf")
            out.carry_over(f"pdf/{athlete_id}-print.pdf")
        if config.site:
            folder = f"site/{config.athlete_folder(athlete_id)}"
            if athlete_id not in built:
                for name in (*PLAN_FILES, *EXPORT_FILES):  # the page and what it links to
                    out.carry_over(f"{folder}/{name}")
                out.carry_over_folder(f"{folder}/{EXPORT_FOLDER}")
            if not config.pdf or athlete_id not in built:
                out.carry_over(f"{folder}/{athlete_id}.pdf", f"pdf/{athlete_id}.pdf")


__all__ = ["BuildResult", "PdfBatch", "build"]
