"""The race-course rules: how a plan trains for its goal race's course.

With a course that has a sustained descent, every peak working week's downhill session runs
on the athlete's place nearest the course's main descent grade (of the places that carry its
dose); a long run ending downhill does so only in a build or peak loading week, at least 10
days before the race, at a grade within the level's bound and 6%, for a course with a late
descent, and never as more than a third of the run.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..limits import FULL_DOWNHILL_DAYS_OUT, LEVELS, MAX_DESCENT_GRADE, downhill_speed
from ..model import Plan
from ..profile import Profile
from ..rehearsal import FINISH_SHARE, course_aim
from .common import EPS, downhill_sessions, sharpening, week_paces, working


def check_course(plan: Plan, profile: Profile) -> Iterator[str]:
    race = plan.race
    course = None if race is None else race.course
    aim = course_aim(course, profile.level, plan.paces)
    top = min(LEVELS[profile.level].max_grade, MAX_DESCENT_GRADE)
    for week in plan.weeks:
        n = week.number
        for s in week.sessions:
            if s.kind != "long" or len(s.steps) < 2:
                continue
            finish = s.steps[-1]
            grade = finish.target.grade_pct if finish.target else None
            if race is None or aim is None or aim.late is None:
                yield f"week {n}: the long run on {s.date} ends downhill, but the race's"\
                      " course has no late descent"
                continue
            if week.phase not in ("build", "peak") or not working(week):
                yield f"week {n}: a downhill finish in a {week.phase} week that is not a"\
                      " build or peak loading week"
            if (race.date - s.date).days < FULL_DOWNHILL_DAYS_OUT:
                yield f"week {n}: a downhill finish {(race.date - s.date).days} days before"\
                      f" the race (at least {FULL_DOWNHILL_DAYS_OUT})"
            if grade is None or grade > top + EPS:
                yield f"week {n}: a downhill finish at {grade}%, steeper than {top:g}%"
            if (finish.seconds or 0) > FINISH_SHARE * 60 * s.minutes + EPS:
                yield f"week {n}: a downhill finish of {finish.seconds} s in a"\
                      f" {s.minutes} min long run, more than a third of it"
        dose = week.downhill
        if (aim is None or dose is None or week.phase != "peak" or not working(week)
                or sharpening(plan, week) or not downhill_sessions(week)):
            continue
        speed = downhill_speed(profile.level, week_paces(plan, week), dose.grade_pct)
        able = [v for v in profile.venues if v.holds(profile.level, dose.grade_pct)
                and (v.length_m is None or dose.rep_seconds * speed <= v.length_m + EPS)]

        def off(v, grade=dose.grade_pct):
            return abs((grade if v.treadmill else v.grade) - aim.grade)

        used = next((v for v in able if v.name == dose.descent), None)
        if used is not None and any(off(v) < off(used) - EPS for v in able):
            best = min(able, key=off)
            yield f"week {n}: peak reps on {used.name}, although {best.name} is nearer the"\
                  f" course's main descent (−{aim.grade:g}%)"
