"""The library API: read and check a project, render every page and booklet, then write.

Like MkDocs, everything is read, planned and rendered in memory before the output folder is
touched; a failure leaves the previous build as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .config import ProjectConfig
from .content import CATEGORY_TITLES, ContentBlock, Library, chapters, select_blocks
from .errors import BookletError, Problem
from .fonts import font_dirs
from .impose import impose
from .library import check_references, load_library
from .markdown import make_markdown
from .output import StagedOutput
from .pages import RenderedBlock, booklet_page, render_print_blocks
from .pdf import PdfWriter
from .profiles import Athlete, load_roster
from .resources import content_dir, templates_dir
from .site import SiteFiles, SiteRenderer
from .templating import make_environment


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
    athletes = []
    if not problems:
        md = make_markdown(config.settings.allow_html)
        problems.extend(check_references(library, md))
        for athlete in roster.athletes:
            missing = sorted({b for b in athlete.plan.block_ids if b not in library})
            if missing:
                problems.append(Problem(
                    f"the plan refers to content blocks that do not exist: {', '.join(missing)}",
                    athlete.source))
            athletes.append(athlete)
    if not roster.athletes and not roster.problems and not problems:
        problems.append(Problem(
            f"no athletes: add profiles (*.yaml) to {config.athletes_path} or rows to"
            f" {config.roster_path}, e.g. with 'booklet new'"))
    if problems:
        raise BookletError(problems + athlete_problems)
    return Project(config=config, library=library, athletes=tuple(athletes),
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


def build(config: ProjectConfig) -> BuildResult:
    """Build the site and the PDF booklets of a project into ``config.out_dir``."""
    started = time.perf_counter()
    project = load_project(config)
    chosen = _chosen(project)
    env = make_environment(config.templates_path)
    md = make_markdown(config.settings.allow_html)
    result = BuildResult(out_dir=config.out_dir, athletes=[a.profile.id for a in chosen],
                         problems=list(project.problems))

    # Render everything first, in memory.
    site = SiteFiles()
    if config.site:
        renderer = SiteRenderer(env, config, project.library, md, config.today)
        with_pdf = {a.profile.id for a in project.athletes if config.pdf
                    or (config.out_dir / "pdf" / f"{a.profile.id}.pdf").is_file()}
        site = renderer.render(list(project.athletes), chosen, with_pdf=with_pdf)
    booklets: dict[str, str] = {}
    saddle: dict[str, str] = {}  # A5 booklets to impose, where the main one is not A5
    for athlete in chosen if config.pdf else ():
        rendered = render_print_blocks(md, athlete_blocks(project, athlete))
        grouped = _grouped(rendered)
        booklets[athlete.profile.id] = booklet_page(env, config, athlete, grouped,
                                                    project.library)
        if config.settings.impose and config.settings.paper != "a5":
            saddle[athlete.profile.id] = booklet_page(env, config, athlete, grouped,
                                                      project.library, paper="a5")

    writer = PdfWriter(roots=[config.root, templates_dir(), content_dir(), *font_dirs()])
    with StagedOutput(config.out_dir) as out:
        for relative, text in site.texts.items():
            written = out.write_text(relative, text)
            if relative.endswith(".html"):
                result.pages.append(written)
        for relative, source in site.copies.items():
            out.copy(source, relative)
        variant = config.settings.pdf_variant
        for athlete_id, html in booklets.items():
            data = writer.render(html, base_url=config.root, identifier=athlete_id,
                                 variant=variant)
            result.pdfs.append(out.write_bytes(f"pdf/{athlete_id}.pdf", data))
            if config.site:  # the site carries its own copy so it can be hosted alone
                out.write_bytes(f"site/{athlete_id}/{athlete_id}.pdf", data)
            if config.settings.impose:
                if athlete_id in saddle:
                    data = writer.render(saddle[athlete_id], base_url=config.root,
                                         identifier=athlete_id + "-a5", variant=variant)
                result.pdfs.append(out.write_bytes(f"pdf/{athlete_id}-saddle-stitch.pdf",
                                                   impose(data)))
        _carry_over_others(out, project, chosen, config)
    result.warnings.extend(
        f"not fetched (only files inside the project are allowed): {url}"
        for url in writer.refused)
    result.seconds = time.perf_counter() - started
    return result


def _grouped(blocks: list[RenderedBlock]) -> list[tuple[str, str, list[RenderedBlock]]]:
    return [(c, CATEGORY_TITLES[c], group) for c, group in chapters(blocks)]


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
            if not config.pdf or athlete_id not in built:
                out.carry_over(f"site/{athlete_id}/{athlete_id}.pdf", f"pdf/{athlete_id}.pdf")


__all__ = ["BuildResult", "Project", "build", "load_project", "__version__"]
