"""booklet.toml: defaults, overrides, errors with key and line."""

from __future__ import annotations

import pytest

from booklet.errors import ConfigError
from booklet.project import load_config


def test_defaults_and_paths(project):
    root = project()
    config = load_config(root)
    assert config.settings.paper == "a4"
    assert config.settings.allow_html is False
    assert config.athletes_path == root / "athletes"
    assert config.out_dir == root / "build"


def test_command_line_overrides_the_file(project, tmp_path):
    root = project({"booklet.toml": 'paper = "letter"\n'})
    config = load_config(root, paper="a5", out_dir=tmp_path / "o", athletes=["x"], pdf=False)
    assert config.settings.paper == "a5"
    assert config.out_dir == tmp_path / "o"
    assert config.athletes == ("x",)
    assert config.pdf is False


def test_editions_and_creep_from_the_file_or_the_command_line(project):
    root = project({"booklet.toml": 'print_edition = true\ncreep_mm = 0.8\n'
                                    'coach_contact = "sam@example.org"\n'})
    settings = load_config(root).settings
    assert (settings.print_edition, settings.creep_mm) == (True, 0.8)
    assert settings.coach_contact == "sam@example.org"
    assert load_config(root, print_edition=False, creep_mm=0).settings.print_edition is False
    assert load_config(project()).settings.print_edition is False  # the default: screen only


def test_paths_are_relative_to_the_file(project, tmp_path, monkeypatch):
    root = project({"booklet.toml": 'athletes_dir = "roster"\n'})
    monkeypatch.chdir(tmp_path)
    assert load_config(root).athletes_path == root / "roster"


@pytest.mark.parametrize(("text", "key", "line", "fragment"), [
    ('title = "x"\npaper = "a3"\n', "paper", 2, "'a4', 'letter' or 'a5'"),
    ('unit = "km"\n', "unit", 1, "did you mean 'units'?"),
    ('allow_html = "yes please"\n', "allow_html", 1, "valid boolean"),
    ('base_url = "example.org"\n', "base_url", 1, "should match pattern"),
    ('impose = true\ncreep_mm = -1\n', "creep_mm", 2, "greater than or equal to 0"),
])
def test_bad_settings(project, text, key, line, fragment):
    root = project({"booklet.toml": text})
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    problem = caught.value.problems[0]
    assert (problem.key, problem.line) == (key, line)
    assert fragment in problem.message
    assert problem.file == root / "booklet.toml"


def test_toml_syntax_error(project):
    root = project({"booklet.toml": 'title = "unclosed\n'})
    with pytest.raises(Exception) as caught:
        load_config(root)
    assert "TOML syntax error" in str(caught.value)
    assert "line 1" in str(caught.value)


def test_missing_config_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert "booklet new" in str(caught.value)


def test_a_byte_order_mark_is_accepted(project):
    root = project()
    (root / "booklet.toml").write_bytes(b'\xef\xbb\xbftitle = "Club plans"\npaper = "a5"\n')
    settings = load_config(root).settings
    assert (settings.title, settings.paper) == ("Club plans", "a5")


@pytest.mark.parametrize(("data", "message"), [
    ("a = " + "[" * 5000 + "]" * 5000 + "\n",
     "TOML error: values are nested too deeply; a setting needs no nesting"),
    ("title = " + "9" * 5000 + "\n", "TOML error: Exceeds the limit (4300 digits) for integer"
     " string conversion: value has 5000 digits"),
    ('title = "caf\xe9"\n'.encode("latin-1"),
     "is not UTF-8 text (invalid continuation byte at byte 12); save it as UTF-8"),
    ('title = "x"\n' + "#" * 1_100_000 + "\n",
     "is larger than 1 MB, far more than a booklet file needs; is it the right file?"),
])
def test_hostile_config_is_one_clear_problem(project, data, message):
    root = project()
    path = root / "booklet.toml"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert [str(p) for p in caught.value.problems] == [f"{path}: {message}"]
