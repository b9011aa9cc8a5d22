"""`booklet build --scheduler`: what a user sees when the cluster cannot be used."""

from __future__ import annotations

import socket
import sys

import pytest
from click.testing import CliRunner

from booklet.cli import main

pytestmark = pytest.mark.cluster


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*arguments: str):
    return CliRunner().invoke(main, ["build", *arguments])


def test_no_scheduler_listening_is_one_clear_error_and_nothing_written(project, tmp_path):
    root = project()
    out = tmp_path / "out"
    result = run(str(root), "--out", str(out), "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "error: cannot reach the Dask scheduler at tcp://127.0.0.1:" in result.output
    assert "dask scheduler" in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_without_distributed_the_error_says_what_to_install(project, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if it were not installed
    root = project()
    out = tmp_path / "out"
    result = run(str(root), "--out", str(out), "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 1
    assert 'pip install "booklet[dask]"' in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


def test_a_local_build_never_imports_dask(project, tmp_path):
    import subprocess

    root = project()
    code = ("import sys; from booklet.build import build; from booklet.project import"
            f" load_config; build(load_config({str(root)!r}, out_dir={str(tmp_path / 'o')!r},"
            " pdf=False)); print(sorted(m for m in sys.modules"
            " if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
