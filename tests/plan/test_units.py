"""Display helpers: paces, distances and durations in the athlete's units."""

from __future__ import annotations

import pytest

from booklet.plan.units import (
    format_clock,
    format_distance,
    format_elevation,
    format_grade,
    format_minutes,
    format_pace,
    format_pace_range,
    format_seconds,
)


def test_pace_in_km_and_miles():
    assert format_pace(255, "km") == "4:15 /km"
    assert format_pace(255, "mi") == "6:50 /mi"


def test_pace_range_puts_the_fast_end_first():
    assert format_pace_range((334, 296), "km") == "4:56–5:34 /km"
    assert format_pace_range([296.2, 296.4], "km") == "4:56 /km"


@pytest.mark.parametrize(
    ("metres", "units", "text"),
    [(400, "km", "400 m"), (5000, "km", "5.0 km"), (21097.5, "km", "21.1 km"),
     (400, "mi", "0.25 mi"), (5000, "mi", "3.1 mi")],
)
def test_distance(metres, units, text):
    assert format_distance(metres, units) == text


def test_elevation():
    assert format_elevation(24.4, "km") == "24 m"
    assert format_elevation(24.4, "mi") == "80 ft"


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45 min"), (65, "1 h 05 min"), (180, "3 h 00 min"), (0, "0 min")]
)
def test_minutes(minutes, text):
    assert format_minutes(minutes) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(45, "45 s"), (90, "90 s"), (600, "10 min"), (150, "2 min 30 s")]
)
def test_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_clock_and_grade():
    assert format_clock(1790) == "29:50"
    assert format_clock(5190) == "1:26:30"
    assert format_grade(3) == "−3%"
    assert format_grade(3.5) == "−3.5%"
