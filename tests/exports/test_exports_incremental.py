"""A rebuild reads unchanged exports back from the last build instead of making them again."""

from __future__ import annotations

import booklet.build.builder
from booklet.build import build, read_manifest
from booklet.project import load_config


def _snapshot(out):
    return {p.relative_to(out): p.read_bytes() for p in (out / "site").rglob("*") if p.is_file()}


def test_unchanged_exports_are_read_back_and_changed_ones_remade(example_copy, tmp_path,
                                                                 monkeypatch):
    out = tmp_path / "out"
    build(load_config(example_copy, out_dir=out, pdf=False))
    first = _snapshot(out)
    exports = {f: v for f, v in read_manifest(out).items() if v.get("kind") == "export"}
    assert "site/ana-ruiz/plan.ics" in exports and len(exports) > 40

    made = []
    real = booklet.build.builder.site_files
    monkeypatch.setattr(booklet.build.builder, "site_files",
                        lambda plan, titles: made.append(plan.athlete.name) or real(plan, titles))
    build(load_config(example_copy, out_dir=out, pdf=False))
    assert made == []
    assert _snapshot(out) == first  # read back byte for byte, pages and links unchanged

    profile = example_copy / "athletes" / "ben-okafor.yaml"
    profile.write_text(profile.read_text().replace("weekly_minutes: 240", "weekly_minutes: 200"))
    build(load_config(example_copy, out_dir=out, pdf=False))
    assert made == ["Ben Okafor"]
    after = _snapshot(out)
    assert after[out.joinpath("site/ben-okafor/plan.csv").relative_to(out)] != first[
        out.joinpath("site/ben-okafor/plan.csv").relative_to(out)]

    (out / "site" / "ana-ruiz" / "plan.ics").unlink()  # a file gone missing is made again
    made.clear()
    build(load_config(example_copy, out_dir=out, pdf=False))
    assert made == ["Ana Ruiz"]
    assert (out / "site" / "ana-ruiz" / "plan.ics").read_bytes() == first[
        out.joinpath("site/ana-ruiz/plan.ics").relative_to(out)]
