"""One source for the numbers: the chapters print the engine's recoveries, taper shares,
starting doses and race approach through ``{{name}}`` (``booklet.library.numbers``), and
what every chapter prints, rendered for every level, is what the plans prescribe.

Printed figures are read back from the rendered HTML and compared with the constants and
with ``make_plan``'s output, never with retyped numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from booklet.errors import ContentError
from booklet.library import load_library, make_markdown, render, select_blocks
from booklet.library.numbers import TABLES, VALUES, expand, recovery_rep_lengths
from booklet.plan import PHASES, Profile, make_plan
from booklet.plan.limits import (
    DESCENT_GRADE_BAND,
    FULL_DOWNHILL_DAYS_OUT,
    LAST_EASY_DAYS_OUT,
    LAST_EASY_MAX_MIN,
    LEVELS,
    MAX_DESCENT_GRADE,
    MIN_RECOVERY_S,
    NO_LONG_DAYS_OUT,
    RECOVERY_FACTOR,
    SHARPENER_DAYS_OUT,
    SHARPENER_GRADE,
    SHARPENER_REP_SECONDS,
    SHARPENER_REPS,
    STEP_GRADE,
    STEP_REPS,
    STEP_SECONDS,
    TAPER_LONG_SHARE,
    days_out,
    prescribed_recovery,
    training_minutes,
)
from booklet.plan.progression import FIRST_DOSE
from booklet.plan.season import TAPER_SHARES
from booklet.plan.strength import NO_PLYO_BEFORE_RACE, NO_STRENGTH_BEFORE_RACE
from booklet.project import content_dir

from ..support.example import ROOT
from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT

DOSE = re.compile(r"(\d+) × (\d+) s at −([\d.]+)%")
ROW = re.compile(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*</tr>")
#: How far (percentage points) a taper week may sit from the printed share: the week's
#: minutes are rounded to whole runs.
TAPER_SLACK = 5


def seconds(text: str) -> int:
    """'2 min', '2 min 15 s' or '45 s' in seconds."""
    m = re.fullmatch(r"(?:(\d+) min)? ?(?:(\d+) s)?", text.strip())
    assert m and text.strip(), text
    return 60 * int(m[1] or 0) + int(m[2] or 0)


def dose(text: str) -> tuple[float, int, int]:
    """'4 × 30 s at −3%' as (grade, reps, rep_seconds)."""
    m = DOSE.fullmatch(text.strip())
    assert m, text
    return float(m[3]), int(m[1]), int(m[2])


def pct(text: str) -> int:
    assert text.endswith("%"), text
    return int(text[:-1])


def value(name: str) -> str:
    return VALUES[name][0]


@pytest.fixture(scope="module")
def library():
    return load_library([content_dir()])


@pytest.fixture(scope="module")
def printed(library) -> dict[str, dict[str, str]]:
    """Each level's chapters as the booklet prints them, HTML by block id."""
    md = make_markdown()
    return {level: {b.id: render(md, b.markdown, lambda _kind, target: target)
                    for b in select_blocks(library, level, PHASES)}
            for level in LEVELS}


@pytest.fixture(scope="module")
def plans():
    """Plans for each level from the sample profiles (the example club's runners)."""
    return {level: [make_plan(Profile(**{**data, "level": level}))
                    for data in (BEGINNER, MILES, ADVANCED, NO_RESULT)]
            for level in LEVELS}


# --- the registry is the engine -------------------------------------------------------


def test_values_are_the_engines_numbers():
    assert seconds(value("recovery.min")) == MIN_RECOVERY_S
    assert int(value("recovery.factor")) == RECOVERY_FACTOR
    assert pct(value("taper.week1_pct")) == round(100 * TAPER_SHARES[0])
    assert pct(value("taper.week1_cut_pct")) == round(100 * (1 - TAPER_SHARES[0]))
    assert pct(value("taper.race_week_pct")) == round(100 * TAPER_SHARES[-1])
    assert pct(value("taper.race_week_cut_pct")) == round(100 * (1 - TAPER_SHARES[-1]))
    assert pct(value("taper.long_run_pct")) == round(100 * TAPER_LONG_SHARE)
    assert int(value("race.full_downhill_days")) == FULL_DOWNHILL_DAYS_OUT
    assert dose(value("race.sharpener")) == (SHARPENER_GRADE, SHARPENER_REPS,
                                             SHARPENER_REP_SECONDS)
    assert tuple(map(int, value("race.sharpener_days").split("-"))) == SHARPENER_DAYS_OUT
    assert int(value("race.no_long_days")) == NO_LONG_DAYS_OUT
    assert int(value("race.last_easy_days")) == LAST_EASY_DAYS_OUT
    assert seconds(value("race.last_easy_max")) == 60 * LAST_EASY_MAX_MIN
    assert int(value("race.no_plyo_days")) == NO_PLYO_BEFORE_RACE
    assert int(value("race.no_strength_days")) == NO_STRENGTH_BEFORE_RACE
    assert float(value("step.grade")) == STEP_GRADE
    assert int(value("step.reps")) == STEP_REPS
    assert seconds(value("step.seconds")) == STEP_SECONDS
    for level in LEVELS:
        assert dose(value(f"first_dose.{level}")) == FIRST_DOSE[level]


