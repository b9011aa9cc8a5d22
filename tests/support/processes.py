"""Starting a booklet command as a terminal would, for tests that signal it."""

from __future__ import annotations

import signal


def sigint_as_from_a_terminal() -> None:
    """A ``preexec_fn``: SIGINT at its default in the child, even if ignored here. A shell
    starts background commands with SIGINT ignored, and booklet leaves an ignored signal
    alone, so a test run that way would otherwise see Ctrl-C do nothing."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
