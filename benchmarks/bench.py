"""Benchmark a roster build against bare WeasyPrint (issue 7, "Speed").

Run it with ``make bench`` (full: the example club scaled to 20 athletes, median of 3 runs),
``make bench BENCH_ARGS=--quick`` (smoke test: 4 athletes, 1 run) or directly::

    .venv/bin/python benchmarks/bench.py [--runs N] [--quick] [--json PATH]

The harness copies ``examples/club`` into a temporary folder and scales it to 20 athletes: the
four example profiles five times over (``ana-ruiz``, ``ana-ruiz-2`` ... ``ana-ruiz-5``, with the
name changed too), so every athlete is distinct and the mix of levels and units stays the same.
Each run measures every figure once, in turn, so that the figures and the baseline share the
machine's conditions; a figure is the median of the runs (the spread, min-max, is shown too).

Figures (seconds, wall clock):

- ``plan``: ``booklet.engine.make_plan`` over every athlete's profile; per athlete = / 20.
- ``site``: ``build()`` with ``pdf=False, force=True``: the HTML plan site only.
- ``pdf_jobs1`` / ``pdf_jobs2``: ``build()`` with ``site=False, force=True`` and ``jobs=1`` or
  ``jobs=2``: every PDF booklet, including reading the project and templating the HTML.
- ``full``: ``build()`` with PDFs and site, default jobs (CPU count), ``force=True``; the first
  half of the no-op measurement and the denominator of its share.
- ``noop``: the same build again straight after, nothing changed, no ``force``: it should
  skip every athlete.
- ``prepare``: ``load_project`` plus ``booklet_html`` for every athlete (information only: the
  part of a PDF build that is not WeasyPrint).
- ``baseline``: bare WeasyPrint, ``HTML(string=html, base_url=root).write_pdf()`` with its
  default fetcher, over the same booklets' HTML one after another in this process; the HTML
  strings are produced beforehand, outside the timing.

"vs baseline" is a figure's median divided by the baseline's median from the same run; these
machines are noisy, so only such ratios are compared, never absolute times.

The target checks (issue 7) are printed with the measured values and "met" / "not met":

- ``--jobs 2`` at least 1.8x faster than ``--jobs 1`` (pdf_jobs1 / pdf_jobs2; meaningful on
  at least 2 CPUs, the CPU count is printed);
- per-booklet cost of the PDF stage at most 5% above bare WeasyPrint (pdf_jobs1 per booklet
  vs baseline per booklet; this includes reading and templating, so it is an upper bound);
- layout reuse: a batch at least 2x faster than bare WeasyPrint (pdf_jobs1 vs baseline);
- a no-op rebuild under 2% of a full build (noop / full);
- peak memory per worker under 200 MiB: a ``jobs=1`` and a ``jobs=2`` PDF build each run once
  in a fresh subprocess, which reports ``getrusage`` ``ru_maxrss`` of itself and of its
  (reaped) children; a worker is a child process, or the process itself when it rendered
  without children. Measured once, not a median.

Results are also written as JSON to ``build/bench.json``.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "club"
DEFAULT_JSON = ROOT / "build" / "bench.json"
TODAY = date(2027, 2, 1)  # a fixed build date, so that nothing date-dependent changes mid-run

FULL_COPIES, FULL_RUNS = 5, 3  # 4 example athletes x 5 = 20
TARGET_SPEEDUP = 1.8
TARGET_PDF_OVERHEAD = 0.05
TARGET_REUSE_SPEEDUP = 2.0
TARGET_NOOP_SHARE = 0.02
TARGET_WORKER_MIB = 200.0

LABELS = {
    "plan": "plan generation (make_plan, all athletes)",
    "site": "HTML site build (pdf=False, force)",
    "pdf_jobs1": "PDFs, jobs=1 (site=False, force)",
    "pdf_jobs2": "PDFs, jobs=2 (site=False, force)",
    "full": "full build (PDFs + site, default jobs, force)",
    "noop": "no-op rebuild (nothing changed)",
    "prepare": "HTML preparation (load_project + booklet_html)",
    "baseline": "baseline: bare WeasyPrint, one by one",
}
PER_BOOKLET = {"plan", "pdf_jobs1", "pdf_jobs2", "full", "prepare", "baseline"}

MEMORY_PROBE = """\
import json, resource, sys
from booklet.build import build
from booklet.config import load_config
from datetime import date
config = load_config(sys.argv[1], out_dir=sys.argv[2], site=False, jobs=int(sys.argv[3]),
                     force=True, today=date.fromisoformat(sys.argv[4]))
