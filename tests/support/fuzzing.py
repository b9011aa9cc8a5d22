"""Hypothesis strategies and settings for fuzzing the input readers with broken text and bytes.

Each fuzz test runs a few dozen examples in `make test`; with HYPOTHESIS_PROFILE=fuzz (the
profile tests/conftest.py registers) it runs as many as that profile allows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from booklet.errors import BookletError, Problem

FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def fuzz_settings(examples: int) -> settings:
    """``examples`` examples normally; the loaded "fuzz" profile's count when fuzzing."""
    if FUZZING:
        return settings()
    return settings(max_examples=examples, deadline=None, suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


#: Values and fragments that have broken YAML readers, planners and CSV readers before.
NASTY = [
    "", "~", "null", "yes", "no", "on", "off", "y", "1", "0", "-1", "012", "0o12", "0x1F", "0b11",
    "1_000", "1e400", "-1e400", ".inf", "-.inf", ".nan", "1:30", "190:20:30", "24:30", "1:45:00",
    "!!float 2026-12-07", "!!int " + "9" * 5000, "9" * 5000, "!!int ''", "!!bool maybe",
    "!!binary aGk=", "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2026-13-45", "!!str", "!!null x",
    "!!python/object/apply:os.system [ls]", "!custom x", "!!seq x", "!!map x", "! 12",
    "&a [*a]", "&a {k: *a}", "*nope", "&x 1", "*x", "<<: {a: 1}", "{<<: *x}", "=",
    "9999-12-27", "0001-01-01", "1899-12-31", "2200-01-01", "2026-02-30", "2027-01-04",
    "[", "]", "{", "}", "'", '"', ":", "- ", "? ", "|", ">", "#", "%YAML 1.1", "---", "...",
    "\t", "\ufeff", "\x00", "\x85", "\u2028", "\ud7ff", "é", "😀", "1: x", "yes: 1", "? [a]\n: 1",
    "[" * 40 + "]" * 40, "{a: " * 40 + "1" + "}" * 40, "x" * 5000, "5k", "half", "marathon",
    "100000", "800", "mon", "sun", "[mon, mon, mon, mon]", "beginner", "km", "mi",
    "=1+1", ",", ",,,,,,,,,,,,,,,,,,,,,,,,,", '"a,b"', "\r", "\r\n", '"""', "'''", "[table]",
    "[[x]]", "a.b = 1", "inf", "nan", "1979-05-27T07:32:00Z",
]


def alias_bomb(levels: int = 7, width: int = 10) -> str:
    """A few hundred bytes of YAML that expand to width**levels values."""
    lines = [f"a: &a [{','.join(['x'] * width)}]"]
    names = "abcdefghij"[:levels]
    for before, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [{','.join([f'*{before}'] * width)}]")
    return "\n".join(lines) + "\n"


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few lines changed: values swapped for nasty ones, lines inserted,
    deleted, duplicated or re-indented, random characters spliced in."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["value", "value", "insert", "delete", "duplicate", "chars",
                                   "indent"]))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        here = lines[at] if lines else ""
        if op == "value" and ":" in here:
            key = here.split(":", 1)[0]
            lines[at] = f"{key}: {draw(st.sampled_from(NASTY))}"
        elif op == "value" and "=" in here:
            key = here.split("=", 1)[0]
            lines[at] = f"{key}= {draw(st.sampled_from(NASTY))}"
        elif op == "value" and "," in here:
            cells = here.split(",")
            cells[draw(st.integers(0, len(cells) - 1))] = draw(st.sampled_from(NASTY))
            lines[at] = ",".join(cells)
        elif op == "insert":
            lines.insert(at, draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=30))))
        elif op == "delete" and lines:
            del lines[at]
        elif op == "duplicate" and lines:
            lines.insert(at, here)
        elif op == "chars":
            cut = draw(st.integers(0, len(here)))
            lines[at:at + 1] = [here[:cut] + draw(st.text(max_size=8)) + here[cut:]]
        elif op == "indent":
            lines[at:at + 1] = [draw(st.sampled_from(["  ", "\t", " "])) + here]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates(),
    st.sampled_from(["5k", "10k", "half", "24:30", "1:45:00", "mon", "sun", "beginner", "km"]),
)


def documents(keys: list[str], base: str = "") -> st.SearchStrategy[str]:
    """YAML documents: the mapping in ``base`` with a few of ``keys`` (and a few others) set to
    random nested values, some shared (so written with anchors and aliases)."""
    leaf_keys = st.one_of(st.sampled_from(keys), st.text(max_size=8), st.integers(),
                          st.booleans())
    tree = st.recursive(VALUES, lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(leaf_keys, inner, max_size=5)),
        max_leaves=12)
    start = yaml.safe_load(base) or {}

    def dump(changes: dict[Any, Any], shared: Any, flow: bool | None) -> str:
        data = {**start, **changes}
        for key in [k for k, v in changes.items() if v == "shared"]:
            data[key] = shared
        return yaml.dump(data, sort_keys=False, allow_unicode=True, default_flow_style=flow)

    changes = st.dictionaries(st.one_of(st.sampled_from(keys), leaf_keys),
                              st.one_of(tree, st.just("shared")), max_size=4)
    return st.builds(dump, changes, st.lists(tree, max_size=3), st.sampled_from([None, True,
                                                                                  False]))


def loads_or_explains(load: Callable[[Path], Any], path: Path) -> Any:
    """``load(path)``'s value, or None when it raised a BookletError whose problems all name
    ``path``; any other exception fails the test."""
    try:
        return load(path)
    except BookletError as exc:
        assert_problems_name(exc.problems, path)
        return None


def assert_problems_name(problems: list[Problem] | tuple[Problem, ...], path: Path) -> None:
    assert problems, "a BookletError without a problem"
    for problem in problems:
        assert problem.file == path, f"{problem} does not name {path}"
        assert problem.message.strip()
