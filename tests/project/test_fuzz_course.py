"""Fuzzing the course reader: mutated and random GPX files give a course or one clear error
naming the file, never a traceback, a hang or a memory blow-up."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from booklet.project.course import read_course

from ..support.courses import gpx, noisy, rolling
from ..support.fuzzing import fuzz_settings, loads_or_explains, mutated, write

pytestmark = pytest.mark.fuzz

#: A short rolling course, one point a line, so mutations change points, tags and values.
GPX = gpx(noisy(rolling())[:300:3]).replace("><", ">\n<")


@fuzz_settings(40)
@given(mutated(GPX))
def test_mutated_courses(text):
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(read_course, write(folder, "course.gpx", text))


@fuzz_settings(25)
@given(st.one_of(st.binary(max_size=600), st.text(max_size=300),
                 st.binary(max_size=300).map(lambda tail: GPX.encode()[:600] + tail)))
def test_random_course_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(read_course, write(folder, "course.gpx", data))


VALUES = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                   st.sampled_from(["", "x", "1e400", "-0", "45", "NaN", "  7 "]))


@fuzz_settings(25)
@given(st.lists(st.tuples(VALUES, VALUES, st.one_of(st.none(), VALUES)), max_size=30),
       st.booleans())
def test_points_with_strange_values(points, route):
    tag = "rtept" if route else "trkpt"
    rows = "".join(f'<{tag} lat="{lat}" lon="{lon}">'
                   + ("" if ele is None else f"<ele>{ele}</ele>") + f"</{tag}>"
                   for lat, lon, ele in points)
    body = f"<rte>{rows}</rte>" if route else f"<trk><trkseg>{rows}</trkseg></trk>"
    with tempfile.TemporaryDirectory() as folder:
        loads_or_explains(read_course, write(folder, "course.gpx", f"<gpx>{body}</gpx>"))
