"""Every bad profile field gives a message naming the file, the key and (where known) the line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from booklet.errors import BookletError, ProfileError
from booklet.project import load_profile

from ..support.example import BASE_PROFILE


def write(tmp_path: Path, text: str, name: str = "runner.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace_line(key: str, new: str | None) -> str:
    """BASE_PROFILE with the line for `key` replaced (or removed when new is None)."""
    lines = []
    for line in BASE_PROFILE.splitlines():
        if line.startswith(f"{key}:"):
            if new is not None:
                lines.append(new)
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def test_valid_profile_loads(tmp_path):
    profile = load_profile(write(tmp_path, BASE_PROFILE))
    assert profile.id == "runner"
    assert profile.level == "intermediate"
    assert profile.start == date(2027, 1, 4)
    assert profile.days == ("tue", "thu", "sat", "sun")
    assert profile.recent_race.distance == 10000
    assert profile.recent_race.time == 48 * 60
    assert profile.units == "km"


BAD_FIELDS = [
    # (key, replacement line, key named in the error, fragment of the message, line)
    ("level", "level: expert", "level", "'beginner', 'intermediate' or 'advanced'", 2),
    ("start", "start: 2027-02-30", "start", "day value is outside expected range", 3),
    ("start", "start: next monday", "start", "valid date", 3),
    ("weeks", "weeks: 4", "weeks", "greater than or equal to 6", 4),
    ("weeks", "weeks: 30", "weeks", "less than or equal to 24", 4),
    ("days", "days: [tue, thu, sat, funday]", "days[3]", "'mon', 'tue'", 5),
    ("days", "days: [tue, thu]", "days", "at least 4", 5),
    ("days", "days: [tue, tue, sat, sun]", "days", "only once", 5),
    ("long_run", "long_run: mon", "long_run", "not one of the running days", 6),
    ("weekly_minutes", "weekly_minutes: lots", "weekly_minutes", "valid integer", 7),
    ("weekly_minutes", "weekly_minutes: 20", "weekly_minutes", "greater than or equal to 60", 7),
    ("recent_race", 'recent_race: {distance: 7 miles, time: "48:00"}', "recent_race.distance",
     "unknown distance", 8),
    ("recent_race", 'recent_race: {distance: 10k, time: "forty"}', "recent_race.time",
     "mm:ss", 8),
    ("recent_race", 'recent_race: {distance: 10k, time: "4:00"}', "recent_race",
     "not a plausible", 8),
    ("hill", "hill: {grade: -4, length_m: 500}", "hill.grade", "greater than 0", 9),
    ("hill", "hill: {grade: 4}", "hill.length_m", "required", 9),
    # no descent at all is a flat-only athlete (the plan warns); both forms at once is refused
    ("hill", "hill: {grade: 4, length_m: 500}\ndescents: [{name: Park, grade: 3, length_m: 400}]",
     "hill", "not both", 9),
    ("name", "nmae: Test Runner", "nmae", "did you mean 'name'?", 1),
]


@pytest.mark.parametrize(("key", "new", "named", "fragment", "line"), BAD_FIELDS)
def test_bad_field_names_file_key_and_line(tmp_path, key, new, named, fragment, line):
    path = write(tmp_path, replace_line(key, new))
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    problems = caught.value.problems
    match = [p for p in problems if p.key == named]
    assert match, f"no problem for key {named}: {[str(p) for p in problems]}"
    problem = match[0]
    assert fragment in problem.message
    assert problem.file == path
    assert problem.line == line
    assert str(path) in str(problem) and f"key '{named}'" in str(problem)


def test_yaml_syntax_error_names_line(tmp_path):
    path = write(tmp_path, BASE_PROFILE.replace("weeks: 12", "weeks: [12"))
    with pytest.raises(BookletError) as caught:
        load_profile(path)
    problem = caught.value.problems[0]
    assert "YAML syntax error" in problem.message
    assert problem.line is not None and 4 <= problem.line <= 6


def test_duplicate_key_is_an_error(tmp_path):
    path = write(tmp_path, BASE_PROFILE + "level: beginner\n")
    with pytest.raises(BookletError) as caught:
        load_profile(path)
    assert caught.value.problems[0].key == "level"
    assert "twice" in caught.value.problems[0].message


def test_race_outside_last_week_suggests_a_start(tmp_path):
    text = BASE_PROFILE + "race: {name: Spring Half, date: 2027-05-02, distance: half}\n"
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, text))
    problem = caught.value.problems[0]
    assert problem.key == "race.date"
    assert "use start: 2027-02-08" in problem.message
    assert "weeks: 17" in problem.message


def test_race_without_start_counts_back_from_race(tmp_path):
    text = replace_line("start", None) + (
        "race: {name: Spring Half, date: 2027-03-28, distance: half}\n")
    profile = load_profile(write(tmp_path, text))
    assert profile.start == date(2027, 1, 4)  # Monday, 11 weeks before race week's Monday
    assert profile.end == date(2027, 3, 28)


def test_no_start_and_no_race(tmp_path):
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, replace_line("start", None)))
    assert caught.value.problems[0].key == "start"


def test_id_in_file_is_rejected(tmp_path):
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, "id: someone\n" + BASE_PROFILE))
    assert "file name" in caught.value.problems[0].message


def test_notes_stay_text(tmp_path):
    profile = load_profile(write(tmp_path, BASE_PROFILE + 'notes: "<script>x</script>"\n'))
    assert profile.notes == "<script>x</script>"


def test_not_a_mapping(tmp_path):
    with pytest.raises(ProfileError):
        load_profile(write(tmp_path, "- just\n- a list\n"))


def test_bad_file_name_is_a_bad_id(tmp_path):
    with pytest.raises(ProfileError) as caught:
        load_profile(write(tmp_path, BASE_PROFILE, name="Ana Ruiz.yaml"))
    assert caught.value.problems[0].key == "id"
