"""Hypothesis strategies and settings for fuzzing the input readers with broken text and bytes.

Each fuzz test runs a few dozen examples in `make test`; with HYPOTHESIS_PROFILE=fuzz (the
profile tests/conftest.py registers) it runs as many as that profile allows.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from booklet.errors import BookletError, Problem

FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
#: With HYPOTHESIS_PROFILE=fuzz, the fuzz tests share FUZZ_MINUTES between them (`make fuzz`);
#: tests/conftest.py sets each test's share once it knows how many were collected.
FUZZ_MINUTES = float(os.environ.get("FUZZ_MINUTES", "10"))
FUZZ_SECONDS = 60.0
#: Bounds on one input: a reader that takes longer or allocates more has a finding. The time
#: bound is a hang detector (an alarm), far above any real reader's time; no test asserts speed.
MAX_SECONDS = 20
MAX_MEGABYTES = 64
#: Examples run per fuzz test in this process, by test name (printed by `make fuzz`).
EXAMPLES: dict[str, int] = {}

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz_settings(examples: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run a hypothesis test ``examples`` times normally; when fuzzing, run it in batches with
    fresh random seeds until FUZZ_SECONDS have passed, counting the examples."""

    def decorate(test: Callable[..., Any]) -> Callable[..., Any]:
        if not FUZZING:
            return settings(max_examples=examples, deadline=None,
                            suppress_health_check=_QUIET)(test)
        batch = settings(max_examples=200, deadline=None, database=None,
                         suppress_health_check=_QUIET)(test)
        inner = batch.hypothesis.inner_test
        name = test.__name__
        stop = [0.0]

        def counted(*args: Any, **kwargs: Any) -> Any:
            if time.monotonic() > stop[0]:  # out of time: let the batch finish idle
                return None
            EXAMPLES[name] = EXAMPLES.get(name, 0) + 1
            return inner(*args, **kwargs)

        batch.hypothesis.inner_test = counted

        @functools.wraps(batch)
        def run_for_a_while(*args: Any, **kwargs: Any) -> None:
            stop[0] = time.monotonic() + FUZZ_SECONDS
            while time.monotonic() < stop[0]:
                batch(*args, **kwargs)

        return run_for_a_while

    return decorate


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


def write(folder: str, name: str, data: str | bytes) -> Path:
    """``data`` (text as UTF-8, or bytes as they are) in a new file ``name`` in ``folder``."""
    path = Path(folder) / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def loads_or_explains(load: Callable[[Path], Any], path: Path) -> Any:
    """``load(path)``'s value, or None when it raised a BookletError whose problems all name
    ``path``; any other exception, more than MAX_MEGABYTES allocated or MAX_SECONDS spent
    fails the test."""
    with bounded(path):
        try:
            return load(path)
        except BookletError as exc:
            assert_problems_name(exc.problems, path)
            return None


@contextlib.contextmanager
def bounded(what: Any) -> Iterator[None]:
    """Fail if the body allocates more than MAX_MEGABYTES at its peak or hangs MAX_SECONDS."""

    def hung(signum: int, frame: Any) -> None:
        raise AssertionError(f"reading {what} took over {MAX_SECONDS} s")

    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(MAX_SECONDS)
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        assert peak <= MAX_MEGABYTES, f"reading {what} allocated {peak:.0f} MB"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if not tracing:
            tracemalloc.stop()


def assert_problems_name(problems: list[Problem] | tuple[Problem, ...], path: Path) -> None:
    assert problems, "a BookletError without a problem"
    for problem in problems:
        assert problem.file == path, f"{problem} does not name {path}"
        assert problem.message.strip()
