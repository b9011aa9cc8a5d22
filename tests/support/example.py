"""The bundled example project, a base profile for small projects, and reading PDF text."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def weasyprint_log(example_build: Path) -> list[str]:
    """What WeasyPrint logged (warnings and errors) while the ``example_build`` fixture
    rendered the example's booklets, one message a line."""
    return (example_build.parent / "weasyprint.log").read_text(encoding="utf-8").splitlines()
