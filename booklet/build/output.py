"""The only code that touches the output folder: stage everything, then swap it in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType

STALE_SECONDS = 6 * 3600


class StagedOutput:
    """Collects a build's files in a hidden staging folder inside ``out_dir``.

    On success, each top-level folder written (e.g. ``site/``, ``pdf/``) replaces the one
    from the previous build by rename; on failure the staging folder is removed and the
    previous build is left exactly as it was.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.stage: Path | None = None

    def __enter__(self) -> StagedOutput:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.out_dir.glob(".booklet-*"):
            # Left by a build that was killed; a build still running is much younger.
            if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(stale, ignore_errors=True)
        self.stage = Path(tempfile.mkdtemp(prefix=".booklet-stage-", dir=self.out_dir))
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self._commit()
        elif self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)

    def path(self, relative: str) -> Path:
        assert self.stage is not None, "use StagedOutput as a context manager"
        target = self.stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_text(self, relative: str, text: str) -> Path:
        target = self.path(relative)
        target.write_text(text, encoding="utf-8")
        return self.out_dir / relative

    def write_bytes(self, relative: str, data: bytes) -> Path:
        target = self.path(relative)
        target.write_bytes(data)
        return self.out_dir / relative

    def copy(self, source: Path, relative: str) -> Path:
        shutil.copyfile(source, self.path(relative))
        return self.out_dir / relative

    def carry_over(self, relative: str, source: str | None = None) -> bool:
        """Keep a file from the previous build (at ``source``, default the same path) for
        partial builds. False if there is none."""
        previous = self.out_dir / (source or relative)
        if not previous.is_file():
            return False
        target = self.path(relative)
        if target.exists():
            return True
        try:  # outputs are never changed in place, so a hard link is as good as a copy
            os.link(previous, target)
        except OSError:
            shutil.copy2(previous, target)
        return True

    def carry_over_folder(self, relative: str) -> int:
        """Keep every file under a folder of the previous build; how many there were."""
        previous = self.out_dir / relative
        if not previous.is_dir():
            return 0
        files = sorted(p for p in previous.rglob("*") if p.is_file())
        for path in files:
            self.carry_over(path.relative_to(self.out_dir).as_posix())
        return len(files)

    def _commit(self) -> None:
        assert self.stage is not None
        trash = Path(tempfile.mkdtemp(prefix=".booklet-old-", dir=self.out_dir))
        try:
            for entry in sorted(self.stage.iterdir()):
                final = self.out_dir / entry.name
                if final.exists():
                    os.replace(final, trash / entry.name)
                os.replace(entry, final)
        finally:
            shutil.rmtree(trash, ignore_errors=True)
            shutil.rmtree(self.stage, ignore_errors=True)
