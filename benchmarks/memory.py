"""Where a PDF worker's memory goes: per booklet and phase, resident memory against live heap.

    .venv/bin/python benchmarks/memory.py [--quick] [--repeat N] [--fresh]

The bench roster (``bench.ROSTER``; ``--quick``: 4 of its athletes) is built once with
``jobs=1``, in this process, with every phase of ``PdfWriter`` watched (Linux with glibc only):

- ``peak``: the resident memory's high-water mark during the phase (``VmHWM``, reset before
  it through ``/proc/self/clear_refs``);
- ``rss``: resident memory after it;
- ``live``: the bytes glibc's allocator has handed out and not had back (``mallinfo2``:
  ``uordblks + hblkhd``). It counts Python's objects only when Python allocates with malloc,
  so this script runs itself again under ``PYTHONMALLOC=malloc`` (pymalloc keeps its own
  arenas, invisible to glibc); the timings are not meant to be read.

For each booklet it prints the phase with the highest peak, the highest ``live``, and, after
the booklet (collected and trimmed, as a worker does), ``rss``, ``live`` and ``unused``
(``rss - live``: memory the process holds but does not use, i.e. freed blocks among blocks
still alive, plus code and libraries). ``live`` growing from booklet to booklet is what the
writer keeps (drawn chapters, reference layers) or leaks.

``--repeat N`` then renders the roster's first booklet N more times, as the same worker would
render more athletes with the same chapters (all kept), and prints the live heap after each:
what it grows by a booklet is what a worker leaks, however long the roster.

``--fresh`` then renders each booklet again in a process of its own (started for it, with
Python's own allocator as a build has it, the chapters read from the build's cache) and prints
that process's RSS after its imports and its peak: the least a worker that lays out a whole
athlete part as one document can peak at, whatever it keeps or frees between booklets.
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 athletes instead of 12")
    parser.add_argument("--repeat", type=int, default=0, metavar="N",
                        help="then render the first booklet N more times (a worker's leak)")
    parser.add_argument("--fresh", action="store_true",
                        help="then render each booklet again in a fresh process (the floor)")
    parser.add_argument("--render-pickled", type=Path, help=argparse.SUPPRESS)  # --fresh's
    args = parser.parse_args(argv)
    if args.render_pickled:
        return render_pickled(args.render_pickled)
    if not Path("/proc/self/clear_refs").exists():
        print("memory: needs Linux (/proc/self/clear_refs)", file=sys.stderr)
        return 2
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        print("memory: needs glibc 2.33 or later (mallinfo2)", file=sys.stderr)
        return 2
    if os.environ.get("PYTHONMALLOC") != "malloc":
        os.environ["PYTHONMALLOC"] = "malloc"
        os.execv(sys.executable, [sys.executable, __file__, *(argv or sys.argv[1:])])
    mallinfo2.restype = _MallInfo2

    import bench

    def status() -> dict[str, int]:
        info = mallinfo2()
        memory = bench.proc_status()
        return {"live": (info.uordblks + info.hblkhd) >> 20,
                "VmRSS": memory["VmRSS"] >> 10, "VmHWM": memory["VmHWM"] >> 10}

    rows: list[dict[str, Any]] = []

    def watch(owner: Any, name: str, phase: str) -> None:
        original: Callable = getattr(owner, name)

        @functools.wraps(original)
        def watched(*args: Any, **kwargs: Any) -> Any:
            Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
            before = status()
            value = original(*args, **kwargs)
            after = status()
            rows.append({"phase": phase, "before": before["VmRSS"], "peak": after["VmHWM"],
                         "rss": after["VmRSS"], "live": after["live"]})
            return value

        setattr(owner, name, watched)

    from booklet.build import build
    from booklet.pdf import jobs, merge, writer
    from booklet.project import load_config

    watch(writer.PdfWriter, "_layout", "layout")
    watch(writer.PdfWriter, "_draw", "draw")
    watch(merge, "merge", "merge")
    booklets: list[dict[str, Any]] = []
    render_job = jobs.render_job
    rendered: list[Any] = []  # the jobs, for --repeat

    def render_watched(job: Any) -> Any:
        rendered.append(job)
        rows.clear()
        outcome = render_job(job)  # ends by collecting and trimming (jobs._release_memory)
        booklets.append({"athlete": job.athlete, "pages": outcome.pages, "phases": list(rows),
                         "after": status()})
        return outcome

    jobs.render_job = render_watched
    start = status()
    with tempfile.TemporaryDirectory(prefix="booklet-memory-") as tmp:
        project = bench.make_project(Path(tmp) / "project", args.quick)
        result = build(load_config(project, out_dir=Path(tmp) / "out", site=False, jobs=1,
                                   force=True))
        if result.problems:
            print("memory: the build reported problems:", *result.problems, sep="\n  ")
            return 1
        report(start, booklets)
        if args.repeat > 0:
            info = mallinfo2

            def live_bytes() -> int:
                now = info()
                return now.uordblks + now.hblkhd

            repeat(rendered[0], args.repeat, render_job, live_bytes)
        if args.fresh:
            fresh(rendered, Path(tmp))
    return 0


def fresh(rendered: list[Any], tmp: Path) -> None:
    """Render each job again in a new process (see ``--fresh``) and print its figures."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONMALLOC"}
    print(f"\n{'each booklet in a fresh process':<32}{'pages':>6}  {'after imports':>13}"
          f"  {'peak':>5}")
    peaks = []
    for job in rendered:
        path = tmp / "job.pickle"
        path.write_bytes(pickle.dumps(job))
        done = subprocess.run([sys.executable, __file__, "--render-pickled", str(path)],
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"memory: {job.athlete} failed in a fresh process:\n{done.stderr}")
            continue
        pages, imports, peak = (int(n) for n in done.stdout.split())
        peaks.append(peak)
        print(f"{job.athlete:<32}{pages:>6}  {imports:>13}  {peak:>5}")
    if peaks:
        print(f"largest fresh-process peak {max(peaks)} MiB")


