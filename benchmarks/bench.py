"""Benchmark a roster build against bare WeasyPrint (the README's "Speed").

Run it with ``make bench`` (full: a mixed roster of 12 athletes, median of 3 runs),
``make bench BENCH_ARGS=--quick`` (smoke test: 4 of them, 1 run) or directly::

    .venv/bin/python benchmarks/bench.py [--runs N] [--quick] [--json PATH]

The harness copies ``examples/club`` into a temporary folder and replaces its athletes with
``ROSTER``: 12 distinct athletes of every level, in km and miles, 6 to 20 weeks, 4 to 7 running
days, with a goal race (with or without its course) or none, with a recent race or none, one
descent or several. (The paper is a project setting: the roster is on the example's A4.)
Each run measures every figure once, in turn, so that the figures and the baseline share the
machine's conditions; a figure is the median of the runs (the spread, min-max, is shown too).
One untimed bare-WeasyPrint render and one single-athlete build warm up fonts and caches first.

Throughput is printed as pages per wall-second and, for work done in this process (bare
WeasyPrint, the references, ``--jobs 1`` builds), pages per CPU-second (``process_time``, the
minimum over runs): the figures to compare on a shared machine. ``reference`` is a plain-text
booklet (paragraphs, a heading per page, a page-number footer) as long as the average booklet,
rendered once per athlete by bare WeasyPrint in the same run. The ``--jobs 1`` build's CPU
time per phase (layout, draw, merge; from ``PdfWriter.timings``) and ``prepare`` are printed
too.

Figures (seconds, wall clock):

- ``plan``: ``booklet.plan.make_plan`` over every athlete's profile.
- ``site``: ``build()`` with ``pdf=False, force=True``: the HTML plan site only.
- ``pdf_jobs1`` / ``pdf_jobs2``: ``build()`` with ``site=False, force=True`` and ``jobs=1`` or
  ``jobs=2``, cold: the build folder's chapter cache removed first and no writer kept in this
  process; every PDF booklet, including reading the project and templating the HTML.
  ``pdf_jobs1_cached``: the jobs=1 build again, with the chapters that build kept.
- ``full``: ``build()`` with PDFs and site, default jobs (CPU count), ``force=True``; the first
  half of the no-op measurement and the denominator of its share.
- ``noop``: the same build again straight after, nothing changed, no ``force``: it should
  skip every athlete.
- ``prepare``: ``load_project`` plus every athlete's whole booklet HTML from one ``Booklets``
  (one Jinja environment, the content blocks rendered once per selection, as a build does;
  information only: the part of a PDF build that is not WeasyPrint).
- ``reference``: bare WeasyPrint on the plain-text reference, once per athlete.
- ``own_pages``: bare WeasyPrint on each athlete's own pages alone: the personal part without
  the chapters or the pages reserved for them, its references into the chapters written in.
  Whatever a build shares, it lays out and draws these pages for every athlete, so the
  booklets' pages divided by this figure's CPU time is a ceiling on any such build's pages
  per CPU-second (printed as "ceiling": chapters, reserved pages and merging for free).
- ``baseline``: bare WeasyPrint, ``HTML(string=html, base_url=root).write_pdf()`` with its
  default fetcher, over the same booklets' HTML one after another in this process; the HTML
  strings are produced beforehand, outside the timing.

"vs baseline" is a figure's median divided by the baseline's median from the same run; these
machines are noisy, so only such ratios are compared, never absolute times.

The speed targets are printed with the measured values and "met" / "not met":

- ``--jobs 1`` at least 2.5x bare WeasyPrint's pages per CPU-second, and at least the
  plain-text reference's;

- ``--jobs 2`` at least 1.8x faster than ``--jobs 1`` (pdf_jobs1 / pdf_jobs2; meaningful on
  at least 2 CPUs, the CPU count is printed);
- per-booklet cost of the PDF stage at most 5% above bare WeasyPrint (pdf_jobs1 per booklet
  vs baseline per booklet; this includes reading and templating, so it is an upper bound);
- layout reuse: a batch at least 2x faster than bare WeasyPrint (pdf_jobs1 vs baseline);
- a no-op rebuild under 2% of a full build (noop / full);
- peak memory per worker under 200 MiB: a ``jobs=1`` and a ``jobs=2`` PDF build each run once
  in a fresh subprocess, which reports its own peak RSS (``VmHWM`` on Linux: ``ru_maxrss`` of
  ``RUSAGE_SELF``/``RUSAGE_CHILDREN`` would carry over the benchmark process's own peak, as it
  survives the spawn and exec) and ``ru_maxrss`` of its reaped children. ``jobs=1`` renders
  in the build's own process, so that process is the worker; with ``jobs=2`` the workers are
  the pool's children (forked: their RSS counts pages shared with the parent). The larger is
  checked against the target. USS (private) and PSS of each worker, sampled every 0.2 s from
  /proc/PID/smaps_rollup, are shown beside it (Linux). Measured once, not a median.

The load average at the start and the share of the machine's CPU used by other processes
during the run are printed: a busy machine (another build or test run) makes every figure, and
the jobs=2 speed-up above all, unreliable.

Results are also written as JSON to ``build/bench.json``.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "club"
DEFAULT_JSON = ROOT / "build" / "bench.json"

FULL_RUNS = 3
TARGET_THROUGHPUT = 2.5  # jobs=1 pages per second, against bare WeasyPrint's
TARGET_SPEEDUP = 1.8
TARGET_PDF_OVERHEAD = 0.05
TARGET_REUSE_SPEEDUP = 2.0
TARGET_NOOP_SHARE = 0.02
TARGET_WORKER_MIB = 200.0

LABELS = {
    "plan": "plan generation (make_plan, all athletes)",
    "site": "HTML site build (pdf=False, force)",
    "pdf_jobs1": "PDFs, jobs=1 (site=False, force)",
    "pdf_whole": "PDFs, jobs=1, no layout reuse (from scratch)",
    "pdf_jobs2": "PDFs, jobs=2 (site=False, force)",
    "pdf_jobs1_cached": "PDFs, jobs=1, chapters cached by the last build",
    "full": "full build (PDFs + site, default jobs, force)",
    "noop": "no-op rebuild (nothing changed)",
    "prepare": "HTML preparation (load_project + Booklets.html)",
    "baseline": "baseline: bare WeasyPrint, one by one",
    "reference": "plain-text reference booklets, bare WeasyPrint",
    "own_pages": "each athlete's own pages alone, bare WeasyPrint",
}
PER_BOOKLET = {"plan", "pdf_jobs1", "pdf_whole", "pdf_jobs2", "full", "prepare", "baseline",
               "reference", "pdf_jobs1_cached", "own_pages"}

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None,
                        help=f"runs per figure, the median is reported (default {FULL_RUNS})")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 4 athletes and 1 run (unless --runs is given)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON,
                        help="where to write the results (default build/bench.json)")
    parser.add_argument("--memory-probe", nargs=3, metavar=("PROJECT", "OUT", "JOBS"),
                        help=argparse.SUPPRESS)  # internal: one build in a fresh process
    args = parser.parse_args(argv)
    if args.memory_probe:
        project, out, jobs = args.memory_probe
        return probe(Path(project), Path(out), int(jobs))
    runs = args.runs if args.runs is not None else (1 if args.quick else FULL_RUNS)
    if runs < 1:
        parser.error("--runs must be at least 1")

    missing = missing_api()
    if missing:
        print(f"bench: booklet does not have {', '.join(missing)} yet; nothing measured.",
              file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as tmp:
        report = run(Path(tmp), runs=runs, quick=args.quick)
    print_report(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {display_path(args.json)}")
    return 0


def missing_api() -> list[str]:
    """What the harness needs from booklet and does not find (empty when all is there)."""
    import booklet.build
    import booklet.project
    import booklet.render
    from booklet.project import load_config

    params = inspect.signature(load_config).parameters
    missing = [f"load_config({name}=...)" for name in ("jobs", "force") if name not in params]
    missing += [f"booklet.{stage}.{name}" for stage, name in (
        ("render", "Booklets"), ("project", "load_project"), ("build", "build"))
        if not hasattr(getattr(booklet, stage), name)]
    return missing


# --- the project ----------------------------------------------------------------------------


#: The mixed roster: distinct athletes, not copies (level, units, weeks, days, a goal race with
#: or without its course, a recent race or none, one or several descents, a coach's message).
ROSTER = [
    ("ana-ruiz", "beginner", "km", 12, 4, "5k 29:40", "none", ""),
    ("ben-okafor", "intermediate", "mi", 12, 5, "10k 46:10", "none", ""),
    ("chloe-martin", "advanced", "km", 14, 6, "half 1:26:30", "course", "Race practice."),
    ("dev-patel", "intermediate", "km", 10, 4, "", "none", ""),
    ("eva-novak", "beginner", "mi", 8, 4, "", "race", ""),
    ("femi-adeyemi", "advanced", "mi", 16, 6, "10k 38:20", "race", "Hold back in week 1."),
    ("greta-lind", "intermediate", "km", 16, 5, "half 1:44:00", "course", ""),
    ("hiro-tanaka", "beginner", "km", 6, 4, "5k 31:05", "race", ""),
    ("isla-brown", "advanced", "km", 20, 7, "marathon 3:05:00", "none", ""),
    ("jon-mayer", "intermediate", "mi", 14, 4, "5k 22:40", "none", "Easy days easy."),
    ("kai-ito", "beginner", "km", 10, 5, "", "none", ""),
    ("lea-roux", "advanced", "km", 12, 5, "5k 18:30", "race", ""),
]
QUICK_ROSTER = [0, 2, 3, 5]  # smoke test: one of each level, both units, with and without race
DAYS = ["tue", "thu", "sat", "sun", "mon", "wed", "fri"]


def profile_yaml(entry: tuple) -> str:
    athlete, level, units, weeks, days, recent, race, message = entry
    name = " ".join(part.capitalize() for part in athlete.split("-"))
    week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    chosen = sorted(DAYS[:days], key=week.index)
    minutes = {"beginner": 150, "intermediate": 220, "advanced": 340}[level]
    lines = [f"name: {name}", f"level: {level}", f"weeks: {weeks}", f"units: {units}",
             f"days: [{', '.join(chosen)}]", "long_run: sun", f"weekly_minutes: {minutes}",
             "hill: {grade: 4, length_m: 500}" if level != "advanced" else
             "descents:\n  - {name: Park path, grade: 3.5, length_m: 600}\n"
             "  - {name: Ridge road, grade: 5, length_m: 900}"]
    if recent:
        distance, time_ = recent.split()
        lines.append(f'recent_race: {{distance: {distance}, time: "{time_}"}}')
    if race == "none":
        lines.insert(2, "start: 2027-01-04")
    else:  # counted back from the race, so race day falls in the last week
        course = ", course: courses/valley-half.gpx" if race == "course" else ""
        lines.append(f"race: {{name: Valley Descent Half, date: 2027-06-13, distance: half"
                     f"{course}}}")
    if message:
        lines.append(f"message: {message}")
    return "\n".join(lines) + "\n"


def make_project(dest: Path, quick: bool) -> Path:
    """examples/club with the mixed roster (``QUICK_ROSTER`` of it with ``quick``) as its
    athletes."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("build", ".*"))
    athletes = dest / "athletes"
    shutil.rmtree(athletes)
    athletes.mkdir()
    roster = [ROSTER[i] for i in QUICK_ROSTER] if quick else ROSTER
    for entry in roster:
        (athletes / f"{entry[0]}.yaml").write_text(profile_yaml(entry), encoding="utf-8")
    return dest


