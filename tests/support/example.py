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


def recovery_lines(athlete: str) -> list[str]:
    """The plain text of each interval line of an example athlete's plan ("4 × (30 s downhill
    at …, walk back up 2 min)", "3 × 8 min at threshold, 90 s easy jog between")."""
    from booklet.plan.wording import plain, session_lines
    from booklet.project import load_athlete

    plan = load_athlete(EXAMPLE / "athletes" / f"{athlete}.yaml").plan
    lines = []
    for session in plan.sessions:
        if not any(st.part == "recovery" and st.repeat > 0 for st in session.steps):
            continue
        main = next(line for line in session_lines(session, plan.athlete.units)
                    if "between" in line.text or "walk back up" in line.text)
        lines.append(plain(main.text))
    return lines
