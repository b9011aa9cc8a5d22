"""The `booklet` command: a thin click layer over the library API."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, get_args

import click

from . import __version__
from .errors import MAX_SHOWN, BookletError, InternalProblem, Problem, shown
from .exports import FORMATS
from .project import PDF_VARIANTS, Paper

PAPERS = get_args(Paper)


#: The argument each command works on, named in an internal error's message.
_SUBJECTS = ("project_dir", "profile", "directory")


def _debug() -> bool:
    """Whether ``booklet --debug`` was given: tracebacks of internal errors are shown."""
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().params.get("debug"))


def report(problems: list[Problem]) -> None:
    """Print problems as ``error:`` lines (at most MAX_SHOWN, then a count); with --debug,
    each internal error's traceback follows its line."""
    for index, line in enumerate(shown(problems)):
        click.secho(line, err=True, fg="red")
        problem = problems[index] if index < MAX_SHOWN else None
        if _debug() and isinstance(problem, InternalProblem) and problem.trace:
            click.echo(problem.trace, err=True)


def _user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print a BookletError's problems plainly (no traceback) and exit 1; an unexpected
    exception is an internal error naming the command's file or folder (its traceback with
    --debug), also exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BookletError as exc:
            report(exc.problems)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug, not the user's input
            subject = next((kwargs[k] for k in _SUBJECTS if kwargs.get(k) is not None), None)
            report([InternalProblem.from_exception(exc, subject)])
            sys.exit(1)

    return wrapper


def _scheduler_option(_context: click.Context, _param: click.Parameter,
                      value: str | None) -> str | None:
    """--scheduler checked as booklet.toml's scheduler is: a usage error, not a traceback."""
    from .project import scheduler_address

    if value is None:
        return None
    try:
        return scheduler_address(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="booklet")
@click.option("--debug", is_flag=True,
              help="Show the traceback of an internal error (a bug in booklet).")
def main(debug: bool) -> None:
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
@click.option("--scheduler", metavar="ADDRESS", callback=_scheduler_option,
              help="Render the PDFs on the Dask cluster of this scheduler (tcp://HOST:PORT);"
                   " needs booklet[dask]. Overrides booklet.toml.")
@click.option("--force", is_flag=True, help="Rebuild every PDF, even if nothing changed.")
@click.option("--zip", "make_zip", is_flag=True,
              help="Also write booklets.zip with every PDF, for handing out.")
@_user_errors
def build(project_dir: Path, out_dir: Path | None, athletes: tuple[str, ...], pdf: bool,
          site: bool, paper: str | None, impose: bool | None, print_edition: bool | None,
          pdf_variant: str | None, jobs: int | None, scheduler: str | None, force: bool,
          make_zip: bool) -> None:
    """Build the plan site and the PDF booklets of a project.

    \b
    Example:
        booklet build examples/club --out build --athlete ana
        booklet build examples/club --scheduler tcp://10.0.0.5:8786
    """
    from .build import build as run_build
    from .build import reporter_for
    from .project import load_config

    if make_zip and not pdf:
        raise click.UsageError("--zip packs the PDF booklets into booklets.zip, so it cannot"
                               " go with --no-pdf: drop one of them")
    config = load_config(project_dir, out_dir=out_dir, athletes=athletes, pdf=pdf, site=site,
                         paper=paper, impose=impose, print_edition=print_edition,
                         pdf_variant=pdf_variant, jobs=jobs, scheduler=scheduler,
                         force=force, zip=make_zip)
    reporter = reporter_for()
    try:
        result = run_build(config, reporter)
    finally:
        reporter.close()
    for warning in result.warnings:
        click.secho(f"warning: {warning}", err=True, fg="yellow")
    report(result.problems)
    click.echo(
        f"{len(result.built)} built, {len(result.skipped)} skipped (unchanged),"
        f" {result.failures} failed; wrote {len(result.pdfs)} PDF(s) of"
        f" {result.pdf_pages} page(s) and {len(result.pages)} site page(s)"
        f" in {result.out_dir} ({result.seconds:.1f} s)"
    )
    if result.private_links is not None:
        click.echo(f"plan pages are at private addresses: hand each runner theirs from"
                   f" {result.private_links}")
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Readable table, or the booklet.plan/3 JSON document.")
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
    from .build import RESERVED_IDS
    from .project import check_project, load_config

    checked = check_project(load_config(project_dir), RESERVED_IDS)
    for note in checked.notes:
        click.echo(note)
    if checked.problems:
        raise BookletError(checked.problems)
    click.echo(f"ok: {checked.summary}")


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

    with PreviewServer(project_dir, port=port, pdf=pdf, out_dir=out_dir, log=log,
                       debug=_debug()) as server:
        click.echo(f"Serving {server.site_dir} at {server.url} (Ctrl-C to stop)")
        try:
            server.wait()
        except KeyboardInterrupt:
            click.echo("Stopped.")


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="A new file to write (default: standard output); never an existing one.")
@click.option("--activities", type=click.Path(path_type=Path, file_okay=False),
              help="A folder of FIT activity files: fill done, minutes and descent into a"
              " copy of the athlete's diary (or of the template).")
