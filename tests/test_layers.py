"""The package's stages import one way, as the README's "How it fits together" says.

Each module's imports are read from its source (not run), so an import inside a function
counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .support.example import ROOT

PACKAGE = ROOT / "booklet"
#: What each part of booklet may import from booklet ("booklet" itself is only __version__).
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "sources": {"errors"},
    "paths": set(),
    "plan": {"errors"},
    "library": {"errors", "sources", "paths", "plan"},
    "project": {"errors", "sources", "paths", "plan", "library"},
    "exports": {"errors", "plan"},
    "pdf": {"errors", "paths"},
    "render": {"errors", "paths", "plan", "library", "project", "exports", "pdf"},
    "build": {"errors", "paths", "plan", "library", "project", "exports", "pdf", "render"},
    "serve": {"errors", "paths", "project", "build"},
    "cli": {"errors", "plan", "project", "exports", "build", "serve"},
    "__main__": {"cli"},
    "__init__": set(),
}
#: The pure core reads no files and draws nothing: the standard library's pure parts only.
PLAN_MAY_USE = {"__future__", "bisect", "collections", "dataclasses", "datetime", "itertools",
                "math", "re", "typing", "pydantic"}


def part_of(module: str) -> str:
    """booklet.plan.engine -> plan; booklet.cli -> cli; booklet -> booklet."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "booklet"


def imports(path: Path) -> list[str]:
    """Every module the file imports (booklet's resolved to absolute names)."""
    relative = path.relative_to(ROOT).with_suffix("")
    module = ".".join(relative.parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(
        ".__init__")
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if node.module is None or name == "booklet":  # from . import x: x may be a module
                found += [f"{name}.{alias.name}" for alias in node.names]
            else:
                found.append(name)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_run_one_way(path):
    here = part_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    for name in imports(path):
        if not name.startswith("booklet.") or name == "booklet.__version__":
            continue
        there = part_of(name)
        assert there == here or there in ALLOWED[here], f"{path.relative_to(ROOT)} imports {name}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "plan").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_plan_is_pure(path):
    for name in imports(path):
        top = name.split(".")[0]
        assert top == "booklet" or top in PLAN_MAY_USE, f"{path.relative_to(ROOT)} imports {name}"


def test_every_part_is_known_and_the_parts_form_no_cycle():
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if p.suffix == ".py" or (p / "__init__.py").is_file()}
    assert parts == set(ALLOWED)
    done: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, f"import cycle: {' -> '.join((*path, part))}"
        if part not in done:
            for other in ALLOWED[part]:
                visit(other, (*path, part))
            done.add(part)

    for part in ALLOWED:
        visit(part, ())
