"""The README documents the whole command line: every command and every option of each."""

from __future__ import annotations

import re

import click
import pytest

from booklet.cli import main

from ..support.example import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)
OPTIONS = [
    (name, option)
    for name, command in sorted(main.commands.items())
    for param in command.params if isinstance(param, click.Option)
    for option in (*param.opts, *param.secondary_opts)
]


def mentioned(text: str) -> bool:
    """Whether the README has ``text`` as a whole word (``--pdf`` is not ``--pdf-variant``)."""
    return re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", README) is not None


def test_every_command_is_listed():
    assert COMMANDS == ["build", "check", "diary", "export", "new", "plan", "replan", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command):
    assert mentioned(f"booklet {command}"), f"README.md does not mention 'booklet {command}'"


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c} {o}" for c, o in OPTIONS])
def test_every_option_is_documented(command, option):
    assert mentioned(option), f"README.md does not mention {option} (booklet {command})"
