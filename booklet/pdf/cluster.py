"""The Dask edge: a build's PDF jobs rendered on a Dask cluster, their files written here.

Workers need only the installed ``booklet`` package: each task carries its athletes' personal
HTML, and what all booklets share (the chapters' HTML, the files the HTML points at, packed by
``booklet.pdf.packed``) is scattered once per build. Athletes who share chapters go in small
batches, each batch one task, so a worker draws the chapters once and keeps them for the next
batch. Tasks are pure, so Dask runs a lost worker's tasks again elsewhere; a batch that keeps
killing workers fails its athletes only. This module is imported only when a build names a
scheduler, and imports ``distributed`` only then.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import BookletError, InternalProblem, Problem
from .jobs import PdfJob, PdfOutcome, stop_on_signals, write_file, write_problem
from .packed import PackedFiles, RenderedJob, pack, render_packed, shared_token, versions

#: How long to wait for the scheduler to answer, then for a first worker to join it.
CONNECT_SECONDS = 10
WORKERS_SECONDS = 30
#: At most this many athletes in one task: small enough to spread a roster over the workers
#: and lose little when a worker goes, large enough that a batch shares its chapters.
BATCH_MAX = 4
INSTALL_HINT = 'pip install "booklet[dask]"'


@dataclass
class ClusterStats:
    """What the last cluster build sent: for the benchmark and the README's figures."""

    workers: int = 0
    tasks: int = 0
    shared_bytes: int = 0  # scattered once: the chapters' HTML and the packed files
    job_bytes: int = 0  # the personal HTML in the tasks
    pdf_bytes: int = 0  # PDFs sent back
    machines: set[str] = field(default_factory=set)  # the worker processes that rendered


last_stats = ClusterStats()


def connect(address: str):  # noqa: ANN201 - distributed.Client, imported here only
    """A client of the scheduler at ``address`` with at least one worker, or a BookletError
    that says what is missing."""
    try:
        from distributed import Client
    except ImportError:
        raise BookletError(
            "building on a Dask cluster (scheduler) needs the 'distributed' package:"
            f" {INSTALL_HINT}") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BookletError(
            f"cannot reach the Dask scheduler at {address} ({_reason(exc)}); start one with"
            " 'dask scheduler' and give its address (tcp://HOST:PORT) to --scheduler") from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise BookletError(
            f"no worker joined the Dask scheduler at {address} within {WORKERS_SECONDS} s"
            f" ({_reason(exc)}); start some with 'dask worker {address}'") from None
    return client


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def batches(jobs: list[PdfJob], workers: int) -> list[list[PdfJob]]:
    """Jobs in batches of athletes who share chapters: each group split over the workers,
    at most BATCH_MAX athletes a batch, the first batch of every group first (so the
    workers start on different chapters)."""
    groups: dict[tuple, list[PdfJob]] = {}
    for job in sorted(jobs, key=lambda j: j.athlete):
        groups.setdefault(tuple(e.shared or "" for e in job.editions), []).append(job)
    firsts, rest = [], []
    for _, group in sorted(groups.items()):
        size = max(1, min(BATCH_MAX, math.ceil(len(group) / max(1, workers))))
        chunks = [group[i:i + size] for i in range(0, len(group), size)]
        firsts.append(chunks[0])
        rest.extend(chunks[1:])
    return firsts + rest


