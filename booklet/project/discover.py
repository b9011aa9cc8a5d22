"""Finding the project a lone profile is in (PROJECT/athletes/<id>.yaml), so that `booklet
plan` and `booklet export` use the project's units and content block titles."""

from __future__ import annotations

from pathlib import Path

from ..library import load_library
from .config import CONFIG_NAME, ProjectConfig, load_config
from .resources import content_dir


def project_config(profile: Path) -> ProjectConfig | None:
    """The config of the project a profile is in (PROJECT/athletes/x.yaml), or None."""
    project = profile.resolve().parent.parent
    return load_config(project) if (project / CONFIG_NAME).is_file() else None


def project_units(profile: Path) -> str:
    """A profile inside a project takes the project's default units."""
    config = project_config(profile)
    return config.settings.units if config else "km"


def units_and_titles(profile: Path) -> tuple[str, dict[str, str]]:
    """The default units and the content block titles for a profile: the project's when the
    profile is inside one, else km and the bundled blocks."""
    config = project_config(profile)
    if config is None:
        return "km", load_library([content_dir()]).titles
    return config.settings.units, load_library([content_dir(), config.content_path]).titles
