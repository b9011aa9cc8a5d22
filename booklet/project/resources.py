"""Where the bundled templates and content live: inside the wheel, or at the repo root."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # booklet/


def _bundled(name: str) -> Path:
    # A built wheel carries them inside the package (hatch force-include); a source
    # checkout or editable install finds them beside the package.
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def templates_dir() -> Path:
    return _bundled("templates")


def content_dir() -> Path:
    return _bundled("content")


def schema_path() -> Path:
    return _PACKAGE / "plan" / "plan.schema.json"
