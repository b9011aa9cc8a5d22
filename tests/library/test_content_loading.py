"""Content blocks: front matter validation, duplicates, overrides, references, selection."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from booklet.errors import ContentError
from booklet.library import (
    CATEGORIES,
    chapters,
    check_references,
    load_library,
    make_markdown,
    read_block,
    render,
    select_blocks,
)
from booklet.project import content_dir


def block(folder: Path, relative: str, front: str, body: str = "Some text.\n") -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n{body}", encoding="utf-8")
    return path


GOOD = """
    id: technique/posture
    title: Posture
    category: technique
    levels: [beginner, intermediate, advanced]
    phases: [base, build]
    summary: Stand tall and lean from the ankles.
"""


def test_reads_a_block(tmp_path):
    path = block(tmp_path, "technique/posture.md", GOOD, "## Cues\n\nStand tall.\n")
    loaded = read_block(path)
    assert loaded.id == "technique/posture"
    assert loaded.meta.phases == ("base", "build")
    assert loaded.body.startswith("## Cues")
    assert loaded.body_line == 9


@pytest.mark.parametrize(("change", "key", "line", "fragment"), [
    (("category: technique", "category: stretching"), "category", 4, "'technique'"),
    (("levels: [beginner, intermediate, advanced]", "levels: [expert]"), "levels[0]",
     5, "'beginner'"),
    (("phases: [base, build]", "phases: []"), "phases", 6, "at least 1"),
    (("title: Posture", "titel: Posture"), "titel", 3, "did you mean 'title'?"),
    (("id: technique/posture", "id: warmup/posture"), "id", 2, "must start with its category"),
    (("id: technique/posture", "id: Technique/Posture!"), "id", 2, "pattern"),
    (("summary: Stand tall and lean from the ankles.", "summary: short"), "summary", 7,
     "at least 10"),
])
def test_bad_front_matter_names_key_and_line(tmp_path, change, key, line, fragment):
    path = block(tmp_path, "technique/posture.md", GOOD.replace(*change))
    with pytest.raises(ContentError) as caught:
        read_block(path)
    problem = next(p for p in caught.value.problems if p.key == key)
    assert (problem.file, problem.line) == (path, line)
    assert fragment in problem.message


def test_missing_front_matter(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("# Just markdown\n")
    with pytest.raises(ContentError) as caught:
        read_block(path)
    assert "must start with a '---' line" in str(caught.value)


def test_unclosed_front_matter(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\nid: a/b\n")
    with pytest.raises(ContentError, match="not closed"):
        read_block(path)


def test_all_problems_are_collected(tmp_path):
    block(tmp_path, "technique/a.md", GOOD.replace("technique/posture", "technique/a")
          .replace("category: technique", "category: nope"))
    block(tmp_path, "technique/b.md", GOOD.replace("title: Posture", "title:"))
    with pytest.raises(ContentError) as caught:
        load_library([tmp_path])
    assert {p.file.name for p in caught.value.problems} == {"a.md", "b.md"}


def test_duplicate_ids_in_one_folder(tmp_path):
    block(tmp_path, "technique/posture.md", GOOD)
    block(tmp_path, "technique/posture-copy.md", GOOD)
    with pytest.raises(ContentError) as caught:
        load_library([tmp_path])
    assert "duplicate block id 'technique/posture'" in str(caught.value)


def test_project_block_overrides_bundled(tmp_path):
    bundled, own = tmp_path / "bundled", tmp_path / "own"
    block(bundled, "technique/posture.md", GOOD, "Bundled.\n")
    block(own, "technique/posture.md", GOOD.replace("Posture", "My posture"), "Mine.\n")
    block(own, "technique/extra.md", GOOD.replace("technique/posture", "technique/extra"))
    library = load_library([bundled, own])
    assert library["technique/posture"].body == "Mine.\n"
    assert library["technique/posture"].title == "My posture"
    assert library.overridden == ("technique/posture",)
    assert "technique/extra" in library


def test_missing_link_and_image_are_reported(tmp_path):
    block(tmp_path, "technique/posture.md", GOOD,
          "See [feet](foot-strike.md) and [drills](../warmup/leg-swings.md).\n\n"
          "![A runner](posture.svg)\n\n[web](https://example.org)\n")
    library = load_library([tmp_path])
    problems = check_references(library, make_markdown(), roots=[tmp_path])
    messages = sorted(p.message for p in problems)
    assert len(problems) == 3
    assert "link to missing block 'technique/foot-strike'" in messages[1]
    assert "link to missing block 'warmup/leg-swings'" in messages[2]
    assert messages[0].startswith("image 'posture.svg' not found")
    assert all(p.line == 9 or p.line == 11 for p in problems)


def test_image_urls_are_refused(tmp_path):
    block(tmp_path, "technique/posture.md", GOOD, "![x](http://example.org/x.png)\n")
    problems = check_references(load_library([tmp_path]), make_markdown(), roots=[tmp_path])
    assert "must be a file beside the block" in problems[0].message


def test_selection_by_level_and_phase(tmp_path):
    block(tmp_path, "technique/posture.md", GOOD)
    block(tmp_path, "strength/bound.md", """
        id: strength/bound
        title: Bound
        category: strength
        levels: [advanced]
        phases: [build, peak]
        summary: Springy bounds with quiet landings.
        exercise: bound
        plyometric: true
    """)
    block(tmp_path, "planning/taper.md", """
        id: planning/taper
        title: Taper
        category: planning
        levels: [beginner, intermediate, advanced]
        phases: [taper]
        summary: Less running, same sharpness.
    """)
    library = load_library([tmp_path])
    ids = lambda blocks: [b.id for b in blocks]  # noqa: E731
    assert ids(select_blocks(library, "beginner", {"base", "build"})) == ["technique/posture"]
    assert ids(select_blocks(library, "advanced", {"build", "taper"})) == [
        "technique/posture", "strength/bound", "planning/taper"]
    # A block a session refers to is always included.
    assert ids(select_blocks(library, "beginner", {"base"}, ["strength/bound"])) == [
        "technique/posture", "strength/bound"]
    grouped = chapters(select_blocks(library, "advanced", {"build", "taper"}))
    assert [c for c, _ in grouped] == ["technique", "strength", "planning"]


def test_bundled_library_loads_and_is_complete():
    library = load_library([content_dir()])
    assert len(library.blocks) >= 30
    for category in CATEGORIES:
        assert sum(b.category == category for b in library.ordered()) >= 3, category
    assert check_references(library, make_markdown(), roots=[content_dir()]) == []
    for b in library.ordered():  # bundled blocks follow the folder convention
        assert b.source.relative_to(content_dir()).with_suffix("").as_posix() == b.id


def test_bundled_blocks_render(tmp_path):
    library = load_library([content_dir()])
    md = make_markdown()
    for b in library.ordered():
        html = render(md, b.body, lambda kind, target: target)
        assert "<h1" not in html, b.id  # the page's title is the only h1
        assert "&lt;" not in html or "<" in b.body, b.id


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
def test_every_block_the_engine_can_name_exists_for_the_level(level):
    from booklet.plan.catalogue import referenced_block_ids

    library = load_library([content_dir()])
    ids = referenced_block_ids(level)
    assert ids, "the engine names no blocks?"
    missing = [b for b in ids if b not in library]
    assert missing == []
    wrong_level = [b for b in ids if level not in library[b].meta.levels]
    assert wrong_level == []
