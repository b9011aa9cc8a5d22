"""Activities from the watch: FIT activity files read with Garmin's SDK (``garmin-fit-sdk``).

The edge to the SDK's Decoder. Each file's running sessions give a day (the watch's local
date where the file says its time offset), the minutes moving and the height lost: the
session's total_descent, else the fall of the altitude records. ``activity_entries`` turns
them into diary entries to merge into the diary (``plan.diary.merge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from garmin_fit_sdk import Decoder, Stream

from ..errors import BookletError, Problem
from ..plan.diary import DiaryEntry
from ..plan.units import format_elevation

#: FIT time counts from 1989-12-31 00:00 UTC; local_timestamp is a plain count of seconds.
FIT_EPOCH = datetime(1989, 12, 31)
RUNNING = frozenset({"running", "trail_running"})
#: Metres of altitude noise ignored between records when adding up a descent.
ALTITUDE_NOISE_M = 0.0


@dataclass(frozen=True)
class Activity:
    """One run the watch recorded."""

    day: date
    minutes: int
    descent_m: float | None
    source: Path


def read_activities(folder: Path) -> list[Activity]:
    """Every running session in the .fit files of ``folder`` (sorted by day); a file that is
    not a readable FIT activity is an error naming it."""
    if not folder.is_dir():
        raise BookletError([Problem("is not a folder of FIT activity files", folder)])
    found, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".fit" or not path.is_file():
            continue
        try:
            found += _read(path)
        except _Unreadable as exc:
            problems.append(Problem(str(exc), path))
    if problems:
        raise BookletError(problems)
    return sorted(found, key=lambda a: (a.day, a.source.name))


class _Unreadable(Exception):
    pass


def _read(path: Path) -> list[Activity]:
    data = bytearray(path.read_bytes())
    decoder = Decoder(Stream.from_byte_array(data))
    if not decoder.is_fit():
        raise _Unreadable("is not a FIT file; copy the activity files from the watch's"
                          " GARMIN/Activity folder")
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise _Unreadable("is damaged (its CRC does not match); copy it from the watch again")
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise _Unreadable(f"cannot be read: {errors[0]}")
    offset = _local_offset(messages.get("activity_mesgs", []))
    records = messages.get("record_mesgs", [])
    out = []
    for session in messages.get("session_mesgs", []):
        if session.get("sport") not in RUNNING or session.get("start_time") is None:
            continue
        seconds = session.get("total_timer_time") or session.get("total_elapsed_time") or 0
        descent = session.get("total_descent")
        if descent is None:
            descent = _descent(records, session)
        start = session["start_time"] + offset
        out.append(Activity(start.date(), round(seconds / 60), descent, path))
    return out


def _local_offset(activities: list[dict]) -> timedelta:
    """The watch's time-zone offset, from the activity message's local_timestamp."""
    for a in activities:
        local, stamp = a.get("local_timestamp"), a.get("timestamp")
        if isinstance(local, int) and stamp is not None:
            naive = FIT_EPOCH + timedelta(seconds=local)
            return naive - stamp.replace(tzinfo=None)
    return timedelta(0)


def _descent(records: list[dict], session: dict) -> float | None:
    """The height lost over the session's records, where they carry altitude."""
    start = session["start_time"]
    end = session.get("timestamp")
    heights = [r.get("enhanced_altitude", r.get("altitude")) for r in records
               if r.get("timestamp") is not None and r["timestamp"] >= start
               and (end is None or r["timestamp"] <= end)]
    heights = [h for h in heights if h is not None]
    if len(heights) < 2:
        return None
    return sum(max(0.0, a - b - ALTITUDE_NOISE_M) for a, b in zip(heights, heights[1:],
                                                                    strict=False))


def activity_entries(activities: list[Activity], units: str) -> list[DiaryEntry]:
    """One diary entry per day with runs: done, the minutes added up, and the descent in a
    note ("watch: 52 min, descent 84 m")."""
    by_day: dict[date, list[Activity]] = {}
    for a in activities:
        by_day.setdefault(a.day, []).append(a)
    out = []
    for day, runs in sorted(by_day.items()):
        minutes = sum(a.minutes for a in runs)
        descents = [a.descent_m for a in runs if a.descent_m is not None]
        note = f"watch: {minutes} min"
        if descents:
            note += f", descent {format_elevation(sum(descents), units)}"
        out.append(DiaryEntry(day, "easy", done=True, minutes=minutes, notes=note))
    return out
