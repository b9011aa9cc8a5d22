"""The weekly load chart: a plan's minutes, descent, phases and deloads as inline SVG (pure).

``weekly_chart_svg`` draws one bar of planned running time per week (left axis, h:mm), a line
of downhill descent in the athlete's units (right axis: metres, or feet for an athlete in
miles; broken where a week has no downhill session), the phases
as shaded background bands and the deload weeks as lighter bars marked "D". It uses presentation
attributes only (no CSS), so WeasyPrint and browsers draw it alike, and it has no width/height:
the caller sizes it with CSS. Same plan in, same string out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from ..plan import Plan, Week
from ..plan.course import Course
from ..plan.units import METRES_PER_MILE, format_minutes
from ..plan.wording import elevation_unit, hours_minutes, in_elevation_units

__all__ = ["chart_description", "course_chart_svg", "weekly_chart_svg"]

INK = "#1d2b36"
MUTED = "#55636e"
ACCENT = "#b4461b"
BAR = "#8a9aa6"
BAR_DELOAD = "#c9d1d7"
GRID = "#d3d9dd"
BANDS = ("#f4ede4", "#fbf8f4")
FONT = "DejaVu Sans, sans-serif"
SIZE = 10  # font size in viewBox units

_NARROW = frozenset("fijlrtIJ.,:;'()|! ")
_WIDE = frozenset("mwMW")


def _num(value: float) -> str:
    """A coordinate rounded to one decimal, without a trailing .0 (deterministic)."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _text_width(text: str, size: float = SIZE) -> float:
    """Estimated advance of ``text`` in DejaVu Sans (slightly generous)."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.36
        elif ch in _WIDE:
            em += 0.93
        elif ch.isupper():
            em += 0.73
        else:
            em += 0.64
    return em * size


def _tag(name: str, attrs: dict[str, object], body: str | None = None) -> str:
    parts = []
    for key, value in attrs.items():
        shown = _num(value) if isinstance(value, (int, float)) else str(escape(value))
        parts.append(f' {key}="{shown}"')
    head = f"<{name}{''.join(parts)}"
    return f"{head}/>" if body is None else f"{head}>{body}</{name}>"


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK,
          weight: str | None = None) -> str:
    attrs: dict[str, object] = {
        "x": x, "y": y, "fill": fill, "font-family": FONT, "font-size": SIZE,
        "text-anchor": anchor,
    }
    if weight:
        attrs["font-weight"] = weight
    return _tag("text", attrs, str(escape(text)))


def _nice_step(at_least: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500 ... that is >= at_least."""
    scale = 1
    while True:
        for factor in (1, 2, 2.5, 5):
            step = factor * scale
            if step == int(step) and step >= at_least:
                return int(step)
        scale *= 10


#: Steps of the running-time axis in minutes: ticks fall on whole or half hours.
_MINUTE_STEPS = (10, 15, 20, 30, 60, 90, 120, 180, 240, 300, 360, 480, 600)


def _nice_minutes(at_least: float) -> int:
    """The smallest of 10, 15, 20, 30 min, 1, 1:30, 2, 3, 4 ... h that is >= at_least."""
    for step in _MINUTE_STEPS:
        if step >= at_least:
            return step
    return 600 * _nice_step(at_least / 600)


def _scales(top_minutes: float, top_descent: float | None) -> tuple[int, int, int | None]:
    """(intervals, minutes step, descent step): nice ticks on both axes sharing gridlines."""
    best: tuple[float, int, int, int | None] | None = None
    for intervals in (2, 3, 4):
        step_l = _nice_minutes(max(top_minutes, 1) / intervals)
        fill = top_minutes / (intervals * step_l)
        step_r = None
        if top_descent is not None:
            step_r = _nice_step(max(top_descent, 1) / intervals)
            fill = (fill + top_descent / (intervals * step_r)) / 2
        score = fill + 0.04 * intervals  # a little preference for more gridlines
        if best is None or score > best[0] + 1e-9:
            best = (score, intervals, step_l, step_r)
    assert best is not None
    return best[1], best[2], best[3]


def _phase_runs(weeks: Sequence[Week]) -> list[tuple[str, int, int]]:
    """Consecutive weeks of one phase: (phase, first index, last index)."""
    runs: list[tuple[str, int, int]] = []
    for index, week in enumerate(weeks):
        if runs and runs[-1][0] == week.phase:
            runs[-1] = (week.phase, runs[-1][1], index)
        else:
            runs.append((week.phase, index, index))
    return runs


