"""A normal (non-editable) install carries the templates and content and works from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from pypdf import PdfReader

from ..support.example import ROOT


def test_wheel_install_builds_from_an_empty_folder(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist,
                    ROOT], check=True)
    wheel = next(dist.glob("booklet-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("booklet/templates/booklet/booklet.html", "booklet/templates/site/site.css",
                     "booklet/content/technique/posture.md", "booklet/plan/plan.schema.json"):
        assert required in names

    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", target, wheel], check=True)
    work = tmp_path / "empty"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    for args in (["new", "trial"], ["build", "trial"]):
        done = subprocess.run([sys.executable, "-m", "booklet", *args], cwd=work, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import booklet.project.resources as r; print(r.templates_dir())"],
        cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(target))
    text = PdfReader(work / "trial" / "build" / "pdf" / "sample-runner.pdf").pages[0].extract_text()
    assert "Sample Runner" in text
