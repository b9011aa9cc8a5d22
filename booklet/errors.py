"""Domain exceptions: every error a user can cause says what, where and how to fix it."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    file: Path | None = None
    line: int | None = None
    key: str | None = None
    table: bool = False  # a spreadsheet: say "row" and "column" rather than "line" and "key"

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"{'row' if self.table else 'line'} {self.line}")
        if self.key:
            where.append(f"{'column' if self.table else 'key'} '{self.key}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class BookletError(Exception):
    """Base class for errors caused by the user's input; the CLI prints them plainly."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProfileError(BookletError):
    """An athlete profile is malformed or breaks a rule."""


class ConfigError(BookletError):
    """booklet.toml is malformed."""


class ContentError(BookletError):
    """A content block is malformed, duplicated or referenced but missing."""


class RenderError(BookletError):
    """A template or document could not be rendered."""


class KeyedValueError(ValueError):
    """A ValueError from a whole-model check that knows which key is to blame."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


#: At most this many problems are printed (by `build`, `check` and `serve`); then a count.
MAX_SHOWN = 50
#: An unexpected exception's message is cut to this many characters (the traceback has it all).
MAX_DETAIL = 300


@dataclass(frozen=True)
class InternalProblem(Problem):
    """An unexpected exception (a bug, not the user's input) while building one source: shown
    as an internal error naming the file, with the traceback kept for ``--debug``."""

    trace: str = field(default="", compare=False, repr=False)

    @classmethod
    def from_exception(cls, exc: BaseException, file: Path | None = None,
                       line: int | None = None, table: bool = False) -> InternalProblem:
        trace = "".join(traceback.format_exception(exc)).rstrip()
        text = str(exc)
        if len(text) > MAX_DETAIL:
            text = text[:MAX_DETAIL] + "..."
        return cls(f"{type(exc).__name__}: {text}", file, line, table=table, trace=trace)

    def __str__(self) -> str:
        where = "" if self.file is None else f" while building {self.file}"
        if self.line is not None:
            where += f", {'row' if self.table else 'line'} {self.line}"
        return (f"internal error{where}: {self.message}"
                " (run with --debug for the traceback)")


def shown(problems: list[Problem], limit: int = MAX_SHOWN) -> list[str]:
    """The lines that report ``problems``: ``error: ...`` for the first ``limit``, then how
    many more there are."""
    lines = [f"error: {problem}" for problem in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"... and {len(problems) - limit} more problems")
    return lines
