"""Domain exceptions: every error a user can cause says what, where and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
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