def own_pages_html(personal: str) -> str:
    """An athlete's own pages alone: the personal part (``part="personal"``) without the
    pages reserved for the chapters, its references into them written in as a build writes
    them (a number of two digits, as in most booklets), so no page is laid out twice."""
    from booklet.pdf.marks import PAGE_REF, RESERVED_MARK

    return PAGE_REF.sub(' data-page="42"', personal.replace(RESERVED_MARK, ""))


def reference_html(pages: int) -> str:
    """A plain-text reference booklet of about ``pages`` A4 pages: paragraphs in one font, a
    heading per page and a page-number footer, nothing else."""
    paragraph = ("Downhill tempo running keeps the effort steady while the grade does the"
                 " work, so the legs learn to turn over quickly and land softly. ") * 6
    body = "".join(f"<h1>Part {n}</h1>" + f"<p>{paragraph}</p>" * 7 for n in range(1, pages + 1))
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>@page { size: A4;"
            " margin: 17mm 16mm 18mm; @bottom-right { content: 'page ' counter(page) } }"
            " html { font: 9.6pt/1.42 serif } h1 { break-before: page; font-size: 1.9em }"
            "</style></head><body>" + body + "</body></html>")


# --- measuring ------------------------------------------------------------------------------


CPU: dict[str, list[float]] = {}  # CPU seconds of this process per figure (see ``timed``)