def run_on_cluster(jobs: list[PdfJob], address: str,
                   done: Callable[[PdfOutcome], None]) -> ClusterStats:
    """Render every job on the Dask cluster at ``address`` and write its files here, calling
    ``done`` as each finishes, as ``run_jobs`` does locally. Stopping the build (Ctrl-C,
    SIGTERM) cancels the remaining tasks."""
    stats = ClusterStats()
    if not jobs:
        return stats
    base_url, roots = jobs[0].base_url, jobs[0].roots
    if any(job.base_url != base_url or job.roots != roots for job in jobs):
        raise ValueError("jobs of one build share their project folder and roots")
    chapters = {shared_token(e.shared): e.shared for job in jobs for e in job.editions
                if e.shared is not None}
    files = pack([e.html for job in jobs for e in job.editions] + list(chapters.values()),
                 base_url, roots)
    sent = [replace(job, cache_dir=None, editions=tuple(
        replace(e, shared=shared_token(e.shared)) if e.shared is not None else e
        for e in job.editions)) for job in jobs]
    stats.shared_bytes = files.size + sum(len(c.encode()) for c in chapters.values())
    stats.job_bytes = sum(len(e.html.encode()) for job in sent for e in job.editions)
    with stop_on_signals():
        client = connect(address)
        try:
            stats.workers = len(client.scheduler_info(n_workers=-1).get("workers", {})) or 1
            _run(client, batches(sent, stats.workers), chapters, files, done, stats)
        finally:
            client.close()
    global last_stats
    last_stats = stats
    return stats


def _run(client, work: list[list[PdfJob]], chapters: dict[str, str],  # noqa: ANN001
         files: PackedFiles, done: Callable[[PdfOutcome], None], stats: ClusterStats) -> None:
    from distributed import as_completed

    # Sent once to every worker and kept for the build: each task then finds what it needs
    # wherever the scheduler puts it (held by one worker only, they would draw the tasks to it).
    [shared_files] = client.scatter([files], broadcast=True, hash=False)
    scattered = dict(zip(chapters, client.scatter(list(chapters.values()), broadcast=True),
                         strict=True)) if chapters else {}
    remaining = {}
    for batch in work:
        needs = {e.shared: scattered[e.shared] for job in batch for e in job.editions
                 if e.shared is not None}
        future = client.submit(render_packed, batch, needs, shared_files, pure=False,
                               key=f"booklet-{batch[0].athlete}-{len(remaining)}")
        remaining[future.key] = (future, batch)
    stats.tasks = len(remaining)
    mine = versions()
    try:
        for future in as_completed([future for future, _ in remaining.values()],
                                   loop=client.loop):
            _, batch = remaining.pop(future.key)
            try:
                theirs, where, rendered = future.result()
                stats.machines.add(where)
            except Exception as exc:  # the batch's task failed (e.g. it kept killing workers)
                rendered = [_failed(job, exc) for job in batch]
                theirs = mine
            finally:
                future.release()
            for result in rendered:
                if theirs != mine:
                    result = RenderedJob(PdfOutcome(result.outcome.athlete, [Problem(
                        f"{result.outcome.athlete}: a cluster worker runs booklet {theirs[0]}"
                        f" with WeasyPrint {theirs[1]}, this machine booklet {mine[0]} with"
                        f" WeasyPrint {mine[1]}; install the same versions everywhere")]))
                done(_written(result, stats))
    except BaseException:
        client.cancel([future for future, _ in remaining.values()], force=True)
        raise


def _failed(job: PdfJob, exc: Exception) -> RenderedJob:
    name = type(exc).__name__
    if name == "KilledWorker":
        message = (f"{job.athlete}: the cluster's workers died while rendering this booklet,"
                   " several times over (out of memory?)")
        return RenderedJob(PdfOutcome(job.athlete, [Problem(message)]))
    if isinstance(exc, (ModuleNotFoundError, ImportError)):
        return RenderedJob(PdfOutcome(job.athlete, [Problem(
            f"{job.athlete}: a cluster worker cannot run booklet ({exc}); install booklet"
            " on every worker")]))
    return RenderedJob(PdfOutcome(job.athlete, [InternalProblem.from_exception(exc)]))


def _written(result: RenderedJob, stats: ClusterStats) -> PdfOutcome:
    """Write a job's PDFs into the staging folder; its outcome."""
    outcome = result.outcome
    try:
        for target, data in result.files.items():
            write_file(Path(target), data)
            stats.pdf_bytes += len(data)
    except OSError as exc:
        outcome.problems = [write_problem(outcome.athlete, exc)]
    return outcome
