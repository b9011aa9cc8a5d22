"""The mid-block edition: with a diary, the build renders the re-planned plan (booklet, site
and exports), says what changed and why, ticks the sessions done; the diary is an input of
the manifest; a bad diary is that athlete's error; diary notes stay off the site."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from booklet.build import build
from booklet.cli import main
from booklet.plan import make_plan
from booklet.plan.diary import template
from booklet.project import load_athlete, load_config
from booklet.project.diary import diary_csv

from ..support.example import EXAMPLE, pdf_text

#: The build's date: Ana's diary up to the day before, as in the README's worked example.
EDITION = date(2027, 1, 29)
NOTE = "both quads, left knee twinge"


def ana_diary(root, **changes) -> str:
    """Ana's diary: every session before 26 January done as planned, the downhill session on
    the 26th rated 2/3/3 (soreness persists: "Skip the next downhill"), 28th's threshold
    missed. ``changes`` edit the 26 January downhill row."""
    plan = load_athlete(root / "athletes" / "ana-ruiz.yaml").plan
    rows = []
    for e in template(plan):
        if e.date < date(2027, 1, 26):
            e = replace(e, done=True, minutes=e.planned_minutes, rpe=4)
        elif e.date == date(2027, 1, 26) and e.kind == "downhill_tempo":
            e = replace(e, **{"done": True, "minutes": 45, "rpe": 6, "soreness_24h": 2,
                              "soreness_48h": 3, "soreness_72h": 3, "notes": NOTE, **changes})
        elif e.date == date(2027, 1, 28) and e.kind == "quality":
            e = replace(e, done=False)
        rows.append(e)
    text = diary_csv(rows)
    (root / "athletes" / "ana-ruiz.diary.csv").write_text(text, encoding="utf-8", newline="")
    return text


def config(root, out, **options):
    return load_config(root, out_dir=out, athletes=("ana-ruiz",), today=EDITION, jobs=1,
                       **options)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """Ana with a diary, built once (PDF and site) on the edition date."""
    root = tmp_path_factory.mktemp("edition") / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    ana_diary(root)
    out = root / "build"
    result = build(config(root, out))
    assert result.ok and result.built == ["ana-ruiz"]
    return root, out, result


def test_the_booklet_is_the_re_planned_edition(edition):
    _, out, _ = edition
    text = pdf_text(out / "pdf" / "ana-ruiz.pdf")
    assert "29 January 2027 · re-planned from your diary" in text  # the cover
    assert "What changed and why" in text
    assert "Skip the next downhill" in text and "soreness persists: one row down" in text
    assert "Lower peak" in text
    # the sessions done are ticked with the minutes logged; the missed one crossed
    assert "✓ Tue 26 Jan Downhill tempo: 6 × 20 s at −2% 45 of 43 6 2/3/3" in text
    assert "✗ Thu 28 Jan Threshold" in text
    assert NOTE in text  # the athlete's own copy prints the notes


def test_the_site_page_shows_the_changes_without_the_notes(edition):
    _, out, _ = edition
    page = (out / "site" / "ana-ruiz" / "index.html").read_text(encoding="utf-8")
    assert "What changed and why" in page and "Edition of 29 January 2027" in page
    assert "Skip the next downhill" in page and "soreness 2/3/3 at 24/48/72 h" in page
    assert "mark-yes" in page and "mark-no" in page and "45 of 43" in page
    for path in (out / "site").rglob("*"):  # nowhere on the site: pages and exports
        if path.is_file() and "library" not in path.parts:
            assert b"knee twinge" not in path.read_bytes(), path


def test_the_exports_follow_the_re_planned_plan(edition):
    _, out, _ = edition
    planned = make_plan(load_athlete(EXAMPLE / "athletes" / "ana-ruiz.yaml").profile)
    tuesday = date(2027, 2, 2)  # week 5's downhill day, skipped
    assert any(s.kind == "downhill_tempo" for s in planned.sessions if s.date == tuesday)
    csv = (out / "site" / "ana-ruiz" / "plan.csv").read_text(encoding="utf-8")
    day = [line for line in csv.splitlines() if line.startswith("2027-02-02")]
    assert day and not any("downhill" in line.lower() for line in day)
    ics = (out / "site" / "ana-ruiz" / "plan.ics").read_text(encoding="utf-8")
    assert "UID:" in ics and "Easy run on the flat" in ics.replace("\r\n ", "")


def test_an_unchanged_diary_skips_and_a_changed_one_rebuilds(edition, monkeypatch):
    root, out, _ = edition
    again = build(config(root, out))
    assert again.skipped == ["ana-ruiz"] and again.built == []

    from booklet.build import builder

    sent = []
    monkeypatch.setattr(builder, "run_jobs", lambda jobs, workers, done: sent.extend(jobs))
    ana_diary(root, rpe=7)  # one cell changed
    changed = build(config(root, out, site=False))
    assert changed.skipped == [] and [job.athlete for job in sent] == ["ana-ruiz"]


def test_without_a_diary_the_booklet_is_the_plan_as_made(tmp_path):
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    result = build(config(root, tmp_path / "out", pdf=False))
    page = (tmp_path / "out" / "site" / "ana-ruiz" / "index.html").read_text(encoding="utf-8")
    assert result.ok and "What changed and why" not in page


def test_a_bad_diary_is_that_athletes_error_and_the_others_are_built(tmp_path):
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    text = ana_diary(root).replace(",3,3,,\"both", ",3,9,,\"both")
    (root / "athletes" / "ana-ruiz.diary.csv").write_text(text, encoding="utf-8", newline="")
    result = CliRunner().invoke(main, ["build", str(root), "--no-pdf"],
                                env={"SOURCE_DATE_EPOCH": "1801180800"})  # 2027-01-29
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {root / 'athletes' / 'ana-ruiz.diary.csv'}, row 20, column"
                      " 'soreness_72h': '9' is not a whole number from 0 to 6; leave it blank"
                      " if you did not rate or time it"]
    assert "Traceback" not in result.output
    for other in ("ben-okafor", "chloe-martin", "dev-patel"):
        assert (root / "build" / "site" / other / "index.html").is_file()
    assert not (root / "build" / "site" / "ana-ruiz").exists()


def test_a_diary_key_naming_no_file_is_an_error_at_the_key(tmp_path):
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    profile = root / "athletes" / "ana-ruiz.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "diary: logs/ana.csv\n",
                       encoding="utf-8")
    result = build(config(root, tmp_path / "out", pdf=False))
    (problem,) = result.problems
    assert problem.file == profile and problem.key == "diary" and problem.line is not None
    assert "'logs/ana.csv' is not a file" in problem.message


def test_a_diary_outside_the_project_is_not_read(tmp_path):
    root = tmp_path / "club"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("build"))
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(ana_diary(root), encoding="utf-8", newline="")
    (root / "athletes" / "ana-ruiz.diary.csv").unlink()
    profile = root / "athletes" / "ana-ruiz.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "diary: ../../elsewhere.csv\n",
                       encoding="utf-8")
    result = build(config(root, tmp_path / "out", pdf=False))
    (problem,) = result.problems
    assert problem.file == profile and problem.key == "diary"
    assert "lies outside the project" in problem.message