def timed(action: Callable[[], Any], key: str | None = None) -> tuple[float, Any]:
    """Wall seconds of ``action`` (and its value); with ``key``, its CPU seconds in this
    process go into ``CPU[key]`` (meaningful only for work done in this process)."""
    gc.collect()
    cpu = time.process_time()
    started = time.perf_counter()
    value = action()
    wall = time.perf_counter() - started
    if key is not None:
        CPU.setdefault(key, []).append(time.process_time() - cpu)
    return wall, value


def run(tmp: Path, *, runs: int, quick: bool) -> dict[str, Any]:
    import weasyprint

    import booklet
    import booklet.pdf.jobs
    from booklet.build import build
    from booklet.build.builder import CHAPTER_CACHE
    from booklet.plan import make_plan
    from booklet.project import load_config, load_project
    from booklet.render import Booklets

    project_dir = make_project(tmp / "project", quick)

    def config(out: str, **options: Any):
        return load_config(project_dir, out_dir=tmp / out, **options)

    def checked_build(out: str, expect_built: bool = True, **options: Any):
        result = build(config(out, **options))
        if result.problems:
            raise SystemExit("bench: the build reported problems:\n"
                             + "\n".join(f"  {p}" for p in result.problems))
        if expect_built and len(result.built) != count:
            raise SystemExit(f"bench: a forced build ({out}, {options}) built"
                             f" {len(result.built)} of {count} athletes")
        return result

    project = load_project(config("scratch"))
    count = len(project.athletes)
    ids = [a.profile.id for a in project.athletes]
    profiles = [a.profile for a in project.athletes]
    base_url = project.config.root.as_uri() + "/"

    def prepare() -> list[str]:
        loaded = load_project(config("scratch"))
        booklets = Booklets(loaded)  # shared, as in a build (a new one per athlete compiled
        # every template again: more than twice this figure)
        return [booklets.html(athlete) for athlete in loaded.athletes]

    htmls = prepare()
    booklets = Booklets(project)
    owns = [own_pages_html(booklets.html(athlete, part="personal"))
            for athlete in project.athletes]
    del booklets

    def bare(documents: list[str]) -> int:
        """Render and draw each HTML document with bare WeasyPrint; the pages drawn."""
        pages = 0
        for html in documents:
            document = weasyprint.HTML(string=html, base_url=base_url).render()
            pages += len(document.pages)
            document.write_pdf()
        return pages

    def bare_weasyprint() -> int:
        return bare(htmls)

    def own_pages() -> int:
        return bare(owns)

    bare_pages = bare_weasyprint()
    reference = reference_html(round(bare_pages / count))
    reference_pages = len(weasyprint.HTML(string=reference).render().pages) * count

    def plain_reference() -> None:
        for _ in range(count):
            weasyprint.HTML(string=reference).write_pdf()

    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"bench: note: load average {load_before:.2f} at the start; if other processes"
              " are still running, the figures (jobs=2 above all) suffer", flush=True)
    busy_before, own_before, wall_before = machine_busy(), own_cpu(), time.perf_counter()
    print(f"bench: {count} athletes, {runs} run(s), {cpu_count()} CPU(s),"
          f" WeasyPrint {weasyprint.__version__}; warming up...", flush=True)
    weasyprint.HTML(string=htmls[0], base_url=base_url).write_pdf()
    build(config("scratch", athletes=[ids[0]], force=True))

    samples: dict[str, list[float]] = {key: [] for key in LABELS}
    phases: dict[str, list[float]] = {"layout": [], "draw": [], "merge": []}
    noop_results = []
    for number in range(1, runs + 1):
        print(f"bench: run {number} of {runs}", flush=True)
        seconds, _ = timed(lambda: [make_plan(p) for p in profiles])
        samples["plan"].append(seconds)
        seconds, _ = timed(prepare, "prepare")
        samples["prepare"].append(seconds)
        seconds, _ = timed(bare_weasyprint, "baseline")
        samples["baseline"].append(seconds)
        seconds, _ = timed(plain_reference, "reference")
        samples["reference"].append(seconds)
        seconds, own_count = timed(own_pages, "own_pages")
        samples["own_pages"].append(seconds)
        seconds, _ = timed(lambda: checked_build("site", pdf=False, force=True,
                                                 expect_built=False))
        samples["site"].append(seconds)
        seconds, _ = timed(lambda: checked_build("pdf-whole", site=False, jobs=1, force=True,
                                                 reuse_layout=False), "pdf_whole")
        samples["pdf_whole"].append(seconds)
        for jobs in (1, 2):  # cold: no chapters kept from earlier builds
            shutil.rmtree(tmp / f"pdf-jobs{jobs}" / CHAPTER_CACHE, ignore_errors=True)
            booklet.pdf.jobs._writer = None  # nor in this process's writer
            writer = booklet.pdf.jobs._writer  # jobs=1 renders in this process
            before = dict(writer.timings) if writer is not None else {}
            seconds, built = timed(lambda jobs=jobs: checked_build(
                f"pdf-jobs{jobs}", site=False, jobs=jobs, force=True), f"pdf_jobs{jobs}")
            samples[f"pdf_jobs{jobs}"].append(seconds)
            if jobs == 1:
                pages = built.pdf_pages
                writer = booklet.pdf.jobs._writer
                for phase in phases:
                    phases[phase].append(writer.timings[phase] - before.get(phase, 0.0))
            missing = [i for i in ids if not (tmp / f"pdf-jobs{jobs}" / "pdf" / f"{i}.pdf")
                       .is_file()]
            if missing:
                raise SystemExit(f"bench: jobs={jobs} build did not write PDFs for {missing}")
            if jobs == 1:  # again, with the drawn chapters the build kept (a new process)
                booklet.pdf.jobs._writer = None
                seconds, _ = timed(lambda: checked_build(
                    "pdf-jobs1", site=False, jobs=1, force=True), "pdf_jobs1_cached")
                samples["pdf_jobs1_cached"].append(seconds)
        shutil.rmtree(tmp / "full" / CHAPTER_CACHE, ignore_errors=True)
        seconds, _ = timed(lambda: checked_build("full", force=True))
        samples["full"].append(seconds)
        seconds, result = timed(lambda: checked_build("full", expect_built=False))
        samples["noop"].append(seconds)
        noop_results.append({"built": len(result.built), "skipped": len(result.skipped)})

    print("bench: measuring peak memory in subprocesses", flush=True)
    memory = {f"jobs{jobs}": memory_probe(project_dir, tmp / f"memory-jobs{jobs}", jobs)
              for jobs in (1, 2)}

    figures = {}
    baseline = statistics.median(samples["baseline"])
    for key, values in samples.items():
        median = statistics.median(values)
        figures[key] = {
            "label": LABELS[key], "median": median, "min": min(values), "max": max(values),
            "samples": values, "per_booklet": median / count if key in PER_BOOKLET else None,
            "vs_baseline": median / baseline if baseline else None,
        }
    report = {
        "when": datetime.now().isoformat(timespec="seconds"), "quick": quick,
        "athletes": count, "runs": runs, "cpus": cpu_count(),
        "python": platform.python_version(), "platform": platform.platform(),
        "weasyprint": weasyprint.__version__, "booklet": booklet.__version__,
        "figures": figures, "noop_results": noop_results, "memory": memory,
        "pages": {"booklets": pages, "bare": bare_pages, "reference": reference_pages,
                  "own": own_count},
        "cpu": {key: min(values) for key, values in CPU.items()},
        "phases": {key: min(values) for key, values in phases.items()},
        "load_average_before": load_before,
        "others_cpu_share": others_share(busy_before, own_before, wall_before),
    }
    report["checks"] = checks(report)
    return report


