"""Coach mode: parallel PDFs, incremental rebuilds from the manifest, zip, and nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from booklet.build import build
from booklet.project import load_config


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    """Three athletes of the example built once with two workers."""
    import shutil

    from ..support.example import EXAMPLE

    root = tmp_path_factory.mktemp("roster") / "club"
    shutil.copytree(EXAMPLE, root)
    (root / "athletes" / "chloe-martin.yaml").unlink()  # the longest booklet: keep tests quick
    out = root / "build"
    first = build(load_config(root, out_dir=out, site=False, jobs=2))
    return root, out, first


def pdf_bytes(out):
    return {p.name: p.read_bytes() for p in sorted((out / "pdf").glob("*.pdf"))}


def test_first_build_renders_everyone_and_writes_the_manifest(roster):
    root, out, first = roster
    assert first.built == ["ana-ruiz", "ben-okafor", "dev-patel"] and first.skipped == []
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["outputs"]) == [
        "pdf/ana-ruiz.pdf", "pdf/ben-okafor.pdf", "pdf/dev-patel.pdf"]
    assert all(len(v["inputs"]) == 64 for v in manifest["outputs"].values())


def test_nothing_changed_skips_everyone(roster):
    root, out, _ = roster
    before = pdf_bytes(out)
    again = build(load_config(root, out_dir=out, site=False, jobs=2))
    assert again.built == [] and again.skipped == ["ana-ruiz", "ben-okafor", "dev-patel"]
    assert pdf_bytes(out) == before


def test_changed_block_rebuilds_only_who_uses_it(roster):
    root, out, _ = roster
    # Lateral bounds are for intermediate and advanced runners only: Ana does not get them.
    block = root / "content" / "strength" / "lateral-bound.md"
    block.parent.mkdir(parents=True, exist_ok=True)
    from booklet.project import content_dir

    bundled = content_dir() / "strength"
    block.write_text((bundled / "lateral-bound.md").read_text().replace(
        "title: Lateral bound", "title: Lateral bound (skater hop)"))
    (block.parent / "lateral-bound.svg").write_bytes((bundled / "lateral-bound.svg").read_bytes())
    changed = build(load_config(root, out_dir=out, site=False, jobs=2))
    assert changed.built == ["ben-okafor", "dev-patel"]
    assert changed.skipped == ["ana-ruiz"]
    forced = build(load_config(root, out_dir=out, site=False, jobs=1, force=True))
    assert forced.built == ["ana-ruiz", "ben-okafor", "dev-patel"]


def test_one_worker_and_two_give_the_same_bytes(roster, tmp_path):
    root, out, _ = roster
    build(load_config(root, out_dir=tmp_path, site=False, jobs=1, athletes=["dev-patel"]))
    build(load_config(root, out_dir=out, site=False, jobs=2, force=True,
                      athletes=["dev-patel"]))
    assert (tmp_path / "pdf" / "dev-patel.pdf").read_bytes() == (
        out / "pdf" / "dev-patel.pdf").read_bytes()


def test_zip_holds_every_pdf(roster):
    root, out, _ = roster
    build(load_config(root, out_dir=out, site=False, zip=True))
    with zipfile.ZipFile(out / "booklets.zip") as archive:
        assert archive.namelist() == ["ana-ruiz.pdf", "ben-okafor.pdf", "dev-patel.pdf"]
        assert archive.read("ana-ruiz.pdf") == (out / "pdf" / "ana-ruiz.pdf").read_bytes()


def test_killed_build_leaves_the_previous_pdfs(roster):
    root, out, _ = roster
    before = pdf_bytes(out)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "booklet", "build", str(root), "--out", str(out), "--no-site",
         "--force", "--jobs", "1"], stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline:  # wait until one booklet is done, then kill
        line = process.stderr.readline()
        if "built" in line or not line:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert "[1/3]" in line
    assert pdf_bytes(out) == before  # nothing truncated, nothing deleted
    # The next build cleans up nothing it should not, and still skips unchanged work.
    after = build(load_config(root, out_dir=out, site=False))
    assert after.built == [] and pdf_bytes(out) == before
