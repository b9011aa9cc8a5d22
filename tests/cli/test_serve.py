"""`booklet serve`: the preview server serves the site, rebuilds what changed and reloads."""

from __future__ import annotations

import html
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from booklet import serve
from booklet.cli import main
from booklet.project import content_dir
from booklet.serve import EVENTS_PATH, PreviewServer, athletes_to_rebuild, inject

from ..support.example import ROOT
from ..support.processes import sigint_as_from_a_terminal

TIMEOUT = 20.0
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


@pytest.fixture
def preview(example_copy):
    """The example project served on a free port, without PDFs; stopped after the test."""
    log: list[tuple[str, bool]] = []  # (line, is_error), as the terminal would show them
    server = PreviewServer(example_copy, port=0, log=lambda *entry: log.append(entry))
    server.log_lines = log
    server.start()
    yield server
    server.stop()
    assert not any(thread.is_alive() for thread in server._threads)


def get(server: PreviewServer, path: str) -> tuple[int, str]:
    try:
        with OPENER.open(server.url + path.lstrip("/"), timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def first_event(server: PreviewServer) -> dict:
    with OPENER.open(server.url + EVENTS_PATH.lstrip("/"), timeout=5) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        while True:
            line = response.readline().decode()
            if line.startswith("data: "):
                return json.loads(line.removeprefix("data: "))


def wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def set_name(profile: Path, name: str) -> None:
    text = re.sub(r"(?m)^name: .*$", f"name: {name}", profile.read_text(encoding="utf-8"))
    profile.write_text(text, encoding="utf-8")


def test_serves_the_site_with_the_reload_script_only_in_responses(preview):
    assert preview.url.startswith("http://127.0.0.1:")
    status, index = get(preview, "/")
    assert status == 200
    assert "Hillside Harriers" in index and EVENTS_PATH in index
    assert index.index(EVENTS_PATH) < index.lower().rindex("</body>")
    status, plan = get(preview, "/ana-ruiz/")
    assert status == 200 and "Ana Ruiz" in plan and EVENTS_PATH in plan
    assert get(preview, "/ana-ruiz")[1] == plan  # the folder without its slash redirects
    status, css = get(preview, "/assets/site.css")
    assert status == 200 and EVENTS_PATH not in css
    status, missing = get(preview, "/no/such/page.html")
    site = preview.site_dir
    assert status == 404 and "Page not found" in missing and EVENTS_PATH in missing
    assert first_event(preview) == {"build": 1, "error": None}
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert not any("__booklet" in page.read_text(encoding="utf-8") for page in pages)


def test_editing_a_profile_rebuilds_only_that_athlete(preview):
    other = preview.site_dir / "ben-okafor" / "index.html"
    other_mtime = other.stat().st_mtime_ns
    set_name(preview.config.athletes_path / "ana-ruiz.yaml", "Ana Montaña")

    # The counter moves just after the new files are swapped in: wait for both.
    wait_for(lambda: preview.build_number >= 2 and "Ana Montaña" in get(preview, "/ana-ruiz/")[1],
             "the new name")
    assert preview.built[0] == () and set(preview.built[1:]) == {("ana-ruiz",)}
    assert other.stat().st_mtime_ns == other_mtime
    assert "Ana Montaña" in get(preview, "/")[1]
    assert ("Built ana-ruiz", False) in [(line.split(" (")[0], e) for line, e in
                                         preview.log_lines]
    assert first_event(preview)["build"] == preview.build_number


def test_a_broken_profile_keeps_the_last_good_build_and_shows_the_error(preview):
    profile = preview.config.athletes_path / "ben-okafor.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("name: ", "name: [<unclosed\n", 1), encoding="utf-8")

    wait_for(lambda: preview.error, "the failed rebuild")
    assert preview.build_number == 1
    assert "ben-okafor.yaml" in preview.error and preview.error.startswith("error: ")
    status, page = get(preview, "/ben-okafor/")
    assert status == 200 and "Ben Okafor" in page  # the last good build
    assert '<div id="booklet-preview-error" role="alert" style=' in page  # not hidden
    assert "ben-okafor.yaml" in page and html.escape(preview.error) in page
    assert first_event(preview) == {"build": 1, "error": preview.error}
    errors = [line for line, error in preview.log_lines if error]  # as the terminal shows them
    assert preview.error.splitlines()[0] in errors

    profile.write_text(good.replace("Ben Okafor", "Ben Fixed"), encoding="utf-8")
    wait_for(lambda: preview.build_number == 2, "the good rebuild")
    assert preview.error is None
    status, page = get(preview, "/ben-okafor/")
    assert "Ben Fixed" in page and 'role="alert" hidden' in page
    assert preview.built[-1] == ("ben-okafor",)


def test_editing_a_content_block_rebuilds_the_site(preview):
    source = content_dir() / "cooldown" / "easy-jog-walk.md"
    block = preview.config.content_path / "cooldown" / "easy-jog-walk.md"
    block.parent.mkdir(parents=True)
    block.write_text(source.read_text(encoding="utf-8").replace(
        "title: Easy jog and walk", "title: Jog, then walk"), encoding="utf-8")
    wait_for(lambda: "Jog, then walk" in get(preview, "/library/index.html")[1],
             "the overriding block")

    block.write_text(block.read_text(encoding="utf-8").replace(
        "title: Jog, then walk", "title: Walk it off"), encoding="utf-8")
    wait_for(lambda: preview.build_number >= 3 and "Walk it off" in get(
        preview, "/library/cooldown/easy-jog-walk.html")[1], "the edited title")
    assert "Walk it off" in get(preview, "/library/index.html")[1]
    assert preview.built[-1] == ()  # a content change rebuilds the whole site


def test_an_unexpected_exception_is_shown_and_the_server_keeps_running(preview, monkeypatch):
    def crash(config):
        raise RuntimeError("boom <here>")

    monkeypatch.setattr(serve, "build", crash)
    assert preview.rebuild() is False
    assert preview.error == (f"error: internal error while building {preview.project_dir}:"
                             " RuntimeError: boom <here> (run with --debug for the traceback)")
    assert not any("Traceback" in line for line, error in preview.log_lines)
    status, page = get(preview, "/")
    assert status == 200 and "boom &lt;here&gt;" in page
    preview.debug = True  # booklet --debug serve
    assert preview.rebuild() is False
    assert any("Traceback" in line for line, error in preview.log_lines if error)
    monkeypatch.undo()
    assert preview.rebuild() is True and preview.error is None


def test_a_bug_while_planning_one_athlete_names_its_file_in_the_banner(preview, monkeypatch):
    from booklet.project import athletes

    real = athletes.make_plan

    def make_plan(profile, doses=None):
        if profile.id == "ben-okafor":
            raise TypeError("keywords must be strings")
        return real(profile, doses)

    monkeypatch.setattr(athletes, "make_plan", make_plan)
    assert preview.rebuild() is False
    profile = preview.config.athletes_path / "ben-okafor.yaml"
    assert preview.error == (f"error: internal error while building {profile}: TypeError:"
                             " keywords must be strings (run with --debug for the traceback)")
    assert not any("Traceback" in line for line, error in preview.log_lines)
    status, page = get(preview, "/ben-okafor/")  # the last good page is kept
    assert status == 200 and "Ben Okafor" in page and "keywords must be strings" in page


def test_which_changes_rebuild_what(tmp_path):
    athletes = tmp_path / "athletes"
    athletes.mkdir()
    (athletes / "ana.yaml").write_text("name: Ana\n")
    (athletes / "ben.yml").write_text("name: Ben\n")
    assert athletes_to_rebuild([str(athletes / "ana.yaml")], athletes) == ("ana",)
    assert athletes_to_rebuild([str(athletes / "ben.yml"), str(athletes / "ana.yaml")],
                               athletes) == ("ana", "ben")
    deleted = str(athletes / "cleo.yaml")
    assert athletes_to_rebuild([str(athletes / "ana.yaml"), deleted], athletes) == ()
    assert athletes_to_rebuild([str(tmp_path / "content" / "x.md")], athletes) == ()
    assert athletes_to_rebuild([str(tmp_path / "booklet.toml")], athletes) == ()
    (athletes / "ana.diary.csv").write_text("date\n")  # a diary re-plans its athlete only
    assert athletes_to_rebuild([str(athletes / "ana.diary.csv")], athletes) == ("ana",)
    (athletes / "hills.gpx").write_text("<gpx/>")  # a course any profile may name
    assert athletes_to_rebuild([str(athletes / "hills.gpx")], athletes) == ()


def test_the_banner_escapes_the_error_and_goes_before_the_body_end():
    page = b"<html><body><p>hi</p></BODY></html>"
    served = inject(page, 7, "error: <script>alert(1)</script>").decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in served and "<script>alert" not in served
    assert "var served = 7;" in served and served.endswith("</BODY></html>")
    assert inject(b"no body", 1, None).startswith(b"no body<div")


def test_a_busy_port_is_a_clear_error(example_copy):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(example_copy), "--port", str(port)])
    assert result.exit_code == 1
    assert f"error: cannot listen on 127.0.0.1:{port}" in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is POSIX")