@_user_errors
def diary(profile: Path, output: Path | None, activities: Path | None) -> None:
    """Write the training diary of one athlete PROFILE as CSV, one row per session.

    Without --activities it is the empty template; with it, the athlete's diary (the
    project's athletes/<id>.diary.csv, if any) with the watch's runs filled in.

    \b
    Example:
        booklet diary examples/club/athletes/ana-ruiz.yaml -o ana-ruiz.diary.csv
    """
    from .plan.diary import template
    from .project import load_athlete, project_units
    from .project.diary import diary_csv, diary_path, diary_with_activities, save_new

    if not profile.is_file():
        raise click.BadParameter(f"{profile} is not a file", param_hint="PROFILE")
    athlete = load_athlete(profile, project_units(profile))
    if activities is None:
        text = diary_csv(template(athlete.plan))
    else:
        found = diary_path(profile, athlete.profile)
        text = diary_with_activities(athlete.plan, found if found.is_file() else None,
                                     activities)
    if output is None:
        click.echo(text, nl=False)
    else:
        save_new(output, text)
        click.echo(f"Wrote {output}")


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--diary", "diary_file", type=click.Path(path_type=Path, dir_okay=False),
              help="The diary CSV (default: athletes/<id>.diary.csv beside the profile, or"
              " the profile's diary: key).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Re-plan from this day, YYYY-MM-DD (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Readable table, or the booklet.plan/3 JSON document.")
@_user_errors
def replan(profile: Path, diary_file: Path | None, today: Any, fmt: str) -> None:
    """Re-plan one athlete PROFILE from the training diary: the days before --today as
    planned, the rest by the back-off rules, with every change and its reason.

    \b
    Example:
        booklet replan athletes/ana-ruiz.yaml --diary ana.diary.csv --today 2027-02-05
    """
    import json
    from datetime import date

    from .errors import BookletError
    from .exports.table import format_table
    from .plan import plan_to_dict
    from .plan.replan import replan as replan_plan
    from .project import load_athlete, project_units
    from .project.diary import diary_path, read_diary

    if not profile.is_file():
        raise click.BadParameter(f"{profile} is not a file", param_hint="PROFILE")
    athlete = load_athlete(profile, project_units(profile))
    path = diary_file or diary_path(profile, athlete.profile)
    if not path.is_file():
        raise BookletError(f"{path}: no diary there; write one with 'booklet diary {profile}"
                           f" -o {path}' or pass --diary FILE")
    plan = replan_plan(athlete.profile, read_diary(path),
                       date.today() if today is None else today.date())
    if fmt == "json":
        click.echo(json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False))
    else:
        click.echo(format_table(plan), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
