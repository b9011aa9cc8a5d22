"""`booklet check`: everything a build would read, validated, plus every plan's coaching rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import BookletError, Problem
from ..plan import check_plan
from .config import ProjectConfig
from .load import load_project


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""


def check_project(config: ProjectConfig) -> CheckReport:
    """Collect every problem rather than stopping at the first."""
    report = CheckReport()
    try:
        project = load_project(config)
    except BookletError as exc:
        report.problems.extend(exc.problems)
        return report
    report.problems.extend(project.problems)
    for block_id in project.library.overridden:
        source = project.library[block_id].source
        report.notes.append(f"note: {source} overrides the bundled block '{block_id}'")
    for athlete in project.athletes:
        for message in check_plan(athlete.plan, athlete.profile):
            report.problems.append(Problem(f"plan rule broken: {message}", athlete.source))
        for warning in athlete.plan.warnings:  # worth knowing, not errors
            report.notes.append(f"warning: {athlete.source}: {warning.message} [{warning.code}]")
    report.summary = (
        f"{len(project.athletes)} athlete(s), {len(project.library.blocks)} content blocks,"
        f" {sum(len(a.plan.weeks) for a in project.athletes)} planned weeks checked"
    )
    return report
