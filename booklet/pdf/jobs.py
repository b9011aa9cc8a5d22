"""Rendering booklets to PDF, one job per athlete, in this process or in worker processes."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BookletError, Problem
from .writer import PdfWriter


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
    creep_mm: float = 0.0  # the saddle-stitch PDF's creep allowance (booklet.pdf.impose)


@dataclass
class PdfOutcome:
    athlete: str
    problems: list[Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    pages: int = 0  # in the PDFs written (a booklet's copies count once; imposed: sheet sides)


_writer: PdfWriter | None = None  # one per process: fonts and images stay cached


def render_job(job: PdfJob) -> PdfOutcome:
    """Render one job and write its files; a failure is returned, never raised."""
    global _writer
    if _writer is None or _writer.roots != job.roots:
        _writer = PdfWriter(job.roots)
    _writer.keep_layouts = len(job.editions)  # e.g. A4 and A5 chapters, one athlete after another
    outcome = PdfOutcome(job.athlete)
    refused_before = len(_writer.refused)
    try:
        for edition in job.editions:
            data = _writer.render(edition.html, base_url=job.base_url, shared=edition.shared,
                                  identifier=edition.identifier, variant=job.variant)
            for target in edition.targets:
                _write(target, data)
            outcome.pages += _writer.page_count if edition.targets else 0
            if edition.saddle_target is not None:
                from .impose import impose, sheet_order  # pypdf: only workers that impose

                _write(edition.saddle_target, impose(data, creep_mm=job.creep_mm))
                outcome.pages += len(sheet_order(_writer.page_count))
            del data
    except BookletError as exc:
        outcome.problems = [Problem(f"{job.athlete}: {p.message}", p.file, p.line, p.key)
                            for p in exc.problems]
    outcome.refused = _writer.refused[refused_before:]  # this job's, not earlier ones
    _release_memory()
    return outcome


def _release_memory() -> None:
    """Free the last booklet's boxes now and hand the freed heap back to the system, so a
    worker's memory stays near one booklet's worth however many it renders."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


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
    # Workers start from a small server process rather than a copy of this one, which holds
    # the whole project and its HTML: each worker's memory is then its own booklets.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render_job, job) for job in jobs]
        for future in as_completed(futures):
            done(future.result())
