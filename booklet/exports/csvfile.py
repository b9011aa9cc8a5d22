"""Every session of the plan as CSV, for spreadsheets and bulk import (pure).

Columns: date, week, kind, title, minutes, description (the whole workout, as in the
calendar). UTF-8, comma-separated, CRLF line ends (RFC 4180), cells with commas, quotes or
line breaks quoted. A cell that starts with = + - @ (or a tab or carriage return) gets a
leading apostrophe, so a spreadsheet shows it as text and never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from ..plan.model import Plan
from .text import session_description

COLUMNS = ("date", "week", "kind", "title", "minutes", "description")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """'=1+1' -> "'=1+1"; other values unchanged."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def plan_to_csv(plan: Plan, titles: Mapping[str, str] | None = None) -> bytes:
    """A header row and one row per session, in date order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for week in plan.weeks:
        for s in week.sessions:
            row = (s.date.isoformat(), week.number, s.kind, s.title, s.minutes,
                   session_description(s, week, plan, titles))
            writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")