def table_rows(name: str) -> dict[str, str]:
    html = render(make_markdown(), expand(f"{{{{{name}}}}}\n"), lambda _k, t: t)
    return {a: b for a, b in ROW.findall(html)}


def test_the_recovery_table_is_the_prescribed_recovery():
    rows = {seconds(rep): seconds(rec) for rep, rec in table_rows("recovery-table").items()}
    assert list(rows) == recovery_rep_lengths()
    for bounds in LEVELS.values():  # every level's first and longest reps are in it
        assert {*bounds.first_rep_seconds, bounds.max_rep_seconds} <= set(rows)
    for rep, recovery in rows.items():
        for level in LEVELS:
            assert recovery == prescribed_recovery(level, rep), (rep, level)


def test_the_first_doses_table_is_the_first_dose():
    rows = table_rows("first-doses")
    assert {level.lower(): dose(text) for level, text in rows.items()} == FIRST_DOSE


def test_every_name_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in [*VALUES, *TABLES]:
        assert f"`{{{{{name}}}}}`" in readme, name


# --- every chapter, every level, against the plans --------------------------------------


def test_every_bundled_block_prints_without_leftover_braces(library, printed):
    for block in library.ordered():
        assert "{{" not in block.markdown, block.id
        assert "}}" not in block.markdown, block.id
    for level, html in printed.items():
        for block_id, text in html.items():
            assert "{{" not in text, (level, block_id)


def printed_recoveries(html: str) -> dict[int, int]:
    return {seconds(rep): seconds(rec) for rep, rec in ROW.findall(html)
            if re.fullmatch(r"\d+ s", rep)}


@pytest.mark.parametrize("level", LEVELS)
def test_printed_recoveries_are_the_plans(printed, plans, level):
    html = printed[level]["recovery/between-reps"]
    table = printed_recoveries(html)
    assert len(table) >= 5
    least = seconds(re.search(r"At least ([\d a-z]+?)</strong>", html)[1])
    factor = int(re.search(r"At least (\d+) times as long as the rep", html)[1])
    checked = 0
    for plan in plans[level]:
        for week in plan.weeks:
            d = week.downhill
            if d is None:
                continue
            checked += 1
            if d.rep_seconds in table:
                assert d.recovery_seconds == table[d.rep_seconds], (level, week.number)
            # the printed rule: at least the floor and the factor, up to the next quarter minute
            need = max(least, factor * d.rep_seconds)
            assert need <= d.recovery_seconds < need + 15, (level, week.number, d)
    assert checked


@pytest.mark.parametrize("level", LEVELS)
def test_week_one_is_the_printed_first_dose(printed, plans, level):
    html = printed[level]["planning/progression"]
    rows = {name.lower(): dose(text) for name, text in ROW.findall(html)
            if name.lower() in LEVELS}
    grade, reps, rep_seconds = rows[level]
    exact = 0
    for plan, data in zip(plans[level], (BEGINNER, MILES, ADVANCED, NO_RESULT), strict=True):
        first = plan.weeks[0].downhill
        # as the chapter says: you run the slope's grade (a gentler descent keeps its own, a
        # steeper one starts at most DESCENT_GRADE_BAND below it); small volume, fewer reps
        grades = {d["name"]: d["grade"] for d in data.get("descents", [])}
        if "hill" in data:
            grades["your descent"] = data["hill"]["grade"]
        hill = grades[first.descent]  # the descent week 1 is run on
        assert first.grade_pct == max(min(grade, hill), min(hill, MAX_DESCENT_GRADE)
                                      - DESCENT_GRADE_BAND), (level, data["id"])
        assert first.reps <= reps and first.rep_seconds >= rep_seconds, (level, data["id"])
        # the grade is pinned for every plan above; reps and length as printed for most
        exact += (first.reps, first.rep_seconds) == (reps, rep_seconds)
    assert exact >= 2, level


def race_plans(plans, level):
    out = [p for p in plans[level] if p.race is not None]
    assert out
    return out


