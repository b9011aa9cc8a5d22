"""Reading race.course: a GPX file beside the profile or in the project, and one clear
error (naming the file, saying what to do) for everything that cannot be used."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from booklet.cli import main
from booklet.errors import ProfileError
from booklet.project import load_athlete

from ..support.courses import VALLEY, gpx, legs, rolling, sampled, straight_descent
from ..support.example import BASE_PROFILE

RACE = "race: {name: Valley Half, date: 2027-03-28, distance: half, course: %s}\n"


def project(tmp_path, course: str = "courses/valley.gpx", text: str | None = None):
    (tmp_path / "booklet.toml").write_text('title = "T"\n', encoding="utf-8")
    (tmp_path / "athletes").mkdir()
    (tmp_path / "courses").mkdir()
    if text is not None:
        (tmp_path / "courses" / "valley.gpx").write_text(text, encoding="utf-8")
    profile = tmp_path / "athletes" / "runner.yaml"
    profile.write_text(BASE_PROFILE + RACE % course, encoding="utf-8")
    return profile


def test_a_course_in_the_project_shapes_the_plan(tmp_path):
    profile = project(tmp_path, text=gpx(sampled(legs(VALLEY), 21100)))
    athlete = load_athlete(profile, roots=(tmp_path,))
    course = athlete.plan.race.course
    assert course is not None and course.distance_m == 21100
    assert any(w.course_focus for w in athlete.plan.weeks)


def test_a_course_beside_the_profile_and_a_route(tmp_path):
    profile = project(tmp_path, course="valley.gpx")
    (profile.parent / "valley.gpx").write_text(gpx(straight_descent(), route=True),
                                               encoding="utf-8")
    athlete = load_athlete(profile)
    assert athlete.plan.race.course.descent_m == 120


def problem_of(profile, roots=()):
    with pytest.raises(ProfileError) as info:
        load_athlete(profile, roots=roots)
    (problem,) = info.value.problems
    return problem


def test_a_missing_course_names_the_profile_line_and_key(tmp_path):
    problem = problem_of(project(tmp_path, course="courses/nope.gpx"))
    assert problem.file.name == "runner.yaml" and problem.key == "race.course"
    assert problem.line == 10 and "is not there" in problem.message


@pytest.mark.parametrize(("text", "says"), [
    (gpx([(d, None) for d, _ in rolling()]), "has no elevation"),
    (gpx([(d, None if i % 3 else e) for i, (d, e) in enumerate(rolling())]),
     "has an elevation at only"),
    ("<gpx><trk><trkseg><trkpt lat='45' lon='7'>", "not a readable GPX file"),
    ("<gpx version='1.1'></gpx>", "no track or route"),
    (gpx(sampled(legs([(400, 45), (1000, 0)]), 1400)), "not believable"),
    ('<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>', "DOCTYPE"),
    ("<gpx><trk><trkseg><trkpt lat='91' lon='7'><ele>1</ele></trkpt>"
     "<trkpt lat='45' lon='7'><ele>1</ele></trkpt></trkseg></trk></gpx>", "no usable position"),
])
def test_unusable_course_files_are_one_clear_error(tmp_path, text, says):
    profile = project(tmp_path, text=text)
    problem = problem_of(profile, (tmp_path,))
    assert problem.file == tmp_path / "courses" / "valley.gpx"
    assert says in problem.message
    assert "export" in problem.message  # and how to fix it


def test_a_course_outside_the_project_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.gpx"
    outside.write_text(gpx(straight_descent()), encoding="utf-8")
    inner = tmp_path / "club"
    inner.mkdir()
    profile = project(inner, course="../elsewhere.gpx")
    problem = problem_of(profile, (inner,))
    assert problem.key == "race.course" and "outside the project" in problem.message


def test_the_cli_reports_a_bad_course_without_a_traceback(tmp_path):
    profile = project(tmp_path, text=gpx([(d, None) for d, _ in rolling()]))
    result = CliRunner().invoke(main, ["plan", str(profile)])
    assert result.exit_code != 0
    assert "error:" in result.output and "valley.gpx" in result.output
    assert "has no elevation" in result.output and "Traceback" not in result.output
