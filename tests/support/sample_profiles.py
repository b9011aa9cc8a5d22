"""Profiles for the engine tests: four pinned examples and a hypothesis strategy."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from booklet.plan import LEVELS, WEEKDAYS, Profile
from booklet.plan.limits import MIN_WEEKLY_MINUTES

DISTANCES = st.one_of(st.sampled_from(["5k", "10k", "half", "marathon"]),
                      st.integers(800, 100_000))
RACE_M = {"5k": 5000.0, "10k": 10000.0, "half": 21097.5, "marathon": 42195.0}

# The bundled example club's four runners (examples/club), pinned here as data.
BEGINNER = dict(
    id="ana", name="Ana Ruiz", level="beginner", start=date(2027, 1, 4), weeks=12, units="km",
    days=["tue", "thu", "sat", "sun"], long_run="sun", weekly_minutes=150,
    recent_race={"distance": "5k", "time": "29:40"}, hill={"grade": 3, "length_m": 250},
)
MILES = dict(
    id="ben", name="Ben Okafor", level="intermediate", start=date(2027, 1, 4), weeks=12,
    units="mi", days=["mon", "tue", "thu", "sat", "sun"], long_run="sat", weekly_minutes=240,
    recent_race={"distance": "10k", "time": "46:10"}, hill={"grade": 4.5, "length_m": 600},
)
ADVANCED = dict(
    id="chloe", name="Chloe Martin", level="advanced", weeks=14, units="km",
    days=["mon", "tue", "wed", "thu", "sat", "sun"], long_run="sun", weekly_minutes=360,
    recent_race={"distance": "half", "time": "1:26:30"},
    descents=[{"name": "Park path", "grade": 3.5, "length_m": 600},
              {"name": "Ridge road", "grade": 5, "length_m": 900},
              {"name": "Quarry drop", "grade": 9, "length_m": 300}],
    race={"name": "Valley Descent Half", "date": date(2027, 4, 11), "distance": "half"},
)
NO_RESULT = dict(
    id="dev", name="Dev Patel", level="intermediate", start=date(2027, 1, 11), weeks=10,
    days=["tue", "wed", "fri", "sun"], long_run="sun", weekly_minutes=200,
    hill={"grade": 3.5, "length_m": 350},
)


@st.composite
def recent_races(draw) -> dict:
    distance = draw(DISTANCES)
    metres = RACE_M.get(distance, distance) if isinstance(distance, str) else distance
    speed = draw(st.floats(1.6, 6.9))  # profile validation accepts 1.5..7 m/s
    return {"distance": distance, "time": round(metres / speed)}


@st.composite
def profiles(
    draw,
    level: str | None = None,
    race: bool | None = None,
    recent: bool | None = None,
    weeks: int | None = None,
    short_hills: bool = False,
) -> Profile:
    """A valid profile: one hill, several descents or none (flat only), with or without a
    treadmill; ``short_hills`` gives one hill, often too short for week 1."""
    n = weeks if weeks is not None else draw(st.integers(6, 24))
    days = sorted(draw(st.sets(st.sampled_from(WEEKDAYS), min_size=4, max_size=7)),
                  key=WEEKDAYS.index)
    start = draw(st.dates(date(2025, 1, 1), date(2030, 12, 31)))
    data: dict = {
        "id": "runner",
        "name": "Runner",
        "level": level or draw(st.sampled_from(LEVELS)),
        "weeks": n,
        "units": draw(st.sampled_from(["km", "mi"])),
        "days": days,
        "long_run": draw(st.none() | st.sampled_from(days)),
        "weekly_minutes": draw(st.one_of(st.integers(60, 120), st.integers(60, 900))),
    }
    grades = st.one_of(st.sampled_from([2, 2.5, 3, 4, 5, 6, 8]),
                       st.floats(2.0, 15.0).map(lambda g: round(g, 1)))
    lengths = st.integers(20, 420) if short_hills else st.one_of(
        st.integers(60, 400), st.integers(300, 900), st.integers(300, 5000))
    # one hill (the shorthand), several named descents, or none; a treadmill or not
    where = "hill" if short_hills else draw(st.sampled_from(["hill", "hill", "descents", "none"]))
    if where == "hill":
        data["hill"] = {"grade": draw(grades), "length_m": draw(lengths)}
    elif where == "descents":
        n_descents = draw(st.integers(1, 4))
        data["descents"] = [{"name": f"Descent {i}", "grade": draw(grades),
                             "length_m": draw(lengths)} for i in range(n_descents)]
    if not short_hills and draw(st.integers(0, 3)) == 0:
        data["treadmill"] = {"max_decline": draw(st.sampled_from([1, 2, 3, 4.5, 6, 10, 15]))}
    # a level's plan needs its least weekly volume (the profile refuses less)
    data["weekly_minutes"] = max(data["weekly_minutes"], MIN_WEEKLY_MINUTES[data["level"]])
    with_recent = draw(st.booleans()) if recent is None else recent
    if with_recent:
        data["recent_race"] = draw(recent_races())
    with_race = draw(st.booleans()) if race is None else race
    if with_race:
        race_day = start + timedelta(weeks=n - 1, days=draw(st.integers(0, 6)))
        data["race"] = {"name": "Goal", "date": race_day, "distance": draw(DISTANCES)}
        if draw(st.booleans()):
            data["start"] = start  # else the plan is aligned backwards from race day
    else:
        data["start"] = start
    return Profile(**data)