def render_pickled(path: Path) -> int:
    """``--fresh``'s child: render the pickled job once, print its pages, the RSS after the
    imports a PDF worker starts with, and the peak RSS (MiB)."""
    import bench

    from booklet.pdf import jobs

    imports = bench.proc_status()["VmRSS"] >> 10
    job = pickle.loads(path.read_bytes())
    outcome = jobs.render_with(jobs.PdfWriter(job.roots), job, lambda target, data: None)
    if outcome.problems:
        print(*outcome.problems, sep="\n", file=sys.stderr)
        return 1
    print(outcome.pages, imports, bench.proc_status()["VmHWM"] >> 10)
    return 0


def repeat(job: Any, times: int, render_job: Callable[[Any], Any],
           live_bytes: Callable[[], int]) -> None:
    """Render ``job`` again ``times`` times (as the roster's worker would, collected and trimmed
    after each) and print the live heap after each render and what it grows by a render."""
    lives = []
    for _ in range(times):
        render_job(job)
        lives.append(live_bytes() / 2**20)
    grown = (lives[-1] - lives[0]) / max(1, len(lives) - 1)
    print(f"\n{job.athlete} rendered {times} more times: live heap after each"
          f" {', '.join(f'{live:.1f}' for live in lives)} MiB ({grown:+.2f} MiB a booklet)")


def report(start: dict[str, int], booklets: list[dict[str, Any]]) -> None:
    print(f"after imports: RSS {start['VmRSS']} MiB, live {start['live']} MiB"
          " (MiB throughout; live = glibc's allocated bytes)\n")
    print(f"{'athlete':<16}{'pages':>6}  {'layouts':>7}  {'peak':>5} {'in phase':<9}"
          f"{'live peak':>10}  {'after: rss':>10} {'live':>5} {'unused':>7}")
    for entry in booklets:
        phases = entry["phases"]
        top = max(phases, key=lambda row: row["peak"])
        after = entry["after"]
        layouts = sum(1 for row in phases if row["phase"] == "layout")
        print(f"{entry['athlete']:<16}{entry['pages']:>6}  {layouts:>7}  {top['peak']:>5}"
              f" {top['phase']:<9}{max(row['live'] for row in phases):>10}"
              f"  {after['VmRSS']:>10} {after['live']:>5}"
              f" {after['VmRSS'] - after['live']:>7}")
    first, last = booklets[0]["after"], booklets[-1]["after"]
    grown = (last["live"] - first["live"]) / max(1, len(booklets) - 1)
    print(f"\npeak RSS {max(row['peak'] for b in booklets for row in b['phases'])} MiB;"
          f" live heap kept after each booklet grew {grown:.1f} MiB a booklet"
          f" ({first['live']} -> {last['live']} MiB)")


if __name__ == "__main__":
    raise SystemExit(main())
