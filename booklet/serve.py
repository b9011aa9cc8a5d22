"""The preview server behind ``booklet serve``: build the site, serve it, rebuild on changes.

A :class:`PreviewServer` builds the site into the output folder (PDFs only when asked), serves
``build/site`` on 127.0.0.1 with the standard library's ``http.server`` (only to requests for
a local host name, never through a symlink leading out of the site), and watches the
project with ``watchfiles``. A change to athlete profiles only rebuilds those athletes' pages;
anything else rebuilds the whole site. HTML responses (never the built files) carry a small
script that listens on ``/__booklet/events`` (Server-Sent Events) and reloads the page after
the next good build, and a banner with the last build error. Builds are atomic, so a failed
rebuild leaves the last good site being served.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

from watchfiles import Change, DefaultFilter, watch

from .build import build
from .errors import MAX_SHOWN, BookletError, InternalProblem, Problem, shown
from .paths import inside
from .project import CONFIG_NAME, SUFFIXES, ProjectConfig, load_config
from .project.diary import SUFFIX as DIARY

HOST = "127.0.0.1"
#: The names a browser may use for the server (with its port). Any other Host header is
#: refused: a web page whose own name was pointed at 127.0.0.1 (DNS rebinding) cannot read
#: the plans.
LOCAL_NAMES = ("localhost", "127.0.0.1", "[::1]")
EVENTS_PATH = "/__booklet/events"
COURSE_SUFFIX = ".gpx"  # race courses a profile names (race.course) feed the build too
STEP_MS = 100  # a burst of changes ends after this long without another change...
DEBOUNCE_MS = 1_600  # ...or after this long at most
WAKE_MS = 300  # how often the watcher looks up from waiting (to notice a stop)
KEEPALIVE_S = 15.0  # a comment line on idle event streams finds closed connections
STOP_TIMEOUT_S = 30.0

#: Added before </body> of every HTML response: the error banner and the reload script.
SNIPPET = Template("""\
<div id="booklet-preview-error" role="alert"$hidden style="position:fixed;left:0;right:0;\
bottom:0;z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:1em;\
background:#7a1010;color:#fff;font:14px/1.4 system-ui,sans-serif">\
<strong>The last rebuild failed; this is the last good build.</strong>\
<pre style="white-space:pre-wrap;margin:.5em 0 0;font:13px/1.4 monospace">$error</pre></div>
<script>
(function () {
  var served = $build;
  var banner = document.getElementById("booklet-preview-error");
  var events = new EventSource("$events");
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.build !== served) { events.close(); location.reload(); return; }
    banner.hidden = !state.error;
    banner.querySelector("pre").textContent = state.error || "";
  };
})();
</script>
""")
NOT_FOUND = b"<!DOCTYPE html>\n<title>Not found</title>\n<h1>Not found</h1>\n"

Log = Callable[[str, bool], None]  # (line, is_error)


def _print(line: str, error: bool) -> None:
    print(line, file=sys.stderr if error else sys.stdout, flush=True)


def inject(page: bytes, build_number: int, error: str | None) -> bytes:
    """The page with the error banner and the reload script added before ``</body>``."""
    snippet = SNIPPET.substitute(
        hidden="" if error else " hidden", error=html.escape(error or ""),
        build=build_number, events=EVENTS_PATH)
    text = page.decode("utf-8", "surrogateescape")
    end = text.lower().rfind("</body>")
    text = text + snippet if end < 0 else text[:end] + snippet + text[end:]
    return text.encode("utf-8", "surrogateescape")


def athletes_to_rebuild(changed: Iterable[str], athletes_path: Path) -> tuple[str, ...]:
    """The athlete ids a batch of changed paths affects, or ``()`` for the whole site.

    Only edited or added profiles (or diaries, <id>.diary.csv) allow a partial build; a
    deleted profile (the site must drop its page) or a change to anything else (content,
    templates, booklet.toml) does not.
    """
    ids = set()
    for name in changed:
        path = Path(name)
        if path.parent != athletes_path or not path.is_file():
            return ()
        if path.suffix.lower() == COURSE_SUFFIX:  # any profile may name a course: rebuild all
            return ()
        ids.add(path.name.removesuffix(DIARY) if path.name.endswith(DIARY) else path.stem)
    return tuple(sorted(ids))


class PreviewServer:
    """Owns one preview session: the HTTP server, the watcher and the build state.

    ``build_number`` counts good builds (the reload script compares it), ``error`` is the
    last rebuild's error text until a build succeeds, and ``built`` records what each good
    build rebuilt: a tuple of athlete ids, or ``()`` for the whole site.
    """

    def __init__(self, project_dir: Path | str = ".", *, port: int = 8000, pdf: bool = False,
                 out_dir: Path | str | None = None, log: Log = _print, debug: bool = False):
        self.project_dir = Path(project_dir)
        self.config: ProjectConfig = load_config(self.project_dir, out_dir=out_dir, pdf=pdf)
        self.port, self.pdf, self.log = port, pdf, log
        self.debug = debug  # log the traceback of an internal error
        self.site_dir = self.config.out_dir / "site"
        self.build_number = 0
        self.error: str | None = None
        self.built: list[tuple[str, ...]] = []
        self._pending: set[str] | None = None  # athletes still to rebuild; None: everything
        self._changed = threading.Condition()
        self._build_lock = threading.Lock()
        self._stopping = threading.Event()
        self._watching = threading.Event()
        self._watch_failure: Exception | None = None
        self._ignore = DefaultFilter()
        self._httpd: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start() the server first"
        return f"http://{HOST}:{self._httpd.server_address[1]}/"

    # Lifecycle

    def start(self) -> None:
        """Listen, start watching, build the whole site, then serve. Returns at once."""
        handler = partial(_Handler, preview=self, directory=str(self.site_dir))
        try:
            self._httpd = _Server((HOST, self.port), handler)
        except OSError as exc:
            raise BookletError(f"cannot listen on {HOST}:{self.port}: {exc.strerror or exc};"
                               " try another --port (0 picks a free one)") from None
        try:
            self._start_thread(self._watch, "booklet-watch")
            if not self._watching.wait(10) or self._watch_failure:
                raise BookletError(f"cannot watch {self.config.root} for changes:"
                                   f" {self._watch_failure or 'timed out'}")
            self.rebuild()
            self._start_thread(partial(self._httpd.serve_forever, poll_interval=0.1),
                               "booklet-http")
        except BaseException:
            self.stop()
            raise

    def wait(self) -> None:
        """Block until stop() (Ctrl-C raises KeyboardInterrupt here)."""
        while not self._stopping.wait(0.5):
            pass

    def stop(self) -> None:
        """Stop the watcher, the event streams and the HTTP server; wait for their threads."""
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        if self._httpd is not None:
            if any(t.name == "booklet-http" for t in self._threads):
                self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(STOP_TIMEOUT_S)

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    def _start_thread(self, target: Callable[[], Any], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    # Watching and building

    def _watch(self) -> None:
        paths = {self.config.root}
        for folder in self._folders()[:3]:
            if folder.is_dir() and not folder.is_relative_to(self.config.root):
                paths.add(folder)
        try:
            for changes in watch(*paths, watch_filter=self._relevant, stop_event=self._stopping,
                                 step=STEP_MS, debounce=DEBOUNCE_MS, rust_timeout=WAKE_MS,
                                 yield_on_timeout=True):
                self._watching.set()  # the first (empty) batch comes once the watch is set up
                if changes:
                    self.rebuild(athletes_to_rebuild({p for _, p in changes},
                                                     self._folders()[0]))
        except Exception as exc:  # e.g. out of inotify watches
            self._watch_failure = exc
            self._watching.set()

    def _folders(self) -> tuple[Path, Path, Path, Path]:
        """Resolved athletes, content, templates and output folders of the current config."""
        c = self.config
        return (c.athletes_path.resolve(), c.content_path.resolve(),
                c.templates_path.resolve(), c.out_dir.resolve())

    def _relevant(self, change: Change, name: str) -> bool:
        """Does a changed path feed the build? Profiles, diaries, race courses (GPX), content,
        templates, booklet.toml."""
        athletes, content, templates, out = self._folders()
        path = Path(name)
        if path.is_relative_to(out) or not self._ignore(change, name):
            return False
        if path.suffix.lower() == COURSE_SUFFIX:  # a race course a profile names (race.course)
            return path.is_relative_to(self.config.root.resolve())
        if path.parent == athletes:  # profiles, and the diaries a build re-plans from
            return path.suffix.lower() in SUFFIXES or path.name.endswith(DIARY)
        return (path == self.config.root / CONFIG_NAME or path.is_relative_to(content)
                or path.is_relative_to(templates))

    def rebuild(self, athletes: tuple[str, ...] = ()) -> bool:
        """Build these athletes' pages (``()``: the whole site); False if the build failed.

        Athletes whose rebuild failed stay pending, so a later partial build includes them.
        """
        with self._build_lock:
            if not athletes:
                self._pending = None
            elif self._pending is not None:
                self._pending.update(athletes)
            wanted = () if self._pending is None else tuple(sorted(self._pending))
            try:
                config = load_config(self.project_dir, out_dir=self.config.out_dir,
                                     athletes=wanted, pdf=self.pdf)
                result = build(config)
            except BookletError as exc:
                self._failed(exc.problems)
                return False
            except Exception as exc:  # a bug, not the user's input: show it and keep serving
                self._failed([InternalProblem.from_exception(exc, self.project_dir)])
                return False
            if result.problems:
                # The other athletes were built; the failed ones keep their last good pages.
                # What was pending stays pending (None: the whole site), so the next rebuild
                # retries them.
                self._failed(result.problems)
                return False
            self.config, self._pending = config, set()
            with self._changed:
                self.build_number += 1
                self.error = None
                self.built.append(wanted)
                self._changed.notify_all()
            what = ", ".join(wanted) if wanted else "the site"
            self.log(f"Built {what} ({result.seconds:.1f} s)", False)
            return True

    def _failed(self, problems: list[Problem]) -> None:
        """Log the problems (with --debug, internal errors' tracebacks too) and show them in
        the banner, at most MAX_SHOWN of them like `booklet build`."""
        lines = shown(problems)
        for line in lines:
            self.log(line, True)
        if self.debug:
            for problem in problems[:MAX_SHOWN]:
                if isinstance(problem, InternalProblem) and problem.trace:
                    self.log(problem.trace, True)
        self.log("Still serving the last good build.", True)
        with self._changed:
            self.error = "\n".join(lines)
            self._changed.notify_all()

    def state(self) -> dict[str, Any]:
        return {"build": self.build_number, "error": self.error}

    def next_state(self, seen: dict[str, Any] | None, timeout: float) -> dict[str, Any] | None:
        """The state once it differs from ``seen`` (or after ``timeout``); None when stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self._stopping.is_set() or self.state() != seen,
                                   timeout)
            return None if self._stopping.is_set() else self.state()