def _join(numbers: Sequence[int]) -> str:
    """4 / 4 and 8 / 4, 8 and 11."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _weeks_phrase(numbers: Sequence[int]) -> str:
    return f"week {numbers[0]}" if len(numbers) == 1 else f"weeks {_join(numbers)}"


def _trend(values: Sequence[tuple[int, float]], show: Callable[[float], str]) -> str:
    """from A in week 1 (, peaking at B in week k,) to C in week n."""
    (first_week, first), (last_week, last) = values[0], values[-1]
    peak_week, peak = max(values, key=lambda v: (v[1], -v[0]))
    if len(values) == 1:
        return f"{show(first)} in week {first_week}"
    text = f"from {show(first)} in week {first_week}"
    if peak > max(first, last):
        text += f", peaking at {show(peak)} in week {peak_week},"
    return f"{text} to {show(last)} in week {last_week}"


def _describe(plan: Plan) -> str:
    """The chart's data in words, for the <desc>."""
    weeks = plan.weeks
    unit = elevation_unit(plan.athlete.units)
    if not weeks:
        return "The plan has no weeks."
    minutes = [(w.number, float(w.planned_minutes)) for w in weeks]
    sentences = [f"{len(weeks)} weeks. Running time per week goes "
                 f"{_trend(minutes, format_minutes)}."]
    descents = [(w.number, in_elevation_units(w.downhill.descent_m, plan.athlete.units))
                for w in weeks if w.downhill is not None]
    if descents:
        text = (f"Downhill descent per week goes"
                f" {_trend(descents, lambda m: f'{round(m)} {unit}')}")
        missing = [w.number for w in weeks if w.downhill is None]
        if missing:
            text += f"; no downhill session in {_weeks_phrase(missing)}"
        sentences.append(text + ".")
    else:
        sentences.append("No downhill sessions.")
    budget = _race_descent(plan)
    if budget is not None:
        peak = [d for w in weeks if w.phase == "peak" and w.downhill is not None
                for d in [in_elevation_units(w.downhill.descent_m, plan.athlete.units)]]
        sentences.append(f"The race course descends {round(budget)} {unit} in all"
                         + (f", against at most {round(max(peak))} {unit} in a peak week."
                            if peak else "."))
    deloads = [w.number for w in weeks if w.deload]
    sentences.append(f"Deload {_weeks_phrase(deloads)}." if deloads else "No deload weeks.")
    phases = []
    for phase, first, last in _phase_runs(weeks):
        a, b = weeks[first].number, weeks[last].number
        phases.append(f"{phase} week {a}" if a == b else f"{phase} weeks {a}–{b}")
    sentences.append(f"Phases: {', '.join(phases)}.")
    return " ".join(sentences)


def _race_descent(plan: Plan) -> float | None:
    """The race course's total descent in the athlete's elevation units, if it has one."""
    if plan.race is None or plan.race.course is None:
        return None
    return in_elevation_units(plan.race.course.descent_m, plan.athlete.units)


def chart_description(plan: Plan) -> str:
    """What the chart shows, in words: its <desc>, and the alt text where it is an image."""
    return f"Weekly running time and downhill descent. {_describe(plan)}"


def _legend(items: list[tuple[str, str]], x0: float, right: float, y0: float,
            ) -> tuple[list[str], float]:
    """Legend entries laid out in rows from (x0, y0); returns the elements and the bottom."""
    swatch, gap, row_h = 16, 14, 15
    out: list[str] = []
    x, y = x0, y0
    for kind, label in items:
        width = swatch + 5 + _text_width(label)
        if x > x0 and x + width > right:
            x, y = x0, y + row_h
        mid = y - 3.5
        if kind == "bar":
            out.append(_tag("rect", {"x": x + 3, "y": mid - 5, "width": 10, "height": 10,
                                     "fill": BAR}))
        elif kind == "deload":
            out.append(_tag("rect", {"x": x + 3, "y": mid - 5, "width": 10, "height": 10,
                                     "fill": BAR_DELOAD, "stroke": BAR, "stroke-width": 0.6}))
        elif kind == "race":
            out.append(_tag("line", {"x1": x, "y1": mid, "x2": x + swatch, "y2": mid,
                                     "stroke": ACCENT, "stroke-width": 1.4,
                                     "stroke-dasharray": "4 2.5"}))
        elif kind == "line":
            out.append(_tag("line", {"x1": x, "y1": mid, "x2": x + swatch, "y2": mid,
                                     "stroke": ACCENT, "stroke-width": 1.8}))
            out.append(_tag("circle", {"cx": x + swatch / 2, "cy": mid, "r": 3,
                                       "fill": ACCENT}))
        else:  # phase band
            out.append(_tag("rect", {"x": x, "y": mid - 5, "width": swatch, "height": 10,
                                     "fill": BANDS[0], "stroke": "#e2d5c4",
                                     "stroke-width": 0.6}))
        out.append(_text(x + swatch + 5, y, label))
        x += width + gap
    return out, y + 4


