"""Same inputs, same bytes: on a machine without HarfBuzz's subsetter, in separate processes
seconds apart, with one worker or two, whatever SOURCE_DATE_EPOCH and the time zone say."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from booklet.pdf.writer import document_epoch, library_clock

from ..support.example import EXAMPLE

SUPPORT = Path(__file__).parents[1] / "support" / "fonttools_only"
ATHLETES = {"ana-ruiz": "D:20270104", "dev-patel": "D:20270111"}  # id: the plan's first day


def build_in_new_process(out: Path, log: Path, jobs: int, **env: str) -> None:
    """`booklet build` in a process of its own, with fontTools as the font subsetter."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(PYTHONPATH=str(SUPPORT), BOOKLET_FONTTOOLS_LOG=str(log), **env)
    athletes = [arg for athlete in ATHLETES for arg in ("--athlete", athlete)]
    subprocess.run(
        [sys.executable, "-m", "booklet", "build", str(EXAMPLE), "--out", str(out),
         "--no-site", "--jobs", str(jobs), *athletes],
        env=environ, check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=600)


@pytest.mark.slow
def test_pdfs_are_byte_identical_across_processes_days_and_workers(tmp_path):
    log = tmp_path / "fonttools.log"
    first, second = tmp_path / "first", tmp_path / "second"
    started = time.time()
    build_in_new_process(first, log, jobs=1)
    time.sleep(max(0.0, started + 1.5 - time.time()))  # fontTools stamps whole seconds
    build_in_new_process(second, log, jobs=2, SOURCE_DATE_EPOCH="1234567890", TZ="Asia/Tokyo")
    # fontTools did the subsetting, in the worker processes too (not HarfBuzz).
    assert len({line.split()[0] for line in log.read_text().splitlines()}) >= 3
    for athlete in ATHLETES:
        a = (first / "pdf" / f"{athlete}.pdf").read_bytes()
        b = (second / "pdf" / f"{athlete}.pdf").read_bytes()
        assert a == b, f"{athlete}.pdf differs between two builds"
        # The document's date is the plan's first day, not the build's or the environment's.
        created = PdfReader(first / "pdf" / f"{athlete}.pdf").metadata["/CreationDate"]
        assert created.startswith(ATHLETES[athlete]), created


def test_document_epoch_is_the_documents_own_date():
    html = '<head><meta name="dcterms.created" content="2027-01-04T00:00:00Z"></head>'
    assert document_epoch(html) == 1799020800
    assert document_epoch("<html>no date</html>") == 0
    assert document_epoch('<meta name="dcterms.created" content="soon">') == 0


def test_library_clock_sets_and_restores_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "42")
    with library_clock(1799020800):
        assert os.environ["SOURCE_DATE_EPOCH"] == "1799020800"
    assert os.environ["SOURCE_DATE_EPOCH"] == "42"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with library_clock(7):
        assert os.environ["SOURCE_DATE_EPOCH"] == "7"
    assert "SOURCE_DATE_EPOCH" not in os.environ
