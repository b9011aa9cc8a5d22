"""The booklet's print typefaces: Source Serif and Source Sans (OFL), shipped by PyPI packages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: CSS family names, each falling back to DejaVu (present wherever Pango is) and a generic.
SERIF = '"Source Serif Pro", "DejaVu Serif", serif'
SANS = '"Source Sans Pro", "DejaVu Sans", sans-serif'

_FACES = {
    # package: (family, ((file stem, weight, style), ...))
    "font_source_serif_pro": ("Source Serif Pro", (
        ("SourceSerifPro-Regular", 400, "normal"), ("SourceSerifPro-It", 400, "italic"),
        ("SourceSerifPro-Semibold", 600, "normal"), ("SourceSerifPro-Bold", 700, "normal"),
    )),
    "font_source_sans_pro": ("Source Sans Pro", (
        ("SourceSansPro-Regular", 400, "normal"), ("SourceSansPro-It", 400, "italic"),
        ("SourceSansPro-Semibold", 600, "normal"), ("SourceSansPro-Bold", 700, "normal"),
    )),
}


def _folder(package: str) -> Path:
    return Path(str(resources.files(package) / "files"))


def font_dirs() -> list[Path]:
    """Folders the PDF renderer may read fonts from."""
    return [_folder(package) for package in _FACES]


def font_files() -> list[Path]:
    """The shipped faces' font files."""
    return [_folder(package) / f"{stem}.ttf"
            for package, (_, faces) in _FACES.items() for stem, _, _ in faces]


def font_face_css() -> str:
    """@font-face rules pointing at the packaged font files."""
    rules = []
    for package, (family, faces) in _FACES.items():
        for stem, weight, style in faces:
            url = (_folder(package) / f"{stem}.ttf").as_uri()
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{url}");'
                f" font-weight: {weight}; font-style: {style}; }}"
            )
    return "\n".join(rules)