def weekly_chart_svg(plan: Plan, *, width: int = 640, height: int = 260,
                     id_prefix: str = "chart") -> Markup:
    """The plan week by week as an inline SVG: bars of running minutes, a descent line,
    phase bands and deload marks, with a title and a <desc> that says it in words."""
    weeks = plan.weeks
    n = max(len(weeks), 1)
    unit = elevation_unit(plan.athlete.units)
    descents = [None if w.downhill is None
                else in_elevation_units(w.downhill.descent_m, plan.athlete.units) for w in weeks]
    known = [d for d in descents if d is not None]
    budget = _race_descent(plan)  # the race's descent, beside the peak weeks' (same axis)
    top_minutes = max((w.planned_minutes for w in weeks), default=0)
    tops = known + ([budget] if budget is not None else [])
    intervals, step_l, step_r = _scales(top_minutes, max(tops) if tops else None)
    ticks_l = [hours_minutes(step_l * i) for i in range(intervals + 1)]
    ticks_r = [str(step_r * i) for i in range(intervals + 1)] if step_r else []

    # Horizontal frame: tick labels outside the plot on both sides.
    left = round(max(_text_width(t) for t in [*ticks_l, "Week", "h:mm"]) + 12)
    right = width - round(max((_text_width(t) for t in [*ticks_r, unit]), default=0) + 12)
    slot = (right - left) / n

    # Vertical frame: legend, then the phase-label strip, the value area and the week labels.
    legend_items = [("bar", "Running time (h:mm)")]
    if any(w.deload for w in weeks):
        legend_items.append(("deload", "Deload week (D)"))
    if known:
        legend_items.append(("line", f"Downhill descent ({unit})"))
    if budget is not None and step_r is not None:
        legend_items.append(("race", "Race course descent"))
    legend_items.append(("band", "Phase"))
    legend, legend_bottom = _legend(legend_items, left, right, 12)
    plot_top = legend_bottom + 8
    value_top = plot_top + 26
    base = height - (34 if any(w.deload for w in weeks) else 22)
    value_h = max(base - value_top, 1)

    def y_minutes(value: float) -> float:
        return base - value / (intervals * step_l) * value_h

    def y_descent(value: float) -> float:
        assert step_r is not None
        return base - value / (intervals * step_r) * value_h

    def cx(index: int) -> float:
        return left + slot * (index + 0.5)

    title = f"{plan.athlete.name}: weekly running time and downhill descent"
    parts = [
        _tag("title", {"id": f"{id_prefix}-title"}, str(escape(title))),
        _tag("desc", {"id": f"{id_prefix}-desc"}, str(escape(_describe(plan)))),
    ]

    # Phase bands, each labelled at its top if the label fits.
    for band, (phase, first, last) in enumerate(_phase_runs(weeks)):
        x0, x1 = left + slot * first, left + slot * (last + 1)
        parts.append(_tag("rect", {
            "x": x0, "y": plot_top, "width": x1 - x0, "height": base - plot_top,
            "fill": BANDS[band % 2], "data-phase": phase,
            "data-weeks": f"{weeks[first].number}-{weeks[last].number}",
        }))
        label = phase.capitalize()
        if _text_width(label) + 8 <= x1 - x0:
            parts.append(_text((x0 + x1) / 2, plot_top + 13, label, anchor="middle",
                               fill=MUTED, weight="bold"))

    # Gridlines with tick labels: running time on the left, descent (accent) on the right.
    parts.append(_text(left - 6, plot_top + 13, "h:mm", anchor="end", fill=MUTED))
    if ticks_r:
        parts.append(_text(right + 6, plot_top + 13, unit, fill=ACCENT))
    for i in range(intervals + 1):
        y = base - value_h * i / intervals
        if i:
            parts.append(_tag("line", {"x1": left, "y1": y, "x2": right, "y2": y,
                                       "stroke": GRID, "stroke-width": 0.6}))
        parts.append(_text(left - 6, y + 3.5, ticks_l[i], anchor="end", fill=MUTED))
        if ticks_r:
            parts.append(_text(right + 6, y + 3.5, ticks_r[i], fill=ACCENT))

    # Bars: one per week, deload weeks lighter.
    bar_w = min(slot * 0.62, 40)
    for index, week in enumerate(weeks):
        top = y_minutes(week.planned_minutes)
        descent = descents[index]
        tip = (f"Week {week.number} ({week.phase}{', deload' if week.deload else ''}): "
               f"{format_minutes(week.planned_minutes)} running"
               + ("" if descent is None else f", {round(descent)} {unit} descent"))
        attrs: dict[str, object] = {
            "x": cx(index) - bar_w / 2, "y": top, "width": bar_w, "height": base - top,
            "fill": BAR_DELOAD if week.deload else BAR,
        }
        if week.deload:
            attrs.update({"stroke": BAR, "stroke-width": 0.6})
        attrs.update({"data-week": week.number, "data-minutes": week.planned_minutes})
        if week.deload:
            attrs["data-deload"] = "true"
        parts.append(_tag("rect", attrs, _tag("title", {}, str(escape(tip)))))
    parts.append(_tag("line", {"x1": left, "y1": base, "x2": right, "y2": base,
                               "stroke": INK, "stroke-width": 0.8}))

    # Descent line, broken where a week has no downhill session, with a dot per dose.
    if known:
        path, pen_down = [], False
        for index, descent in enumerate(descents):
            if descent is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_num(cx(index))} {_num(y_descent(descent))}")
            pen_down = True
        parts.append(_tag("path", {"d": " ".join(path), "fill": "none", "stroke": ACCENT,
                                   "stroke-width": 1.8, "stroke-linejoin": "round",
                                   "stroke-linecap": "round"}))
        for index, descent in enumerate(descents):
            if descent is not None:
                parts.append(_tag("circle", {
                    "cx": cx(index), "cy": y_descent(descent), "r": 3, "fill": ACCENT,
                    "stroke": "#ffffff", "stroke-width": 1,
                    "data-week": weeks[index].number, "data-descent": round(descent, 1),
                }))

    # The race's descent: a dashed line over the peak weeks (the last weeks without a peak).
    if budget is not None and step_r is not None:
        peak = [i for i, w in enumerate(weeks) if w.phase == "peak"] or [n - 1]
        x0, x1 = left + slot * peak[0], left + slot * (peak[-1] + 1)
        y = y_descent(budget)
        parts.append(_tag("line", {"x1": x0, "y1": y, "x2": x1, "y2": y, "stroke": ACCENT,
                                   "stroke-width": 1.4, "stroke-dasharray": "4 2.5",
                                   "data-race-descent": round(budget, 1)}))
        label = f"Race: {round(budget)} {unit}"
        anchor, at = ("end", x1 - 2) if x1 - _text_width(label) - 2 >= left else ("start", x0)
        parts.append(_text(at, y - 5, label, anchor=anchor, fill=ACCENT, weight="bold"))

    # Week numbers (every k-th if crowded) and deload marks under the bars.
    every = 1
    widest = max((_text_width(str(w.number)) for w in weeks), default=0) + 6
    while slot * every < widest:
        every += 1
    parts.append(_text(left - 6, base + 13, "Week", anchor="end", fill=MUTED))
    for index, week in enumerate(weeks):
        if index % every == 0:
            parts.append(_text(cx(index), base + 13, str(week.number), anchor="middle"))
        if week.deload:
            parts.append(_text(cx(index), base + 26, "D", anchor="middle", fill=MUTED,
                               weight="bold"))

    parts.extend(legend)
    labelled = f"{id_prefix}-title {id_prefix}-desc"
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {int(width)} {int(height)}"'
            f' role="img" aria-labelledby="{escape(labelled)}">')
    return Markup(root + "".join(parts) + "</svg>")


