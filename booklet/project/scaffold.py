"""`booklet new`: write a small project that builds as it stands."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from ..errors import BookletError

CONFIG = """\
# booklet project settings. Paths are relative to this file.
title = "Downhill tempo plans"
coach = "Your Name"
paper = "a4"          # a4 | letter | a5
units = "km"          # km | mi: the default for athletes who do not say
allow_html = false    # raw HTML inside content blocks stays text unless true
# base_url = "https://example.org/plans/"   # sitemap, canonical links, calendar subscription
# private_urls = true   # plan pages at unguessable addresses; the secret (16+ characters) comes
#                       # from BOOKLET_URL_SECRET or url_secret = "..." here
"""

ATHLETE = """\
# One runner. The file name (without .yaml) is the athlete id.
name: Sample Runner
level: beginner            # beginner | intermediate | advanced
start: {start}         # first day of week 1
weeks: 12                  # 6..24
units: km                  # km | mi
days: [tue, thu, sat, sun] # 4 to 7 running days
long_run: sun
weekly_minutes: 150        # what you run in a normal week now
recent_race: {{distance: 5k, time: "27:30"}}
hill: {{grade: 3, length_m: 300}}   # the descent you can train on: grade in %, length
# or several named descents instead of hill (each session says which one it uses):
# descents:
#   - {{name: Park path, grade: 3, length_m: 300}}
#   - {{name: Ridge road, grade: 5, length_m: 500}}
# treadmill: {{max_decline: 3}}     # optional: a treadmill that declines up to 3%
notes: Replace this sample with your own details, then run `booklet build`.   # for you only
# share_notes: true        # true prints the notes in the booklet and on the site
# message: Enjoy the descents!   # printed in the booklet as a note from the coach
"""

README = """\
Files placed here override the bundled ones of the same name.
"""


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def scaffold(directory: Path, today: date | None = None) -> list[Path]:
    """Create DIRECTORY with booklet.toml, one athlete and empty override folders."""
    directory = Path(directory)
    if directory.is_symlink() and not directory.exists():
        raise BookletError(f"{directory} is a broken symbolic link; choose a new folder")
    if directory.exists() and not directory.is_dir():
        raise BookletError(f"{directory} already exists and is a file, not a folder;"
                           " choose a new folder")
    try:
        if directory.exists() and any(directory.iterdir()):
            raise BookletError(f"{directory} already exists and is not empty;"
                               " choose a new folder")
    except OSError as exc:
        raise BookletError(f"cannot read {directory}: {exc.strerror}; choose a new folder"
                           ) from None
    start = next_monday(today or date.today())
    files = {
        "booklet.toml": CONFIG,
        "athletes/sample-runner.yaml": ATHLETE.format(start=start.isoformat()),
        "content/README.txt": README.replace("bundled ones of the same name",
                                             "bundled blocks with the same id (Markdown files)"),
        "templates/README.txt": README.replace("bundled ones", "bundled templates"),
    }
    created = []
    for relative, text in files.items():
        path = directory / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:  # e.g. a read-only folder, or a file where a folder goes
            where = exc.filename or path
            raise BookletError(f"cannot create {where}: {exc.strerror or exc};"
                               " choose another folder") from None
        created.append(path)
    return created
