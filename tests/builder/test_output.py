"""The output folder is replaced whole on success and untouched on failure, and a build
refuses to write where it would replace files that are not its own."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from booklet.build import ZIP_NAME, StagedOutput, build
from booklet.cli import main
from booklet.errors import BookletError
from booklet.project import load_config


@pytest.fixture
def runner():
    return CliRunner()


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


def test_a_removed_entry_goes_with_the_swap_and_stays_when_the_build_fails(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    (out / "booklets.zip").write_bytes(b"old")
    with pytest.raises(RuntimeError), StagedOutput(out) as staged:
        staged.remove("booklets.zip")
        raise RuntimeError("boom")
    assert (out / "booklets.zip").read_bytes() == b"old"
    with StagedOutput(out) as staged:
        staged.write_text("site/index.html", "new")
        staged.remove("booklets.zip")
    assert sorted(p.name for p in out.iterdir()) == ["site"]


def test_a_swap_that_fails_halfway_puts_the_previous_build_back(tmp_path, monkeypatch):
    import os

    out = tmp_path / "build"
    for name in ("pdf", "site"):
        (out / name).mkdir(parents=True)
        (out / name / "old").write_text(name)
    real, calls = os.replace, []

    def replace(source, target):
        calls.append(target)
        if len(calls) == 4:  # pdf swapped, the old site moved away, the new one refused
            raise PermissionError(13, "Permission denied")
        return real(source, target)

    failed = pytest.raises(BookletError, match="cannot replace the previous build")
    with failed, StagedOutput(out) as staged:
        staged.write_text("pdf/new", "x")
        staged.write_text("site/new", "x")
        monkeypatch.setattr(os, "replace", replace)
    monkeypatch.undo()
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "pdf", "pdf/old", "site", "site/old"]


def test_a_write_error_is_a_clear_error_and_a_new_folder_is_not_left(tmp_path):
    out = tmp_path / "new"
    with pytest.raises(BookletError, match="No space left on device"), StagedOutput(out):
        raise OSError(28, "No space left on device")
    assert not out.exists()


def test_an_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    failed = pytest.raises(BookletError, match="cannot write to the output folder .*Permission")
    with failed, StagedOutput(tmp_path / "out"):
        pass
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["templates", "templates/deep", "content", "athletes",
                                   ".", "booklet.toml"])
def test_out_inside_the_projects_own_files_is_refused(runner, project, where):
    root = project({"templates/site/mine.txt": "mine", "content/mine.txt": "mine"})
    before = sorted(p for p in root.rglob("*"))
    result = runner.invoke(main, ["build", str(root), "--no-pdf", "--out", str(root / where)])
    assert result.exit_code == 1
    assert "the output folder" in result.output and "the build reads;" in result.output
    assert "Traceback" not in result.output
    assert sorted(p for p in root.rglob("*")) == before


def test_out_that_would_replace_the_project_is_refused(runner, project):
    root = project()
    site = root.rename(root.parent / "site")  # the project is a folder called site
    result = runner.invoke(main, ["build", str(site), "--no-pdf", "--out", str(site.parent)])
    assert result.exit_code == 1 and f"would replace {site}" in result.output
    assert (site / "booklet.toml").is_file()


def test_out_on_a_file_or_under_a_file_is_a_clear_error(runner, project, tmp_path):
    root = project()
    (tmp_path / "taken").write_text("a file")
    for out, what in ((tmp_path / "taken", "is a file"),
                      (tmp_path / "taken" / "out", "which is a file")):
        result = runner.invoke(main, ["build", str(root), "--no-pdf", "--out", str(out)])
        assert result.exit_code == 1 and what in result.output, result.output
        assert "Traceback" not in result.output
    assert (tmp_path / "taken").read_text() == "a file"


def test_out_on_a_read_only_folder_is_a_clear_error(runner, project, tmp_path, monkeypatch):
    import os

    root = project()
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    real = os.access  # root may write anywhere: answer for the folder as it would for a user
    monkeypatch.setattr(os, "access", lambda path, mode: real(path, mode) and not (
        mode & os.W_OK and str(path).startswith(str(locked))))
    result = runner.invoke(main, ["build", str(root), "--no-pdf",
                                  "--out", str(tmp_path / "locked" / "out")])
    assert result.exit_code == 1
    assert f"cannot write to the output folder {tmp_path / 'locked' / 'out'}" in result.output
    assert "Traceback" not in result.output


def test_a_site_folder_no_build_made_is_not_replaced(runner, project, tmp_path):
    root = project()
    (tmp_path / "docs" / "site").mkdir(parents=True)
    (tmp_path / "docs" / "site" / "precious.txt").write_text("mine")
    result = runner.invoke(main, ["build", str(root), "--no-pdf", "--out",
                                  str(tmp_path / "docs")])
    assert result.exit_code == 1 and "no booklet build made" in result.output
    assert (tmp_path / "docs" / "site" / "precious.txt").read_text() == "mine"
    again = runner.invoke(main, ["build", str(root), "--no-pdf", "--out", str(tmp_path / "o")])
    assert again.exit_code == 0  # a folder a build made is replaced as before
    assert runner.invoke(main, ["build", str(root), "--no-pdf", "--out",
                                str(tmp_path / "o")]).exit_code == 0


@pytest.mark.parametrize("case", ["file", "under a file", "not empty"])
def test_new_in_a_bad_place_is_a_clear_error(runner, tmp_path, case):
    (tmp_path / "taken").write_text("a file")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    target, message = {"file": ("taken", "is a file"),
                       "under a file": ("taken/club", "cannot create"),
                       "not empty": ("full", "not empty")}[case]
    result = runner.invoke(main, ["new", str(tmp_path / target)])
    assert result.exit_code == 1 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "taken").read_text() == "a file"


def test_zip_without_pdfs_is_a_usage_error(runner, project, tmp_path):
    root = project()
    result = runner.invoke(main, ["build", str(root), "--no-pdf", "--zip"])
    assert result.exit_code == 2 and "--zip" in result.output and "--no-pdf" in result.output
    with pytest.raises(BookletError, match="cannot go with --no-pdf"):
        build(load_config(root, out_dir=tmp_path / "o", pdf=False, zip=True))


def test_a_build_without_zip_removes_a_stale_archive(project, tmp_path, monkeypatch):
    from booklet.build import builder

    root = project()
    out = tmp_path / "o"
    build(load_config(root, out_dir=out, pdf=False))
    (out / ZIP_NAME).write_bytes(b"from an earlier --zip build")
    build(load_config(root, out_dir=out, pdf=False))
    assert (out / ZIP_NAME).is_file()  # PDFs untouched: the archive still matches them
    monkeypatch.setattr(builder, "run_jobs", lambda jobs, workers, done: None)  # no rendering
    build(load_config(root, out_dir=out))
    assert not (out / ZIP_NAME).exists()
