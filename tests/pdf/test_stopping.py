"""Stopping a PDF build (Ctrl-C, SIGTERM, or killing it outright) stops its worker processes
too, and a build told to stop removes its staging folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ..support.example import EXAMPLE
from ..support.processes import sigint_as_from_a_terminal

PROC = Path("/proc")
WAIT = 180.0  # generous: the machine may be busy; nothing here asserts on time


def started(pid: int) -> tuple[int, str] | None:
    """(parent pid, start time) of a live process; None once it is gone or a zombie."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] in "ZX" else (int(fields[1]), fields[19])


def descendants(root: int) -> dict[int, str]:
    """Every live process below ``root``, with its start time (to tell a reused pid)."""
    parents: dict[int, tuple[int, str]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (info := started(int(entry.name))) is not None:
            parents[int(entry.name)] = info
    found: dict[int, str] = {}
    grew = True
    while grew:
        grew = False
        for pid, (parent, start) in parents.items():
            if pid not in found and (parent == root or parent in found):
                found[pid] = start
                grew = True
    return found


def alive(processes: dict[int, str]) -> list[int]:
    return [pid for pid, start in processes.items()
            if (info := started(pid)) is not None and info[1] == start]


def same_program(pid: int, other: int) -> bool:
    """Whether two live processes run the same executable."""
    try:
        return os.readlink(PROC / str(pid) / "exe") == os.readlink(PROC / str(other) / "exe")
    except OSError:
        return False


def poll(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.slow
@pytest.mark.skipif(not (PROC / "self" / "stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_stopped_build_leaves_no_workers_behind(tmp_path, how):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "booklet", "build", str(EXAMPLE), "--out", str(out), "--no-site",
         "--force", "--jobs", "2", "--athlete", "ana-ruiz", "--athlete", "ben-okafor"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, preexec_fn=sigint_as_from_a_terminal)
    output: list[bytes] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    below: dict[int, str] = {}
    try:
        # Workers are the fork server's children: wait for two Python processes two levels
        # down (not, say, the compiler ctypes.util.find_library runs while libraries load).
        def workers_started() -> dict[int, str]:
            found = descendants(process.pid)
            grandchildren = [pid for pid in found  # read once: a process may end meanwhile
                             if (info := started(pid)) is not None and info[0] != process.pid
                             and same_program(pid, process.pid)]
            return found if len(grandchildren) >= 2 else {}

        below = poll(workers_started, "the PDF workers to start")
        assert list(out.glob(".booklet-stage-*")), "the build stages its files"
        process.send_signal(how)
        process.wait(timeout=WAIT)
        poll(lambda: not alive(below), f"the workers to exit: {alive(below)} remain")
        # Nothing holds the build's output open any more: reading it ends.
        reader.join(WAIT)
        assert not reader.is_alive()
        text = b"".join(output).decode(errors="replace")
        assert "Traceback" not in text, text
        if how != signal.SIGKILL:
            assert process.returncode != 0
            assert not list(out.glob(".booklet-*")), "the staging folder was removed"
            assert not (out / "pdf").exists()
    finally:
        for pid in alive(below):  # only what this test started
            os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
def test_only_signals_left_at_their_default_are_taken_over():
    from booklet.pdf.jobs import Stopped, stop_on_signals

    term = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    hup = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with stop_on_signals():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
            with pytest.raises(Stopped) as stopped:
                signal.raise_signal(signal.SIGTERM)
            assert stopped.value.code == 128 + signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, term)
        signal.signal(signal.SIGHUP, hup)
