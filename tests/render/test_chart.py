"""The weekly load chart (booklet.chart): parsed back with ElementTree and checked as data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta

import pytest
from markupsafe import Markup

from booklet.plan import AthleteRef, DownhillDose, Plan, Profile, Week, make_plan
from booklet.render import weekly_chart_svg

from ..support.sample_profiles import ADVANCED, BEGINNER, MILES, NO_RESULT

SVG = "{http://www.w3.org/2000/svg}"
START = date(2027, 1, 4)


def dose(descent_m: float) -> DownhillDose:
    return DownhillDose(grade_pct=4.0, reps=4, rep_seconds=60, recovery_seconds=120,
                        target_s_per_km=260.0, rpe=(6, 7), descent_m=descent_m)


def hand_plan(rows, name: str = "Test Runner") -> Plan:
    """rows: (phase, deload, minutes, descent or None), one per week."""
    weeks = tuple(
        Week(number=i + 1, start=START + timedelta(weeks=i), phase=phase, deload=deload,
             planned_minutes=minutes, downhill=None if descent is None else dose(descent),
             sessions=())
        for i, (phase, deload, minutes, descent) in enumerate(rows)
    )
    return Plan(athlete=AthleteRef(id="t", name=name, level="intermediate", units="km"),
                start=START, end=START + timedelta(weeks=len(rows), days=-1), race=None,
                paces=None, weeks=weeks)


# 12 weeks, two of them without a downhill session (3 and 7), deloads 4, 8 and 11.
ROWS = [
    ("base", False, 150, 120.0), ("base", False, 170, 140.0), ("base", False, 190, None),
    ("base", True, 130, 90.0), ("build", False, 210, 200.0), ("build", False, 240, 260.0),
    ("build", False, 260, None), ("build", True, 180, 150.0), ("peak", False, 290, 380.0),
    ("peak", False, 310, 420.0), ("peak", True, 200, 250.0), ("taper", False, 170, 160.0),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("data-week")]


def dots(root: ET.Element) -> list[ET.Element]:
    return [c for c in root.iter(f"{SVG}circle") if c.get("data-week")]


def bands(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("data-phase")]


def texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}text"))


def f(el: ET.Element, name: str) -> float:
    return float(el.get(name))


def centre(bar: ET.Element) -> float:
    return f(bar, "x") + f(bar, "width") / 2


@pytest.fixture(scope="module")
def plan() -> Plan:
    return hand_plan(ROWS)


@pytest.fixture(scope="module")
def root(plan) -> ET.Element:
    return parse(weekly_chart_svg(plan))


def test_returns_markup_and_a_well_formed_root(plan):
    svg = weekly_chart_svg(plan, width=500, height=240, id_prefix="wk")
    assert isinstance(svg, Markup)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 500 240"')
    root = parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "wk-title wk-desc"
    assert root.get("width") is None and root.get("height") is None
    assert root.find(f"{SVG}title").get("id") == "wk-title"
    assert root.find(f"{SVG}desc").get("id") == "wk-desc"


def test_presentation_attributes_only_and_legible_text(root):
    for el in root.iter():
        assert el.get("class") is None and el.get("style") is None
        assert el.tag != f"{SVG}style"
    for t in texts(root):
        assert float(t.get("font-size")) >= 10
        assert t.get("font-family") == "DejaVu Sans, sans-serif"


def test_coordinates_rounded_to_one_decimal(plan):
    svg = str(weekly_chart_svg(plan))
    for value in re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d)?", value), value
    for number in re.findall(r'[-\d.]+', re.search(r' d="([^"]*)"', svg).group(1)):
        assert re.fullmatch(r"-?\d+(\.\d)?", number), number


def test_one_bar_per_week_in_order(plan, root):
    found = bars(root)
    assert [int(b.get("data-week")) for b in found] == [w.number for w in plan.weeks]
    centres = [centre(b) for b in found]
    assert centres == sorted(centres)
    gaps = {round(b - a, 1) for a, b in zip(centres, centres[1:], strict=False)}
    assert max(gaps) - min(gaps) <= 0.2  # evenly spaced


def test_bar_heights_proportional_to_minutes(plan, root):
    found = bars(root)
    baselines = {round(f(b, "y") + f(b, "height"), 1) for b in found}
    assert len(baselines) == 1  # all bars stand on one baseline
    per_minute = f(found[0], "height") / plan.weeks[0].planned_minutes
    for bar, week in zip(found, plan.weeks, strict=True):
        assert f(bar, "height") == pytest.approx(week.planned_minutes * per_minute, abs=0.15)


def test_left_axis_has_three_to_five_nice_ticks_above_the_data(plan, root):
    left = min(f(b, "x") for b in bands(root))
    labels = [t.text for t in texts(root) if t.get("text-anchor") == "end"
              and f(t, "x") < left and re.fullmatch(r"\d+:\d\d", t.text)]
    # running time in h:mm, as in the table beside the chart
    ticks = [int(h) * 60 + int(m) for h, m in (v.split(":") for v in labels)]
    assert 3 <= len(ticks) <= 5
    assert ticks[0] == 0
    step = ticks[1]
    assert ticks == [step * i for i in range(len(ticks))]
    assert step in (10, 15, 20, 30) or step % 60 == 0 or step == 90  # whole or half hours
    assert ticks[-1] >= max(w.planned_minutes for w in plan.weeks)


def test_descent_dots_only_for_weeks_with_a_downhill_dose(plan, root):
    with_dose = [w.number for w in plan.weeks if w.downhill is not None]
    found = dots(root)
    assert [int(d.get("data-week")) for d in found] == with_dose
    for dot in found:
        assert dot.get("fill") == "#b4461b"
    # Dots sit over their week's bar, and higher descent is drawn higher.
    bar_x = {int(b.get("data-week")): centre(b) for b in bars(root)}
    for dot in found:
        assert f(dot, "cx") == pytest.approx(bar_x[int(dot.get("data-week"))], abs=0.1)
    by_descent = sorted(found, key=lambda d: float(d.get("data-descent")))
    assert [f(d, "cy") for d in by_descent] == sorted((f(d, "cy") for d in found), reverse=True)


def test_descent_line_breaks_at_weeks_without_downhill(root):
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke") == "#b4461b"]
    d = path.get("d")
    # Weeks 1-2, 4-6, 8-12 have doses: three pieces, nothing drawn down to the baseline.
    assert d.count("M") == 3
    assert d.count("L") == (2 - 1) + (3 - 1) + (5 - 1)
    baseline = f(bars(root)[0], "y") + f(bars(root)[0], "height")
    ys = [float(y) for y in re.findall(r"[ML][-\d.]+ ([-\d.]+)", d)]
    assert all(y < baseline for y in ys)


def test_deload_weeks_are_lighter_and_marked_d(plan, root):
    deloads = [w.number for w in plan.weeks if w.deload]
    found = bars(root)
    fills = {b.get("fill") for b in found if b.get("data-deload")}
    normal = {b.get("fill") for b in found if not b.get("data-deload")}
    assert [int(b.get("data-week")) for b in found if b.get("data-deload")] == deloads
    assert fills == {"#c9d1d7"} and normal == {"#8a9aa6"}
    marks = [t for t in texts(root) if t.text == "D"]
    bar_x = {int(b.get("data-week")): centre(b) for b in found}
    assert sorted(f(m, "x") for m in marks) == pytest.approx([bar_x[n] for n in deloads],
                                                              abs=0.1)
    baseline = f(found[0], "y") + f(found[0], "height")
    assert all(f(m, "y") > baseline for m in marks)  # under the bars


def test_phase_bands_cover_all_weeks_in_order(plan, root):
    found = bands(root)
    assert [b.get("data-phase") for b in found] == ["base", "build", "peak", "taper"]
    assert [b.get("data-weeks") for b in found] == ["1-4", "5-8", "9-11", "12-12"]
    for a, b in zip(found, found[1:], strict=False):  # contiguous, no gap or overlap
        assert f(a, "x") + f(a, "width") == pytest.approx(f(b, "x"), abs=0.15)
    fills = [b.get("fill") for b in found]
    assert all(x != y for x, y in zip(fills, fills[1:], strict=False))  # alternating tints
    for bar, week in zip(bars(root), plan.weeks, strict=True):
        (band,) = [b for b in found if f(b, "x") < centre(bar) < f(b, "x") + f(b, "width")]
        assert band.get("data-phase") == week.phase


def test_phase_labels_written_when_they_fit(root):
    labels = {t.text for t in texts(root)}
    assert {"Base", "Build", "Peak"} <= labels
    narrow = parse(weekly_chart_svg(hand_plan(ROWS), width=300))
    assert "Taper" not in {t.text for t in texts(narrow)}  # one narrow week: no room


def test_week_numbers_every_week_or_every_second(plan, root):
    numbers = [t.text for t in texts(root) if t.get("text-anchor") == "middle"
               and t.text.isdigit()]
    assert numbers == [str(w.number) for w in plan.weeks]
    long = hand_plan([ROWS[i % len(ROWS)] for i in range(24)])
    crowded = parse(weekly_chart_svg(long, width=300))
    numbers = [t.text for t in texts(crowded) if t.get("text-anchor") == "middle"
               and t.text.isdigit()]
    assert numbers == [str(n) for n in range(1, 25, 2)]


def test_title_and_desc_summarise_the_data(plan, root):
    title = root.find(f"{SVG}title").text
    desc = root.find(f"{SVG}desc").text
    assert "Test Runner" in title
    assert "Deload weeks 4, 8 and 11." in desc
    assert "2 h 30 min in week 1" in desc and "5 h 10 min in week 10" in desc
    assert "120 m in week 1" in desc and "420 m in week 10" in desc
    assert "no downhill session in weeks 3 and 7" in desc
    assert "base weeks 1–4" in desc and "taper week 12" in desc


def test_legend_names_each_series(root):
    labels = {t.text for t in texts(root)}
    assert {"Running time (h:mm)", "Downhill descent (m)", "Deload week (D)", "Phase"} <= labels


def test_an_athlete_in_miles_sees_feet_on_the_axis_legend_and_desc():
    plan = hand_plan(ROWS)
    miles = replace(plan, athlete=replace(plan.athlete, units="mi"))
    root = parse(weekly_chart_svg(miles))
    labels = [t.text for t in texts(root)]
    assert "Downhill descent (ft)" in labels and "ft" in labels
    assert "Downhill descent (m)" not in labels and "m" not in labels
    desc = root.find(f"{SVG}desc").text
    assert "394 ft in week 1" in desc and "1378 ft in week 10" in desc  # 120 m, 420 m
    tips = [t.text for t in root.iter(f"{SVG}title")]
    assert any(tip.endswith("394 ft descent") for tip in tips)
    assert not any(" m descent" in tip for tip in tips)


def test_deterministic(plan):
    assert weekly_chart_svg(plan) == weekly_chart_svg(plan)
    assert weekly_chart_svg(hand_plan(ROWS)) == weekly_chart_svg(plan)
    assert weekly_chart_svg(plan, id_prefix="a") != weekly_chart_svg(plan, id_prefix="b")


def test_text_is_escaped():
    name = 'Zoë <script>alert("x")</script> & Co'
    svg = str(weekly_chart_svg(hand_plan(ROWS, name=name), id_prefix='c"x'))
    assert "<script" not in svg
    root = parse(svg)
    assert name in root.find(f"{SVG}title").text
    assert root.get("aria-labelledby") == 'c"x-title c"x-desc'


def test_plan_without_downhill_or_deload():
    rows = [("base", False, 100 + 10 * i, None) for i in range(6)]
    root = parse(weekly_chart_svg(hand_plan(rows)))
    assert len(bars(root)) == 6
    assert dots(root) == [] and list(root.iter(f"{SVG}path")) == []
    desc = root.find(f"{SVG}desc").text
    assert "No downhill sessions." in desc and "No deload weeks." in desc
    assert [t for t in texts(root) if t.text == "D"] == []


def test_plan_without_weeks_still_renders():
    root = parse(weekly_chart_svg(hand_plan([])))
    assert bars(root) == []
    assert root.find(f"{SVG}desc").text == "The plan has no weeks."


@pytest.mark.parametrize("data", [BEGINNER, MILES, ADVANCED, NO_RESULT],
                         ids=["beginner", "miles", "advanced", "no-result"])
@pytest.mark.parametrize("weeks", [6, 12, 24])
def test_engine_plans(data, weeks):
    changes = {"weeks": weeks}
    if "race" in data:  # keep the race in the last week: count the start back from it
        changes["start"] = None
    engine_plan = make_plan(Profile(**{**data, **changes}))
    root = parse(weekly_chart_svg(engine_plan))
    assert len(bars(root)) == len(engine_plan.weeks) == weeks
    assert len(dots(root)) == sum(w.downhill is not None for w in engine_plan.weeks)
    covered = []
    for band in bands(root):
        first, last = map(int, band.get("data-weeks").split("-"))
        covered.extend(range(first, last + 1))
    assert covered == list(range(1, weeks + 1))
    deloads = [w.number for w in engine_plan.weeks if w.deload]
    desc = root.find(f"{SVG}desc").text
    if len(deloads) > 1:
        assert f"Deload weeks {', '.join(map(str, deloads[:-1]))} and {deloads[-1]}." in desc


def test_bar_scale_follows_the_tallest_week(plan):
    weeks = list(plan.weeks)
    weeks[0] = replace(weeks[0], planned_minutes=300)
    root = parse(weekly_chart_svg(replace(plan, weeks=tuple(weeks))))
    heights = [f(b, "height") for b in bars(root)]
    assert heights[0] / 300 == pytest.approx(heights[9] / 310, rel=0.01)
