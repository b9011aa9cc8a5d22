"""The project on disk: booklet.toml, the athletes and the content, read and checked.

``config`` reads booklet.toml and this run's options; ``athletes`` reads profiles
(athletes/<id>.yaml) and, through ``spreadsheet``, the rows of athletes.csv, each with its
plan; ``load`` reads a whole project (content library and athletes) and ``check`` runs every
rule over it; ``discover`` finds the project a lone profile is in; ``scaffold`` writes a new
project; ``resources`` says where the bundled templates and content are. This package may
import ``booklet.plan``, ``booklet.library``, ``booklet.errors`` and ``booklet.sources``:
never pages, PDFs or the build.
"""

from .athletes import SUFFIXES, Athlete, Roster, load_athlete, load_profile, load_roster
from .check import CheckReport, check_project
from .config import (
    CONFIG_NAME,
    PDF_VARIANTS,
    Paper,
    PdfVariant,
    ProjectConfig,
    ProjectSettings,
    load_config,
    scheduler_address,
)
from .discover import project_config, project_units, units_and_titles
from .load import Project, load_project
from .resources import content_dir, schema_path, templates_dir
from .scaffold import scaffold

__all__ = [
    "CONFIG_NAME", "PDF_VARIANTS", "SUFFIXES", "Athlete", "CheckReport", "Paper", "PdfVariant",
    "Project", "ProjectConfig", "ProjectSettings", "Roster", "check_project",
    "content_dir", "load_athlete", "load_config", "load_profile", "load_project", "load_roster",
    "project_config", "project_units", "scaffold", "scheduler_address", "schema_path",
    "templates_dir", "units_and_titles",
]
