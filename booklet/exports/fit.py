"""Garmin FIT workout files (file type 5) for the downhill tempo, quality and test sessions.

The edge to Garmin's official FIT SDK (``garmin-fit-sdk``), whose Encoder writes the header,
the definitions and both CRCs. Each file holds a file_id message, a workout message and one
workout_step message per step: warmup, drills and strides, a repeat block of reps and
recoveries, the last rep, cooldown. Durations are times (ms), or a distance (cm) for the
retest's time trial; with paces, targets are speed
ranges (mm/s), otherwise open with the effort in the step's name. The same plan gives the
same bytes: ``time_created`` is the plan's first day and the serial number is derived from
the athlete, date and kind.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, time
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from ..plan.model import Plan, Session, Week
from ..plan.units import DAY_NAMES
from .text import ascii_text
from .workout import WATCH_KINDS, Interval, Item, Repeat, workout_items

FILE_ID, WORKOUT, WORKOUT_STEP = (Profile["mesg_num"][n] for n in
                                  ("FILE_ID", "WORKOUT", "WORKOUT_STEP"))


def _enum(type_name: str, value: str) -> int:
    """A FIT enum value by its profile name, e.g. ('file', 'workout') -> 5. Numbers are what
    every version of the SDK's Encoder writes alike (some keyed the profile by strings)."""
    return next(int(k) for k, v in Profile["types"][type_name].items() if v == value)


WORKOUT_FILE, DEVELOPMENT = _enum("file", "workout"), _enum("manufacturer", "development")
RUNNING, GENERIC = _enum("sport", "running"), _enum("sub_sport", "generic")
TIME, REPEAT = _enum("wkt_step_duration", "time"), _enum("wkt_step_duration",
                                                         "repeat_until_steps_cmplt")
DISTANCE = _enum("wkt_step_duration", "distance")
SPEED, OPEN = _enum("wkt_step_target", "speed"), _enum("wkt_step_target", "open")
INTENSITY = {name: _enum("intensity", name)
             for name in ("warmup", "active", "recovery", "cooldown")}
#: FIT strings are at most 255 bytes; names are kept short for watch screens.
NAME_CHARS, NOTE_CHARS = 48, 200


def file_name(week: Week, session: Session) -> str:
    """'w03-tue-downhill-tempo.fit': stable for the same plan, sorted by week."""
    day = DAY_NAMES[session.date.weekday()].lower()
    return f"w{week.number:02d}-{day}-{session.kind.replace('_', '-')}.fit"


def _speed_mm_s(s_per_km: float) -> int:
    return round(1_000_000 / s_per_km)


def _step(index: int, interval: Interval) -> dict[str, Any]:
    step: dict[str, Any] = {
        "mesg_num": WORKOUT_STEP,
        "message_index": index,
        "wkt_step_name": interval.cue[:NAME_CHARS],
        "duration_type": TIME,
        "duration_value": interval.seconds * 1000,  # duration_time, scale 1000
        "intensity": INTENSITY[interval.intensity],
        "notes": interval.note[:NOTE_CHARS],
    }
    if interval.metres is not None:  # duration_distance, scale 100: centimetres
        step.update(duration_type=DISTANCE, duration_value=round(interval.metres * 100))
    if interval.pace is None:
        step["target_type"] = OPEN
    else:
        fast, slow = interval.pace
        step.update(target_type=SPEED, target_value=0,  # 0: a custom range, not a zone
                    custom_target_value_low=_speed_mm_s(slow),
                    custom_target_value_high=_speed_mm_s(fast))
    return step


def _repeat(index: int, first: int, count: int) -> dict[str, Any]:
    """Go back to step ``first`` until the block has been done ``count`` times."""
    return {"mesg_num": WORKOUT_STEP, "message_index": index,
            "duration_type": REPEAT,
            "duration_value": first,  # duration_step
            "target_value": count}  # repeat_steps


def workout_steps(items: tuple[Item, ...]) -> list[dict[str, Any]]:
    """The workout_step messages of a workout, numbered from 0."""
    steps: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Repeat):
            first = len(steps)
            steps += [_step(len(steps) + n, i) for n, i in enumerate(item.intervals)]
            steps.append(_repeat(len(steps), first, item.count))
        else:
            steps.append(_step(len(steps), item))
    return steps


def session_fit(plan: Plan, week: Week, session: Session) -> bytes:
    """One session as a FIT workout file."""
    steps = workout_steps(workout_items(session))
    created = datetime.combine(plan.start, time(0), tzinfo=UTC)
    serial = zlib.crc32(f"{plan.athlete.id}/{session.date}/{session.kind}".encode()) or 1
    encoder = Encoder()
    encoder.write_mesg({"mesg_num": FILE_ID, "type": WORKOUT_FILE, "manufacturer": DEVELOPMENT,
                        "product": 0, "serial_number": serial, "time_created": created})
    encoder.write_mesg({"mesg_num": WORKOUT, "sport": RUNNING, "sub_sport": GENERIC,
                        "num_valid_steps": len(steps),
                        "wkt_name": ascii_text(f"W{week.number} {session.title}")[:NAME_CHARS]})
    for step in steps:
        encoder.write_mesg(step)
    return encoder.close()


def plan_to_fit(plan: Plan) -> dict[str, bytes]:
    """Every downhill tempo, quality and test session as a FIT workout, by file name."""
    return {file_name(week, s): session_fit(plan, week, s)
            for week in plan.weeks for s in week.sessions if s.kind in WATCH_KINDS}