@pytest.mark.parametrize("level", LEVELS)
def test_taper_weeks_are_the_printed_shares(printed, plans, level):
    html = printed[level]["planning/taper"]
    week1, race_week = (int(m) for m in re.findall(r"About (\d+)% of your biggest week", html))
    long_share = int(re.search(r"At most (\d+)% of your longest", html)[1])
    for plan in race_plans(plans, level):
        biggest = max(training_minutes(w) for w in plan.weeks)
        taper = [w for w in plan.weeks if w.phase == "taper"]
        assert len(taper) == 2
        for week, share in zip(taper, (week1, race_week), strict=True):
            actual = 100 * training_minutes(week) / biggest
            assert abs(actual - share) <= TAPER_SLACK, (level, week.number, actual, share)
        longest = max(s.minutes for s in plan.sessions if s.kind == "long")
        taper_long = [s.minutes for w in taper for s in w.sessions if s.kind == "long"]
        assert taper_long
        for minutes in taper_long:  # rounded to 5 min
            assert 100 * (minutes - 2.5) / longest <= long_share, (level, minutes, longest)


@pytest.mark.parametrize("block_id", ["planning/taper", "planning/downhill-races"])
@pytest.mark.parametrize("level", LEVELS)
def test_the_race_approach_is_the_plans(printed, plans, level, block_id):
    html = printed[level][block_id]
    top = dose(re.search(r"up to (\d+ × \d+ s at −[\d.]+%)", html)[1])
    lo, hi = (int(x) for x in re.search(r"sharpener[^.]*?(\d+)-(\d+) days out", html).groups())
    full = int(re.search(r"(\d+)(?:-14 days before the race| or more days out)", html)[1])
    assert full == hi + 1  # nothing but the sharpener between the last full set and the race
    for plan in race_plans(plans, level):
        close = []
        for week in plan.weeks:
            for s in week.sessions:
                out = days_out(plan.race.date, s.date)
                if s.kind != "downhill_tempo" or not 0 < out < full:
                    continue
                d = week.downhill
                close.append(out)
                assert lo <= out <= hi, (level, s.date)
                assert d.grade_pct <= top[0] and d.reps <= top[1] and d.rep_seconds <= top[2]
        assert len(close) <= 1, (level, close)


# --- refused names ----------------------------------------------------------------------


def write_block(folder: Path, body: str) -> Path:
    path = folder / "note.md"
    path.write_text("---\nid: planning/note\ntitle: A note\ncategory: planning\n"
                    "levels: [beginner]\nphases: [base]\nsummary: A short planning note.\n"
                    "---\nIntro.\n\n" + body, encoding="utf-8")
    return path


def test_an_unknown_name_is_refused_with_file_line_and_known_names(tmp_path: Path):
    path = write_block(tmp_path, "Rest {{ recovery.minimum }} between reps.\n")
    with pytest.raises(ContentError) as exc:
        load_library([tmp_path])
    [problem] = exc.value.problems
    assert problem.file == path and problem.line == 11
    assert "{{recovery.minimum}}" in problem.message
    assert "recovery.min" in problem.message and "recovery-table" in problem.message
    assert f"{path}" in str(exc.value) and "line 11" in str(exc.value)


def test_a_table_inside_a_line_is_refused(tmp_path: Path):
    path = write_block(tmp_path, "See {{recovery-table}} here.\n\n{{recovery-table}}\n")
    with pytest.raises(ContentError) as exc:
        load_library([tmp_path])
    [problem] = exc.value.problems
    assert problem.file == path and problem.line == 11
    assert "line of its own" in problem.message


def test_a_summary_prints_values_and_refuses_unknown_names(tmp_path: Path, library):
    block = library["recovery/between-reps"]
    assert "{{" in block.meta.summary and "{{" not in block.summary
    assert value("recovery.min") in block.summary
    path = tmp_path / "note.md"
    path.write_text("---\nid: planning/note\ntitle: A note\ncategory: planning\n"
                    "levels: [beginner]\nphases: [base]\n"
                    "summary: Rest {{recovery.mins}} between reps, always.\n---\nIntro.\n",
                    encoding="utf-8")
    with pytest.raises(ContentError) as exc:
        load_library([tmp_path])
    [problem] = exc.value.problems
    assert problem.file == path and problem.line == 7 and "{{recovery.mins}}" in problem.message


def test_the_deload_example_is_the_engines_curve():
    """The seasons chapter's four-week example is what the engine plans for 300 min a week."""
    from datetime import date

    from booklet.plan.season import frames, minutes_curve

    text = (content_dir() / "planning" / "seasons-and-deloads.md").read_text(encoding="utf-8")
    row = re.search(r"^\| Minutes \| (\d+) \| (\d+) \| (\d+) \| (\d+) \(−(\d+)%\) \|$", text, re.M)
    assert row, "the example row"
    *weeks, cut = map(int, row.groups())
    season = frames(date(2027, 1, 4), 12, "intermediate", 0)
    assert [f.deload for f in season[:4]] == [False, False, False, True]
    assert weeks == minutes_curve(season, weeks[0], "intermediate")[:4]
    assert cut == round(100 * (1 - weeks[3] / weeks[2]))
