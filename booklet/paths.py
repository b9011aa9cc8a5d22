"""Confinement: a file named by content, a template or a profile is read only from inside the
allowed folders (the project and the bundled templates and content), for the site as for the PDF.

A path is resolved first (``..`` climbed, every symlink followed), so a link that climbs out
and a symlink that points out are caught alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def resolved(path: Path | str) -> Path | None:
    """``path`` made absolute with ``..`` and symlinks resolved; None when the system cannot
    resolve it (a NUL byte, a name too long, a symlink loop)."""
    try:
        return Path(path).resolve()
    except (OSError, ValueError, RuntimeError):
        return None


def inside(path: Path | str, roots: Iterable[Path | str]) -> Path | None:
    """``path`` resolved, when it lies inside one of ``roots`` (resolved too); else None."""
    real = resolved(path)
    if real is None:
        return None
    for root in roots:
        real_root = resolved(root)
        if real_root is not None and real.is_relative_to(real_root):
            return real
    return None


def outside_reason(path: Path | str, roots: Iterable[Path | str]) -> str | None:
    """Why ``path`` may not be read (it climbs out, or is a symlink to a file elsewhere);
    None when it lies inside ``roots``."""
    roots = tuple(roots)
    if inside(path, roots) is not None:
        return None
    real = resolved(path)
    if real is None:
        return "is not a usable file name"
    # Resolve only the folders, not the file: if that stays inside, a symlink leads out.
    parent = resolved(Path(path).parent)
    if parent is not None and inside(parent, roots) is not None and Path(path).is_symlink():
        return f"is a symlink to {real}, outside the project"
    return f"lies outside the project (it is {real})"
