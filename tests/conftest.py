"""Shared fixtures: the bundled example project and small projects written into tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "club"

BASE_PROFILE = """\
name: Test Runner
level: intermediate
start: 2027-01-04
weeks: 12
days: [tue, thu, sat, sun]
long_run: sun
weekly_minutes: 200
recent_race: {distance: 10k, time: "48:00"}
hill: {grade: 4, length_m: 500}
"""


ATHLETES = ["ana-ruiz", "ben-okafor", "chloe-martin", "dev-patel"]


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example project built once (with the saddle-stitch PDFs) for tests that read it."""
    from booklet.build.builder import build
    from booklet.project.config import load_config

    out = tmp_path_factory.mktemp("example") / "build"
    result = build(load_config(EXAMPLE, out_dir=out, impose=True))
    assert result.athletes == ATHLETES
    return out


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of examples/club that a test may change."""
    target = tmp_path / "club"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture
def project(tmp_path: Path):
    """Factory: a tiny project from dedented strings, {relative path: text}."""

    def make(files: dict[str, str] | None = None, *, athletes: int = 1) -> Path:
        root = tmp_path / "proj"
        root.mkdir(exist_ok=True)
        (root / "booklet.toml").write_text('title = "Test plans"\n', encoding="utf-8")
        for index in range(athletes):
            path = root / "athletes" / f"runner-{index + 1}.yaml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(BASE_PROFILE, encoding="utf-8")
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make