def memory_probe(project_dir: Path, out: Path, jobs: int) -> dict[str, Any]:
    """Peak RSS of a PDF build with JOBS workers, run alone in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, __file__, "--memory-probe", str(project_dir), str(out), str(jobs)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: the jobs={jobs} memory probe failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    if data["problems"]:
        raise SystemExit(f"bench: the jobs={jobs} memory probe reported problems:"
                         f" {data['problems']}")
    # jobs=1 renders in the build's own process (booklet.pdf.jobs.run_jobs), so that process is
    # the worker. With more jobs the workers are the pool's processes: forked from a small
    # fork server (a child of the build), so they are the deepest processes under the build;
    # other children are helpers (the fork server, the resource tracker, ldconfig).
    sampled = data["sampled"]
    if jobs == 1:
        workers = [sampled["self"]] if "self" in sampled else []
    else:
        deepest = max((v["depth"] for v in sampled.values() if v["depth"] > 0), default=0)
        workers = [v for v in sampled.values() if deepest and v["depth"] == deepest]
    return {
        "process_mib": data["self_kib"] / 1024,
        "children_mib": data["children_kib"] / 1024 or None,
        "worker_mib": (data["self_kib"] / 1024 if jobs == 1
                       else max((w["hwm"] / 1024 for w in workers), default=None)),
        # sampled every 0.2 s from /proc/PID/smaps_rollup (Linux; None elsewhere): USS is the
        # worker's private memory, PSS counts shared pages divided among their sharers
        "worker_uss_mib": max((w["uss"] / 1024 for w in workers), default=None),
        "worker_pss_mib": max((w["pss"] / 1024 for w in workers), default=None),
        "sampled_workers": len(workers), "built": data["built"],
    }


def probe(project_dir: Path, out: Path, jobs: int) -> int:
    """The memory probe, in its own process: one forced PDF build, then its peaks as JSON."""
    import threading

    from booklet.build import build
    from booklet.project import load_config

    peaks: dict[str, dict[str, int]] = {}
    stop = threading.Event()

    def sample() -> None:
        while True:
            found = [("self", os.getpid(), 0)] + [(str(p), p, d) for p, d in descendants()]
            for name, pid, depth in found:
                usage = smaps_rollup(pid)
                if usage:
                    peak = peaks.setdefault(name, {"uss": 0, "pss": 0, "hwm": 0})
                    peak["depth"] = depth
                    for key in ("uss", "pss", "hwm"):
                        peak[key] = max(peak[key], usage[key])
            if stop.wait(0.2):
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    config = load_config(project_dir, out_dir=out, site=False, jobs=jobs, force=True)
    result = build(config)
    stop.set()
    sampler.join()
    print(json.dumps({
        "self_kib": own_peak_kib(),
        "children_kib": maxrss_kib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
        "sampled": peaks, "built": len(result.built),
        "problems": [str(p) for p in result.problems],
    }))
    return 0


def maxrss_kib(maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return maxrss / 1024 if sys.platform == "darwin" else maxrss


def own_peak_kib() -> float:
    """This process's peak RSS. On Linux ``ru_maxrss`` of RUSAGE_SELF carries over the peak of
    the process that spawned this one (it survives exec), so read VmHWM instead."""
    peak = proc_status().get("VmHWM")
    if peak is not None:
        return peak
    return maxrss_kib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def proc_status(pid: int | str = "self") -> dict[str, int]:
    """The memory figures of a process's /proc status (VmRSS, VmHWM, ...) in KiB; empty
    where there is none (not Linux, or the process is gone)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    found = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.startswith("Vm"):
            found[key] = int(value.split()[0])
    return found


