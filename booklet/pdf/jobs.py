"""Rendering booklets to PDF, one job per athlete, in this process or in worker processes."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType

from ..errors import BookletError, InternalProblem, Problem
from .cache import ChapterCache
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
    shared_key: str | None = None  # the hash of the chapters' inputs, for the chapter cache


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
    cache_dir: Path | None = None  # drawn chapters kept across builds (booklet.pdf.cache)


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
    return render_with(_writer, job, write_file)


def render_with(writer: PdfWriter, job: PdfJob,
                emit: Callable[[Path, bytes], None]) -> PdfOutcome:
    """Render one job with ``writer``, handing each target's bytes to ``emit`` (which writes
    them here, or collects them on a cluster worker); a failure is returned, never raised."""
    writer.keep_layouts = len(job.editions)  # e.g. A4 and A5 chapters, one athlete after another
    if job.cache_dir is None:
        writer.cache = None
    elif writer.cache is None or writer.cache.folder != job.cache_dir:
        writer.cache = ChapterCache(job.cache_dir)
    outcome = PdfOutcome(job.athlete)
    refused_before = len(writer.refused)
    try:
        for edition in job.editions:
            try:
                data = writer.render(edition.html, base_url=job.base_url,
                                     shared=edition.shared, identifier=edition.identifier,
                                     variant=job.variant, shared_key=edition.shared_key)
                for target in edition.targets:
                    emit(target, data)
                outcome.pages += writer.page_count if edition.targets else 0
                if edition.saddle_target is not None:
                    from .impose import impose, sheet_order  # pypdf: only workers that impose

                    emit(edition.saddle_target, impose(data, creep_mm=job.creep_mm))
                    outcome.pages += len(sheet_order(writer.page_count))
                del data
            finally:  # this edition's boxes go before the next edition is laid out
                _release_memory()
    except BookletError as exc:
        outcome.problems = [Problem(f"{job.athlete}: {p.message}", p.file, p.line, p.key)
                            for p in exc.problems]
    except OSError as exc:  # e.g. the disk is full
        outcome.problems = [write_problem(job.athlete, exc)]
    except Exception as exc:  # a bug: this booklet fails, not the batch
        outcome.problems = [InternalProblem.from_exception(exc)]
    outcome.refused = writer.refused[refused_before:]  # this job's, not earlier ones
    return outcome


def write_problem(athlete: str, exc: OSError) -> Problem:
    """A booklet's PDF that could not be written (e.g. the disk is full)."""
    return Problem(f"{athlete}: cannot write the PDF: {exc.strerror or exc}",
                   Path(exc.filename) if exc.filename else None)


def _release_memory() -> None:
    """Free the last edition's boxes now and hand the freed heap back to the system, so a
    worker's memory stays near one edition's worth however many it renders."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def write_file(target: Path, data: bytes) -> None:
    """One PDF into the staging folder, its folder made as needed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class Stopped(SystemExit):
    """The build was told to stop (SIGTERM, SIGHUP): unwinds like Ctrl-C, so the staging folder
    and the workers go, and exits with the usual 128 + signal number, without a traceback."""


#: Signals that stop a build the way Ctrl-C (SIGINT, KeyboardInterrupt) does.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def _stop(number: int, _frame: FrameType | None) -> None:
    raise Stopped(128 + number)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """While rendering, SIGTERM and SIGHUP raise ``Stopped`` in the main thread (by default
    they would end the process at once, leaving the workers and the staging folder behind).
    A signal something else handles or ignores (``nohup`` ignores SIGHUP) is left alone, and
    so are all of them off the main thread (``booklet serve`` rebuilds in a thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.signal(number, _stop) for number in STOP_SIGNALS
              if signal.getsignal(number) == signal.SIG_DFL}
    try:
        yield
    finally:
        for number, handler in before.items():  # None: set outside Python, e.g. by C
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _worker_start(parent: Connection) -> None:
    """Each worker's first step: leave Ctrl-C to the main process (which stops the workers
    itself) and exit as soon as the main process is gone, even killed with SIGKILL.

    ``parent`` is the reading end of a pipe whose only writing end the main process holds:
    the read ends (EOF) when the main process closes it or dies. Workers are children of the
    fork server, not of the main process, so the parent's death cannot be seen otherwise."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        with contextlib.suppress(EOFError, OSError):
            parent.recv_bytes()
        os._exit(1)  # mid-render: nothing to save, the booklet's staging folder goes too

    threading.Thread(target=watch, name="booklet-parent-watch", daemon=True).start()


def run_jobs(jobs: list[PdfJob], workers: int | None,
             done: Callable[[PdfOutcome], None]) -> None:
    """Render every job, calling ``done`` as each finishes. One worker renders in this process;
    more use a process pool (WeasyPrint is CPU-bound and not thread-parallel).

    Stopping the build (Ctrl-C, SIGTERM, SIGHUP) stops the workers before the exception goes
    on (to the staging folder, which is then removed); if this process is killed outright,
    the workers notice and exit within moments."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    with stop_on_signals():
        if workers == 1:
            for job in jobs:
                done(render_job(job))
        else:
            _run_pool(jobs, workers, done)


def _run_pool(jobs: list[PdfJob], workers: int, done: Callable[[PdfOutcome], None]) -> None:
    # Workers start from a small server process rather than a copy of this one, which holds
    # the whole project and its HTML: each worker's memory is then its own booklets.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload([__name__])
    # Forked workers would inherit the writing end and never see it close; the fork server
    # and spawn give them only what they are passed (the reading end).
    alive_r, alive_w = context.Pipe(duplex=False)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_worker_start, initargs=(alive_r,))
    try:
        futures = [pool.submit(render_job, job) for job in jobs]
        for future in as_completed(futures):
            done(future.result())
    except BaseException:
        alive_w.close()  # every worker exits now, mid-render or not...
        pool.shutdown(wait=True, cancel_futures=True)  # ...and is gone before we go on
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        alive_w.close()
        alive_r.close()
