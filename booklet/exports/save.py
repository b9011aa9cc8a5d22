"""The exports' file-system edge: write one export file, or a folder of them."""

from __future__ import annotations

from pathlib import Path

from ..errors import BookletError, Problem


def save_one(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (its folder is created); a clear error if that fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise BookletError([Problem(f"cannot write the export: {exc.strerror}", path)]) from None
    return path


def save_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file into ``folder`` (created if missing); the paths written."""
    if folder.exists() and not folder.is_dir():
        raise BookletError([Problem("is a file; give a folder for the FIT workouts", folder)])
    return [save_one(folder / name, data) for name, data in sorted(files.items())]
