"""Exports from the command line (`booklet export`) and beside each plan page in a build."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from garmin_fit_sdk import Decoder, Stream
from icalendar import Calendar

from booklet.build import build
from booklet.cli import main
from booklet.project import load_athlete, load_config
from booklet.render import PLAN_FILES

from ..support.example import ATHLETES, EXAMPLE

ANA = EXAMPLE / "athletes" / "ana-ruiz.yaml"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example's site, built without PDFs (fast)."""
    out = tmp_path_factory.mktemp("exports") / "build"
    build(load_config(EXAMPLE, out_dir=out, pdf=False))
    return out / "site"


def fit_ok(data: bytes) -> bool:
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        return False
    return Decoder(Stream.from_byte_array(bytearray(data))).read()[1] == []


# --- booklet export -------------------------------------------------------------------------


def test_export_ics_to_stdout(runner):
    result = runner.invoke(main, ["export", str(ANA), "--format", "ics"])
    assert result.exit_code == 0, result.output
    plan = load_athlete(ANA).plan
    events = Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    assert len(events) == len(plan.sessions) + len(plan.weeks)
    # inside a project, descriptions name the blocks to read by their titles
    assert "Read: " in str(events[1]["DESCRIPTION"])
    assert "technique/" not in str(events[1]["DESCRIPTION"])


def test_export_csv_and_icu_to_stdout(runner):
    result = runner.invoke(main, ["export", str(ANA), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    assert len(rows) == len(load_athlete(ANA).plan.sessions)
    result = runner.invoke(main, ["export", str(ANA), "--format", "icu"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^## Tue 2027-01-05, week 1: Downhill tempo", result.output, re.M)


@pytest.mark.parametrize(("fmt", "name"), [("ics", "a.ics"), ("csv", "a.csv"),
                                           ("icu", "a.txt")])
def test_export_to_a_file(runner, tmp_path, fmt, name):
    target = tmp_path / "sub" / name
    result = runner.invoke(main, ["export", str(ANA), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}" in result.output
    stdout = runner.invoke(main, ["export", str(ANA), "--format", fmt]).stdout_bytes
    assert target.read_bytes() == stdout


def test_export_fit_to_a_folder(runner, tmp_path):
    folder = tmp_path / "watch"
    result = runner.invoke(main, ["export", str(ANA), "--format", "fit", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    files = sorted(folder.glob("*.fit"))
    plan = load_athlete(ANA).plan
    assert len(files) == sum(s.kind in ("downhill_tempo", "quality", "test")
                             for s in plan.sessions)
    assert f"Wrote {len(files)} workout(s)" in result.output
    assert folder / "w01-tue-downhill-tempo.fit" in files
    assert all(fit_ok(f.read_bytes()) for f in files)


def test_export_fit_defaults_to_a_folder_named_after_the_athlete(runner, tmp_path,
                                                                   monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["export", str(ANA), "--format", "fit"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ana-ruiz-fit" / "w01-tue-downhill-tempo.fit").is_file()


def test_export_fit_to_a_file_is_a_clear_error(runner, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("x")
    result = runner.invoke(main, ["export", str(ANA), "--format", "fit", "-o", str(taken)])
    assert result.exit_code == 1
    assert f"error: {taken}: is a file" in result.output
    assert "Traceback" not in result.output


def test_export_bad_profile_is_one_clear_message(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(ANA.read_text().replace("level: beginner", "level: expert"))
    for fmt in ("ics", "fit", "icu", "csv"):
        result = runner.invoke(main, ["export", str(bad), "--format", fmt])
        assert result.exit_code == 1, fmt
        assert f"error: {bad}, line 2, key 'level'" in result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_needs_a_format(runner):
    result = runner.invoke(main, ["export", str(ANA)])
    assert result.exit_code == 2
    result = runner.invoke(main, ["export", str(ANA), "--format", "gpx"])
    assert result.exit_code == 2


# --- the build ------------------------------------------------------------------------------


@pytest.mark.parametrize("athlete", ATHLETES)
def test_build_writes_the_exports_beside_the_plan_page(site, athlete):
    folder = site / athlete
    plan = load_athlete(EXAMPLE / "athletes" / f"{athlete}.yaml").plan
    events = Calendar.from_ical((folder / "plan.ics").read_bytes()).walk("VEVENT")
    assert len(events) == len(plan.sessions) + len(plan.weeks)
    rows = list(csv.DictReader(io.StringIO((folder / "plan.csv").read_text(), newline="")))
    assert len(rows) == len(plan.sessions)
    assert (folder / "plan-icu.txt").read_text().count("\n## ") == sum(
        s.kind in ("downhill_tempo", "quality", "easy", "long", "race", "test")
        for s in plan.sessions)
    fits = sorted((folder / "fit").glob("*.fit"))
    assert len(fits) == sum(s.kind in ("downhill_tempo", "quality", "test")
                            for s in plan.sessions)
    assert all(fit_ok(f.read_bytes()) for f in fits)


@pytest.mark.parametrize("athlete", ATHLETES)
def test_plan_page_links_every_export(site, athlete):
    page = (site / athlete / "index.html").read_text()
    section = page.split('<section class="take-away"')[1].split("</section>")[0]
    assert '<h2 id="take-away">Take it with you</h2>' in section
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', section)
    hrefs = {href for href, _ in links}
    exported = {p.relative_to(site / athlete).as_posix()
                for p in (site / athlete).rglob("*") if p.is_file() and p.name not in PLAN_FILES}
    assert hrefs == exported
    texts = dict(links)
    assert "(iCalendar .ics," in texts["plan.ics"]
    assert "(CSV," in texts["plan.csv"]
    assert "intervals.icu" in texts["plan-icu.txt"]
    assert all("(FIT," in texts[h] for h in hrefs if h.endswith(".fit"))


def test_builds_are_byte_identical(site, tmp_path):
    build(load_config(EXAMPLE, out_dir=tmp_path, pdf=False))
    again = tmp_path / "site"
    exported = [p.relative_to(site) for p in site.rglob("*")
                if p.is_file() and p.suffix in (".ics", ".csv", ".txt", ".fit")]
    assert len(exported) > 4 * 3
    assert sorted(exported) == sorted(p.relative_to(again) for p in again.rglob("*")
                                      if p.is_file() and p.suffix in (".ics", ".csv", ".txt",
                                                                      ".fit"))
    for relative in exported:
        assert (site / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_a_partial_build_keeps_the_other_athletes_exports(example_copy, tmp_path):
    out = tmp_path / "o"
    build(load_config(example_copy, out_dir=out, pdf=False))
    before = {p: p.read_bytes() for p in (out / "site" / "ben-okafor").rglob("*")
              if p.is_file()}
    build(load_config(example_copy, out_dir=out, pdf=False, athletes=["ana-ruiz"]))
    after = {p: p.read_bytes() for p in (out / "site" / "ben-okafor").rglob("*")
             if p.is_file()}
    assert after == before and len(before) > 4


def test_a_failed_athlete_keeps_its_last_exports(example_copy, tmp_path):
    out = tmp_path / "o"
    build(load_config(example_copy, out_dir=out, pdf=False))
    before = (out / "site" / "ana-ruiz" / "plan.ics").read_bytes()
    (example_copy / "athletes" / "ana-ruiz.yaml").write_text("name: [unclosed\n")
    result = build(load_config(example_copy, out_dir=out, pdf=False))
    assert not result.ok
    assert (out / "site" / "ana-ruiz" / "plan.ics").read_bytes() == before
    assert (out / "site" / "ana-ruiz" / "fit" / "w01-tue-downhill-tempo.fit").is_file()
