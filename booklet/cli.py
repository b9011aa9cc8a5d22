"""The `booklet` command: a thin click layer over the library API."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, get_args

import click

from . import __version__
from .exports import FORMATS
from .project import PDF_VARIANTS, Paper

PAPERS = get_args(Paper)


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print a BookletError's problems plainly (no traceback) and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import BookletError

        try:
            return func(*args, **kwargs)
        except BookletError as exc:
            for problem in exc.problems:
                click.secho(f"error: {problem}", err=True, fg="red")
            sys.exit(1)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="booklet")
def main() -> None:
    """Personalised downhill-tempo training booklets (PDF) and plan sites (HTML).

    \b
    Example:
        booklet new myclub && booklet build myclub
    """


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@_user_errors
def new(directory: Path) -> None:
    """Start a project in DIRECTORY with a sample athlete, ready to build.

    \b
    Example:
        booklet new spring-block
    """
    from .project import scaffold

    created = scaffold(directory)
    click.echo(f"Created {directory}/ with {len(created)} files. Next: booklet build {directory}")


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: PROJECT_DIR/build).")
@click.option("--athlete", "athletes", multiple=True, metavar="ID",
              help="Build only this athlete (repeatable).")
@click.option("--pdf/--no-pdf", default=True, help="Write PDF booklets (default: yes).")
@click.option("--site/--no-site", default=True, help="Write the HTML site (default: yes).")
@click.option("--paper", type=click.Choice(PAPERS), help="Paper size; overrides booklet.toml.")
@click.option("--impose", is_flag=True, default=None,
              help="Also write <id>-saddle-stitch.pdf: A5 pages two-up on A4, in fold order.")
@click.option("--print-edition", is_flag=True, default=None,
              help="Also write <id>-print.pdf: right-hand chapter openings, diary facing each"
                   " week, notes pages instead of blanks.")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS),
              help="Write tagged or archival PDF, e.g. pdf/ua-1 (accessible).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="PDF worker processes (default: one per CPU).")
@click.option("--force", is_flag=True, help="Rebuild every PDF, even if nothing changed.")
@click.option("--zip", "make_zip", is_flag=True,
              help="Also write booklets.zip with every PDF, for handing out.")
@_user_errors
def build(project_dir: Path, out_dir: Path | None, athletes: tuple[str, ...], pdf: bool,
          site: bool, paper: str | None, impose: bool | None, print_edition: bool | None,
          pdf_variant: str | None, jobs: int | None, force: bool, make_zip: bool) -> None:
    """Build the plan site and the PDF booklets of a project.

    \b
    Example:
        booklet build examples/club --out build --athlete ana
    """
    from .build import build as run_build
    from .build import reporter_for
    from .project import load_config

    config = load_config(project_dir, out_dir=out_dir, athletes=athletes, pdf=pdf, site=site,
                         paper=paper, impose=impose, print_edition=print_edition,
                         pdf_variant=pdf_variant, jobs=jobs,
                         force=force, zip=make_zip)
    reporter = reporter_for()
    try:
        result = run_build(config, reporter)
    finally:
        reporter.close()
    for warning in result.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    for problem in result.problems:
        click.secho(f"error: {problem}", err=True, fg="red")
    click.echo(
        f"{len(result.built)} built, {len(result.skipped)} skipped (unchanged),"
        f" {len(result.failed)} failed; wrote {len(result.pdfs)} PDF(s) of"
        f" {result.pdf_pages} page(s) and {len(result.pages)} site page(s)"
        f" in {result.out_dir} ({result.seconds:.1f} s)"
    )
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Readable table, or the booklet.plan/2 JSON document.")
@_user_errors
def plan(profile: Path, fmt: str) -> None:
    """Print the training plan made from one athlete PROFILE.

    \b
    Example:
        booklet plan examples/club/athletes/ana-ruiz.yaml --format json
    """
    import json

    from .exports.table import format_table
    from .plan import plan_to_dict
    from .project import load_athlete, project_units

    if not profile.is_file():
        raise click.BadParameter(f"{profile} is not a file", param_hint="PROFILE")
    athlete = load_athlete(profile, project_units(profile))
    if fmt == "json":
        click.echo(json.dumps(plan_to_dict(athlete.plan), indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(athlete.plan))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              required=True, help="ics: calendar; fit: Garmin watch workouts; icu:"
              " intervals.icu workout text; csv: spreadsheet of every session.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path),
              help="File to write (default: standard output); for fit, a folder"
              " (default: ./<athlete-id>-fit).")
@_user_errors
def export(profile: Path, fmt: str, output: Path | None) -> None:
    """Export the plan of one athlete PROFILE for a calendar, a watch or a training log.

    \b
    Example:
        booklet export examples/club/athletes/ana-ruiz.yaml --format ics -o ana.ics
    """
    from .exports import export as export_plan
    from .exports.save import save_files, save_one
    from .project import load_athlete, units_and_titles

    if not profile.is_file():
        raise click.BadParameter(f"{profile} is not a file", param_hint="PROFILE")
    units, titles = units_and_titles(profile)
    athlete = load_athlete(profile, units)
    files = export_plan(athlete.plan, fmt, titles)
    if fmt == "fit":
        folder = output or Path(f"{athlete.profile.id}-fit")
        written = save_files(folder, files)
        click.echo(f"Wrote {len(written)} workout(s) to {folder}/")
    elif output is None:
        (data,) = files.values()
        click.echo(data, nl=False)  # bytes go to the binary stream as they are
    else:
        (data,) = files.values()
        save_one(output, data)
        click.echo(f"Wrote {output}")


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path))
@_user_errors
def check(project_dir: Path) -> None:
    """Check profiles, booklet.toml, content blocks and every plan's rules.

    \b
    Example:
        booklet check examples/club
    """
    from .errors import BookletError
    from .project import check_project, load_config

    report = check_project(load_config(project_dir))
    for note in report.notes:
        click.echo(note)
    if report.problems:
        raise BookletError(report.problems)
    click.echo(f"ok: {report.summary}")


@main.command()
@click.argument("project_dir", default=".", type=click.Path(path_type=Path))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1; 0 picks a free one.")
@click.option("--pdf", is_flag=True, help="Also rebuild the PDF booklets (slow).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder (default: PROJECT_DIR/build).")
@_user_errors
def serve(project_dir: Path, port: int, pdf: bool, out_dir: Path | None) -> None:
    """Preview the plan site: build it, serve it on 127.0.0.1 and rebuild on changes.

    Watches athletes/, content/, templates/ and booklet.toml; an edited profile rebuilds
    only that athlete. The open page reloads after each rebuild and shows a build error
    until it is fixed, while the last good build keeps being served. Ctrl-C stops.

    \b
    Example:
        booklet serve examples/club --port 8000
    """
    from .serve import PreviewServer

    def log(line: str, error: bool) -> None:
        click.secho(line, err=error, fg="red" if error else None)

    with PreviewServer(project_dir, port=port, pdf=pdf, out_dir=out_dir, log=log) as server:
        click.echo(f"Serving {server.site_dir} at {server.url} (Ctrl-C to stop)")
        try:
            server.wait()
        except KeyboardInterrupt:
            click.echo("Stopped.")


if __name__ == "__main__":  # pragma: no cover
    main()
