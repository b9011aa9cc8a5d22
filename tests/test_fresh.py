"""A new user's first minutes: the committed tree, cloned into a temporary folder, sets itself
up and builds the demo with `make demo` and a fresh .venv (scripts/check-fresh)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .support.example import ROOT


@pytest.mark.slow
def test_make_demo_works_in_a_fresh_clone():
    assert shutil.which("git") and shutil.which("make"), "git and make are needed"
    proc = subprocess.run([str(ROOT / "scripts" / "check-fresh")], capture_output=True,
                          text=True, timeout=1800, stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "check-fresh: make demo built 4 PDF(s)" in proc.stdout
    assert "check-fresh: passed" in proc.stdout
