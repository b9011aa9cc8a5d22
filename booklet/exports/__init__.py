"""Exports: the plan in other programs' formats, each a function of the plan to bytes.

- ``ics``: an iCalendar file (RFC 5545) for calendar apps;
- ``fit``: Garmin FIT workout files for the downhill tempo, quality and test sessions;
- ``icu``: intervals.icu workout text for every run;
- ``csvfile``: a spreadsheet of every session;
- ``text`` and ``workout``: what they share (workout text, steps as intervals and repeats);
- ``table``: the plan as the plain-text table `booklet plan` prints.

``export`` gives one format as {file name: bytes}; ``site_files`` gives what a build puts
beside an athlete's plan page. Writing files is ``save``'s job. This package may import only
``booklet.plan`` and ``booklet.errors``: a plan in, files out, whatever project it came from.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..plan.model import Plan

FORMATS = ("ics", "fit", "icu", "csv")
#: The single-file exports by format, with the names the site gives them.
FILE_NAMES = {"ics": "plan.ics", "icu": "plan-icu.txt", "csv": "plan.csv"}
#: What a build writes beside an athlete's plan page: these files and a folder of FIT files.
EXPORT_FILES = tuple(FILE_NAMES.values())
EXPORT_FOLDER = "fit"


def export(plan: Plan, fmt: str, titles: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """One format: {file name: bytes}; one file, or one per workout for ``fit``.

    ``titles`` maps content block ids to titles, for the 'Read:' line of descriptions.
    """
    if fmt == "ics":
        from .ics import plan_to_ics

        return {FILE_NAMES[fmt]: plan_to_ics(plan, titles)}
    if fmt == "csv":
        from .csvfile import plan_to_csv

        return {FILE_NAMES[fmt]: plan_to_csv(plan, titles)}
    if fmt == "icu":
        from .icu import plan_to_icu

        return {FILE_NAMES[fmt]: plan_to_icu(plan)}
    if fmt == "fit":
        from .fit import plan_to_fit

        return plan_to_fit(plan)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def site_files(plan: Plan, titles: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Every export, by path relative to the athlete's folder: plan.ics, plan.csv,
    plan-icu.txt and fit/<week>-<day>-<kind>.fit."""
    files: dict[str, bytes] = {}
    for fmt in FORMATS:
        for name, data in export(plan, fmt, titles).items():
            files[f"{EXPORT_FOLDER}/{name}" if fmt == "fit" else name] = data
    return files


__all__ = ["EXPORT_FILES", "EXPORT_FOLDER", "FILE_NAMES", "FORMATS", "export", "site_files"]
