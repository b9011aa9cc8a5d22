"""Where a booklet's render time goes: CPU time per phase, interleaved rounds, ratios.

    .venv/bin/python benchmarks/phases.py [--rounds 5] [--athlete ana-ruiz]

For one example athlete's screen booklet, each round measures in turn (CPU time of this
process, ``time.process_time``; the minimum over rounds is kept, as it is the least disturbed
by other work on the machine):

- ``bare``: bare WeasyPrint on the whole HTML (layout + draw), the baseline = 1.00;
- ``bare_layout`` / ``bare_draw``: the same, split into ``render()`` and ``write_pdf()``;
- ``bare_nogc``: the same with the garbage collector paused during the render;
- ``reuse``: ``PdfWriter.render`` with the personal part and the shared chapters, warm (the
  chapters' layout kept from an earlier round, the page numbers written in);
- ``reuse_nogc``: the same with the collector paused;
- ``chapters``: the chapters alone, laid out and drawn; ``personal``: the personal part alone
  (reserved pages in place of the chapters), laid out and drawn.

Full collections (generation 2) during one bare render are counted too.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--athlete", default="ana-ruiz")
    args = parser.parse_args(argv)

    from weasyprint import HTML

    from booklet.pdf import PdfWriter, font_dirs, reuse
    from booklet.project import content_dir, load_config, load_project, templates_dir
    from booklet.render import booklet_edition, booklet_html

    project = load_project(load_config(ROOT / "examples" / "club"))
    athlete = next(a for a in project.athletes if a.profile.id == args.athlete)
    root = project.config.root
    roots = (root, templates_dir(), content_dir(), *font_dirs())
    whole = booklet_html(project, athlete)
    edition = booklet_edition(project, athlete)
    base = root.resolve().as_uri() + "/"
    writer = PdfWriter(roots)
    writer.render(edition.html, root, identifier="x", shared=edition.shared)  # warm

    def bare() -> None:
        HTML(string=whole, base_url=base).render().write_pdf()

    split: dict[str, float] = {}

    def bare_split() -> None:
        t0 = time.process_time()
        document = HTML(string=whole, base_url=base).render()
        t1 = time.process_time()
        document.write_pdf()
        split["layout"], split["draw"] = t1 - t0, time.process_time() - t1

    def paused(action):
        def run() -> None:
            gc.disable()
            try:
                action()
            finally:
                gc.enable()
        return run

    def reused() -> None:
        writer.render(edition.html, root, identifier="x", shared=edition.shared)

    chapters_html = reuse.numbered(edition.shared, writer.last_start)

    def chapters() -> None:
        HTML(string=chapters_html, base_url=base).render().write_pdf()

    # the chapters as the writer keeps them once drawn (their layout is dropped then)
    kept = next(reversed(writer.drawn.values())).chapters
    personal_html = reuse.fill(edition.html, kept, writer.last_start)

    def personal() -> None:
        HTML(string=personal_html, base_url=base).render().write_pdf()

    cases = {"bare": bare, "bare_split": bare_split, "bare_nogc": paused(bare),
             "reuse": reused, "reuse_nogc": paused(reused), "chapters": chapters,
             "personal": personal}
    best: dict[str, float] = {}
    parts: dict[str, float] = {"layout": float("inf"), "draw": float("inf")}
    for number in range(args.rounds):
        for name, action in cases.items():
            gc.collect()
            started = time.process_time()
            action()
            spent = time.process_time() - started
            best[name] = min(best.get(name, spent), spent)
            if name == "bare_split":
                for key in parts:
                    parts[key] = min(parts[key], split[key])
        print(f"round {number + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in best.items()),
              file=sys.stderr)

    collections = []
    gc.callbacks.append(lambda phase, info: collections.append(info["generation"])
                        if phase == "start" else None)
    gc.collect()
    bare()
    gc.callbacks.pop()
    full = sum(1 for g in collections if g == 2)

    pages = len(HTML(string=whole, base_url=base).render().pages)
    baseline = best["bare"]
    print(f"{args.athlete}: {pages} pages; bare WeasyPrint {baseline:.2f} s CPU"
          f" ({baseline / pages * 1000:.0f} ms a page); {full} full collections in one render")
    print(f"  bare layout {parts['layout'] / baseline:.2f}, draw {parts['draw'] / baseline:.2f}")
    for name, value in best.items():
        if name != "bare_split":
            print(f"  {name:<12} {value:6.2f} s  {value / baseline:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