result = build(config)
print(json.dumps({
    "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    "built": len(result.built), "problems": [str(p) for p in result.problems],
}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None,
                        help=f"runs per figure, the median is reported (default {FULL_RUNS})")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 4 athletes and 1 run (unless --runs is given)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON,
                        help="where to write the results (default build/bench.json)")
    args = parser.parse_args(argv)
    runs = args.runs if args.runs is not None else (1 if args.quick else FULL_RUNS)
    if runs < 1:
        parser.error("--runs must be at least 1")
    copies = 1 if args.quick else FULL_COPIES

    missing = missing_api()
    if missing:
        print(f"bench: booklet does not have {', '.join(missing)} yet; nothing measured.",
              file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="booklet-bench-") as tmp:
        report = run(Path(tmp), copies=copies, runs=runs, quick=args.quick)
    print_report(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {display_path(args.json)}")
    return 0


def missing_api() -> list[str]:
    """What the harness needs from booklet and does not find (empty when all is there)."""
    import booklet.build
    from booklet.config import load_config

    params = inspect.signature(load_config).parameters
    missing = [f"load_config({name}=...)" for name in ("jobs", "force") if name not in params]
    missing += [f"booklet.build.{name}" for name in ("booklet_html", "load_project", "build")
                if not hasattr(booklet.build, name)]
    return missing


# --- the project ----------------------------------------------------------------------------


def make_project(dest: Path, copies: int) -> Path:
    """examples/club with each profile copied COPIES times (new id and name from copy 2 on)."""
    shutil.copytree(EXAMPLE, dest, ignore=shutil.ignore_patterns("build", ".*"))
    athletes = dest / "athletes"
    originals = sorted(p for p in athletes.iterdir() if p.suffix in (".yaml", ".yml"))
    for copy in range(2, copies + 1):
        for path in originals:
            text = path.read_text(encoding="utf-8")
            name = yaml.safe_load(text)["name"]
            lines = text.splitlines(keepends=True)
            index = next(i for i, line in enumerate(lines) if line.startswith("name:"))
            lines[index] = f"name: {json.dumps(f'{name} {copy}')}\n"  # JSON strings are YAML
            (athletes / f"{path.stem}-{copy}{path.suffix}").write_text(
                "".join(lines), encoding="utf-8")
    return dest


# --- measuring ------------------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def run(tmp: Path, *, copies: int, runs: int, quick: bool) -> dict[str, Any]:
    import weasyprint

    import booklet
    from booklet.build import booklet_html, build, load_project
    from booklet.config import load_config
    from booklet.engine import make_plan

    project_dir = make_project(tmp / "project", copies)

    def config(out: str, **options: Any):
        return load_config(project_dir, out_dir=tmp / out, today=TODAY, **options)

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
    if count != 4 * copies:
        raise SystemExit(f"bench: expected {4 * copies} athletes in the scaled project,"
                         f" found {count}")
    ids = [a.profile.id for a in project.athletes]
    profiles = [a.profile for a in project.athletes]
    base_url = project.config.root.as_uri() + "/"

    def prepare() -> list[str]:
        loaded = load_project(config("scratch"))
        return [booklet_html(loaded, athlete) for athlete in loaded.athletes]

    htmls = prepare()

    def bare_weasyprint() -> int:
        return sum(len(weasyprint.HTML(string=html, base_url=base_url).write_pdf())
                   for html in htmls)

    print(f"bench: {count} athletes, {runs} run(s), {cpu_count()} CPU(s),"
          f" WeasyPrint {weasyprint.__version__}; warming up...", flush=True)
    weasyprint.HTML(string=htmls[0], base_url=base_url).write_pdf()
    build(config("scratch", athletes=[ids[0]], force=True))

    samples: dict[str, list[float]] = {key: [] for key in LABELS}
    noop_results = []
    for number in range(1, runs + 1):
        print(f"bench: run {number} of {runs}", flush=True)
        seconds, _ = timed(lambda: [make_plan(p) for p in profiles])
        samples["plan"].append(seconds)
        seconds, _ = timed(prepare)
        samples["prepare"].append(seconds)
        seconds, _ = timed(bare_weasyprint)
        samples["baseline"].append(seconds)
        seconds, _ = timed(lambda: checked_build("site", pdf=False, force=True,
                                                 expect_built=False))
        samples["site"].append(seconds)
        for jobs in (1, 2):
            seconds, _ = timed(lambda jobs=jobs: checked_build(
                f"pdf-jobs{jobs}", site=False, jobs=jobs, force=True))
            samples[f"pdf_jobs{jobs}"].append(seconds)
            missing = [i for i in ids if not (tmp / f"pdf-jobs{jobs}" / "pdf" / f"{i}.pdf")
                       .is_file()]
            if missing:
                raise SystemExit(f"bench: jobs={jobs} build did not write PDFs for {missing}")
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
    }
    report["checks"] = checks(report)
    return report


