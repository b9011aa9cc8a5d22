"""The back-off rules as data: a soreness rating in, a decision out (pure).

One registry for the re-planner (``replan``) and the diary chapter, whose decision table is
``{{back-off-table}}`` (``library.numbers``): the soreness ranges, the decisions' names and
the levels each restriction waits for are written once, here.

A rating is the higher of a downhill session's 48 h and 72 h soreness (0-6). The rating's
row moves one row down (the more cautious one) for unusual fatigue or when soreness
persists: a 72 h rating of at least 1 and no lower than the 48 h one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: What the sessions from the rating until the next downhill session that stays become:
#: easy runs instead of flat quality (and a retest), very easy jogs, or no running at all.
Swap = Literal["easy", "jog", "rest"]

#: The longest very easy jog while soreness is watched closely.
JOG_MAX_MIN = 30
#: Soreness still above the watched level by this day after the session: see a professional.
WATCH_DAY = 5
#: The highest soreness rating on the scale.
TOP_SORENESS = 6


@dataclass(frozen=True)
class BackOff:
    """One row of the decision table."""

    low: int
    high: int
    name: str
    #: No rise at the next downhill session.
    hold: bool = False
    #: The working dose goes one step down (undoing the last rise).
    drop: bool = False
    #: The next downhill session becomes an easy run on the flat.
    skip: bool = False
    swap: Swap | None = None
    #: The rating the restriction waits for ("at N or less").
    until: int | None = None

    @property
    def soreness(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @property
    def advice(self) -> str:
        """What to do next, as the chapter's table says it."""
        if not (self.hold or self.drop or self.skip):
            return ("Next downhill session as planned. A [progression](../planning/progression.md)"
                    " step is fine if one is due.")
        if self.hold:
            return ("Train as planned, but repeat the same downhill session. No new step until"
                    f" a session leaves you at {self.until} or less.")
        if self.swap == "easy" and not self.skip:
            return (f"Undo the last progression step. Easy runs only until you are at"
                    f" {self.until} or less.")
        if self.swap == "easy":
            return ("Replace it with an easy flat run, then return one step lower. Flat quality"
                    f" only once you are at {self.until} or less.")
        if self.swap == "jog":
            return (f"Walk, cycle or jog very easy (at most {JOG_MAX_MIN} min). If you are not at"
                    f" {self.until} or less by day {WATCH_DAY}, see a professional; come back"
                    " one step lower.")
        return ("No running until a doctor or physical therapist has checked you; come back one"
                " step lower.")


RULES: tuple[BackOff, ...] = (
    BackOff(0, 1, "Carry on"),
    BackOff(2, 2, "Hold the dose", hold=True, until=1),
    BackOff(3, 3, "Drop a step", drop=True, swap="easy", until=2),
    BackOff(4, 4, "Skip the next downhill", drop=True, skip=True, swap="easy", until=1),
    BackOff(5, 5, "Skip, and watch closely", drop=True, skip=True, swap="jog", until=2),
    BackOff(6, TOP_SORENESS, "See a professional", drop=True, skip=True, swap="rest"),
)


def persistent(soreness_48h: int | None, soreness_72h: int | None) -> bool:
    """Soreness that persists: still there at 72 h, and no lower than at 48 h."""
    return (soreness_72h is not None and soreness_72h >= 1
            and (soreness_48h is None or soreness_72h >= soreness_48h))


def rating(soreness_48h: int | None, soreness_72h: int | None) -> int | None:
    """The higher of the 48 h and 72 h ratings (None when neither was given)."""
    given = [s for s in (soreness_48h, soreness_72h) if s is not None]
    return max(given) if given else None


def decide(score: int, one_row_down: bool = False) -> BackOff:
    """The decision for a rating, one row more cautious when fatigue or persistence says so."""
    index = next(i for i, rule in enumerate(RULES) if rule.low <= score <= rule.high)
    return RULES[min(len(RULES) - 1, index + one_row_down)]


def table() -> str:
    """The decision table, as the diary chapter prints it."""
    rows = [f"| {r.soreness} | {r.name} | {r.advice} |" for r in RULES]
    return "\n".join(["| Soreness at 48-72 h | Decision | What to do next |",
                      "| --- | --- | --- |", *rows])


# --- the re-plan's own rules (the diary chapter's "When you re-plan") ---------------------

MISSED_SESSION = "Missed session"
MISSED_WEEK = "Missed week"
RETEST = "Retest"
LOWER_PEAK = "Lower peak"
#: A week with less than this share of its planned minutes done is a missed week.
MISSED_WEEK_SHARE = 0.5
#: Rules that take sessions away (the weeks they touch are not load references).
SWAPPING: frozenset[str] = frozenset(r.name for r in RULES if r.swap or r.skip)
#: Rules that may lower the working dose.
LOWERING: frozenset[str] = frozenset({*(r.name for r in RULES if r.drop), MISSED_WEEK, RETEST})
#: Rules that keep a dose longer than the plan rules would.
HOLDING: frozenset[str] = frozenset({*(r.name for r in RULES if r.hold or r.drop),
                                     MISSED_SESSION, MISSED_WEEK, RETEST})
#: Rules that keep strength away too (no running, no strength).
RESTING: frozenset[str] = frozenset(r.name for r in RULES if r.swap == "rest")
