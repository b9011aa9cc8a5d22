"""Images and templates are read only inside the project or the bundled folders, for the site
as for the PDF; images are copied into the site keeping their folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet.build import build
from booklet.cli import main
from booklet.errors import BookletError
from booklet.library import image_file, load_library
from booklet.paths import inside, outside_reason
from booklet.pdf import ProjectURLFetcher
from booklet.project import check_project, content_dir, load_config, templates_dir

SECRET = "the coach's private notes\n"


def block(name: str, body: str, category: str = "technique") -> str:
    return f"""\
---
id: {category}/{name}
title: {name.capitalize()} on the descent
category: {category}
levels: [beginner, intermediate, advanced]
phases: [base, build, peak, taper]
summary: A short note on running downhill well.
---
Some words first.

{body}
"""


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that no build may copy."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def site_files(out: Path) -> list[Path]:
    return [p for p in (out / "site").rglob("*") if p.is_file()]


@pytest.mark.parametrize("target", [
    "../../../secret.txt",                     # climbs out of the project
    "..%2F..%2F..%2Fsecret.txt",               # the same, escaped
    "../../../../../../../../../../../../../../../etc/hostname",  # a system file
])
def test_an_image_that_climbs_out_is_reported_and_never_copied(project, secret, tmp_path,
                                                               target):
    root = project({"content/technique/climb.md": block("climb", f"![notes]({target})")})
    report = check_project(load_config(root))
    problems = [p for p in report.problems if "climb.md" in str(p.file)]
    assert len(problems) == 1, report.problems
    problem = problems[0]
    assert problem.line == 11
    assert "outside the project" in problem.message
    assert "copy the image into the content folder" in problem.message
    with pytest.raises(BookletError, match="outside the project"):
        build(load_config(root, out_dir=tmp_path / "out", pdf=False))
    assert not (tmp_path / "out" / "site").exists()


def test_check_names_file_line_and_fix_for_a_climbing_image(project, secret):
    root = project({"content/technique/climb.md": block("climb", "![n](../../../secret.txt)")})
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "climb.md, line 11: image '../../../secret.txt' lies outside the project" in (
        result.output)
    assert "Traceback" not in result.output


def test_a_symlinked_image_pointing_outside_is_refused(project, secret, tmp_path):
    root = project({"content/technique/link.md": block("link", "![n](figure.svg)")})
    (root / "content" / "technique" / "figure.svg").symlink_to(secret)
    report = check_project(load_config(root))
    assert any(f"is a symlink to {secret}" in p.message and p.line == 11
               for p in report.problems), report.problems
    with pytest.raises(BookletError, match="symlink"):
        build(load_config(root, out_dir=tmp_path / "out", pdf=False))


def test_renderers_never_copy_or_embed_an_outside_file(project, secret, tmp_path):
    """Even past check (the renderers are given the library directly), nothing outside the
    allowed folders reaches the site's copies or the booklet's HTML."""
    from booklet.library import make_markdown
    from booklet.render import SiteRenderer, make_environment, render_print_blocks

    root = project({"content/technique/link.md": block(
        "link", "![a](figure.svg) ![b](../../../secret.txt) ![c](inside.svg)")})
    folder = root / "content" / "technique"
    (folder / "figure.svg").symlink_to(secret)
    (folder / "inside.svg").write_text("<svg/>", encoding="utf-8")
    config = load_config(root)
    library = load_library([content_dir(), config.content_path])
    md = make_markdown()
    renderer = SiteRenderer(make_environment(), config, library, md)
    copies: dict[str, Path] = {}
    page = renderer.block_page(library["technique/link"], "library/technique/link.html", [],
                               copies)
    assert list(copies.values()) == [(folder / "inside.svg").resolve()]
    assert "secret" not in page and "figure.svg" not in page
    printed = render_print_blocks(md, [library["technique/link"]], config.roots)[0]
    assert "secret" not in str(printed.html) and "figure.svg" not in str(printed.html)
    assert (folder / "inside.svg").resolve().as_uri() in str(printed.html)


def test_a_symlink_to_a_file_inside_the_project_is_fine(project, tmp_path):
    root = project({"content/technique/link.md": block("link", "![n](figure.svg)"),
                    "art/figure.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    (root / "content" / "technique" / "figure.svg").symlink_to(root / "art" / "figure.svg")
    assert check_project(load_config(root)).problems == []
    build(load_config(root, out_dir=tmp_path / "out", pdf=False))
    copied = tmp_path / "out" / "site" / "library" / "images" / "project" / "art" / "figure.svg"
    assert copied.read_text() == "<svg xmlns='http://www.w3.org/2000/svg'/>"


def test_images_of_one_name_in_different_folders_stay_apart(project, tmp_path):
    svg = "<svg xmlns='http://www.w3.org/2000/svg'><title>{}</title></svg>"
    root = project({
        "content/technique/alpha.md": block("alpha", "![Alpha](alpha/figure.svg)"),
        "content/technique/alpha/figure.svg": svg.format("alpha"),
        "content/technique/beta.md": block("beta", "![Beta](beta/figure.svg)"),
        "content/technique/beta/figure.svg": svg.format("beta"),
        # The same name as a bundled block's image in the same chapter, but another picture.
        "content/cooldown/my-stretch.md": block("my-stretch", "![Mine](calf-stretch.svg)",
                                                "cooldown"),
        "content/cooldown/calf-stretch.svg": svg.format("mine"),
    })
    out = tmp_path / "out"
    build(load_config(root, out_dir=out, pdf=False))
    library = out / "site" / "library"
    shown = {}
    for page in ("technique/alpha", "technique/beta", "cooldown/my-stretch",
                 "cooldown/calf-stretch"):
        html = (library / f"{page}.html").read_text(encoding="utf-8")
        src = html.split('<img src="', 1)[1].split('"', 1)[0]
        shown[page] = ((library / page).parent / src).resolve().read_text(encoding="utf-8")
    assert "alpha" in shown["technique/alpha"] and "beta" in shown["technique/beta"]
    assert "mine" in shown["cooldown/my-stretch"]
    assert shown["cooldown/calf-stretch"] == (
        content_dir() / "cooldown" / "calf-stretch.svg").read_text(encoding="utf-8")
    assert len(set(shown.values())) == 4
    # Every content image in the site is one of these, under library/images/ (the others
    # are the site's own: its icon and each plan's charts).
    images = [p for p in site_files(out) if p.suffix == ".svg" and p.is_relative_to(library)]
    assert images and all(p.is_relative_to(library / "images") for p in images)


def test_site_and_pdf_confine_paths_alike(tmp_path, secret):
    """The PDF fetcher and the site's image lookup agree on every path."""
    root = tmp_path / "proj"
    folder = root / "content" / "technique"
    folder.mkdir(parents=True)
    (folder / "ok.svg").write_text("<svg/>", encoding="utf-8")
    (folder / "out.svg").symlink_to(secret)
    (folder / "loop.svg").symlink_to(folder / "loop.svg")
    (folder / "b.md").write_text(block("b", ""), encoding="utf-8")
    owner = load_library([folder.parent])["technique/b"]
    fetcher = ProjectURLFetcher([root])
    for target, allowed in [("ok.svg", True), ("out.svg", False), ("../../../secret.txt", False),
                            ("loop.svg", False), ("x%00.svg", False)]:
        site = image_file(owner, target, [root]) is not None
        pdf = fetcher.allows((folder / "ok.svg").as_uri().replace("ok.svg", target))
        assert site == pdf == allowed, target


