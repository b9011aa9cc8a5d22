"""Reading YAML and TOML sources with line numbers, and turning validation errors into Problems."""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import BookletError, KeyedValueError, Problem

Loc = tuple[Any, ...]


#: Limits that keep a broken or hostile file from costing more than a moment: a profile or a
#: block's front matter needs a few dozen values, three or four levels deep.
MAX_BYTES = 1_000_000
MAX_NODES = 10_000  # values, counting every use of an alias (*name) in full
MAX_DEPTH = 32
MAX_NUMBER_CHARS = 20  # characters of a number, so no value is too large to compute with

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + kind for kind in ("str", "int", "float", "bool", "null"))
_KINDS = {"int": "a whole number", "float": "a number", "bool": "true or false",
          "null": "empty"}
_OCTAL_RE = re.compile(r"^[-+]?0[0-7_]+$")  # YAML 1.1 reads 012 as octal 10


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


class _Refused(Exception):
    """A YAML document that breaks one of the limits, and where it did so."""

    def __init__(self, message: str, mark: Any):
        super().__init__(message)
        self.message, self.mark = message, mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that composes within the limits and leaves dates as strings (pydantic
    validates them with a clear message)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.nodes = 0  # values composed so far, each alias counted as its whole value
        self.depth = 0
        self.aliased = False

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None and not hasattr(target, "booklet_size"):
                raise _Refused(f"the alias *{event.anchor} is used inside its own anchor"
                               f" &{event.anchor}; a value cannot contain itself",
                               event.start_mark)
            node = super().compose_node(parent, index)
            self.aliased = True
            self._count(node.booklet_size, event.start_mark)
            return node
        self._count(1, event.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"values are nested more than {MAX_DEPTH} levels deep;"
                           " a booklet file needs three or four", event.start_mark)
        before = self.nodes
        node = super().compose_node(parent, index)
        self.depth -= 1
        node.booklet_size = self.nodes - before + 1
        return node

    def _count(self, size: int, mark: Any) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            how = " once its aliases (*name) are expanded" if self.aliased else ""
            raise _Refused(f"the YAML holds more than {MAX_NODES:,} values{how};"
                           " a booklet file needs far fewer", mark)


