"""A real Dask cluster on 127.0.0.1 for the cluster tests: a scheduler and two single-threaded
workers, each a process of its own started by the ``dask`` command in a folder outside the
project, kept for the session and stopped (killed if need be) at its end."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..support.example import BASE_PROFILE

distributed = pytest.importorskip("distributed")  # the test extra installs it: `make test`

#: The tiny roster built through the cluster: three runners who share the chapters.
RUNNERS = {f"runner-{n}": BASE_PROFILE.replace("weekly_minutes: 200", f"weekly_minutes: {m}")
           for n, m in ((1, 200), (2, 230), (3, 260))}


def dask_command() -> list[str]:
    beside = Path(sys.executable).parent / "dask"
    return [str(beside)] if beside.exists() else [shutil.which("dask") or "dask"]


@dataclass
class Cluster:
    folder: Path
    address: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self, name: str, *arguments: str) -> subprocess.Popen:
        """One ``dask`` process in its own empty working folder, its output in a log."""
        cwd = self.folder / name
        cwd.mkdir()
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen([*dask_command(), *arguments], cwd=cwd, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)
        return process

    def worker(self, name: str) -> subprocess.Popen:
        """A worker process (no nanny: killed, it stays dead), one thread."""
        return self.start(name, "worker", self.address, "--name", name, "--nthreads", "1",
                          "--no-nanny", "--no-dashboard")

    def client(self):  # noqa: ANN201
        return distributed.Client(self.address, timeout=30, set_as_default=False)

    def wait_for(self, workers: int, seconds: float = 60) -> None:
        with self.client() as client:
            client.wait_for_workers(workers, timeout=seconds)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in self.processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, deadline - time.monotonic()))
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="session")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("dask"))
    scheduler_file = cluster.folder / "scheduler.json"
    try:
        cluster.start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
                      "--no-dashboard", "--scheduler-file", str(scheduler_file))
        deadline = time.monotonic() + 60
        while not scheduler_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        cluster.address = json.loads(scheduler_file.read_text())["address"]
        cluster.worker("worker-1")
        cluster.worker("worker-2")
        cluster.wait_for(2)
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def roster(tmp_path_factory) -> Path:
    """The tiny project, outside every worker's folder."""
    root = tmp_path_factory.mktemp("roster") / "club"
    (root / "athletes").mkdir(parents=True)
    (root / "booklet.toml").write_text('title = "Cluster test"\n', encoding="utf-8")
    for name, text in RUNNERS.items():
        (root / "athletes" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def local_build(roster, tmp_path_factory) -> Path:
    """The roster's PDFs built here, in this process: what the cluster must match."""
    from booklet.build import build
    from booklet.project import load_config

    out = tmp_path_factory.mktemp("local") / "build"
    result = build(load_config(roster, out_dir=out, jobs=1, site=False))
    assert result.ok and sorted(result.built) == sorted(RUNNERS)
    return out
