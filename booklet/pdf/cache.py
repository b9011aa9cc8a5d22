"""Drawn chapters kept across builds, in a folder of the build's, by the hash of their inputs.

An entry is the chapters' PDF (``<key>.pdf``) and what merging needs of their layout
(``<key>.json``, see ``reuse.Chapters.to_json``); ``key`` hashes the chapters' inputs (their
HTML, the files it points at, the versions of booklet and WeasyPrint: the build gives it) and
the page they start on. Hints say where the chapters began in booklets of each shape, so a new
build's first booklet of a shape gets its page numbers written in; like the guesses kept in
memory, they are checked after layout. Files are written whole (to a temporary name, then
renamed), so two workers, or a killed build, never leave half an entry; an entry that cannot
be read is treated as missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path


class ChapterCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @staticmethod
    def entry(inputs: str, start: int | str) -> str:
        return hashlib.sha256(f"{inputs}\0{start}".encode()).hexdigest()

    def get(self, key: str) -> tuple[dict, bytes] | None:
        """The layout data and PDF of an entry, or None."""
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return meta, (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError):
            return None

    def put(self, key: str, meta: dict, data: bytes) -> None:
        """Keep an entry (the PDF first: the JSON makes it complete); a cache that cannot be
        written is no cache, not an error."""
        with contextlib.suppress(OSError):
            self._write(f"{key}.pdf", data)
            self._write(f"{key}.json", json.dumps(meta, sort_keys=True).encode())

    def hints(self, inputs: str) -> dict[str, int]:
        """Where the chapters of ``inputs`` began, per booklet shape ("" for the last one)."""
        try:
            data = json.loads((self.folder / f"{inputs}.starts.json").read_text("utf-8"))
            return {str(k): int(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def hint(self, inputs: str, shape: str, first: int) -> None:
        known = self.hints(inputs)
        if known.get(shape) == first and known.get("") == first:
            return
        known[shape] = known[""] = first
        with contextlib.suppress(OSError):
            self._write(f"{inputs}.starts.json", json.dumps(known, sort_keys=True).encode())

    def _write(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, self.folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