def test_ctrl_c_stops_the_command_cleanly(example_copy):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "booklet", "serve", str(example_copy), "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=sigint_as_from_a_terminal)
    output: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [output.put(line) for line in process.stdout],
                     daemon=True).start()
    try:
        line = ""
        while "Serving" not in line:
            line = output.get(timeout=TIMEOUT)
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with OPENER.open(url, timeout=5) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 0
        assert output.get(timeout=5).strip() == "Stopped."
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not any(p.name.startswith(".booklet-") for p in (example_copy / "build").iterdir())


def test_serving_a_project_with_a_broken_profile_starts_and_shows_the_error(example_copy):
    """The first build fails for one athlete: the server still starts, serves the others and
    shows the error; fixing the profile builds it."""
    profile = example_copy / "athletes" / "ben-okafor.yaml"
    good = profile.read_text(encoding="utf-8")
    profile.write_text(good.replace("name: ", "name: [<unclosed\n", 1), encoding="utf-8")
    server = PreviewServer(example_copy, port=0, log=lambda *entry: None)
    server.start()
    try:
        assert server.error and "ben-okafor.yaml" in server.error
        status, page = get(server, "/ana-ruiz/")
        assert status == 200 and "Ana Ruiz" in page
        profile.write_text(good, encoding="utf-8")
        wait_for(lambda: server.error is None and server.build_number >= 1, "the good rebuild")
        status, page = get(server, "/ben-okafor/")
        assert status == 200 and "Ben Okafor" in page
    finally:
        server.stop()


