"""The manifest reads only the files a booklet may show (inside the project and the bundled
folders), a chunk at a time; any other file:// address counts by its name."""

from __future__ import annotations

import hashlib

from booklet.build import inputs_hash


def html_naming(path) -> str:
    return f'<p>see <a href="{path.as_uri()}">this</a></p>'


def test_a_file_outside_the_roots_is_never_read(tmp_path, monkeypatch):
    project, outside = tmp_path / "project", tmp_path / "elsewhere" / "huge.bin"
    project.mkdir()
    outside.parent.mkdir()
    outside.write_bytes(b"a" * 1000)
    first = inputs_hash(html_naming(outside), roots=[project])
    outside.write_bytes(b"b" * 1000)
    assert inputs_hash(html_naming(outside), roots=[project]) == first

    def never(*args, **kwargs):
        raise AssertionError("read a file outside the project")

    monkeypatch.setattr(hashlib, "file_digest", never)
    inputs_hash(html_naming(outside), roots=[project])


def test_a_link_out_of_the_project_is_not_followed(tmp_path):
    project, outside = tmp_path / "project", tmp_path / "secret.bin"
    project.mkdir()
    outside.write_bytes(b"a")
    (project / "link.bin").symlink_to(outside)
    first = inputs_hash(html_naming(project / "link.bin"), roots=[project])
    outside.write_bytes(b"b")
    assert inputs_hash(html_naming(project / "link.bin"), roots=[project]) == first


def test_a_file_inside_the_roots_is_hashed_by_its_content(tmp_path):
    image = tmp_path / "content" / "figure.svg"
    image.parent.mkdir()
    image.write_text("<svg/>")
    first = inputs_hash(html_naming(image), roots=[tmp_path])
    image.write_text("<svg></svg>")
    assert inputs_hash(html_naming(image), roots=[tmp_path]) != first


def test_the_pdf_code_is_an_input(monkeypatch):
    """An edit of booklet's PDF code, released or not, changes every booklet's inputs (and so
    the shared chapters' cache key): PDFs and drawn chapters of other code are never reused."""
    from pathlib import Path

    import booklet
    from booklet.build import manifest

    code = manifest.pdf_code()
    assert code.startswith(booklet.__version__ + "+")
    digest = hashlib.sha256(booklet.__version__.encode())
    for path in sorted((Path(booklet.__file__).parent / "pdf").glob("*.py")):
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    assert code.endswith(digest.hexdigest()[:16])
    before = inputs_hash("<p>x</p>")
    monkeypatch.setattr(manifest, "pdf_code", lambda: code + "edited")
    assert inputs_hash("<p>x</p>") != before
