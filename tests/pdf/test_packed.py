"""Jobs packed to travel: the files a booklet points at are read by the coordinator, and a
worker's writer serves them from memory, so the project's paths need not exist where it runs."""

from __future__ import annotations

from pathlib import Path

from booklet.pdf import Edition, PdfJob
from booklet.pdf.packed import pack, render_packed

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       '<circle cx="5" cy="5" r="4"/></svg>')


def test_pack_follows_the_html_and_its_stylesheets_inside_the_roots(tmp_path):
    root = tmp_path / "project"
    (root / "img").mkdir(parents=True)
    (root / "img" / "dot.svg").write_text(SVG, encoding="utf-8")
    (root / "style.css").write_text('@import "more.css"; p { background: url(img/dot.svg) }',
                                    encoding="utf-8")
    (root / "more.css").write_text("h1 { color: red }", encoding="utf-8")
    html = ('<link rel="stylesheet" href="style.css"><img src="img/dot.svg">'
            '<img src="file:///etc/hostname"><img src="gone.png"><a href="#x">x</a>')
    files = pack([html], root, [root])
    assert sorted(files.data) == sorted(str(root / n) for n in ("img/dot.svg", "style.css",
                                                                "more.css"))
    assert files.refused == {"/etc/hostname"} and files.missing == {str(root / "gone.png")}


def test_a_worker_renders_from_the_pack_without_the_project_on_its_disk(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "dot.svg").write_text(SVG, encoding="utf-8")
    html = '<p>{}</p><img src="dot.svg"><img src="file:///etc/hostname">'
    files = pack([html], root, [root])
    moved = Path("/nonexistent-booklet-project")  # where the coordinator's project "is"
    files = type(files)({str(moved / "dot.svg"): files.data[str(root / "dot.svg")]},
                        frozenset({"/etc/hostname"}))

    def job(name: str, text: str) -> PdfJob:
        return PdfJob(name, (Edition(text.format(name), name, targets=(moved / f"{name}.pdf",)),),
                      base_url=moved, roots=(moved,))

    _, _, (good, unforeseen) = render_packed(
        [job("good", html), job("odd", html + '<img src="other.svg">')], {}, files)
    assert not good.outcome.problems and good.outcome.refused == ["file:///etc/hostname"]
    assert list(good.files) == [str(moved / "good.pdf")]
    assert good.files[str(moved / "good.pdf")].startswith(b"%PDF-")
    (problem,) = unforeseen.outcome.problems
    assert "other.svg" in str(problem) and "did not send" in str(problem)
    assert unforeseen.files == {}
