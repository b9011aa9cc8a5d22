"""What a build publishes about athletes: notes only with share_notes, no names in the library,
noindex plan pages, and private_urls paths that are stable, secret-keyed and leak no secret."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from booklet.build import build
from booklet.errors import ConfigError
from booklet.project import load_config, load_project

from ..support.example import ATHLETES, EXAMPLE, pdf_text

SECRET = "correct-horse-battery-staple-42"
OTHER_SECRET = "a-different-secret-for-the-club"


@pytest.fixture(scope="module")
def site_build(tmp_path_factory) -> Path:
    """The example built without PDFs, for what only the pages show."""
    out = tmp_path_factory.mktemp("privacy") / "build"
    build(load_config(EXAMPLE, out_dir=out, pdf=False))
    return out


def profile_notes() -> dict[str, tuple[str, bool]]:
    """Each example athlete's notes and whether the profile shares them."""
    project = load_project(load_config(EXAMPLE, pdf=False))
    return {a.profile.id: (a.profile.notes or "", a.profile.share_notes)
            for a in project.athletes}


def output_texts(out: Path) -> dict[str, str]:
    """Every file under OUT as text: PDFs by their extracted text (with whitespace made
    single spaces), everything else decoded leniently (FIT files, CSV, iCalendar...)."""
    texts = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            text = pdf_text(path)
        else:
            text = path.read_bytes().decode("utf-8", "replace")
        # iCalendar folds long lines (CRLF and a space): unfold before searching.
        text = text.replace("\r\n ", "").replace("\n ", "")
        texts[path.relative_to(out).as_posix()] = " ".join(text.split())
    return texts


def fragments(note: str) -> list[str]:
    """The note, and each run of four words of it, so a note split or cut short is found."""
    words = note.split()
    return [" ".join(words)] + [" ".join(words[i:i + 4]) for i in range(len(words) - 3)]


def test_notes_reach_no_built_file_without_share_notes(example_build):
    notes = profile_notes()
    hidden = {a: n for a, (n, shared) in notes.items() if n and not shared}
    shared = {a: n for a, (n, share) in notes.items() if n and share}
    assert len(hidden) >= 3 and shared, "the example should have private and shared notes"
    texts = output_texts(example_build)
    assert any(name.endswith(".pdf") for name in texts)
    assert any(name.endswith(".fit") for name in texts)
    for athlete, note in hidden.items():
        for fragment in fragments(note):
            found = [name for name, text in texts.items() if fragment in text]
            assert not found, f"{athlete}'s note {fragment!r} is in {found}"
    # The shared note is printed, on the plan page and in the booklet.
    for athlete, note in shared.items():
        assert note in texts[f"site/{athlete}/index.html"]
        assert " ".join(note.split()[:4]) in texts[f"pdf/{athlete}.pdf"]


def test_share_notes_prints_the_note(example_copy, tmp_path):
    profile = example_copy / "athletes" / "ana-ruiz.yaml"
    profile.write_text(profile.read_text() + "share_notes: true\n")
    build(load_config(example_copy, out_dir=tmp_path, pdf=False, athletes=["ana-ruiz"]))
    page = (tmp_path / "site" / "ana-ruiz" / "index.html").read_text()
    assert '<p class="notes">First season of structured training. Sore calves' in page


def test_roster_rows_can_share_notes(project, tmp_path):
    root = project({"athletes.csv": """\
        id,name,level,start,days,weekly_minutes,hill_grade,hill_length_m,notes,share_notes
        kim,Kim Lee,beginner,2027-01-04,tue thu sat sun,150,3,400,Knee niggle in March,
        lou,Lou Park,beginner,2027-01-04,tue thu sat sun,150,3,400,Loves the hills,true
        """}, athletes=0)
    build(load_config(root, out_dir=tmp_path / "o", pdf=False))
    site = tmp_path / "o" / "site"
    assert "Knee niggle" not in (site / "kim" / "index.html").read_text()
    assert "Loves the hills" in (site / "lou" / "index.html").read_text()


def athlete_names() -> list[str]:
    project = load_project(load_config(EXAMPLE, pdf=False))
    return [a.profile.name for a in project.athletes]


def test_library_pages_never_name_athletes(site_build):
    names = athlete_names()
    words = {part for name in names for part in name.split()}  # "Ana", "Ruiz", ...
    library = sorted((site_build / "site" / "library").rglob("*.html"))
    assert len(library) > 30
    for page in library:
        text = page.read_text()
        for athlete in ATHLETES:
            assert athlete not in text, (page, athlete)
        visible = re.sub(r"<[^>]+>", " ", text)
        for word in words:
            assert not re.search(rf"\b{re.escape(word)}\b", visible), (page, word)


