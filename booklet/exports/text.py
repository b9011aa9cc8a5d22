"""Sessions and weeks as plain text in the athlete's units, shared by the exports (pure).

Calendars and spreadsheets carry the whole workout in one text field, so these say what the
plan page's session cards say (both are written by ``booklet.plan.wording``): the session's
lines with their targets, then the blocks to read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from ..plan import wording
from ..plan.model import KIND_LABELS, Plan, Session, Week

#: Typographic characters the watch-facing exports (FIT names) replace with ASCII.
_ASCII = str.maketrans({"×": "x", "−": "-", "–": "-", "—": "-", "·": "-", "’": "'"})


def ascii_text(text: str) -> str:
    """'5 × 30 s at −3%' -> '5 x 30 s at -3%', 'São' -> 'Sao': for devices with small fonts."""
    plain = unicodedata.normalize("NFKD", wording.plain(text).translate(_ASCII))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def session_headline(session: Session) -> str:
    """'Downhill tempo: 5 × 30 s at −3% · 52 min · on your descent'."""
    return wording.plain(f"{session.title} · {wording.session_meta(session)}")


def session_summary(session: Session) -> str:
    """A short calendar title: the session's own title, with the time for plain runs."""
    if session.kind in ("easy", "long", "mobility"):
        return wording.plain(f"{session.title}, {wording.session_time(session)}")
    return session.title


def reading_line(session: Session, titles: Mapping[str, str] | None = None) -> str:
    """'Read: Posture, Warmup drills, ...' (block ids where no title is known), or ''."""
    if not session.blocks:
        return ""
    names = [(titles or {}).get(block_id, block_id) for block_id in session.blocks]
    return "Read: " + ", ".join(names) + "."


def session_description(session: Session, week: Week, plan: Plan,
                        titles: Mapping[str, str] | None = None) -> str:
    """The whole session as text: headline, week, numbered steps, the blocks to read."""
    lines = [session_headline(session), f"{week_label(week, plan)} · "
             f"{KIND_LABELS.get(session.kind, session.kind)}", ""]
    lines.append(wording.session_text(session, plan.athlete.units))
    reading = reading_line(session, titles)
    if reading:
        lines += ["", reading]
    return "\n".join(lines)


def week_label(week: Week, plan: Plan) -> str:
    """'Week 3 of 12, base' or 'Week 4 of 12, build (deload)'."""
    deload = " (deload)" if week.deload else ""
    return f"Week {week.number} of {len(plan.weeks)}, {week.phase}{deload}"


def week_summary(week: Week) -> str:
    """A week's calendar title: 'Week 3: base' or 'Week 4: build, deload'."""
    return f"Week {week.number}: {week.phase}" + (", deload" if week.deload else "")


def week_description(week: Week, plan: Plan) -> str:
    """Phase, focus, planned running and the downhill set of one week."""
    units = plan.athlete.units
    lines = [week_label(week, plan)]
    if week.focus:
        lines.append(week.focus)
    lines += ["", f"Running: {wording.minutes(week.planned_minutes)}."]
    dose = week.downhill
    if dose is not None:
        target = (wording.effort(dose.rpe) if dose.target_s_per_km is None
                  else wording.pace(dose.target_s_per_km, units))
        lines.append(f"Downhill set: {wording.dose(dose)}, {target};"
                     f" descent {wording.elevation(dose.descent_m, units)}.")
    else:
        lines.append("No downhill session this week.")
    return wording.plain("\n".join(lines))
