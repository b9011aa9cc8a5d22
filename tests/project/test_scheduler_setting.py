"""The scheduler setting (booklet.toml ``scheduler``, ``booklet build --scheduler``): an
address is taken as Dask writes it, anything else is one clear error, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from booklet.cli import main
from booklet.errors import ConfigError
from booklet.project import load_config, scheduler_address

from ..support.fuzzing import fuzz_settings


@pytest.mark.parametrize(("given_address", "taken"), [
    ("tcp://127.0.0.1:8786", "tcp://127.0.0.1:8786"),
    ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),
    ("tls://dask.example.org:443", "tls://dask.example.org:443"),
    ("tcp://[::1]:8786", "tcp://[::1]:8786"),
    (" tcp://host:08786 ", "tcp://host:8786"),
])
def test_addresses_dask_prints_are_taken(given_address, taken):
    assert scheduler_address(given_address) == taken


@pytest.mark.parametrize("bad", ["", "tcp://", "host", "tcp://host", "tcp://host:0",
                                 "tcp://host:65536", "http://host:8786", "tcp://ho st:1",
                                 "tcp://host:8786/path", "tcp://-host:1"])
def test_other_text_is_refused_with_what_to_give(bad):
    with pytest.raises(ValueError, match="tcp://HOST:PORT"):
        scheduler_address(bad)


def project_with(folder: Path, setting: str) -> Path:
    (folder / "booklet.toml").write_text(f"scheduler = {setting}\n", encoding="utf-8")
    return folder


def test_the_config_names_the_key_and_line(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_config(project_with(tmp_path, '"my laptop"'))
    (problem,) = caught.value.problems
    assert problem.key == "scheduler" and problem.line == 1
    assert "not a Dask scheduler address" in str(problem)


def test_the_option_wins_over_the_config(tmp_path):
    root = project_with(tmp_path, '"tcp://a:1"')
    assert load_config(root).settings.scheduler == "tcp://a:1"
    assert load_config(root, scheduler="b:2").settings.scheduler == "tcp://b:2"


def test_a_bad_option_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--scheduler", "nowhere"])
    assert result.exit_code == 2 and "Invalid value for '--scheduler'" in result.output
    assert "Traceback" not in result.output


ADDRESSISH = st.one_of(
    st.text(max_size=60),
    st.builds(lambda s, h, p: f"{s}{h}:{p}", st.sampled_from(["", "tcp://", "tls://", "ws://",
                                                               "tcp:/", "://"]),
              st.text(max_size=20), st.integers(-5, 70_000).map(str) | st.text(max_size=6)),
)


@pytest.mark.fuzz
@fuzz_settings(60)
@given(ADDRESSISH)
def test_fuzzed_config_addresses_load_or_explain(text):
    with tempfile.TemporaryDirectory() as folder:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
        try:
            config = load_config(project_with(Path(folder), f'"{escaped}"'))
        except ConfigError as exc:
            assert exc.problems and all(p.file is not None for p in exc.problems)
        else:
            assert config.settings.scheduler == scheduler_address(text)


@pytest.mark.fuzz
@fuzz_settings(40)
@given(ADDRESSISH)
def test_fuzzed_options_are_taken_or_a_usage_error(text):
    with tempfile.TemporaryDirectory() as folder:  # no booklet.toml: a valid address stops there
        result = CliRunner().invoke(main, ["build", folder, "--scheduler", text])
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                      SystemExit)
