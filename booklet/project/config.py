"""The project: booklet.toml settings plus command-line overrides, paths resolved to the project."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from ..errors import BookletError, ConfigError, Problem
from ..sources import parse_toml, problems_from_validation, read_text, toml_key_lines
from .resources import content_dir, templates_dir

CONFIG_NAME = "booklet.toml"
#: The environment variable that holds the secret for ``private_urls`` (wins over the file).
SECRET_ENV = "BOOKLET_URL_SECRET"
SECRET_MIN_CHARS = 16
Paper = Literal["a4", "letter", "a5"]
#: PDF variants WeasyPrint can write that make sense for a booklet (tagged/archival).
PdfVariant = Literal["pdf/ua-1", "pdf/ua-2", "pdf/a-1b", "pdf/a-2b", "pdf/a-2u", "pdf/a-3b",
                     "pdf/a-3u"]
PDF_VARIANTS: tuple[str, ...] = PdfVariant.__args__
#: A Dask scheduler's address: tcp:// or tls://, a host name, IPv4 or [IPv6] address, a port.
_SCHEDULER = re.compile(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}))"
                        r":([0-9]{1,5})")


def scheduler_address(text: str) -> str:
    """A Dask scheduler's address as given (``tcp://HOST:PORT``, the scheme optional), with
    tcp:// made explicit; ValueError saying what is wrong otherwise."""
    found = _SCHEDULER.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None or not 0 < int(found.group(3)) < 65536:
        shown = text if isinstance(text, str) and len(text) <= 80 else "this value"
        raise ValueError(f"{shown!r} is not a Dask scheduler address; give tcp://HOST:PORT,"
                         " as 'dask scheduler' prints it (e.g. tcp://192.168.1.20:8786)")
    return f"{found.group(1) or 'tcp'}://{found.group(2)}:{int(found.group(3))}"


