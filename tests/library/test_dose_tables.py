"""One source for the strength numbers: every strength chapter's dose table, rendered for every
level, prints the sets and reps the plans prescribe, and no other figure of the form N × M."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from booklet.errors import ContentError
from booklet.library import exercise_doses, load_library, make_markdown, read_block, render
from booklet.plan import Profile, make_plan
from booklet.plan.strength import DEFAULT_DOSES, ExerciseDose
from booklet.project.doses import plan_doses
from booklet.project.resources import content_dir

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES

LEVELS = ("beginner", "intermediate", "advanced")
ROW = re.compile(r"<tr>\s*<td>(\w+)</td>\s*<td>(\d+) × (\d+)( each side)?</td>"
                 r"(?:\s*<td>(\d+)</td>)?")
FIGURE = re.compile(r"(\d+) × (\d+)( each (?:side|leg))?")


@pytest.fixture(scope="module")
def library():
    return load_library([content_dir()])


@pytest.fixture(scope="module")
def prescribed() -> dict[str, dict[str, set[ExerciseDose]]]:
    """What plans at each level prescribe, by exercise, in full (loading) weeks, from
    sessions with a single landing exercise (two share the landing cap)."""
    out: dict[str, dict[str, set[ExerciseDose]]] = {level: {} for level in LEVELS}
    for data in (BEGINNER, MILES, ADVANCED):
        for level in LEVELS:
            plan = make_plan(Profile(**{**data, "level": level}))
            for week in plan.weeks:
                if week.deload or week.phase == "taper":
                    continue
                for s in week.sessions:
                    if sum(st.plyometric for st in s.steps) > 1:
                        continue
                    for st in s.steps:
                        if st.exercise is not None:
                            out[level].setdefault(st.exercise, set()).add(
                                ExerciseDose(st.sets, st.reps, st.each_side))
    return out


def strength_blocks(library):
    return [b for b in library.ordered() if b.meta.exercise is not None]


def test_the_engine_default_is_the_bundled_content(library):
    bundled = {slug: {level: ExerciseDose(d.sets, d.reps, d.each_side)
                      for level, d in levels.items()}
               for slug, levels in exercise_doses(library).items()}
    assert bundled == DEFAULT_DOSES
    assert plan_doses(library) == DEFAULT_DOSES


@pytest.mark.parametrize("level", LEVELS)
def test_every_chapter_prints_the_plan_dose(library, prescribed, level):
    md = make_markdown()
    seen = 0
    # a chapter may quote another exercise's dose ("ready when you can do 3 × 15 ...")
    anywhere = {(d.sets, d.reps) for levels in DEFAULT_DOSES.values() for d in levels.values()}
    for block in strength_blocks(library):
        html = render(md, block.markdown, lambda _kind, target: target)
        assert "{{" not in html, block.id
        rows = {m[1].lower(): m for m in ROW.finditer(html)}
        assert set(rows) == set(block.meta.levels), block.id
        figures = {(int(m[1]), int(m[2])) for m in FIGURE.finditer(html)}
        assert figures <= anywhere, f"{block.id} prints {figures - anywhere}, no plan's dose"
        if level not in rows:
            continue
        row = rows[level]
        printed = ExerciseDose(int(row[2]), int(row[3]), bool(row[4]))
        slug = block.meta.exercise
        assert printed == DEFAULT_DOSES[slug][level], block.id
        if block.meta.plyometric:
            assert int(row[5]) == printed.landings, block.id
        for dose in prescribed[level].get(slug, ()):
            seen += 1
            assert dose == printed, f"{block.id} ({level}): chapter {printed}, plan {dose}"
    assert seen >= 5


def test_a_dose_table_without_a_dose_is_refused(tmp_path: Path):
    path = tmp_path / "squat.md"
    path.write_text("---\nid: strength/squat\ntitle: Squat\ncategory: strength\n"
                    "levels: [beginner]\nphases: [base]\nsummary: A plain body-weight squat.\n"
                    "exercise: squat\n---\nIntro.\n\n## Dose\n\n{{ dose-table }}\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        read_block(path)
    assert exc.value.problems[0].line == 14


def test_a_club_dose_reaches_the_plan(tmp_path: Path, library):
    source = (content_dir() / "strength" / "calf-raise.md").read_text(encoding="utf-8")
    club = tmp_path / "strength"
    club.mkdir()
    (club / "calf-raise.md").write_text(
        source.replace("beginner: {sets: 2, reps: 12,", "beginner: {sets: 2, reps: 10,"),
        encoding="utf-8")
    (club / "calf-raise.svg").write_bytes((content_dir() / "strength" / "calf-raise.svg")
                                          .read_bytes())
    doses = plan_doses(load_library([content_dir(), tmp_path]))
    plan = make_plan(Profile(**BEGINNER), doses)
    calf = {(st.sets, st.reps) for s in plan.sessions for st in s.steps
            if st.exercise == "calf-raise"}
    assert (2, 10) in calf and (2, 12) not in calf
