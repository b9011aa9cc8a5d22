"""Reading YAML and TOML sources with line numbers, and turning validation errors into Problems."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BookletError, KeyedValueError, Problem

Loc = tuple[Any, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so pydantic validates them with a clear message."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
    except OSError as exc:
        message = f"cannot be read: {exc.strerror}"
    raise BookletError([Problem(message, file=path)])


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML into plain data plus a map from key path to 1-based line number.

    Raises BookletError for syntax errors and duplicate keys.
    """
    try:
        loader = _Loader(text)
        try:  # what yaml.compose and yaml.load each do, with one parse for both
            node = loader.get_single_node()
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        what = exc.problem or "invalid YAML"
        raise BookletError(
            [Problem(f"YAML syntax error: {what} (check indentation and quoting)", path, line)]
        ) from None
    except yaml.YAMLError as exc:
        raise BookletError([Problem(f"YAML error: {exc}", path)]) from None
    lines: dict[Loc, int] = {}
    dupes: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, dupes, path, line_offset)
    if dupes:
        raise BookletError(dupes)
    return data, lines


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], dupes: list[Problem],
          path: Path, offset: int) -> None:
    lines.setdefault(loc, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            here = loc + (key,)
            if key in seen:
                dupes.append(Problem(
                    "key appears twice; keep one", path, key_node.start_mark.line + 1 + offset,
                    dotted(here),
                ))
            seen.add(key)
            lines[here] = key_node.start_mark.line + 1 + offset
            _walk(value_node, here, lines, dupes, path, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, dupes, path, offset)


def parse_toml(path: Path) -> dict[str, Any]:
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BookletError([Problem(f"TOML syntax error: {exc}", path)]) from None


def toml_key_lines(text: str) -> dict[Loc, int]:
    """Best-effort line numbers of top-level `key = value` lines in a TOML file."""
    lines: dict[Loc, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("["):
            break
        if "=" in stripped and not stripped.startswith("#"):
            key = stripped.split("=", 1)[0].strip().strip('"')
            lines.setdefault((key,), number)
    return lines


def dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_from_validation(
    exc: ValidationError, model: type[BaseModel], path: Path, lines: dict[Loc, int],
    hidden: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Turn pydantic errors into Problems that name the file, line and key, with a fix hint."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        message = err["msg"].removeprefix("Value error, ")
        cause = (err.get("ctx") or {}).get("error")
        if isinstance(cause, KeyedValueError):
            loc = loc + tuple(cause.key.split("."))
        if kind == "extra_forbidden":
            known = [k for k in _known_keys(model, loc[:-1]) if k not in hidden]
            guess = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.5)
            message = f"unknown key '{loc[-1]}'"
            message += f"; did you mean '{guess[0]}'?" if guess else ""
            message += f" (known keys: {', '.join(known)})"
        elif kind == "missing":
            message = f"required key is missing; add a '{loc[-1]}:' line" if loc else (
                "required key is missing")
        elif "input" in err and kind not in ("value_error", "assertion_error"):
            message += f" (got {err['input']!r})" if not isinstance(
                err["input"], (dict, list)) else ""
        line = _nearest_line(lines, loc)
        problems.append(Problem(message, path, line, dotted(loc) or None))
    return problems


def _nearest_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    while True:
        if loc in lines:
            return lines[loc] if loc else None
        if not loc:
            return None
        loc = loc[:-1]


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
