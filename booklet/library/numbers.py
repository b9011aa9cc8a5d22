"""The engine's numbers in block bodies: ``{{name}}`` prints one of them (pure).

A chapter that states a figure the plan prescribes (a recovery, a taper share, a starting
dose, the race approach) names it instead of typing it, so the chapter prints the engine's
number and the two cannot drift apart:

* inline values, anywhere in a line: ``{{recovery.min}}`` prints ``2 min``;
* tables, on a line of their own: ``{{recovery-table}}`` prints a Markdown table.

``VALUES`` and ``TABLES`` are the one registry: adding a name is one line. The loader refuses
a name found in neither (with the file, the line and the known names); ``{{dose-table}}``,
which prints a block's own front matter, is handled in ``blocks``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..plan import backoff
from ..plan.limits import (
    DELOAD_MAX_SHARE,
    DESCENT_GRADE_BAND,
    FULL_DOWNHILL_DAYS_OUT,
    HOLD_WEEKS,
    LAST_EASY_DAYS_OUT,
    LAST_EASY_MAX_MIN,
    LEVELS,
    MAX_DESCENT_GRADE,
    MIN_RECOVERY_S,
    NO_LONG_DAYS_OUT,
    RECOVERY_FACTOR,
    SHARPENER_DAYS_OUT,
    SHARPENER_GRADE,
    SHARPENER_REP_SECONDS,
    SHARPENER_REPS,
    STEP_GRADE,
    STEP_REPS,
    STEP_SECONDS,
    TAPER_LONG_SHARE,
    prescribed_recovery,
)
from ..plan.progression import FIRST_DOSE
from ..plan.season import DELOAD_SHARE, TAPER_SHARES
from ..plan.strength import NO_PLYO_BEFORE_RACE, NO_STRENGTH_BEFORE_RACE
from ..plan.units import format_grade, format_minutes, format_seconds

LEVEL_ORDER: tuple[str, ...] = ("beginner", "intermediate", "advanced")


def dose_text(grade: float, reps: int, rep_seconds: int) -> str:
    """4 × 30 s at −3%."""
    return f"{reps} × {rep_seconds} s at {format_grade(grade)}"


def pct(share: float) -> str:
    """0.55 -> 55%."""
    return f"{round(share * 100)}%"


def recovery_rep_lengths() -> list[int]:
    """The rep lengths the recovery table shows: every level's first and longest reps."""
    found = {s for b in LEVELS.values() for s in (*b.first_rep_seconds, b.max_rep_seconds)}
    found |= {seconds for _, _, seconds in FIRST_DOSE.values()}
    return sorted(found)


def recovery_table() -> str:
    rows = [f"| {s} s | {format_seconds(prescribed_recovery('beginner', s))} |"
            for s in recovery_rep_lengths()]
    return "\n".join(["| Rep length | Recovery |", "| --- | --- |", *rows])


def first_doses_table() -> str:
    rows = [f"| {level.capitalize()} | {dose_text(*FIRST_DOSE[level])} |"
            for level in LEVEL_ORDER]
    return "\n".join(["| Level | Week 1 |", "| --- | --- |", *rows])


