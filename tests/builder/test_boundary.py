"""The per-athlete boundary: whatever goes wrong with one athlete (a bad profile, a bug while
planning, rendering or hashing it) is that athlete's error line, and the others are built."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from booklet.build import build
from booklet.cli import main
from booklet.errors import MAX_SHOWN, BookletError, InternalProblem
from booklet.pdf import PdfJob
from booklet.pdf.jobs import render_job
from booklet.project import load_config

from ..support.example import BASE_PROFILE

INTERNAL = re.compile(r"^error: internal error while building (\S+): TypeError: boom"
                      r" \(run with --debug for the traceback\)$", re.MULTILINE)


@pytest.fixture
def runner():
    return CliRunner()


def fail_for(module, name: str, athlete: str, argument: int = 0) -> None:
    """Make ``module.name`` raise TypeError when its ``argument`` is that athlete's."""
    real = getattr(module, name)

    def patched(*args, **kwargs):
        subject = args[argument]
        subject_id = getattr(getattr(subject, "profile", subject), "id", None)
        if subject_id == athlete:
            raise TypeError("boom")
        return real(*args, **kwargs)

    return patched


def test_the_reported_profile_is_one_error_and_the_sample_is_built(runner, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["new", "x"]).exit_code == 0
    (tmp_path / "x" / "athletes" / "bad.yaml").write_text("1: x\n")
    result = runner.invoke(main, ["build", "x", "--no-pdf"])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output and "Traceback" not in result.output
    assert [line for line in result.output.splitlines() if line.startswith("error:")] == [
        line for line in result.output.splitlines() if "bad.yaml" in line]
    assert "0 built, 0 skipped (unchanged), 1 failed" in result.output
    assert (tmp_path / "x" / "build" / "site" / "sample-runner" / "index.html").is_file()


def test_a_bug_while_planning_one_athlete_is_an_internal_error_for_its_file(
        runner, project, monkeypatch):
    from booklet.project import athletes

    root = project(athletes=2)
    monkeypatch.setattr(athletes, "make_plan", fail_for(athletes, "make_plan", "runner-1"))
    result = runner.invoke(main, ["build", str(root), "--no-pdf"])
    assert result.exit_code == 1
    assert INTERNAL.findall(result.output) == [str(root / "athletes" / "runner-1.yaml")]
    assert "Traceback" not in result.output
    assert (root / "build" / "site" / "runner-2" / "index.html").is_file()
    assert not (root / "build" / "site" / "runner-1").exists()

    debug = runner.invoke(main, ["--debug", "build", str(root), "--no-pdf"])
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.output
    assert 'raise TypeError("boom")' in debug.output


def test_a_bug_while_rendering_one_athlete_keeps_its_last_page(project, tmp_path, monkeypatch):
    from booklet.render import site

    root = project(athletes=2)
    out = tmp_path / "out"
    build(load_config(root, out_dir=out, pdf=False))
    before = (out / "site" / "runner-1" / "index.html").read_bytes()
    (root / "athletes" / "runner-1.yaml").write_text(BASE_PROFILE.replace("Test", "Changed"))
    monkeypatch.setattr(site.SiteRenderer, "plan_page",
                        fail_for(site.SiteRenderer, "plan_page", "runner-1", argument=1))
    result = build(load_config(root, out_dir=out, pdf=False))
    (problem,) = result.problems
    assert isinstance(problem, InternalProblem)
    assert problem.file == root / "athletes" / "runner-1.yaml"
    assert str(problem).startswith(f"internal error while building {problem.file}: TypeError")
    assert result.athletes == ["runner-2"] and result.failed == ["runner-1"]
    assert result.failures == 1
    assert (out / "site" / "runner-1" / "index.html").read_bytes() == before
    assert (out / "site" / "runner-1" / "plan.ics").is_file()  # its exports too
    assert 'href="runner-1/' not in (out / "site" / "index.html").read_text()


