"""The Jinja edge: one autoescaping environment, project templates first, then the bundled ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from ..errors import Problem, RenderError
from ..paths import outside_reason
from ..plan import units, wording
from ..project import templates_dir
from .ties import tie_fragment

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """'Tue 5 Jan'."""
    return f"{units.DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def long_date(day: date) -> str:
    """'5 January 2027'."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def date_range(first: date, last: date) -> str:
    if first.year != last.year:
        return f"{long_date(first)} – {long_date(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTHS[first.month - 1]} – {last.day} {MONTHS[last.month - 1]}"
    return f"{first.day}–{last.day} {MONTHS[last.month - 1]}"


class ConfinedLoader(FileSystemLoader):
    """Templates from one folder, never through a symlink leading out of ``allowed`` (the
    folders templates are read from): like content images, see ``booklet.paths``."""

    def __init__(self, folder: Path, allowed: tuple[Path, ...]):
        super().__init__(str(folder))
        self.allowed = allowed

    def get_source(self, environment: Environment, template: str) -> tuple:
        source, filename, uptodate = super().get_source(environment, template)
        reason = outside_reason(filename, self.allowed)
        if reason is not None:
            raise TemplateError(
                f"{filename} {reason}; booklet only reads templates inside the templates"
                " folders: copy the file itself into the project's templates folder")
        return source, filename, uptodate


def keep_units(text: str) -> Markup:
    """Text (escaped unless it is already Markup) whose numbers stay on one line with their
    units, a no-break space between them; for the site, where a phone's narrow lines would
    otherwise split "8 km" or "4 × 30 s"."""
    return Markup(tie_fragment(str(escape(text))))


def make_environment(project_templates: Path | None = None) -> Environment:
    """Templates in the project's own folder win over the bundled ones of the same name."""
    folders = [templates_dir()]
    if project_templates is not None and project_templates.is_dir():
        folders.insert(0, project_templates)
    allowed = tuple(folders)
    env = Environment(
        loader=ChoiceLoader([ConfinedLoader(f, allowed) for f in folders]),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        pace=wording.pace,
        pace_range=wording.pace_range,
        distance=wording.distance,
        duration=wording.minutes,
        seconds=wording.length,
        grade=wording.grade,
        elevation=wording.elevation,
        elevation_unit=wording.elevation_unit,
        hours_minutes=wording.hours_minutes,
        dose=wording.dose,
        session_lines=wording.session_lines,
        session_meta=wording.session_meta,
        day=day_label,
        long_date=long_date,
        keep_units=keep_units,
    )
    env.globals["date_range"] = date_range
    return env


def render_template(env: Environment, name: str, **context: Any) -> str:
    """Render one template; template mistakes become a RenderError naming the template."""
    try:
        return env.get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        raise RenderError([Problem(
            f"template syntax error: {exc.message}", Path(exc.filename or name), exc.lineno)]
        ) from None
    except TemplateError as exc:
        raise RenderError([Problem(f"template error: {exc}", Path(name))]) from None
