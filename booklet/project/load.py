"""Reading a whole project: the content library and every athlete, checked together."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BookletError, InternalProblem, Problem
from ..library import Library, check_references, load_library, make_markdown, missing_references
from .athletes import Athlete, load_roster
from .config import ProjectConfig, build_date
from .doses import plan_doses
from .resources import content_dir


@dataclass(frozen=True)
class Project:
    """A project read from disk and checked: its config, content library and athletes.

    ``problems`` are athletes that could not be used (bad profile or row); they do not stop
    the others. ``failed`` holds their ids, so their earlier outputs are kept; ``failures``
    counts every source that could not be used, with a well-formed id or not.
    """

    config: ProjectConfig
    library: Library
    athletes: tuple[Athlete, ...]
    problems: tuple[Problem, ...] = ()
    failed: frozenset[str] = frozenset()
    failures: int = 0


def load_project(config: ProjectConfig, reserved: frozenset[str] = frozenset()) -> Project:
    """Read content and athletes. Problems that concern everyone (content, references) are
    raised together; a bad athlete is only recorded, so the others can still be built.
    ``reserved``: names no athlete id may take (the site's own top-level pages and folders)."""
    problems: list[Problem] = []
    library = Library(blocks={})
    try:
        library = load_library([content_dir(), config.content_path], config.roots)
    except BookletError as exc:
        problems.extend(exc.problems)
    except Exception as exc:  # a bug while reading the content: name the folder, stop there
        problems.append(InternalProblem.from_exception(exc, config.content_path))
    doses = plan_doses(library) if not problems else None
    roster = load_roster(config.athletes_path, config.roster_path, config.settings.units, doses,
                         reserved, today=config.today or build_date(),
                         roots=config.roots)
    athlete_problems = list(roster.problems)
    if not problems:
        md = make_markdown(config.settings.allow_html)
        problems.extend(check_references(library, md, roots=config.roots))
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
                   problems=tuple(athlete_problems), failed=roster.failed,
                   failures=roster.failures)