#: Inline values: name -> (printed text, what it is).
VALUES: dict[str, tuple[str, str]] = {
    "recovery.min": (format_seconds(MIN_RECOVERY_S), "shortest recovery between reps"),
    "recovery.factor": (str(RECOVERY_FACTOR), "recovery is at least this many times the rep"),
    "taper.week1_pct": (pct(TAPER_SHARES[0]), "first taper week's running, of the biggest week"),
    "taper.week1_cut_pct": (pct(1 - TAPER_SHARES[0]), "the cut in the first taper week"),
    "taper.race_week_pct": (pct(TAPER_SHARES[-1]), "race week's running, of the biggest week"),
    "taper.race_week_cut_pct": (pct(1 - TAPER_SHARES[-1]), "the cut in race week"),
    "taper.long_run_pct": (pct(TAPER_LONG_SHARE), "taper long run, of the longest long run"),
    "deload.cut_pct": (pct(1 - DELOAD_SHARE), "how much less a deload week runs"),
    "deload.max_pct": (pct(DELOAD_MAX_SHARE), "a deload's most, of the week before"),
    "race.full_downhill_days": (str(FULL_DOWNHILL_DAYS_OUT),
                                "last full downhill session at least this many days out"),
    "race.sharpener": (dose_text(SHARPENER_GRADE, SHARPENER_REPS, SHARPENER_REP_SECONDS),
                       "the most the race-week sharpener does"),
    "race.sharpener_days": ("{}-{}".format(*SHARPENER_DAYS_OUT), "days out of the sharpener"),
    "race.no_long_days": (str(NO_LONG_DAYS_OUT), "no long run from this many days out"),
    "race.last_easy_days": (str(LAST_EASY_DAYS_OUT), "only easy runs from this many days out"),
    "race.last_easy_max": (format_minutes(LAST_EASY_MAX_MIN), "longest of those easy runs"),
    "race.no_plyo_days": (str(NO_PLYO_BEFORE_RACE), "no plyometrics from this many days out"),
    "race.no_strength_days": (str(NO_STRENGTH_BEFORE_RACE),
                              "no strength from this many days out"),
    "step.grade": (f"{STEP_GRADE:g}", "one step of grade, in percentage points"),
    "descent.band": (f"{DESCENT_GRADE_BAND:g}", "how many points gentler than its descent a"
                     " grade may be, in percentage points"),
    "descent.max": (format_grade(MAX_DESCENT_GRADE), "the steepest grade reps are run at"),
    "step.reps": (str(STEP_REPS), "one step of reps"),
    "step.seconds": (f"{STEP_SECONDS} s", "one step of rep length"),
    **{f"first_dose.{level}": (dose_text(*FIRST_DOSE[level]), f"week 1's dose, {level}")
       for level in LEVEL_ORDER},
    "back-off.jog_max": (format_minutes(backoff.JOG_MAX_MIN),
                         "longest very easy jog while soreness is watched"),
    "back-off.watch_day": (str(backoff.WATCH_DAY),
                           "see a professional if still sore by this day"),
    "replan.missed_week_pct": (pct(backoff.MISSED_WEEK_SHARE),
                               "a week with less of its minutes done is a missed week"),
    "replan.hold_weeks": (str(HOLD_WEEKS), "weeks a dose is held before it rises"),
}
#: Tables, each on a line of its own: name -> (Markdown table, what it is).
TABLES: dict[str, tuple[Callable[[], str], str]] = {
    "recovery-table": (recovery_table,
                       "rep length and recovery, for every level's first and longest reps"),
    "first-doses": (first_doses_table, "level and week 1's downhill dose"),
    "back-off-table": (backoff.table,
                       "soreness at 48-72 h, the decision and what to do next"),
}

#: Any ``{{ ... }}``; the name inside is checked against the registry.
PLACEHOLDER_RE = re.compile(r"\{\{[ \t]*([^{}\n]*?)[ \t]*\}\}")
#: A table's line: the placeholder alone on it.
TABLE_LINE_RE = re.compile(r"^[ \t]*\{\{[ \t]*([a-z0-9-]+)[ \t]*\}\}[ \t]*$", re.MULTILINE)
#: Handled by ``blocks.dose_table`` (it prints the block's own front matter).
DOSE_TABLE = "dose-table"


def known_names() -> list[str]:
    return sorted([*VALUES, *TABLES, DOSE_TABLE])


def problems(body: str, tables: bool = True) -> list[tuple[int, str]]:
    """(offset in body, message) for every placeholder that would not print: an unknown name
    or a table inside a line (or anywhere, without ``tables``: a summary prints values only)."""
    lines = {m.start() for m in TABLE_LINE_RE.finditer(body)} if tables else set()
    found = []
    for m in PLACEHOLDER_RE.finditer(body):
        name = m[1]
        if name in VALUES:
            continue
        if name in TABLES or name == DOSE_TABLE:
            start = body.rfind("\n", 0, m.start()) + 1
            if start not in lines:
                found.append((m.start(), f"{{{{{name}}}}} is a table: put it on a line of its"
                                         " own in the body"))
            continue
        found.append((m.start(), f"unknown {{{{{name}}}}}; known names: "
                                 + ", ".join(known_names())))
    return found


def expand(body: str) -> str:
    """Tables and values printed; ``{{dose-table}}`` and unknown names are left as they are."""
    body = TABLE_LINE_RE.sub(
        lambda m: TABLES[m[1]][0]() if m[1] in TABLES else m[0], body)
    return PLACEHOLDER_RE.sub(lambda m: VALUES[m[1]][0] if m[1] in VALUES else m[0], body)