def descendants() -> list[tuple[int, int]]:
    """This process's live descendants with their depth, 1 for children (Linux; else empty)."""
    parents = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])  # field 4
    depth = {os.getpid(): 0}
    found = []
    for _ in range(8):  # a few generations are plenty
        for pid, parent in parents.items():
            if parent in depth and pid not in depth:
                depth[pid] = depth[parent] + 1
                found.append((pid, depth[pid]))
    return found


def smaps_rollup(pid: int) -> dict[str, int] | None:
    """USS (private pages), PSS and peak RSS of a process in KiB, from /proc (Linux), else
    None."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    status = proc_status(pid)
    if not status:
        return None
    hwm = status.get("VmHWM", 0)
    values = {}
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in ("Pss", "Private_Clean", "Private_Dirty"):
            values[key] = int(rest.split()[0])
    if "Pss" not in values:
        return None
    return {"uss": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
            "pss": values["Pss"], "hwm": hwm}


def machine_busy() -> float | None:
    """CPU-seconds every process on the machine has used since boot (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    except (OSError, ValueError, IndexError):
        return None
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU-seconds of this process and its reaped children (build workers, probes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def others_share(busy_before: float | None, own_before: float, wall_before: float
                 ) -> float | None:
    """The share of the machine's CPU time that other processes used since the start."""
    busy_after = machine_busy()
    if busy_before is None or busy_after is None:
        return None
    others = (busy_after - busy_before) - (own_cpu() - own_before)
    return max(0.0, others / ((time.perf_counter() - wall_before) * cpu_count()))


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- verdicts and the report ----------------------------------------------------------------


def checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    f = {key: value["median"] for key, value in report["figures"].items()}
    n = report["athletes"]
    out = []

    def check(name: str, target: str, measured: str, met: bool, note: str = "") -> None:
        out.append({"name": name, "target": target, "measured": measured, "met": met,
                    "note": note})

    speedup = f["pdf_jobs1"] / f["pdf_jobs2"]
    check("jobs=2 speed-up over jobs=1", f">= {TARGET_SPEEDUP:.1f}x", f"{speedup:.2f}x",
          speedup >= TARGET_SPEEDUP and report["cpus"] >= 2,
          f"{report['cpus']} CPU(s)" + ("; needs 2" if report["cpus"] < 2 else ""))

    per_pdf, per_bare = f["pdf_whole"] / n, f["baseline"] / n
    overhead = per_pdf / per_bare - 1
    stage = (f["pdf_whole"] - f["prepare"]) / n
    check("PDF stage per booklet vs bare WeasyPrint", f"<= +{TARGET_PDF_OVERHEAD:.0%}",
          f"{per_pdf:.3f} s vs {per_bare:.3f} s ({overhead:+.1%})",
          overhead <= TARGET_PDF_OVERHEAD,
          f"the same HTML: jobs=1 build without layout reuse; without reading/templating"
          f" ~{stage:.3f} s ({stage / per_bare - 1:+.1%})")

    reuse = f["baseline"] / f["pdf_jobs1"]
    check("layout reuse alone: jobs=1 batch vs bare WeasyPrint",
          f">= {TARGET_REUSE_SPEEDUP:.1f}x faster", f"{reuse:.2f}x",
          reuse >= TARGET_REUSE_SPEEDUP,
          f"one process; {f['pdf_whole'] / f['pdf_jobs1']:.2f}x faster than the same build"
          " without reuse")
    batch = f["baseline"] / f["pdf_jobs2"]
    check("batch as built (layout reuse, jobs=2) vs bare WeasyPrint",
          f">= {TARGET_REUSE_SPEEDUP:.1f}x faster", f"{batch:.2f}x",
          batch >= TARGET_REUSE_SPEEDUP, f"{report['cpus']} CPU(s)")

    share = f["noop"] / f["full"]
    rebuilt = max(r["built"] for r in report["noop_results"])
    check("no-op rebuild as a share of a full build", f"< {TARGET_NOOP_SHARE:.0%}",
          f"{share:.2%} ({f['noop']:.3f} s of {f['full']:.2f} s)",
          share < TARGET_NOOP_SHARE and rebuilt == 0,
          "skipped all" if rebuilt == 0 else f"rebuilt {rebuilt} athlete(s)!")

    pages, cpu = report["pages"], report["cpu"]
    wall = {key: pages["booklets"] / f[key]
            for key in ("pdf_jobs1", "pdf_jobs2", "pdf_whole", "pdf_jobs1_cached")}
    wall["baseline"] = pages["bare"] / f["baseline"]
    wall["reference"] = pages["reference"] / f["reference"]
    wall["own_pages"] = pages["booklets"] / f["own_pages"]  # the ceiling (see own_pages)
    per_cpu = {"pdf_jobs1": pages["booklets"] / cpu["pdf_jobs1"],
               "pdf_jobs1_cached": pages["booklets"] / cpu["pdf_jobs1_cached"],
               "pdf_whole": pages["booklets"] / cpu["pdf_whole"],
               "baseline": pages["bare"] / cpu["baseline"],
               "reference": pages["reference"] / cpu["reference"],
               "own_pages": pages["booklets"] / cpu["own_pages"]}
    report["throughput"] = {"pages_per_wall_second": wall, "pages_per_cpu_second": per_cpu}
    gain = per_cpu["pdf_jobs1"] / per_cpu["baseline"]
    check("jobs=1 pages per CPU-second vs bare WeasyPrint", f">= {TARGET_THROUGHPUT:.1f}x",
          f"{gain:.2f}x ({per_cpu['pdf_jobs1']:.1f} vs {per_cpu['baseline']:.1f} pages/s)",
          gain >= TARGET_THROUGHPUT,
          f"per wall-second {wall['pdf_jobs1'] / wall['baseline']:.2f}x; no reuse (whole)"
          f" {per_cpu['pdf_whole'] / per_cpu['baseline']:.2f}x")
    check("jobs=1 pages per CPU-second vs the plain-text reference", ">= 1.0x",
          f"{per_cpu['pdf_jobs1'] / per_cpu['reference']:.2f}x"
          f" ({per_cpu['reference']:.1f} pages/s)",
          per_cpu["pdf_jobs1"] >= per_cpu["reference"],
          f"per wall-second {wall['pdf_jobs1'] / wall['reference']:.2f}x; ceiling (each"
          f" athlete's own pages alone, the rest free)"
          f" {per_cpu['own_pages'] / per_cpu['reference']:.2f}x")

    memory = report["memory"]
    # Pool workers when measured; jobs=1 has none (its one process also holds the project).
    worker = memory["jobs2"]["worker_mib"] or memory["jobs1"]["worker_mib"]
    def shares(m: dict[str, Any]) -> str:
        if m["worker_uss_mib"] is None:
            return ""
        return f", USS {m['worker_uss_mib']:.0f}, PSS {m['worker_pss_mib']:.0f}"

    jobs1, jobs2 = memory["jobs1"], memory["jobs2"]
    check("peak memory per worker (peak RSS)", f"< {TARGET_WORKER_MIB:.0f} MiB",
          f"{worker:.0f} MiB", worker < TARGET_WORKER_MIB,
          f"jobs=1 in-process worker (it also holds the project) RSS"
          f" {jobs1['worker_mib']:.0f}{shares(jobs1)}; jobs=2 "
          + (f"largest pool worker RSS {jobs2['worker_mib']:.0f}{shares(jobs2)}"
             if jobs2["worker_mib"] else "pool workers not measured"))
    return out


def print_report(report: dict[str, Any]) -> None:
    n = report["athletes"]
    print()
    print(f"booklet {report['booklet']} / WeasyPrint {report['weasyprint']} / Python"
          f" {report['python']} / {report['cpus']} CPU(s) / {report['platform']}")
    print(f"{n} athletes, median of {report['runs']} run(s)"
          + (" (QUICK smoke test: not comparable with full runs)" if report["quick"] else ""))
    others = report["others_cpu_share"]
    # The load average also counts whatever ran just before (e.g. a previous benchmark), so it
    # only decides when the share of other processes cannot be measured.
    busy = others > 0.05 if others is not None else report["load_average_before"] > 0.5
    print(f"load average before: {report['load_average_before']:.2f}; CPU used by other"
          " processes during the benchmark: "
          + ("unknown" if others is None else f"{others:.0%} of the machine")
          + (" (the machine was busy: treat the figures with care)" if busy else ""))
    print()
    header = (f"{'figure':<48} {'median s':>9} {'min-max s':>15} {'per booklet s':>14}"
              f" {'vs baseline':>12}")
    print(header)
    print("-" * len(header))
    for figure in report["figures"].values():
        per = figure["per_booklet"]
        ratio = figure["vs_baseline"]
        spread = f"{figure['min']:.3f}-{figure['max']:.3f}"
        print(f"{figure['label']:<48} {figure['median']:>9.3f} {spread:>15}"
              f" {'-' if per is None else f'{per:.4f}':>14}"
              f" {'-' if ratio is None else f'{ratio:.3f}x':>12}")
    print()
    wall = report["throughput"]["pages_per_wall_second"]
    per_cpu = report["throughput"]["pages_per_cpu_second"]
    print(f"pages: {report['pages']['booklets']} in the booklets (bare WeasyPrint drew"
          f" {report['pages']['bare']}; {report['pages']['own']} of them the athletes' own),"
          f" {report['pages']['reference']} in the references")
    print(f"{'pages per second':<48} {'wall':>9} {'CPU':>9}")
    for key in ("baseline", "reference", "pdf_whole", "pdf_jobs1", "pdf_jobs1_cached",
                "pdf_jobs2", "own_pages"):
        cpu = per_cpu.get(key)
        label = "ceiling: booklet pages / own pages' time" if key == "own_pages" else LABELS[key]
        print(f"{label:<48} {wall[key]:>9.2f} {'-' if cpu is None else f'{cpu:.2f}':>9}")
    phases = report["phases"]
    print("jobs=1 phases, CPU s (min of runs): " + ", ".join(
        f"{k} {v:.2f}" for k, v in [("prepare", report["cpu"]["prepare"]), *phases.items()]))
    print()
    print("Targets:")
    for item in report["checks"]:
        verdict = "met" if item["met"] else "not met"
        note = f"  [{item['note']}]" if item["note"] else ""
        print(f"  {item['name']}: {item['measured']} (target {item['target']})"
              f" -> {verdict}{note}")


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
