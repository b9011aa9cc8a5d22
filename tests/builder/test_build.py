"""A real build of the example project, and how builds behave when something goes wrong."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from booklet.build import build
from booklet.errors import BookletError
from booklet.project import load_config

from ..support.example import ATHLETES, EXAMPLE, pdf_text


def test_writes_site_and_pdfs(example_build):
    assert (example_build / "site" / "index.html").is_file()
    assert (example_build / "site" / "assets" / "site.css").is_file()
    for athlete in ATHLETES:
        assert (example_build / "site" / athlete / "index.html").is_file()
        assert (example_build / "pdf" / f"{athlete}.pdf").read_bytes().startswith(b"%PDF")
        assert (example_build / "site" / athlete / f"{athlete}.pdf").is_file()
    assert not [p for p in example_build.iterdir() if p.name.startswith(".booklet")]


def test_index_links_every_athlete(example_build):
    index = (example_build / "site" / "index.html").read_text()
    for athlete in ATHLETES:
        assert f'href="{athlete}/index.html"' in index
    assert "Valley Descent Half" in index


def test_pdf_shows_name_weeks_and_blocks(example_build):
    text = pdf_text(example_build / "pdf" / "chloe-martin.pdf")
    assert "Chloe Martin" in text
    assert "Week 1" in text and "Week 14" in text
    assert "Valley Descent Half" in text
    assert "Plan at a glance" in text
    for chapter in ("Technique", "Strength", "Cooldown"):
        assert chapter in text


def test_pdf_metadata(example_build):
    reader = PdfReader(example_build / "pdf" / "ana-ruiz.pdf")
    meta = reader.metadata
    assert meta.title == "Ana Ruiz – downhill tempo plan"
    assert meta.author == "Sam Lee"
    assert meta["/CreationDate"].startswith("D:20270104")


def test_miles_athlete_sees_miles(example_build):
    page = (example_build / "site" / "ben-okafor" / "index.html").read_text()
    plan_part = page.split('id="library"')[0]  # content blocks may quote both units
    assert "/mi" in plan_part and "/km" not in plan_part


def test_message_is_escaped_and_coach_notes_stay_private(example_copy, tmp_path):
    """The message to the athlete is shown, as text; the coach's own notes are not."""
    profile = example_copy / "athletes" / "ana-ruiz.yaml"
    profile.write_text(profile.read_text() + 'message: "<script>alert(1)</script>"\n')
    build(load_config(example_copy, out_dir=tmp_path / "o", athletes=["ana-ruiz"], pdf=False))
    page = (tmp_path / "o" / "site" / "ana-ruiz" / "index.html").read_text()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Sore calves after hilly parkruns" not in page  # Ana's notes, for the coach only


def test_same_inputs_give_identical_bytes(tmp_path):
    outputs = []
    for name in ("a", "b"):
        out = tmp_path / name
        build(load_config(EXAMPLE, out_dir=out, athletes=["dev-patel"]))
        outputs.append(out)
    for relative in ("pdf/dev-patel.pdf", "site/dev-patel/index.html", "site/index.html",
                     "site/dev-patel/plan.ics", "site/dev-patel/plan.csv",
                     "site/dev-patel/plan-icu.txt",
                     "site/dev-patel/fit/w01-tue-downhill-tempo.fit"):
        assert (outputs[0] / relative).read_bytes() == (outputs[1] / relative).read_bytes()


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792)),
                                              ("a5", (420, 595))])
def test_paper_size(tmp_path, paper, size):
    build(load_config(EXAMPLE, out_dir=tmp_path, athletes=["dev-patel"], site=False,
                      paper=paper))
    box = PdfReader(tmp_path / "pdf" / "dev-patel.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_failed_build_keeps_the_previous_one(example_copy, tmp_path):
    out = tmp_path / "o"
    build(load_config(example_copy, out_dir=out, pdf=False))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (example_copy / "templates" / "site").mkdir(parents=True)
    (example_copy / "templates" / "site" / "plan.html").write_text("{% if %}broken")
    with pytest.raises(BookletError) as caught:
        build(load_config(example_copy, out_dir=out, pdf=False))
    assert "template syntax error" in str(caught.value)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_project_template_overrides_bundled(example_copy, tmp_path):
    (example_copy / "templates" / "site").mkdir(parents=True)
    (example_copy / "templates" / "site" / "index.html").write_text(
        "<p>Our own index for {{ athletes | length }} runners</p>")
    build(load_config(example_copy, out_dir=tmp_path, pdf=False))
    assert (tmp_path / "site" / "index.html").read_text().startswith(
        "<p>Our own index for 4 runners</p>")


def test_partial_build_keeps_other_athletes(example_copy, tmp_path):
    build(load_config(example_copy, out_dir=tmp_path, pdf=False))
    build(load_config(example_copy, out_dir=tmp_path, pdf=False, athletes=["ana-ruiz"]))
    for athlete in ATHLETES:
        assert (tmp_path / "site" / athlete / "index.html").is_file()


def test_a_bad_athlete_does_not_stop_the_others(example_copy, tmp_path):
    out = tmp_path / "o"
    build(load_config(example_copy, out_dir=out, pdf=False))
    good_before = (out / "site" / "ana-ruiz" / "index.html").read_bytes()
    (example_copy / "athletes" / "zed.yaml").write_text("name: Zed\nlevel: x\n")
    (example_copy / "athletes" / "ana-ruiz.yaml").write_text("name: [unclosed\n")
    result = build(load_config(example_copy, out_dir=out, pdf=False))
    assert not result.ok
    assert {p.file.name for p in result.problems} == {"zed.yaml", "ana-ruiz.yaml"}
    assert result.athletes == ["ben-okafor", "chloe-martin", "dev-patel"]
    # the others were built; ana's last good page is kept, zed never had one
    assert (out / "site" / "ben-okafor" / "index.html").is_file()
    assert (out / "site" / "ana-ruiz" / "index.html").read_bytes() == good_before
    assert not (out / "site" / "zed").exists()


def test_refused_resources_are_reported(example_copy, tmp_path):
    (example_copy / "templates" / "booklet").mkdir(parents=True)
    bundled = EXAMPLE.parent.parent / "templates" / "booklet" / "howto.html"
    (example_copy / "templates" / "booklet" / "howto.html").write_text(
        bundled.read_text() + '<img src="https://example.org/logo.png" alt="logo">')
    result = build(load_config(example_copy, out_dir=tmp_path, athletes=["dev-patel"],
                               site=False))
    assert result.warnings == [
        "not fetched (only files inside the project are allowed): https://example.org/logo.png"]
