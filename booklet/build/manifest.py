"""build/manifest.json: every output with the hash of its inputs, so unchanged work is skipped."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint

from .. import __version__

NAME = "manifest.json"
_FILE_URL = re.compile(r"""file://[^"')\s]+""")


def inputs_hash(html: str, *settings: object, files: dict[Path, bytes] | None = None,
                roots: Iterable[Path] = ()) -> str:
    """Everything a booklet's PDF depends on: its HTML (the profile, plan, content, templates
    and config all show there), the local files the HTML points at (images, fonts), the
    render settings, booklet's PDF code (``pdf_code``) and WeasyPrint's version. ``files``
    keeps the digests of files already read, for the other athletes of a build.

    Only files inside ``roots`` (the project and the bundled folders, where the PDF may fetch
    from) are read; any other ``file://`` address in the text (a note naming a file, say)
    counts by its name alone, as the PDF cannot show it."""
    files = {} if files is None else files
    inside = [root.resolve() for root in roots]
    digest = hashlib.sha256()
    for part in (pdf_code(), weasyprint.__version__, repr(settings), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for url in sorted(set(_FILE_URL.findall(html))):
        path = Path(unquote(urlsplit(url).path))
        if path not in files:
            files[path] = _file_digest(path, inside)
        digest.update(files[path])
    return digest.hexdigest()


@cache
def pdf_code() -> str:
    """booklet's version and a digest of the code that turns HTML into PDF (booklet/pdf): an
    edit there, released or not, never reuses PDFs or shared chapters drawn by other code."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted((Path(__file__).resolve().parent.parent / "pdf").glob("*.py")):
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


def _file_digest(path: Path, roots: list[Path]) -> bytes:
    """The SHA-256 of a file inside one of ``roots``, read in chunks; b"" for anything else
    (outside them, missing, a folder, unreadable)."""
    try:
        real = path.resolve()
        if not any(real.is_relative_to(root) for root in roots) or not real.is_file():
            return b""
        with real.open("rb") as source:
            return hashlib.file_digest(source, "sha256").digest()
    except (OSError, ValueError):
        return b""


def exports_hash(plan: dict, titles: dict[str, str]) -> str:
    """What an athlete's exports depend on: the plan (as its JSON document), the block titles
    they name, and the versions of booklet and of the libraries that write them."""
    document = {"plan": plan, "titles": titles, "versions": _export_versions()}
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


@cache
def _export_versions() -> list[str]:
    versions = [__version__]
    for package in ("icalendar", "garmin-fit-sdk"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("")
    return versions


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """Outputs of the last build, {relative path: {"athlete", "inputs"}}; empty if none."""
    try:
        data = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
        return {str(k): dict(v) for k, v in data.get("outputs", {}).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def manifest_text(outputs: dict[str, dict[str, str]]) -> str:
    document = {"booklet": __version__, "outputs": dict(sorted(outputs.items()))}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


class Manifest:
    """The last build's manifest and the one this build writes.

    ``previous`` is what the last build recorded; ``outputs`` is what this build will record:
    it starts as the last build's entries minus those of the athletes this build remakes, and
    every output kept or made is recorded as it goes. ``export_keys`` holds the inputs hash of
    each athlete's exports, made or kept, by athlete.
    """

    def __init__(self, out_dir: Path, previous: dict[str, dict[str, str]] | None = None):
        self.out_dir = out_dir
        self.previous = read_manifest(out_dir) if previous is None else previous
        self.outputs: dict[str, dict[str, str]] = dict(self.previous)
        self.export_keys: dict[str, str] = {}

    def recorded_exports(self) -> dict[str, list[str]]:
        """The export files the last build recorded, by athlete."""
        kept: dict[str, list[str]] = {}
        for relative, entry in self.previous.items():
            if entry.get("kind") == "export":
                kept.setdefault(entry.get("athlete", ""), []).append(relative)
        return kept

    def unchanged(self, files: Iterable[str], key: str) -> bool:
        """Whether the last build made all these files from the same inputs and they are all
        still there."""
        return all(self.previous.get(f, {}).get("inputs") == key
                   and (self.out_dir / f).is_file() for f in files)

    def forget(self, rebuilt: Iterable[str]) -> None:
        """Drop the last build's entries for the athletes whose booklets this build makes and
        for the exports it has made or read back (they are recorded again as they are done)."""
        rebuilt = set(rebuilt)
        exported = self.export_keys
        self.outputs = {k: v for k, v in self.previous.items() if v.get("athlete") not in rebuilt
                        and not (v.get("kind") == "export" and v.get("athlete") in exported)}

    def record_export(self, relative: str, athlete_id: str) -> None:
        """An export beside an athlete's plan page, site/<folder>/...: recorded under them."""
        self.outputs[relative] = {"athlete": athlete_id, "inputs": self.export_keys[athlete_id],
                                  "kind": "export"}

    def record(self, athlete: str, key: str, files: Iterable[str]) -> None:
        """Files of one athlete, made (or kept) from inputs with the hash ``key``."""
        self.outputs.update({f: {"athlete": athlete, "inputs": key} for f in files})

    def text(self) -> str:
        return manifest_text(self.outputs)