def test_inside_resolves_before_comparing(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "in.txt").write_text("x")
    os.symlink(tmp_path, root / "up")
    assert inside(root / "in.txt", [root]) == (root / "in.txt").resolve()
    assert inside(root / "up" / "root" / "in.txt", [root]) is not None  # comes back in
    assert inside(root / "up" / "other.txt", [root]) is None
    assert inside(root / ".." / "root2", [root]) is None  # a sibling sharing a prefix
    assert inside("bad\0name", [root]) is None
    assert outside_reason(root / "in.txt", [root]) is None
    assert "outside the project" in outside_reason(tmp_path / "x", [root])


def test_a_template_symlinked_out_of_the_templates_folders_is_refused(project, secret, tmp_path):
    root = project()
    folder = root / "templates" / "site"
    folder.mkdir(parents=True)
    (folder / "404.html").symlink_to(secret)
    with pytest.raises(BookletError, match=r"404\.html is a symlink to .*secret\.txt"):
        build(load_config(root, out_dir=tmp_path / "out", pdf=False))
    assert not (tmp_path / "out" / "site").exists()
    # A symlink to a template inside the templates folders is fine.
    (folder / "404.html").unlink()
    (folder / "404.html").symlink_to(templates_dir() / "site" / "404.html")
    build(load_config(root, out_dir=tmp_path / "out", pdf=False))
    assert "Page not found" in (tmp_path / "out" / "site" / "404.html").read_text()


def test_a_block_file_symlinked_out_of_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(block("elsewhere", "Words from outside the project."), encoding="utf-8")
    root = project()
    folder = root / "content" / "technique"
    folder.mkdir(parents=True)
    (folder / "elsewhere.md").symlink_to(outside)
    problems = check_project(load_config(root)).problems
    assert [p.file for p in problems] == [folder / "elsewhere.md"]
    assert f"is a symlink to {outside}" in problems[0].message
    with pytest.raises(BookletError, match="symlink"):
        build(load_config(root, out_dir=tmp_path / "out", pdf=False))
