"""The output folder is replaced whole on success and untouched on failure."""

from __future__ import annotations

import pytest

from booklet.build import StagedOutput


def test_success_replaces_folders(tmp_path):
    out = tmp_path / "build"
    (out / "site").mkdir(parents=True)
    (out / "site" / "old.html").write_text("old")
    (out / "keep.txt").write_text("not ours")
    with StagedOutput(out) as staged:
        staged.write_text("site/index.html", "new")
        staged.write_bytes("pdf/a.pdf", b"%PDF")
    assert (out / "site" / "index.html").read_text() == "new"
    assert not (out / "site" / "old.html").exists()
    assert (out / "pdf" / "a.pdf").read_bytes() == b"%PDF"
    assert (out / "keep.txt").read_text() == "not ours"
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "pdf", "site"]


def test_failure_leaves_previous_build(tmp_path):
    out = tmp_path / "build"
    (out / "site").mkdir(parents=True)
    (out / "site" / "index.html").write_text("good")
    with pytest.raises(RuntimeError), StagedOutput(out) as staged:
        staged.write_text("site/index.html", "half")
        raise RuntimeError("boom")
    assert (out / "site" / "index.html").read_text() == "good"
    assert [p.name for p in out.iterdir()] == ["site"]


def test_carry_over_keeps_a_previous_file(tmp_path):
    out = tmp_path / "build"
    (out / "pdf").mkdir(parents=True)
    (out / "pdf" / "b.pdf").write_bytes(b"B")
    with StagedOutput(out) as staged:
        staged.write_bytes("pdf/a.pdf", b"A")
        assert staged.carry_over("pdf/b.pdf")
        assert not staged.carry_over("pdf/c.pdf")
    assert sorted(p.name for p in (out / "pdf").iterdir()) == ["a.pdf", "b.pdf"]