def test_a_profile_with_an_upper_case_suffix_feeds_the_build(example_copy):
    """The build reads `ana.YAML` as a profile, so editing it must rebuild under serve."""
    from watchfiles import Change

    server = PreviewServer(example_copy, port=0, log=lambda *entry: None)
    athletes = server.config.athletes_path.resolve()
    assert server._relevant(Change.modified, str(athletes / "dana.YAML"))
    assert server._relevant(Change.added, str(athletes / "eve.Yml"))
    assert not server._relevant(Change.modified, str(athletes / "notes.txt"))
    assert server._relevant(Change.modified, str(athletes / "ana-ruiz.diary.csv"))
    assert not server._relevant(Change.modified, str(athletes / "ana-ruiz.csv"))
    # race courses, wherever in the project a profile keeps them (race.course)
    assert server._relevant(Change.modified, str(server.config.root / "courses" / "a.gpx"))
    assert server._relevant(Change.added, str(athletes / "b.GPX"))


def raw_status(server: PreviewServer, request: bytes) -> tuple[int, bytes]:
    """Send one raw HTTP request; the status code and the whole response."""
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request)
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    return int(response.split(b" ", 2)[1]), response


def test_only_local_host_names_are_answered(preview):
    """Against DNS rebinding: a page on another site whose name now points at 127.0.0.1
    sends its own name as Host and gets nothing."""
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}",
                 f"LOCALHOST:{port}"):
        request = f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        assert raw_status(preview, request)[0] == 200, host
    for host in (f"evil.example:{port}", "localhost", f"127.0.0.1:{port + 1}",
                 f"127.0.0.1.evil.example:{port}", f"localhost:{port}@evil.example"):
        for method in ("GET", "HEAD"):
            request = f"{method} /ana-ruiz/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            status, response = raw_status(preview, request.encode())
            assert status == 421, (method, host)
            assert b"Ana Ruiz" not in response
    status, response = raw_status(preview, b"GET /__booklet/events HTTP/1.1\r\n"
                                           b"Host: evil.example\r\nConnection: close\r\n\r\n")
    assert status == 421 and b"event-stream" not in response
    status, response = raw_status(preview, b"GET / HTTP/1.0\r\n\r\n")
    assert status == 400 and b"Host" in response


def test_odd_paths_are_not_found_without_a_traceback(preview, capfd, tmp_path):
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "notes.html").write_text("<p>private notes</p>", encoding="utf-8")
    (outside / "notes.txt").write_text("private notes", encoding="utf-8")
    site = preview.site_dir
    (site / "leak.html").symlink_to(outside / "notes.html")
    (site / "leak.txt").symlink_to(outside / "notes.txt")
    (site / "leaks").symlink_to(outside)
    (site / "inner.css").symlink_to(site / "assets" / "site.css")  # inside: served
    capfd.readouterr()
    for path in ("/%00", "/index.html%00.txt", "/a%00/", "/" + "a" * 5000,
                 "/" + "a/" * 2500, "/leak.html", "/leak.txt", "/leaks/", "/leaks/notes.txt",
                 "/leaks/notes.html", "/../../../../etc/hostname", "/%2e%2e/%2e%2e/etc/hostname"):
        status, body = get(preview, path)
        assert status in (400, 404), path
        assert "private notes" not in body, path
    assert get(preview, "/inner.css")[0] == 200
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