def test_plan_pages_are_noindex_and_others_are_not(site_build):
    site = site_build / "site"
    robots = '<meta name="robots" content="noindex, nofollow">'
    for athlete in ATHLETES:
        assert robots in (site / athlete / "index.html").read_text()
    assert robots not in (site / "index.html").read_text()
    assert robots not in (site / "library" / "index.html").read_text()


def private_build(root: Path, out: Path, secret: str | None = SECRET, **options) -> Path:
    text = (root / "booklet.toml").read_text()
    text = re.sub(r"(?m)^(private_urls|url_secret) = .*\n", "", text)
    text += "private_urls = true\n" + (f'url_secret = "{secret}"\n' if secret else "")
    (root / "booklet.toml").write_text(text)
    result = build(load_config(root, out_dir=out, **options))
    assert result.ok, result.problems
    return out


def plan_folders(site: Path) -> dict[str, str]:
    """{athlete name: folder} from the folders that hold a plan page."""
    found = {}
    for page in site.glob("*/index.html"):
        if page.parent.name == "library":
            continue
        name = re.search(r"<h1>([^<]+)</h1>", page.read_text()).group(1)
        found[name] = page.parent.name
    return found


def test_private_urls_are_stable_secret_keyed_and_unlisted(example_copy, tmp_path):
    first = private_build(example_copy, tmp_path / "a", pdf=False)
    again = private_build(example_copy, tmp_path / "b", pdf=False)
    other = private_build(example_copy, tmp_path / "c", OTHER_SECRET, pdf=False)
    folders = plan_folders(first / "site")
    assert sorted(folders) == sorted(athlete_names())
    assert plan_folders(again / "site") == folders  # stable across builds
    changed = plan_folders(other / "site")
    assert sorted(changed) == sorted(folders)
    assert not set(changed.values()) & set(folders.values())  # another secret, other paths
    for folder in folders.values():
        assert re.fullmatch(r"[0-9a-f]{32}", folder)
    for athlete in ATHLETES:
        assert not (first / "site" / athlete).exists()
    # The index lists nobody; nothing public names a plan's folder.
    index = (first / "site" / "index.html").read_text()
    assert "ask your coach for the link" in index.lower()
    for name, folder in folders.items():
        assert name not in index and folder not in index
        for page in (first / "site").rglob("*.html"):
            if page.parent.name != folder:
                assert folder not in page.read_text(), (page, name)
    # The exports sit beside each page, under the private folder.
    for folder in folders.values():
        assert (first / "site" / folder / "plan.ics").is_file()
    # The coach's list of addresses, outside the published folder.
    rows = list(csv.DictReader(io.StringIO((first / "private-links.csv").read_text())))
    assert {r["name"]: r["page"] for r in rows} == {
        name: f"site/{folder}/index.html" for name, folder in folders.items()}


def all_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file()}


def test_the_secret_never_reaches_the_output(example_copy, tmp_path, monkeypatch):
    text = (example_copy / "booklet.toml").read_text()
    (example_copy / "booklet.toml").write_text(
        text + 'base_url = "https://plans.example.org/club"\n')
    out = private_build(example_copy, tmp_path / "o", pdf=True, athletes=["dev-patel"])
    files = all_bytes(out)
    assert any(name.endswith(".pdf") for name in files) and "sitemap.xml" in "".join(files)
    for name, data in files.items():
        assert SECRET.encode() not in data, name
    # From the environment instead of booklet.toml: the same paths, and no secret either.
    monkeypatch.setenv("BOOKLET_URL_SECRET", SECRET)
    env_out = private_build(example_copy, tmp_path / "e", secret=None, pdf=False)
    assert plan_folders(env_out / "site")["Dev Patel"] == plan_folders(out / "site")["Dev Patel"]
    for name, data in all_bytes(env_out).items():
        assert SECRET.encode() not in data, name


def test_private_urls_without_a_secret_is_refused(example_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("BOOKLET_URL_SECRET", raising=False)
    (example_copy / "booklet.toml").write_text(
        (example_copy / "booklet.toml").read_text() + "private_urls = true\n")
    with pytest.raises(ConfigError) as caught:
        load_config(example_copy, out_dir=tmp_path)
    message = str(caught.value)
    assert "booklet.toml" in message and "key 'private_urls'" in message
    assert "url_secret" in message and "BOOKLET_URL_SECRET" in message


@pytest.mark.parametrize("where", ["file", "env"])
def test_a_short_secret_is_refused_without_repeating_it(where, example_copy, tmp_path,
                                                        monkeypatch):
    short = "hunter2"
    text = (example_copy / "booklet.toml").read_text() + "private_urls = true\n"
    if where == "file":
        text += f'url_secret = "{short}"\n'
    else:
        monkeypatch.setenv("BOOKLET_URL_SECRET", short)
    (example_copy / "booklet.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(example_copy, out_dir=tmp_path)
    assert "at least 16 characters" in str(caught.value)
    assert short not in str(caught.value)
