"""The click layer: help, exit codes, messages without tracebacks, and the scaffold round trip."""

from __future__ import annotations

import json
import re
import time

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from booklet import __version__
from booklet.cli import main

from ..support.example import EXAMPLE


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("command", ["new", "build", "plan", "check", "serve", "export",
                                     "diary", "replan"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"booklet {command}" in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_new_then_build_makes_a_pdf_with_name_and_week_one(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["new", "trial"]).exit_code == 0
    result = runner.invoke(main, ["build", "trial"])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "trial" / "build" / "pdf" / "sample-runner.pdf")
    assert f"wrote 1 PDF(s) of {len(reader.pages)} page(s)" in result.output
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Sample Runner" in text
    assert "Week 1" in text


def test_new_refuses_a_folder_with_files(runner, tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    result = runner.invoke(main, ["new", str(tmp_path / "taken")])
    assert result.exit_code == 1
    assert "not empty" in result.output


def test_plan_json_is_valid_json(runner):
    result = runner.invoke(main, ["plan", str(EXAMPLE / "athletes" / "ben-okafor.yaml"),
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["schema"] == "booklet.plan/3"
    assert document["athlete"]["units"] == "mi"
    assert len(document["weeks"]) == 12


def test_plan_table(runner):
    result = runner.invoke(main, ["plan", str(EXAMPLE / "athletes" / "ana-ruiz.yaml")])
    assert result.exit_code == 0, result.output
    assert "Ana Ruiz" in result.output


def test_bad_profile_is_one_clear_message(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLE / "athletes" / "ana-ruiz.yaml").read_text()
                   .replace("level: beginner", "level: expert"))
    result = runner.invoke(main, ["plan", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}, line 2, key 'level'" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_usage_error_exits_2(runner):
    result = runner.invoke(main, ["build", "--paper", "a3"])
    assert result.exit_code == 2
    result = runner.invoke(main, ["plan", "no-such-file.yaml"])
    assert result.exit_code == 2


def test_check_passes_on_the_example(runner):
    result = runner.invoke(main, ["check", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "ok: 4 athlete(s)" in result.output


def test_check_reports_every_problem(runner, project):
    root = project({
        "athletes/runner-2.yaml": "name: X\nlevel: pro\n",
        "content/technique/posture.md": "no front matter\n",
    })
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "runner-2.yaml" in result.output and "key 'level'" in result.output
    assert "posture.md" in result.output


def test_check_reports_an_override(runner, project):
    bundled = EXAMPLE.parent.parent / "content" / "technique"
    root = project({"content/technique/posture.md": (bundled / "posture.md").read_text(),
                    "content/technique/posture.svg": (bundled / "posture.svg").read_text()})
    result = runner.invoke(main, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "overrides the bundled block 'technique/posture'" in result.output


def test_unknown_athlete(runner, tmp_path):
    result = runner.invoke(main, ["build", str(EXAMPLE), "--out", str(tmp_path / "o"),
                                  "--athlete", "nobody", "--no-pdf"])
    assert result.exit_code == 1
    assert "no athlete 'nobody'" in result.output and "ana-ruiz" in result.output


SUMMARY = re.compile(r"(\d+) built, (\d+) skipped \(unchanged\), (\d+) failed; wrote (\d+) PDF\(s\)"
                     r" of (\d+) page\(s\) and (\d+) site page\(s\) in (.+) \(([\d.]+) s\)")


def summary(output: str) -> tuple:
    found = SUMMARY.search(output)
    assert found, output
    *counts, out, seconds = found.groups()
    return (*map(int, counts), out, float(seconds))


def test_summary_counts_what_the_build_wrote(runner, tmp_path):
    out = tmp_path / "out"
    args = ["build", str(EXAMPLE), "--out", str(out), "--athlete", "dev-patel",
            "--athlete", "ben-okafor", "--impose"]
    started = time.perf_counter()
    result = runner.invoke(main, args)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    built, skipped, failed, pdfs, pages, html, where, seconds = summary(result.output)
    written = sorted((out / "pdf").glob("*.pdf"))
    assert len(written) == 4  # two booklets, two imposed for saddle stitching
    assert (built, skipped, failed, pdfs) == (2, 0, 0, 4)
    assert pages == sum(len(PdfReader(pdf).pages) for pdf in written) > 100
    assert html == len(list((out / "site").rglob("*.html")))
    assert where == str(out) and 0 < seconds <= elapsed + 0.05  # printed to 0.1 s

    again = runner.invoke(main, args)  # nothing changed: nothing rendered, pages rewritten
    assert summary(again.output)[:6] == (0, 2, 0, 0, 0, html)
    site_only = runner.invoke(main, [*args, "--no-pdf", "--no-site"])
    assert summary(site_only.output)[3:6] == (0, 0, 0)


def test_plan_and_check_print_the_plans_warnings(runner, tmp_path):
    project = tmp_path / "club"
    (project / "athletes").mkdir(parents=True)
    (project / "booklet.toml").write_text('title = "Club"\n')
    (project / "athletes" / "lee.yaml").write_text(
        "name: Lee Marsh\nlevel: intermediate\nweeks: 12\ndays: [tue, thu, sat, sun]\n"
        "long_run: sun\nweekly_minutes: 180\nrecent_race: {distance: half, time: '1:45:00'}\n"
        "hill: {grade: 4, length_m: 500}\n"
        "race: {name: City Marathon, date: 2027-04-25, distance: marathon}\n")
    shown = runner.invoke(main, ["plan", str(project / "athletes" / "lee.yaml")])
    assert shown.exit_code == 0, shown.output
    assert "Warning: The longest long run is" in shown.output
    checked = runner.invoke(main, ["check", str(project)])
    assert checked.exit_code == 0, checked.output  # a warning is not an error
    assert "warning: " in checked.output and "[long_run_short]" in checked.output
    assert "ok: 1 athlete(s)" in checked.output


def test_build_with_private_urls_names_the_coachs_list(runner, example_copy, tmp_path,
                                                       monkeypatch):
    monkeypatch.setenv("BOOKLET_URL_SECRET", "a-long-enough-club-secret")
    config = example_copy / "booklet.toml"
    config.write_text(config.read_text() + "private_urls = true\n")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(example_copy), "--out", str(out), "--no-pdf",
                                  "--athlete", "dev-patel"])
    assert result.exit_code == 0, result.output
    assert f"hand each runner theirs from {out / 'private-links.csv'}" in result.output
    assert "a-long-enough-club-secret" not in result.output


def test_private_urls_without_a_secret_is_one_clear_error(runner, example_copy, monkeypatch):
    monkeypatch.delenv("BOOKLET_URL_SECRET", raising=False)
    config = example_copy / "booklet.toml"
    config.write_text(config.read_text() + "private_urls = true\n")
    result = runner.invoke(main, ["build", str(example_copy), "--no-pdf"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and "Traceback" not in result.output
    assert "BOOKLET_URL_SECRET" in result.output