# --- the race course's elevation profile ------------------------------------------------------

#: Fill under the course profile, and the darker band of its descents.
GROUND = "#e6ddd1"


def _distance_in_units(metres: float, units: str) -> float:
    return metres / (METRES_PER_MILE if units == "mi" else 1000.0)


def course_description(course: Course, units: str) -> str:
    """The profile in words, for its <desc>."""
    unit = elevation_unit(units)
    heights = [in_elevation_units(e, units) for _, e in course.elevations()]
    return (f"{len(course.segments)} segments over"
            f" {_distance_in_units(course.distance_m, units):.1f} {units}, from"
            f" {round(heights[0])} {unit} to {round(heights[-1])} {unit}, between"
            f" {round(min(heights))} and {round(max(heights))} {unit};"
            f" {round(in_elevation_units(course.climb_m, units))} {unit} of climb and"
            f" {round(in_elevation_units(course.descent_m, units))} {unit} of descent.")


def course_chart_svg(course: Course, units: str, name: str, *, width: int = 640,
                     height: int = 200, id_prefix: str = "course-chart") -> Markup:
    """The course's elevation profile as an inline SVG, drawn from its segments (so it is the
    profile the pacing card uses), each segment numbered as on the card; descents of −2% and
    steeper in the accent colour. Same helpers and colours as the weekly chart."""
    unit = elevation_unit(units)
    points = [(_distance_in_units(d, units), in_elevation_units(e, units))
              for d, e in course.elevations()]
    total = points[-1][0]
    low, high = min(e for _, e in points), max(e for _, e in points)
    step_y = _nice_step(max(high - low, 1) / 4)
    floor_y = step_y * int(low // step_y)
    ceil_y = step_y * (int(high // step_y) + 1)
    step_x = _nice_step(max(total, 1) / 8)
    ticks_y = list(range(int(floor_y), int(ceil_y) + 1, step_y))
    left = round(max(_text_width(str(t)) for t in [*ticks_y, unit]) + 12)
    right = width - 12
    top, base = 26, height - 22

    def x(value: float) -> float:
        return left + (right - left) * value / total

    def y(value: float) -> float:
        return base - (base - top) * (value - floor_y) / (ceil_y - floor_y)

    title = f"{name}: elevation profile and pacing segments"
    parts = [_tag("title", {"id": f"{id_prefix}-title"}, str(escape(title))),
             _tag("desc", {"id": f"{id_prefix}-desc"},
                  str(escape(course_description(course, units))))]
    for tick in ticks_y:
        parts.append(_tag("line", {"x1": left, "y1": y(tick), "x2": right, "y2": y(tick),
                                   "stroke": GRID, "stroke-width": 0.6}))
        parts.append(_text(left - 6, y(tick) + 3.5, str(tick), anchor="end", fill=MUTED))
    parts.append(_text(left - 6, top - 10, unit, anchor="end", fill=MUTED))
    outline = " ".join(f"L{_num(x(d))} {_num(y(e))}" for d, e in points)
    parts.append(_tag("path", {"d": f"M{_num(x(0))} {_num(base)} {outline} L{_num(x(total))}"
                                    f" {_num(base)} Z", "fill": GROUND}))
    every = 1
    while (right - left) / len(course.segments) * every < 14 and every < len(course.segments):
        every += 1
    for i, (seg, (d0, e0), (d1, e1)) in enumerate(zip(course.segments, points, points[1:],
                                                      strict=False)):
        down = seg.grade_pct <= -2
        parts.append(_tag("line", {
            "x1": x(d0), "y1": y(e0), "x2": x(d1), "y2": y(e1),
            "stroke": ACCENT if down else INK, "stroke-width": 2.4 if down else 1.4,
            "stroke-linecap": "round", "data-segment": i + 1, "data-grade": seg.grade_pct}))
        if i:
            parts.append(_tag("line", {"x1": x(d0), "y1": y(e0), "x2": x(d0), "y2": base,
                                       "stroke": "#ffffff", "stroke-width": 0.8}))
        if i % every == 0:
            parts.append(_text((x(d0) + x(d1)) / 2, min(y(e0), y(e1)) - 6, str(i + 1),
                               anchor="middle", fill=ACCENT if down else MUTED,
                               weight="bold"))
    parts.append(_tag("line", {"x1": left, "y1": base, "x2": right, "y2": base,
                               "stroke": INK, "stroke-width": 0.8}))
    tick = 0
    while tick <= total + 1e-9:
        parts.append(_text(x(tick), base + 13, f"{tick:g}", anchor="middle", fill=MUTED))
        tick += step_x
    parts.append(_text(right, top - 10, f"distance ({units}) →", anchor="end", fill=MUTED))
    labelled = f"{id_prefix}-title {id_prefix}-desc"
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {int(width)} {int(height)}"'
            f' role="img" aria-labelledby="{escape(labelled)}">')
    return Markup(root + "".join(parts) + "</svg>")
