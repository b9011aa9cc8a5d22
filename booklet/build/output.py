"""The only code that touches the output folder: stage everything, then swap it in whole."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from ..errors import BookletError

STALE_SECONDS = 6 * 3600
#: The marker of a folder a build made: without it, a site/ or pdf/ there is someone else's.
MARKER = "manifest.json"


def check_out_dir(out_dir: Path, inputs: Mapping[Path, bool], replaced: Iterable[str]) -> None:
    """Refuse an output folder a build must not write to, before anything is read or written.

    ``inputs`` are what the build reads, {path: whether the output folder may be inside it};
    ``replaced`` are the names the build replaces inside the output folder (site/, pdf/, ...).
    The folder may not be (or be inside) an input, nor hold one where it replaces things; it
    must be a folder (or not exist yet), writable, and not hold a site/ or pdf/ that no build
    made.
    """
    out = Path(out_dir).resolve()
    for path, may_hold_output in inputs.items():
        path = path.resolve()
        if out == path or (out.is_relative_to(path) and not may_hold_output):
            where = "one" if out == path else f"inside {path}, one"
            raise BookletError(
                f"the output folder {out_dir} is {where} the build reads; a build replaces"
                " what it writes there, so choose a folder of its own (the default is"
                " PROJECT_DIR/build)")
        for name in replaced:
            if path.is_relative_to(out / name):
                raise BookletError(
                    f"the output folder {out_dir} would replace {out / name}, which holds"
                    f" {path}; choose another output folder")
    existing = next(p for p in (out, *out.parents) if p.exists() or p.is_symlink())
    if not existing.is_dir():
        kind = "a file" if existing.is_file() else "not a folder"
        what = f"is {kind}" if existing == out else f"is inside {existing}, which is {kind}"
        raise BookletError(f"the output folder {out_dir} {what}; choose a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BookletError(f"cannot write to the output folder {out_dir}: {existing} is not"
                           " writable; choose another folder or change its permissions")
    if existing == out and not (out / MARKER).is_file():
        foreign = [name for name in replaced
                   if (out / name).is_dir() or (out / name).is_symlink()]
        if foreign:
            raise BookletError(
                f"the output folder {out_dir} holds {', '.join(f + '/' for f in foreign)} that"
                f" no booklet build made (there is no {MARKER}); a build would replace it, so"
                " choose a new or empty folder, or move those files away")


class StagedOutput:
    """Collects a build's files in a hidden staging folder inside ``out_dir``.

    On success, each top-level folder written (e.g. ``site/``, ``pdf/``) replaces the one
    from the previous build by rename; on failure the staging folder is removed and the
    previous build is left exactly as it was.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.stage: Path | None = None
        self.removed: set[str] = set()  # top-level entries to remove when the build commits
        self._created = False  # the output folder did not exist before this build

    def __enter__(self) -> StagedOutput:
        try:
            self._created = not self.out_dir.exists()
            self.out_dir.mkdir(parents=True, exist_ok=True)
            for stale in self.out_dir.glob(".booklet-*"):
                # Left by a build that was killed; a build still running is much younger.
                if time.time() - stale.stat().st_mtime > STALE_SECONDS:
                    shutil.rmtree(stale, ignore_errors=True)
            self.stage = Path(tempfile.mkdtemp(prefix=".booklet-stage-", dir=self.out_dir))
        except OSError as exc:
            if self._created:
                with contextlib.suppress(OSError):
                    self.out_dir.rmdir()
            raise BookletError(f"cannot write to the output folder {self.out_dir}:"
                               f" {exc.strerror or exc}; choose another folder") from None
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self._commit()
            return
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)
        if self._created:  # a first build that failed leaves no empty folder behind
            with contextlib.suppress(OSError):
                self.out_dir.rmdir()
        if isinstance(exc, OSError):  # e.g. the disk is full
            where = f" ({exc.filename})" if exc.filename else ""
            raise BookletError(f"cannot write the build into {self.out_dir}:"
                               f" {exc.strerror or exc}{where}; the previous build was left"
                               " as it was") from exc

    def remove(self, relative: str) -> None:
        """Remove a top-level file or folder of the previous build (e.g. an archive this
        build does not make), with the swap: a failed build keeps it."""
        self.removed.add(relative)

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
        """Swap each staged entry in for the old one; if one cannot be swapped, put back the
        ones already swapped, so the folder holds the previous build or this one, whole."""
        assert self.stage is not None
        try:
            trash = Path(tempfile.mkdtemp(prefix=".booklet-old-", dir=self.out_dir))
        except OSError as exc:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise BookletError(f"cannot write to the output folder {self.out_dir}:"
                               f" {exc.strerror or exc}; choose another folder") from None
        swapped: list[tuple[str, bool]] = []  # (name, whether an old one went to the trash)
        try:
            names = [e.name for e in sorted(self.stage.iterdir())]
            for name in [*names, *sorted(self.removed - set(names))]:
                final = self.out_dir / name
                old = final.exists() or final.is_symlink()
                if old:
                    os.replace(final, trash / name)
                swapped.append((name, old))
                if name in names:
                    os.replace(self.stage / name, final)
        except OSError as exc:
            for name, old in reversed(swapped):  # undo, newest first
                final = self.out_dir / name
                with contextlib.suppress(OSError):
                    if not (self.stage / name).exists() and final.exists():
                        os.replace(final, self.stage / name)
                    if old:
                        os.replace(trash / name, final)
            raise BookletError(f"cannot replace the previous build in {self.out_dir}:"
                               f" {exc.strerror or exc}; it was left as it was") from None
        finally:
            shutil.rmtree(trash, ignore_errors=True)
            shutil.rmtree(self.stage, ignore_errors=True)
