"""Rendering booklets to PDF, one job per athlete, in this process or in worker processes."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BookletError, Problem
from .impose import impose
from .pdf import PdfWriter


@dataclass(frozen=True)
class Edition:
    """One rendering of a booklet: the whole HTML, or its personal part plus the shared
    chapters (``shared``, laid out once per worker and reused), and where the PDF goes."""

    html: str
    identifier: str  # feeds the PDF's document id
    targets: tuple[Path, ...] = ()  # the PDF and its copies
    shared: str | None = None
    saddle_target: Path | None = None  # where this edition, imposed for saddle stitching, goes


@dataclass(frozen=True)
class PdfJob:
    """One athlete's booklet: its editions (the project's paper, maybe an A5 one to impose),
    and how to render them."""

    athlete: str
    editions: tuple[Edition, ...]
    base_url: Path
    roots: tuple[Path, ...]
    variant: str | None = None


@dataclass
class PdfOutcome:
    athlete: str
    problems: list[Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


_writer: PdfWriter | None = None  # one per process: fonts and images stay cached


def render_job(job: PdfJob) -> PdfOutcome:
    """Render one job and write its files; a failure is returned, never raised."""
    global _writer
    if _writer is None or _writer.roots != job.roots:
        _writer = PdfWriter(job.roots)
    outcome = PdfOutcome(job.athlete)
    try:
        for edition in job.editions:
            data = _writer.render(edition.html, base_url=job.base_url, shared=edition.shared,
                                  identifier=edition.identifier, variant=job.variant)
            for target in edition.targets:
                _write(target, data)
            if edition.saddle_target is not None:
                _write(edition.saddle_target, impose(data))
    except BookletError as exc:
        outcome.problems = [Problem(f"{job.athlete}: {p.message}", p.file, p.line, p.key)
                            for p in exc.problems]
    outcome.refused = list(_writer.refused)
    return outcome


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def run_jobs(jobs: list[PdfJob], workers: int | None,
             done: Callable[[PdfOutcome], None]) -> None:
    """Render every job, calling ``done`` as each finishes. One worker renders in this process;
    more use a process pool (WeasyPrint is CPU-bound and not thread-parallel)."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    if workers == 1:
        for job in jobs:
            done(render_job(job))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_job, job) for job in jobs]
        for future in as_completed(futures):
            done(future.result())
