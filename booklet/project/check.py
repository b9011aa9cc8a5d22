"""`booklet check`: everything a build would read, validated, plus every plan's coaching rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import BookletError, InternalProblem, Problem
from ..plan import check_plan
from .config import ProjectConfig
from .load import load_project


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""


def check_project(config: ProjectConfig, reserved: frozenset[str] = frozenset()) -> CheckReport:
    """Collect every problem rather than stopping at the first (``reserved``: names no
    athlete id may take, as for the build). A bug while checking one athlete is reported as
    an internal error for that athlete's file; the others are still checked."""
    report = CheckReport()
    try:
        project = load_project(config, reserved)
    except BookletError as exc:
        report.problems.extend(exc.problems)
        return report
    report.problems.extend(project.problems)
    for block_id in project.library.overridden:
        source = project.library[block_id].source
        report.notes.append(f"note: {source} overrides the bundled block '{block_id}'")
    for athlete in project.athletes:
        try:
            broken = check_plan(athlete.plan, athlete.profile)
        except Exception as exc:  # a bug: this athlete's check fails, the others go on
            report.problems.append(InternalProblem.from_exception(
                exc, athlete.source, athlete.row, table=athlete.row is not None))
            continue
        for message in broken:
            report.problems.append(Problem(f"plan rule broken: {message}", athlete.source))
        for warning in athlete.plan.warnings:  # worth knowing, not errors
            report.notes.append(f"warning: {athlete.source}: {warning.message} [{warning.code}]")
    report.summary = (
        f"{len(project.athletes)} athlete(s), {len(project.library.blocks)} content blocks,"
        f" {sum(len(a.plan.weeks) for a in project.athletes)} planned weeks checked"
    )
    return report
