"""Which files are athletes: every profile-like name is read or reported, ids are unique and
none of them is a name the site uses for its own pages."""

from __future__ import annotations

import os

import pytest

from booklet.build import RESERVED_IDS, build
from booklet.project import load_config, load_project

from ..support.example import BASE_PROFILE


def problems_of(root) -> dict[str, str]:
    loaded = load_project(load_config(root), RESERVED_IDS)
    return {p.file.name: p.message for p in loaded.problems}


def test_yaml_and_yml_with_one_id_are_both_refused_naming_each_other(project, tmp_path):
    root = project({"athletes/ok.yaml": BASE_PROFILE, "athletes/ok.yml": BASE_PROFILE})
    result = build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    found = {p.file.name: p.message for p in result.problems}
    assert set(found) == {"ok.yaml", "ok.yml"}
    assert "ok.yml" in found["ok.yaml"] and "ok.yaml" in found["ok.yml"]
    assert "athlete id 'ok' is also used by" in found["ok.yaml"]
    assert result.athletes == ["runner-1"] and result.failures == 2 and not result.ok


@pytest.mark.parametrize("name", sorted(RESERVED_IDS))
def test_an_id_the_site_uses_is_refused(project, tmp_path, name):
    root = project({f"athletes/{name}.yaml": BASE_PROFILE})
    result = build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    (problem,) = result.problems
    assert problem.file.name == f"{name}.yaml"
    assert f"athlete id '{name}' is the name of one of the site's own pages" in problem.message
    assert result.athletes == ["runner-1"]
    library = (tmp_path / "o" / "site" / "library" / "index.html").read_text()
    assert "Test Runner" not in library  # the library index is the library's


def test_the_reserved_ids_are_what_the_site_writes_at_its_top(project, tmp_path):
    root = project({"booklet.toml": 'base_url = "https://example.org/plans/"\n'})
    build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    top = {p.name.split(".")[0] for p in (tmp_path / "o" / "site").iterdir()}
    assert top - {"runner-1"} == RESERVED_IDS


def test_check_refuses_a_reserved_id_too(project):
    root = project({"athletes/assets.yaml": BASE_PROFILE})
    assert "site's own pages" in problems_of(root)["assets.yaml"]


def test_upper_case_suffixes_are_profiles(project):
    root = project({"athletes/ana.YAML": BASE_PROFILE, "athletes/ben.Yml": BASE_PROFILE})
    loaded = load_project(load_config(root))
    assert [a.profile.id for a in loaded.athletes] == ["ana", "ben", "runner-1"]


def test_a_broken_link_or_a_folder_is_reported_not_skipped(project):
    root = project()
    athletes = root / "athletes"
    os.symlink(athletes / "gone.yaml", athletes / "ana.yaml")
    (athletes / "ben.yml").mkdir()
    found = problems_of(root)
    assert "is a broken symbolic link" in found["ana.yaml"]
    assert "is a folder, not a profile" in found["ben.yml"]
    assert load_project(load_config(root)).failed == {"ana", "ben"}  # earlier pages kept


def test_a_link_to_a_profile_is_read(project):
    root = project()
    os.symlink(root / "athletes" / "runner-1.yaml", root / "athletes" / "twin.yaml")
    loaded = load_project(load_config(root))
    assert [a.profile.id for a in loaded.athletes] == ["runner-1", "twin"]
