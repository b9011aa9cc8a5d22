"""Builds through a real Dask cluster (tests/cluster/conftest.py): the same bytes as a local
build, a worker killed mid-build, a failed booklet among good ones."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from booklet.build import build, read_manifest
from booklet.pdf import Edition, PdfJob
from booklet.pdf import cluster as dask_edge
from booklet.project import load_config

from .conftest import RUNNERS

pytestmark = pytest.mark.cluster


def pdfs(out):
    return {p.name: p.read_bytes() for p in sorted((out / "pdf").glob("*.pdf"))}


def test_a_cluster_build_writes_the_bytes_of_a_local_build(cluster, roster, local_build,
                                                           tmp_path):
    out = tmp_path / "build"
    config = load_config(roster, out_dir=out, scheduler=cluster.address, site=False)
    result = build(config)
    assert result.ok and sorted(result.built) == sorted(RUNNERS)
    assert pdfs(out) == pdfs(local_build)
    assert read_manifest(out) == read_manifest(local_build)
    assert dask_edge.last_stats.tasks >= 2 and len(dask_edge.last_stats.machines) == 2
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no chapter cache

    again = build(config)  # unchanged: every booklet kept, nothing sent
    assert again.ok and again.built == [] and sorted(again.skipped) == sorted(RUNNERS)


def test_a_worker_killed_mid_build_has_its_jobs_run_elsewhere(cluster, roster, local_build,
                                                              tmp_path):
    doomed = cluster.worker("doomed")
    cluster.wait_for(3)
    killed = threading.Event()

    def kill_once_busy() -> None:
        with cluster.client() as client:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = {w: tasks for w, tasks in client.processing().items() if tasks}
                names = {w: info.get("name") for w, info in
                         client.scheduler_info(n_workers=-1)["workers"].items()}
                if any(names.get(w) == "doomed" for w in busy):
                    time.sleep(1.0)  # mid-render
                    os.kill(doomed.pid, signal.SIGKILL)
                    killed.set()
                    return
                time.sleep(0.1)

    killer = threading.Thread(target=kill_once_busy)
    killer.start()
    out = tmp_path / "build"
    result = build(load_config(roster, out_dir=out, scheduler=cluster.address, site=False))
    killer.join()
    assert killed.is_set(), "the doomed worker never got a booklet"
    assert doomed.wait(10) == -signal.SIGKILL
    assert result.ok and sorted(result.built) == sorted(RUNNERS)
    assert pdfs(out) == pdfs(local_build)


def test_a_failed_booklet_is_reported_and_the_others_written(cluster, tmp_path):
    image = tmp_path / "project" / "dot.svg"
    image.parent.mkdir()
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                     '<circle cx="5" cy="5" r="4"/></svg>', encoding="utf-8")
    html = f'<html><body><p>{{}}</p><img src="{image.as_uri()}"></body></html>'

    def job(name: str, variant: str | None = None) -> PdfJob:
        return PdfJob(name, (Edition(html.format(name), name,
                                     targets=(tmp_path / "out" / f"{name}.pdf",)),),
                      base_url=image.parent, roots=(image.parent,), variant=variant)

    outcomes = {}
    jobs = [job("good-1"), job("bad", variant="pdf/no-such-variant"), job("good-2")]
    dask_edge.run_on_cluster(jobs, cluster.address, lambda o: outcomes.setdefault(o.athlete, o))
    assert sorted(outcomes) == ["bad", "good-1", "good-2"]
    (problem,) = outcomes["bad"].problems
    assert str(problem).startswith("bad: PDF rendering failed")
    assert not outcomes["good-1"].problems and not outcomes["good-2"].problems
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["good-1.pdf", "good-2.pdf"]
    assert (tmp_path / "out" / "good-1.pdf").read_bytes().startswith(b"%PDF-")
