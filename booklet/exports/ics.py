"""The plan as an iCalendar file (RFC 5545), the edge to the ``icalendar`` package.

One all-day event per session (SUMMARY the session's title, DESCRIPTION the whole workout in
the athlete's units) and one week-long event per week (phase and focus). UIDs are built from
the athlete id, date and kind, so importing a rebuilt calendar updates events rather than
adding copies; DTSTAMP is the plan's first day at midnight UTC, so the same plan gives the
same bytes. Events are transparent: they do not show the athlete as busy.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from ..plan.model import KIND_LABELS, Plan, Session, Week
from .text import session_description, session_summary, week_description, week_summary

PRODID = "-//booklet//plan//EN"
DOMAIN = "booklet"


def session_uid(plan: Plan, session: Session) -> str:
    """'ana-ruiz-2027-01-05-downhill_tempo@booklet'."""
    return f"{plan.athlete.id}-{session.date.isoformat()}-{session.kind}@{DOMAIN}"


def week_uid(plan: Plan, week: Week) -> str:
    """'ana-ruiz-week-03@booklet'."""
    return f"{plan.athlete.id}-week-{week.number:02d}@{DOMAIN}"


def _event(uid: str, stamp: datetime, summary: str, description: str, days: int,
           first: date, category: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)  # a date: VALUE=DATE, an all-day event
    event.add("dtend", first + timedelta(days=days))  # exclusive: the day after the last
    event.add("summary", summary)
    event.add("description", description)
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")
    return event


def plan_to_ics(plan: Plan, titles: Mapping[str, str] | None = None) -> bytes:
    """The calendar of the whole plan; ``titles`` names the content blocks to read."""
    stamp = datetime.combine(plan.start, time(0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = f"{plan.athlete.name}: downhill tempo plan"
    calendar.add("name", name)  # RFC 7986
    calendar.add("x-wr-calname", name)  # the same, for clients that predate RFC 7986
    seen: dict[str, int] = {}
    for week in plan.weeks:
        calendar.add_component(_event(
            week_uid(plan, week), stamp, week_summary(week), week_description(week, plan), 7,
            week.start, "Training week"))
        for session in week.sessions:
            uid = session_uid(plan, session)
            seen[uid] = seen.get(uid, 0) + 1
            if seen[uid] > 1:  # two sessions of one kind on one day: number the later ones
                uid = uid.replace("@", f"-{seen[uid]}@", 1)
            calendar.add_component(_event(
                uid, stamp, session_summary(session),
                session_description(session, week, plan, titles), 1, session.date,
                KIND_LABELS.get(session.kind, session.kind)))
    return calendar.to_ical()
