"""How a build shows its progress: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class Reporter(Protocol):
    """Where a build tells how its PDFs are going (the CLI draws a progress bar or lines)."""

    def start(self, total: int) -> None: ...

    def advance(self, athlete: str, status: str) -> None: ...


class LineReporter:
    """One line per finished booklet, for logs and pipes."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()

    def start(self, total: int) -> None:
        self.total, self.done, self.started = total, 0, time.perf_counter()
        if total:
            print(f"Rendering {total} booklet(s)", file=self.stream, flush=True)

    def advance(self, athlete: str, status: str) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.started
        print(f"[{self.done}/{self.total}] {athlete}: {status} ({elapsed:.1f} s)",
              file=self.stream, flush=True)

    def close(self) -> None:
        pass


class BarReporter:
    """A progress bar with counts and an ETA, for a terminal."""

    def __init__(self) -> None:
        self.progress = Progress(
            TextColumn("Rendering booklets"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"), console=Console(stderr=True), transient=True,
        )
        self.task = None

    def start(self, total: int) -> None:
        if total:
            self.progress.start()
            self.task = self.progress.add_task("pdf", total=total, last="")

    def advance(self, athlete: str, status: str) -> None:
        if self.task is not None:
            self.progress.update(self.task, advance=1, last=f"{athlete} {status}")

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()


def reporter_for(stream: TextIO | None = None) -> LineReporter | BarReporter:
    stream = stream or sys.stderr
    return BarReporter() if stream.isatty() else LineReporter(stream)
