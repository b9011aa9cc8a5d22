"""Shared fixtures: the example project built once, copies of it, and small projects written
into tmp_path (the constants they use live in tests/support/example.py)."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from .support import fuzzing
from .support.example import ATHLETES, BASE_PROFILE, EXAMPLE

# HYPOTHESIS_PROFILE=fuzz runs the input fuzz tests (tests/support/fuzzing.py) at length; the
# default profile is hypothesis's own.
settings.register_profile(
    "fuzz", max_examples=1_000_000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(config, items):
    """When fuzzing, share FUZZ_MINUTES between the collected fuzz tests."""
    chosen = [item for item in items if item.get_closest_marker("fuzz")]
    if fuzzing.FUZZING and chosen:
        fuzzing.FUZZ_SECONDS = fuzzing.FUZZ_MINUTES * 60 / len(chosen)


def pytest_terminal_summary(terminalreporter):
    """`make fuzz` prints how many inputs each fuzz test tried."""
    if fuzzing.FUZZING and fuzzing.EXAMPLES:
        terminalreporter.section("fuzz examples")
        for name, count in sorted(fuzzing.EXAMPLES.items()):
            terminalreporter.write_line(f"{count:>9,}  {name}")
        total = sum(fuzzing.EXAMPLES.values())
        terminalreporter.write_line(f"{total:>9,}  in all ({fuzzing.FUZZ_MINUTES:g} min budget)")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example project built once (with the saddle-stitch PDFs) for tests that read it.
    It is rendered in this process, and what WeasyPrint logged (warnings and errors, one a
    line) is kept beside the output folder, in ``weasyprint.log`` (see
    ``support.example.weasyprint_log``)."""
    from booklet.build import build
    from booklet.project import load_config

    out = tmp_path_factory.mktemp("example") / "build"
    logged: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append(f"{record.levelname}: {record.getMessage()}")

    logger, keep = logging.getLogger("weasyprint"), Keep(logging.WARNING)
    logger.addHandler(keep)
    try:
        result = build(load_config(EXAMPLE, out_dir=out, impose=True, jobs=1))
    finally:
        logger.removeHandler(keep)
    (out.parent / "weasyprint.log").write_text("".join(f"{line}\n" for line in logged),
                                               encoding="utf-8")
    assert result.athletes == ATHLETES
    return out


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