class _Server(ThreadingHTTPServer):
    """The HTTP server; a browser that closes a connection early is not an error to print."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    """Files from build/site (never through a symlink that leads out of it); HTML gets the
    banner and reload script; the event stream. Requests for other hosts are refused."""

    def __init__(self, *args: Any, preview: PreviewServer, **kwargs: Any):
        self.preview = preview
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._host_allowed():
            super().do_HEAD()

    def _host_allowed(self) -> bool:
        """Is the Host header one of the local names with this server's port? If not, the
        request is answered with 400 (no Host) or 421 (another host) and goes no further."""
        host = (self.headers.get("Host") or "").strip().lower()
        bound, port = self.server.server_address[:2]
        names = {*LOCAL_NAMES, str(bound)}
        if host in {f"{name}:{port}" for name in names} or (port == 80 and host in names):
            return True
        if not host:
            self.send_error(HTTPStatus.BAD_REQUEST, "No Host header",
                            f"Open http://{HOST}:{port}/ in a browser.")
        else:
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Unknown host",
                            f"booklet serve only answers for http://{HOST}:{port}/ and"
                            f" http://localhost:{port}/.")
        return False

    def _site_file(self) -> Path | None:
        """The file or folder the request names, resolved (a folder's index.html when the
        path ends in /); None when it lies outside the site (a symlink pointing out) or the
        path is not a usable file name (a NUL byte, too long)."""
        site = [Path(self.directory)]
        path = inside(self.translate_path(self.path), site)
        if path is not None and path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = inside(path / "index.html", site)
            if path is not None and not path.is_file():
                return None
        return path

    def send_head(self) -> io.BufferedIOBase | None:  # type: ignore[override]
        try:
            path = self._site_file()
            page = path.read_bytes() if path is not None and path.suffix == ".html" and (
                path.is_file()) else None
        except (OSError, ValueError):  # a name too long; or swapped away by a build just now
            path = page = None
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        if page is not None:
            return self._html(HTTPStatus.OK, page)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            return super().send_error(code, message, explain)
        try:
            page = (self.preview.site_dir / "404.html").read_bytes()
            page = re.sub(rb"(?i)<head>", b'<head><base href="/">', page, count=1)
        except OSError:
            page = NOT_FOUND
        body = self._html(HTTPStatus.NOT_FOUND, page)
        if self.command != "HEAD":
            self.wfile.write(body.read())

    def _html(self, status: int, page: bytes) -> io.BytesIO:
        """Send the headers of an HTML response; its body (banner and script added) is returned."""
        body = inject(page, self.preview.build_number, self.preview.error)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)

    def _events(self) -> None:
        """Server-Sent Events: the state now, then each time it changes, until stopped."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        while (state := self.preview.next_state(seen, KEEPALIVE_S)) is not None:
            message = f"data: {json.dumps(state)}\n\n" if state != seen else ": idle\n\n"
            seen = state
            try:
                self.wfile.write(message.encode())
                self.wfile.flush()
            except OSError:  # the page was closed or reloaded
                return

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown the build messages
