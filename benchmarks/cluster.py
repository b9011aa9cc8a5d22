"""The cluster figure of ``make bench``: the bench roster built on a Dask cluster (a scheduler
and two single-threaded workers started on this machine) against ``--jobs 2`` locally.

    .venv/bin/python benchmarks/cluster.py [--runs N] [--quick] [--json PATH]

Each run builds the PDFs (``site=False, force=True``) both ways, in turn, cold (the chapter
cache removed, fresh worker processes for the local pool; the cluster's workers are started
once, so from the second run on they keep the chapters they drew: the first run is the cold
figure). Printed: the median wall seconds of each, their ratio (cluster / local), the Dask
round trip of an empty task (the per-job overhead a cluster adds), the bytes sent per booklet
(its personal HTML) and back (its PDFs), the bytes sent once per build (the chapters' HTML
and the files the booklets point at), and a paper estimate for 5,000 booklets on N workers
from the CPU seconds per booklet of the local build (two processes busy: 2 x wall / booklets).
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import make_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JSON = ROOT / "build" / "bench-cluster.json"


def start_cluster(folder: Path) -> tuple[str, list[subprocess.Popen]]:
    dask = str(Path(sys.executable).parent / "dask")
    processes = []

    def start(name: str, *arguments: str) -> None:
        (folder / name).mkdir()
        log = (folder / f"{name}.log").open("wb")
        processes.append(subprocess.Popen([dask, *arguments], cwd=folder / name, stdout=log,
                                          stderr=subprocess.STDOUT))

    scheduler_file = folder / "scheduler.json"
    start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
          "--scheduler-file", str(scheduler_file))
    while not scheduler_file.is_file():
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    for name in ("worker-1", "worker-2"):
        start(name, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", name)
    return address, processes


def round_trip(address: str, tasks: int = 50) -> float:
    """Seconds from submitting an empty task to holding its result, one after another."""
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        started = time.perf_counter()
        for n in range(tasks):
            client.submit(abs, -n, pure=False).result()
        return (time.perf_counter() - started) / tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None else (1 if args.quick else 3)
    try:
        import distributed  # noqa: F401
    except ImportError:
        print('bench: no cluster figure without distributed: pip install "booklet[dask]"')
        return 0

    from booklet.build import build
    from booklet.pdf import cluster
    from booklet.project import load_config

    with tempfile.TemporaryDirectory(prefix="booklet-bench-cluster-") as tmp:
        tmp_path = Path(tmp)
        project = make_project(tmp_path / "club", args.quick)
        address, processes = start_cluster(tmp_path)
        try:
            overhead = round_trip(address)
            local, remote = [], []
            for run in range(runs):
                for kind, times in (("local", local), ("cluster", remote)):
                    out = tmp_path / f"{kind}-{run}"
                    config = load_config(project, out_dir=out, site=False, force=True,
                                         **({"jobs": 2} if kind == "local"
                                            else {"scheduler": address}))
                    started = time.perf_counter()
                    result = build(config)
                    times.append(time.perf_counter() - started)
                    assert result.ok, result.problems
                    shutil.rmtree(out)
            booklets = len(result.built)
            stats = cluster.last_stats
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
    local_s, remote_s = statistics.median(local), statistics.median(remote)
    cpu_per_booklet = 2 * local_s / booklets
    report = {
        "booklets": booklets, "runs": runs, "local_jobs2_s": local, "cluster_2x1_s": remote,
        "cluster_vs_local": remote_s / local_s, "task_round_trip_s": overhead,
        "sent_per_booklet_bytes": stats.job_bytes / booklets,
        "returned_per_booklet_bytes": stats.pdf_bytes / booklets,
        "sent_once_bytes": stats.shared_bytes, "tasks": stats.tasks,
        "cpu_per_booklet_s": cpu_per_booklet,
        "estimate_5000_h": {n: 5000 * cpu_per_booklet / n / 3600 for n in (1, 8, 32, 128)},
    }
    print(f"\ncluster: {booklets} booklets, median of {runs} run(s)")
    print(f"  --jobs 2 here            {local_s:8.1f} s")
    print(f"  2 workers x 1 thread     {remote_s:8.1f} s   ({remote_s / local_s:.2f}x local)")
    print(f"  empty task round trip    {overhead * 1000:8.1f} ms")
    print(f"  sent per booklet         {stats.job_bytes / booklets / 1024:8.0f} KiB (HTML);"
          f" back {stats.pdf_bytes / booklets / 1024:.0f} KiB (PDF)")
    print(f"  sent once per build      {stats.shared_bytes / 1024:8.0f} KiB"
          " (chapters, fonts, images)")
    print(f"  CPU per booklet          {cpu_per_booklet:8.1f} s  (2 x wall / booklets, local)")
    for n, hours in report["estimate_5000_h"].items():
        print(f"  5,000 booklets, {n:>3} workers  ~{hours:6.2f} h (CPU only, on paper)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
