"""WeasyPrint may only read files inside the project, the bundled templates/content, and data:."""

from __future__ import annotations

import pytest

from booklet.pdf import FetchRefused, PdfWriter, ProjectURLFetcher


@pytest.fixture
def roots(tmp_path):
    project = tmp_path / "project"
    (project / "img").mkdir(parents=True)
    (project / "img" / "dot.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4">'
        '<circle cx="2" cy="2" r="2"/></svg>'
    )
    outside = tmp_path / "secret.txt"
    outside.write_text("do not read")
    return project, outside


@pytest.mark.parametrize("url", [
    "http://example.org/style.css",
    "https://example.org/x.png",
    "ftp://example.org/x",
    "file://otherhost/etc/passwd",
])
def test_refuses_network(roots, url):
    fetcher = ProjectURLFetcher([roots[0]])
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_refuses_files_outside_the_project(roots):
    project, outside = roots
    fetcher = ProjectURLFetcher([project])
    with pytest.raises(FetchRefused):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(FetchRefused):  # no escaping with ..
        fetcher.fetch((project / ".." / "secret.txt").as_uri())
    with pytest.raises(FetchRefused):
        fetcher.fetch("file:///etc/passwd")


def test_refuses_symlink_out_of_the_project(roots):
    project, outside = roots
    link = project / "sneaky.txt"
    link.symlink_to(outside)
    with pytest.raises(FetchRefused):
        ProjectURLFetcher([project]).fetch(link.as_uri())


def test_serves_project_files_and_data_uris(roots):
    project, _ = roots
    fetcher = ProjectURLFetcher([project])
    response = fetcher.fetch((project / "img" / "dot.svg").as_uri())
    try:
        assert b"<circle" in response.read()
    finally:
        response.close()
    data = fetcher.fetch("data:text/plain;base64,aGk=")
    assert data.read() == b"hi"


def test_rendering_skips_refused_resources(roots, tmp_path):
    project, outside = roots
    html = (
        f'<img src="{outside.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
        '<img src="img/dot.svg"><p>hello</p>'
    )
    pdf = PdfWriter([project]).render(html, base_url=project, identifier="t")
    assert pdf.startswith(b"%PDF")