class ProjectSettings(BaseModel):
    """What booklet.toml may say. Every key is optional."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(default="Downhill tempo plans", min_length=1, max_length=120)
    coach: str | None = Field(default=None, max_length=80)
    #: How athletes reach the coach (email, phone), on each booklet's last page.
    coach_contact: str | None = Field(default=None, max_length=120)
    paper: Paper = "a4"
    units: Literal["km", "mi"] = "km"
    base_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    # Plan pages under unguessable paths (an HMAC of the athlete id with ``url_secret``).
    private_urls: bool = False
    url_secret: SecretStr | None = None

    @field_validator("url_secret")
    @classmethod
    def _long_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # A value error: the message never repeats the secret.
        if value is not None and len(value.get_secret_value().strip()) < SECRET_MIN_CHARS:
            raise ValueError(f"the secret must be a random text of at least {SECRET_MIN_CHARS}"
                             " characters")
        return value
    allow_html: bool = False
    #: Render the PDFs on the Dask cluster of this scheduler (booklet.pdf.cluster); None: here.
    scheduler: str | None = None

    @field_validator("scheduler")
    @classmethod
    def _scheduler_address(cls, value: str | None) -> str | None:
        return None if value is None else scheduler_address(value)
    impose: bool = False  # also write a saddle-stitch PDF: A5 pages two-up on A4 sheets
    print_edition: bool = False  # also write <id>-print.pdf: right-hand openings, facing diary
    #: Creep allowance of the saddle-stitch PDF: how far (mm) the innermost sheet's pages move
    #: towards the fold, the outer sheets proportionally less; 0 for thin booklets.
    creep_mm: float = Field(default=0.0, ge=0.0, le=5.0)
    pdf_variant: PdfVariant | None = None
    reuse_layout: bool = True  # lay the chapters out once per batch (booklet.pdf.reuse)
    athletes_dir: str = "athletes"
    roster_file: str = "athletes.csv"  # an optional spreadsheet of athletes, one per row
    content_dir: str = "content"
    templates_dir: str = "templates"


class ProjectConfig(BaseModel):
    """Everything one build needs to know: settings, resolved folders and this run's choices."""

    model_config = ConfigDict(frozen=True)

    root: Path
    settings: ProjectSettings
    out_dir: Path
    athletes: tuple[str, ...] = ()  # empty: every athlete
    pdf: bool = True
    site: bool = True
    jobs: int | None = None  # PDF worker processes; None: one per CPU
    force: bool = False  # rebuild PDFs even when their inputs are unchanged
    zip: bool = False  # also write booklets.zip with every PDF
    #: The day a diary edition is re-planned from; None: the build's date (``build_date``).
    today: date | None = None

    def athlete_folder(self, athlete_id: str) -> str:
        """The site folder of an athlete's plan page: the id, or with ``private_urls`` a keyed
        hash of it (stable for one secret, unguessable without it)."""
        if not self.settings.private_urls:
            return athlete_id
        assert self.settings.url_secret is not None  # load_config refuses it otherwise
        key = self.settings.url_secret.get_secret_value().encode("utf-8")
        message = f"booklet plan page:{athlete_id}".encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]

    @property
    def athletes_path(self) -> Path:
        return self.root / self.settings.athletes_dir

    @property
    def roster_path(self) -> Path:
        return self.root / self.settings.roster_file

    @property
    def content_path(self) -> Path:
        return self.root / self.settings.content_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.settings.templates_dir

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders content, templates and profiles may name files in, for the site as
        for the PDF: the project and the bundled templates and content (``booklet.paths``)."""
        return (self.root, templates_dir(), content_dir())


def load_config(
    project_dir: Path | str = ".",
    *,
    out_dir: Path | str | None = None,
    athletes: tuple[str, ...] | list[str] = (),
    pdf: bool = True,
    site: bool = True,
    paper: str | None = None,
    impose: bool | None = None,
    print_edition: bool | None = None,
    creep_mm: float | None = None,
    pdf_variant: str | None = None,
    reuse_layout: bool | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    zip: bool = False,
    today: date | None = None,
) -> ProjectConfig:
    """Read PROJECT_DIR/booklet.toml; options given here override the file."""
    root = Path(project_dir).resolve()
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise ConfigError([Problem(f"project folder {root} does not exist")])
    if not path.is_file():
        raise ConfigError([Problem(
            f"no {CONFIG_NAME} in {root}; run 'booklet new {project_dir}' to start a project"
        )])
    try:
        data = parse_toml(path)
    except BookletError as exc:
        raise ConfigError(exc.problems) from None
    overrides = {"paper": paper, "impose": impose, "pdf_variant": pdf_variant,
                 "reuse_layout": reuse_layout, "print_edition": print_edition,
                 "creep_mm": creep_mm, "scheduler": scheduler}
    data.update({key: value for key, value in overrides.items() if value is not None})
    from_env = os.environ.get(SECRET_ENV, "").strip()
    if from_env:
        if len(from_env) < SECRET_MIN_CHARS:
            raise ConfigError([Problem(
                f"the environment variable {SECRET_ENV} is {len(from_env)} characters long;"
                f" use a random secret of at least {SECRET_MIN_CHARS} characters")])
        data["url_secret"] = from_env
    try:
        settings = ProjectSettings(**data)
    except ValidationError as exc:
        lines = toml_key_lines(read_text(path))
        raise ConfigError(problems_from_validation(exc, ProjectSettings, path, lines)) from None
    if settings.private_urls and settings.url_secret is None:
        line = toml_key_lines(read_text(path)).get(("private_urls",))
        raise ConfigError([Problem(
            f"private_urls needs a secret: set url_secret in {CONFIG_NAME} (a random text of at"
            f" least {SECRET_MIN_CHARS} characters) or the environment variable {SECRET_ENV};"
            " keep it, as changing it moves every plan page", path, line, "private_urls")])
    out = Path(out_dir).resolve() if out_dir is not None else root / "build"
    return ProjectConfig(
        root=root, settings=settings, out_dir=out, athletes=tuple(athletes), pdf=pdf, site=site,
        jobs=jobs, force=force, zip=zip, today=today,
    )


def build_date() -> date:
    """Today, or the date of SOURCE_DATE_EPOCH when set (reproducible builds): the day a plan
    with a diary is re-planned from. Nothing else a build writes depends on it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()
