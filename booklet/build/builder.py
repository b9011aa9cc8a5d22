"""Building a project: read and check it, render every page and booklet, then write.

Like MkDocs, everything is read, planned and rendered in memory before the output folder is
touched; a failure leaves the previous build as it was. ``build`` goes step by step: load the
project, render the site and the booklets' HTML, write the site into a staging folder, keep
the unchanged PDFs and render the others (``PdfBatch``), carry over what this build did not
remake, and record it all in the manifest.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment
from markdown_it import MarkdownIt

from ..errors import BookletError, Problem
from ..exports import EXPORT_FILES, EXPORT_FOLDER, site_files
from ..library import make_markdown
from ..pdf import Edition, PdfJob, PdfOutcome, font_dirs, run_jobs
from ..plan import plan_to_dict
from ..project import (
    Athlete,
    Project,
    ProjectConfig,
    content_dir,
    load_project,
    templates_dir,
)
from ..render import Booklets, Exporter, SiteFiles, SiteRenderer, make_environment
from .manifest import NAME as MANIFEST
from .manifest import Manifest, exports_hash, inputs_hash
from .output import StagedOutput
from .progress import Reporter

ZIP_NAME = "booklets.zip"


@dataclass
class BuildResult:
    """What a build wrote, for the CLI to report and for tests to inspect."""

    out_dir: Path
    athletes: list[str] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)  # written by this build (not kept ones)
    pdf_pages: int = 0  # pages in ``pdfs``
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # athletes that were not built
    built: list[str] = field(default_factory=list)  # athletes whose PDFs were rendered
    skipped: list[str] = field(default_factory=list)  # unchanged since the last build
    failed: list[str] = field(default_factory=list)  # athletes with a problem, not built
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


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
    manifest = Manifest(config.out_dir)

    # Render all HTML first, in memory.
    site = _render_site(project, chosen, env, md, manifest)
    booklets = _render_booklets(project, chosen, env, md)
    manifest.forget(booklets)
    for relative in site.blobs:
        manifest.record_export(relative)

    with StagedOutput(config.out_dir) as out:
        _write_site(out, site, result)
        pdfs = PdfBatch(project, out, manifest, result, reporter)
        pdfs.run(booklets)
        _carry_over_others(out, project, chosen, config)
        out.write_text(MANIFEST, manifest.text())
        if config.zip and config.pdf:
            _write_zip(out, config)
    _finish(result, project, pdfs.refused, started)
    return result


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


def _render_site(project: Project, chosen: list[Athlete], env: Environment, md: MarkdownIt,
                 manifest: Manifest) -> SiteFiles:
    """Every page of the site (plan pages for the chosen athletes), with their exports."""
    config = project.config
    if not config.site:
        return SiteFiles()
    site_renderer = SiteRenderer(env, config, project.library, md, config.today)
    with_pdf = {a.profile.id for a in project.athletes if config.pdf
                or (config.out_dir / "pdf" / f"{a.profile.id}.pdf").is_file()}
    return site_renderer.render(list(project.athletes), chosen, with_pdf=with_pdf,
                                exports=_exporter(manifest))


def _exporter(manifest: Manifest) -> Exporter:
    """Exports for the site: read back from the last build when their inputs are unchanged
    (making FIT and iCalendar files is most of a no-op build's time), else made afresh.
    Records each athlete's inputs hash in ``manifest.export_keys``."""

    kept = manifest.recorded_exports()  # athlete: the export files the last build recorded

    def exports(athlete: Athlete, titles: dict[str, str]) -> dict[str, bytes]:
        athlete_id = athlete.profile.id
        key = manifest.export_keys[athlete_id] = exports_hash(plan_to_dict(athlete.plan), titles)
        prefix = f"site/{athlete_id}/"
        files = kept.get(athlete_id, [])
        if files and all(manifest.previous[f].get("inputs") == key for f in files):
            try:
                return {f.removeprefix(prefix): (manifest.out_dir / f).read_bytes()
                        for f in files}
            except OSError:  # a file went missing: make them all again
                pass
        return site_files(athlete.plan, titles)

    return exports


def _render_booklets(project: Project, chosen: list[Athlete], env: Environment,
                     md: MarkdownIt) -> dict[str, tuple[Edition, ...]]:
    """The booklet HTML of each chosen athlete, by athlete; none in a build without PDFs."""
    if not project.config.pdf:
        return {}
    printed = Booklets(project, env, md)
    return {a.profile.id: _editions(printed, a) for a in chosen}


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

    def run(self, booklets: dict[str, tuple[Edition, ...]]) -> None:
        jobs = [job for athlete_id, editions in booklets.items()
                if (job := self._job_unless_unchanged(athlete_id, editions)) is not None]
        if self.reporter is not None:
            self.reporter.start(len(jobs))
        # Athletes who share chapters go one after another, so each worker lays them out once.
        jobs.sort(key=lambda job: [e.shared or "" for e in job.editions])
        run_jobs(jobs, self.config.jobs, self.finished)

    def _job_unless_unchanged(self, athlete_id: str, editions: tuple[Edition, ...]
                              ) -> PdfJob | None:
        """The athlete's PDF job; None when the last build's files are kept instead."""
        job = _pdf_job(self.project, athlete_id, editions, self.out)
        key = inputs_hash("\0".join(f"{e.html}\0{e.shared}" for e in editions),
                          job.variant, [e.saddle_target is not None for e in editions],
                          job.creep_mm, files=self._digests)
        files = _job_files(athlete_id, self.config)
        if not self.config.force and self.manifest.unchanged(files, key):
            for relative in files:
                self.out.carry_over(relative)
            self.result.skipped.append(athlete_id)
            self.manifest.record(athlete_id, key, files)
            return None
        self.pending[athlete_id] = (key, files)
        return job

    def finished(self, outcome: PdfOutcome) -> None:
        key, files = self.pending[outcome.athlete]
        if outcome.problems:
            self.result.problems.extend(outcome.problems)
            self.result.failed.append(outcome.athlete)
            for relative in files:  # keep the last good files of this athlete
                self.out.carry_over(relative)
        else:
            self.result.built.append(outcome.athlete)
            self.result.pdfs.extend(self.config.out_dir / f for f in files
                                    if f.startswith("pdf/"))
            self.result.pdf_pages += outcome.pages
            self.manifest.record(outcome.athlete, key, files)
        self.refused.update(dict.fromkeys(outcome.refused))
        if self.reporter is not None:
            self.reporter.advance(outcome.athlete, "failed" if outcome.problems else "built")


def _finish(result: BuildResult, project: Project, refused: dict[str, None],
            started: float) -> None:
    result.built.sort()
    result.failed = sorted(set(result.failed) | set(project.failed))
    result.warnings.extend(
        f"not fetched (only files inside the project are allowed): {url}" for url in refused)
    result.seconds = time.perf_counter() - started


def _job_files(athlete_id: str, config: ProjectConfig) -> list[str]:
    """The files one athlete's PDF job writes, relative to the output folder."""
    files = [f"pdf/{athlete_id}.pdf"]
    if config.site:  # the site carries its own copy so it can be hosted alone
        files.append(f"site/{athlete_id}/{athlete_id}.pdf")
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
        roots=(config.root, templates_dir(), content_dir(), *font_dirs()),
        variant=config.settings.pdf_variant, creep_mm=config.settings.creep_mm,
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
            out.carry_over(f"pdf/{athlete_id}-print.pdf")
        if config.site:
            if athlete_id not in built:
                out.carry_over(f"site/{athlete_id}/index.html")
                for name in EXPORT_FILES:  # and the exports the kept page links to
                    out.carry_over(f"site/{athlete_id}/{name}")
                out.carry_over_folder(f"site/{athlete_id}/{EXPORT_FOLDER}")
            if not config.pdf or athlete_id not in built:
                out.carry_over(f"site/{athlete_id}/{athlete_id}.pdf", f"pdf/{athlete_id}.pdf")


__all__ = ["BuildResult", "PdfBatch", "build"]
