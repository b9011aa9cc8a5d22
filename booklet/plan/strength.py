"""Strength and plyometrics: exercise doses, where the sessions go and what they hold (pure).

The doses (sets, reps, each side) of every exercise at every level are data handed to the
engine: the bundled content blocks' front matter (``dose:`` in content/strength/*.md) is
their source. ``DEFAULT_DOSES`` is a copy of the bundled numbers for callers of the pure
engine that pass none; a test keeps it equal to the bundled front matter, and the project
hands the engine the doses of the blocks it actually loads (a club's own block wins).

Placement (the strength placement rules; ``rules.strength`` checks them independently):

- never on the day before a downhill session, never on two consecutive days (across week
  boundaries too);
- a session with plyometrics at least two days from every downhill session;
- with a goal race: no strength from 3 days out to 2 days after race day, no plyometrics
  from 9 days out;
- two sessions a week (one in taper weeks), fewer only where the athlete's days leave no
  legal arrangement; on a hard day only when no easy day is legal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations, pairwise

ONE_DAY = timedelta(days=1)

#: At most this many landings (plyometric foot contacts) in one session.
MAX_LANDINGS = 24
#: Weeks with drop landings needed before lateral bounds join a session.
DROP_WEEKS_BEFORE_BOUNDS = 2
#: No strength from this many days before race day ...
NO_STRENGTH_BEFORE_RACE = 3
#: ... to this many days after it; no plyometrics from PLYO_DAYS_OUT days before it.
NO_STRENGTH_AFTER_RACE = 2
NO_PLYO_BEFORE_RACE = 9
#: A plyometric session is at least this many days from any downhill session.
PLYO_GAP_DAYS = 2


@dataclass(frozen=True)
class ExerciseDose:
    """One exercise's dose at one level: ``sets`` × ``reps`` (each side when ``each_side``)."""

    sets: int
    reps: int
    each_side: bool = False

    @property
    def landings(self) -> int:
        """Foot contacts, for a landing exercise: sets × reps × 2 sides when each side."""
        return self.sets * self.reps * (2 if self.each_side else 1)


#: exercise slug -> level -> dose.
Doses = Mapping[str, Mapping[str, ExerciseDose]]

D = ExerciseDose
#: The bundled content's doses (content/strength/*.md front matter), kept equal by a test.
DEFAULT_DOSES: dict[str, dict[str, ExerciseDose]] = {
    "calf-raise": {"beginner": D(2, 12), "intermediate": D(3, 15), "advanced": D(3, 15)},
    "single-leg-calf-raise": {"intermediate": D(3, 10, True), "advanced": D(3, 12, True)},
    "hamstring-curl": {"beginner": D(2, 6), "intermediate": D(3, 8), "advanced": D(3, 6, True)},
    "glute-bridge": {"beginner": D(2, 12), "intermediate": D(3, 15), "advanced": D(3, 12)},
    "single-leg-glute-bridge": {"intermediate": D(3, 8, True), "advanced": D(3, 10, True)},
    "step-down": {"beginner": D(2, 8, True), "intermediate": D(3, 10, True),
                  "advanced": D(3, 8, True)},
    "drop-landing": {"beginner": D(2, 5), "intermediate": D(3, 5), "advanced": D(3, 6)},
    "lateral-bound": {"intermediate": D(2, 3, True), "advanced": D(3, 3, True)},
}
del D


def light(dose: ExerciseDose) -> ExerciseDose:
    """Deload and taper weeks: a third of the sets off (rounded up), at least one set."""
    return ExerciseDose(max(1, dose.sets - -(-dose.sets // 3)), dose.reps, dose.each_side)


def fit_landings(doses: list[ExerciseDose]) -> list[ExerciseDose]:
    """Several landing exercises in one session: one set fewer each (as the blocks say), then
    sets off the biggest until the session is within MAX_LANDINGS."""
    if len(doses) > 1:
        doses = [ExerciseDose(max(1, d.sets - 1), d.reps, d.each_side) for d in doses]
    while sum(d.landings for d in doses) > MAX_LANDINGS:
        i = max(range(len(doses)), key=lambda k: (doses[k].sets > 1, doses[k].landings))
        if doses[i].sets == 1:
            return []  # no set is small enough: no landings today
        d = doses[i]
        doses[i] = ExerciseDose(d.sets - 1, d.reps, d.each_side)
    return doses


# --- where the sessions go -----------------------------------------------------------------


def no_strength(day: date, race: date | None) -> bool:
    """Inside the race's no-strength window (3 days out to 2 days after)."""
    return race is not None and -NO_STRENGTH_AFTER_RACE <= (race - day).days \
        <= NO_STRENGTH_BEFORE_RACE


def plyo_allowed(day: date, downhill: set[date], race: date | None) -> bool:
    """At least two days from every downhill session, and not from 9 days out."""
    if any(abs((day - d).days) < PLYO_GAP_DAYS for d in downhill):
        return False
    return race is None or (race - day).days > NO_PLYO_BEFORE_RACE or day > race


def legal_days(athlete_days: list[date], downhill: set[date], race: date | None,
               taken: set[date]) -> list[date]:
    """Days a strength session may go, given the sessions already placed in other weeks."""
    return [d for d in athlete_days
            if d + ONE_DAY not in downhill and not no_strength(d, race)
            and d - ONE_DAY not in taken and d + ONE_DAY not in taken and d not in taken]


def apart(days: tuple[date, ...]) -> bool:
    return all((b - a).days >= 2 for a, b in pairwise(days))


def most_sessions(days: list[date], count: int) -> int:
    """How many sessions, up to ``count``, fit on ``days`` with none on consecutive days."""
    return max((k for k in range(count, 0, -1)
                if any(apart(c) for c in combinations(sorted(days), k))), default=0)


def choose_days(
    athlete_days: list[date],
    hard: set[date],
    downhill: set[date],
    count: int,
    race: date | None,
    taken: set[date],
    want_plyo: bool,
) -> list[date]:
    """The week's strength days: as many as fit (up to ``count``), off hard days where
    possible, with room for the plyometric session when the week has one."""
    legal = legal_days(athlete_days, downhill, race, taken)
    k = most_sessions(legal, count)

    def cost(day: date) -> int:
        c = 0
        if day in hard:
            c += 10  # strength may share a day with an easy run, not with a hard one
        if day - ONE_DAY in downhill:
            c += 1  # legs still sore from the descent
        return c

    options = [c for c in combinations(legal, k) if apart(c)]
    if not options:
        return []

    def total(combo: tuple[date, ...]) -> tuple[int, tuple[date, ...]]:
        c = sum(cost(d) for d in combo)
        if want_plyo and not any(plyo_allowed(d, downhill, race) for d in combo):
            c += 3
        return c, combo

    return list(min(options, key=total))


@dataclass
class History:
    """What the weeks so far did, for the next week's strength: the session days, how many
    weeks had drop landings, and the last loading week's sets of each exercise."""

    days: set[date] = field(default_factory=set)
    drop_weeks: int = 0