_Loader.yaml_implicit_resolvers = {  # no dates (pydantic reads them), no '=' or '!' values
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in (_TAG + "timestamp", _TAG + "value", _TAG + "yaml")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """A UTF-8 text file of at most ``limit`` bytes; a leading byte-order mark is dropped."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            message = (f"is larger than {limit / 1_000_000:g} MB, far more than a booklet"
                       " file needs; is it the right file?")
        else:
            return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
    except OSError as exc:
        message = f"cannot be read: {exc.strerror or exc}"
    raise BookletError([Problem(message, file=path)])


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML into plain data plus a map from key path to 1-based line number.

    Only what a booklet file needs is read: text keys; strings, numbers, true/false and
    empty values; at most MAX_NODES values (aliases counted in full), MAX_DEPTH deep.
    Raises BookletError for syntax errors, duplicate keys and anything beyond that.
    """
    def refused(message: str, mark: Any = None) -> BookletError:
        line = mark.line + 1 + line_offset if mark is not None else None
        return BookletError([Problem(message, path, line)])

    if len(text) > MAX_BYTES:
        raise refused(f"the YAML is larger than {MAX_BYTES / 1_000_000:g} MB,"
                      " far more than a booklet file needs")
    try:
        node = _compose(text)
    except _Refused as exc:
        raise refused(exc.message, exc.mark) from None
    except yaml.MarkedYAMLError as exc:
        what = exc.problem or "invalid YAML"
        raise refused(f"YAML syntax error: {what} (check indentation and quoting)",
                      exc.problem_mark or exc.context_mark) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise BookletError([Problem(
            f"the character {chr(exc.character)!r} is not allowed in YAML; remove it",
            path, line)]) from None
    except yaml.YAMLError as exc:
        raise refused(f"YAML error: {exc}") from None
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    data = None if node is None else _Builder(lines, problems, path, line_offset).value(node, ())
    if problems:
        raise BookletError(problems)
    return data, lines


def _compose(text: str) -> yaml.Node | None:
    """What yaml.compose does, within the limits (_Builder does the constructing)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Builder:
    """Plain Python values from composed YAML nodes, noting the line of every key path and
    collecting a Problem for each value booklet does not read."""

    def __init__(self, lines: dict[Loc, int], problems: list[Problem], path: Path, offset: int):
        self.lines, self.problems, self.path, self.offset = lines, problems, path, offset
        self.constructor = yaml.SafeLoader("")

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def refuse(self, node: yaml.Node, message: str, loc: Loc) -> None:
        self.problems.append(Problem(message, self.path, self.line(node), dotted(loc) or None))

    def value(self, node: yaml.Node, loc: Loc) -> Any:
        self.lines.setdefault(loc, self.line(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                return self.refuse(node, _tag_message(node.tag), loc)
            return self.mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                return self.refuse(node, _tag_message(node.tag), loc)
            return [self.value(item, loc + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, loc)
            if key is None:
                continue
            here = loc + (key,)
            if key in out:
                self.refuse(key_node, "key appears twice; keep one", here)
                continue
            self.lines[here] = self.line(key_node)
            out[key] = self.value(value_node, here)
        return out

    def key(self, node: yaml.Node, loc: Loc) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "str":
            return node.value
        if node.tag == _TAG + "merge":
            message = "merge keys ('<<') are not supported; write the keys out in full"
        elif isinstance(node, yaml.ScalarNode) and node.tag in _SCALAR_TAGS:
            message = (f"a key must be text, but YAML reads {node.value!r} as"
                       f" {_KINDS[node.tag[len(_TAG):]]}; put the key in quotes or use one"
                       " of the known keys")
        else:
            message = "a key must be text, not a list, a mapping or a tagged value"
        self.refuse(node, message, loc)
        return None

    def scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag, text = node.tag, node.value
        if tag not in _SCALAR_TAGS:
            return self.refuse(node, _tag_message(tag), loc)
        if tag == _TAG + "str":
            return text
        kind = tag[len(_TAG):]
        if kind in ("int", "float") and len(text) > MAX_NUMBER_CHARS:
            return self.refuse(node, f"the number {text[:12]}... is too long (over"
                               f" {MAX_NUMBER_CHARS} characters); give a real value", loc)
        if kind == "int" and _OCTAL_RE.match(text):
            plain = text.lstrip("+-0_") or "0"
            return self.refuse(node, f"write {text} without its leading zero ({plain}):"
                               " YAML would read it as an octal number", loc)
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, KeyError, IndexError, OverflowError, yaml.YAMLError):
            return self.refuse(node, f"{text!r} is not {_KINDS[kind]}; remove the tag"
                               f" {_short(tag)} or fix the value", loc)
        if isinstance(value, float) and not math.isfinite(value):
            return self.refuse(node, f"{text} is not a finite number; give a real value", loc)
        return value


def _tag_message(tag: str) -> str:
    return f"the tag {_short(tag)} is not supported; remove it (booklet reads plain values)"


def parse_toml(path: Path) -> dict[str, Any]:
    """booklet.toml's settings; syntax errors, and values nested or sized beyond reason, are
    BookletErrors."""
    text = read_text(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BookletError([Problem(f"TOML syntax error: {exc}", path)]) from None
    except RecursionError:
        message = "TOML error: values are nested too deeply; a setting needs no nesting"
    except ValueError as exc:  # e.g. a number with thousands of digits
        message = f"TOML error: {exc}".split("; use sys.")[0]
    raise BookletError([Problem(message, path)])


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
            message += f" (got {_shown(err['input'])})" if not isinstance(
                err["input"], (dict, list)) else ""
        line = _nearest_line(lines, loc)
        problems.append(Problem(message, path, line, dotted(loc) or None))
    return problems


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 5]}...{text[-1]}"


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