def memory_probe(project_dir: Path, out: Path, jobs: int) -> dict[str, Any]:
    """Peak RSS of a PDF build with JOBS workers, run alone in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(project_dir), str(out), str(jobs),
         TODAY.isoformat()],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench: the jobs={jobs} memory probe failed:\n{done.stderr}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    if data["problems"]:
        raise SystemExit(f"bench: the jobs={jobs} memory probe reported problems:"
                         f" {data['problems']}")
    # A worker is a child process; a build that rendered without children was its own worker.
    self_mib, children_mib = rss_mib(data["self"]), rss_mib(data["children"])
    return {"process_mib": self_mib, "children_mib": children_mib or None,
            "worker_mib": children_mib or self_mib, "built": data["built"]}


def rss_mib(maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


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

    per_pdf, per_bare = f["pdf_jobs1"] / n, f["baseline"] / n
    overhead = per_pdf / per_bare - 1
    stage = (f["pdf_jobs1"] - f["prepare"]) / n
    check("PDF stage per booklet vs bare WeasyPrint", f"<= +{TARGET_PDF_OVERHEAD:.0%}",
          f"{per_pdf:.3f} s vs {per_bare:.3f} s ({overhead:+.1%})",
          overhead <= TARGET_PDF_OVERHEAD,
          f"whole jobs=1 build; without reading/templating ~{stage:.3f} s"
          f" ({stage / per_bare - 1:+.1%})")

    reuse = f["baseline"] / f["pdf_jobs1"]
    check("batch vs bare WeasyPrint (layout reuse)", f">= {TARGET_REUSE_SPEEDUP:.1f}x faster",
          f"{reuse:.2f}x", reuse >= TARGET_REUSE_SPEEDUP,
          f"jobs=1; jobs=2 gives {f['baseline'] / f['pdf_jobs2']:.2f}x")

    share = f["noop"] / f["full"]
    rebuilt = max(r["built"] for r in report["noop_results"])
    check("no-op rebuild as a share of a full build", f"< {TARGET_NOOP_SHARE:.0%}",
          f"{share:.2%} ({f['noop']:.3f} s of {f['full']:.2f} s)",
          share < TARGET_NOOP_SHARE and rebuilt == 0,
          "skipped all" if rebuilt == 0 else f"rebuilt {rebuilt} athlete(s)!")

    memory = report["memory"]
    worker = max(m["worker_mib"] for m in memory.values())
    check("peak memory per worker", f"< {TARGET_WORKER_MIB:.0f} MiB", f"{worker:.0f} MiB",
          worker < TARGET_WORKER_MIB,
          "; ".join(f"{key}: process {m['process_mib']:.0f} MiB, children "
                    + (f"{m['children_mib']:.0f} MiB" if m["children_mib"] else "none")
                    for key, m in memory.items()))
    return out


def print_report(report: dict[str, Any]) -> None:
    n = report["athletes"]
    print()
    print(f"booklet {report['booklet']} / WeasyPrint {report['weasyprint']} / Python"
          f" {report['python']} / {report['cpus']} CPU(s) / {report['platform']}")
    print(f"{n} athletes, median of {report['runs']} run(s)"
          + (" (QUICK smoke test: not comparable with full runs)" if report["quick"] else ""))
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
    print("Targets (issue 7):")
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