def test_a_bug_while_hashing_one_booklet_fails_that_athlete_only(project, tmp_path,
                                                                 monkeypatch):
    from booklet.build import builder

    root = project()
    monkeypatch.setattr(builder, "inputs_hash", lambda *a, **k: 1 / 0)
    result = build(load_config(root, out_dir=tmp_path / "out"))
    (problem,) = result.problems
    assert problem.file == root / "athletes" / "runner-1.yaml"
    assert "ZeroDivisionError" in str(problem) and result.failed == ["runner-1"]
    assert (tmp_path / "out" / "site" / "index.html").is_file()


def test_a_bug_inside_a_pdf_job_is_returned_not_raised(tmp_path, monkeypatch):
    from booklet.pdf import jobs
    from booklet.pdf.jobs import Edition

    class Broken:
        roots = ()
        refused: list[str] = []

        def render(self, *args, **kwargs):
            raise TypeError("boom")

    monkeypatch.setattr(jobs, "_writer", Broken())
    job = PdfJob(athlete="ana", editions=(Edition("<p>x</p>", "ana"),), base_url=tmp_path,
                 roots=())
    (problem,) = render_job(job).problems
    assert isinstance(problem, InternalProblem) and "TypeError: boom" in str(problem)


def test_check_reports_a_bug_for_one_athlete_and_checks_the_others(runner, project,
                                                                   monkeypatch):
    from booklet.project import check

    root = project({"athletes/runner-3.yaml": "name: X\nlevel: pro\n"}, athletes=2)
    monkeypatch.setattr(check, "check_plan",
                        fail_for(check, "check_plan", "runner-1", argument=1))
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert INTERNAL.findall(result.output) == [str(root / "athletes" / "runner-1.yaml")]
    assert "runner-3.yaml" in result.output and "key 'level'" in result.output
    assert "Traceback" not in result.output


def test_a_bug_outside_any_athlete_names_the_project(runner, project, monkeypatch):
    from booklet import build as build_package

    root = project()
    monkeypatch.setattr(build_package, "build", lambda config, reporter=None: 1 / 0)
    result = runner.invoke(main, ["build", str(root), "--no-pdf"])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: internal error while building {root}:"
                                    " ZeroDivisionError: division by zero (run with --debug")
    assert "Traceback" not in result.output


def test_errors_are_capped_with_a_count(runner, project):
    root = project({f"athletes/bad-{n:02}.yaml": "name: [unclosed\n" for n in range(60)})
    for command in (["build", str(root), "--no-pdf"], ["check", str(root)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1
        errors = [line for line in result.output.splitlines() if line.startswith("error:")]
        assert len(errors) == MAX_SHOWN
        assert f"... and {60 - MAX_SHOWN} more problems" in result.output


def test_the_summary_counts_sources_without_a_well_formed_id(runner, project):
    root = project({"athletes/Bad Name.yaml": "name: X\n",
                    "athletes.csv": "id,name,level,days,weekly_minutes\n"
                                    ",No Id,beginner,tue thu sat sun,100\n"})
    result = runner.invoke(main, ["build", str(root), "--no-pdf"])
    assert result.exit_code == 1
    assert "0 built, 0 skipped (unchanged), 2 failed" in result.output


def test_a_bug_reading_the_roster_keeps_the_profiles(project, tmp_path, monkeypatch):
    from booklet.project import athletes

    root = project({"athletes.csv": "id,name\n"})
    monkeypatch.setattr(athletes, "read_roster", lambda *a: 1 / 0)
    result = build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    (problem,) = result.problems
    assert problem.file == root / "athletes.csv" and "ZeroDivisionError" in str(problem)
    assert result.athletes == ["runner-1"] and result.failures == 1


def test_a_template_error_still_stops_the_whole_build(project, tmp_path):
    root = project({"templates/site/plan.html": "{{ nope( }}"})
    with pytest.raises(BookletError, match="template syntax error"):
        build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    assert not (tmp_path / "o").exists()
