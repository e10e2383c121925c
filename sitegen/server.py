"""`sitegen serve`: build into a temporary folder, serve it, rebuild on change, reload the browser.

Three parts, each small:
- the watcher thread: watchfiles (inotify, with a polling fallback) groups a
  burst of saves into one set of changed paths; the thread hands that set to
  `Builder.build` and publishes the outcome as a `BuildState`;
- the HTTP side (tornado, which livereload is built on): serves the output
  folder like GitHub Pages, adds the live-reload script to HTML responses, and
  pushes every new `BuildState` to the open pages over a WebSocket;
- `serve_files/reload.js`: reloads the page after a good build and shows the
  errors of a failed one.

livereload's own `Server` is not used: it injects an inline script that the
pages' Content-Security-Policy blocks (on every response, through a
transform that cannot be turned off), drops reloads that come within three
seconds of the last, polls for changes every 800 ms, and keeps its state in
class attributes of a loop it never lets go. docs/serve.md says more.

The output is always served by path, never through an open directory handle:
the writer swaps a finished build in with one rename (or an exchange), so a
path opened after the swap reads the new build and one opened before reads
the old one, whole; a handle held across the swap would point into the old
folder, which the writer then deletes.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import tornado.httpserver
import tornado.netutil
import tornado.web
import tornado.websocket
import watchfiles

from sitegen.build import BuildResult, Builder, project_outputs
from sitegen.errors import ContentError, Diagnostic, Severity, UsageError, UserError

CLIENT_DIR = Path(__file__).parent / "serve_files"
CLIENT_PREFIX = "/__sitegen/"
"""The dev server's own URLs (client script, stylesheet, events, status); never part of a site."""
DEBOUNCE_STEP_MS = 30
"""A burst of saves ends when nothing more changes for this long."""
DEBOUNCE_MAX_MS = 1000
"""...or after this long, so a long stream of writes still gets rebuilds."""
STOP_TIMEOUT = 30.0
"""Ctrl-C waits this long at most for a build in progress before removing its folder."""

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BuildState:
    """What the server tells the open pages (and /__sitegen/status) about the builds."""

    build: str = ""
    """Names the last good build, the one being served; "" before the first."""
    errors: tuple[str, ...] = ()
    """`path:line:col: error: message` lines of the last build when it failed; empty when it succeeded."""
    builds: int = 0
    """Build attempts finished, good or failed."""
    seconds: float = 0.0
    """How long the last build took."""

    def message(self) -> str:
        return json.dumps({"build": self.build, "errors": list(self.errors), "builds": self.builds, "seconds": round(self.seconds, 4)})


@dataclass(frozen=True, slots=True)
class Found:
    """Where a request path leads inside the output folder."""

    file: Path | None = None
    redirect: str | None = None
    """A folder asked for without its trailing slash: the URL path to send the browser to."""


def mount_path(base_url: str | None) -> str:
    """The path the site is served under: base_url's path, '/explainers/' for 'https://x.io/explainers'."""
    path = urlsplit(base_url or "/").path or "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def find_file(out: Path, rel_url: str, mount: str = "/") -> Found:
    """Map a request path below the mount (still percent-encoded) to a file of `out`, as GitHub Pages does.

    A folder answers with its index.html (after a redirect that adds the
    slash), never a listing; `name` answers with `name.html` when that
    exists. Anything that could leave `out` is not found: `..` and `.`
    segments (plain or percent-encoded), backslashes, NUL, bad UTF-8, and
    symlinks whose target lies outside. An absolute path cannot escape
    either: empty segments are dropped, so `//etc/passwd` means
    `out/etc/passwd`.
    """
    try:
        text = unquote(rel_url, errors="strict")
    except UnicodeDecodeError:
        return Found()
    if "\\" in text or "\0" in text:
        return Found()
    parts = [part for part in text.split("/") if part]
    if any(part in (".", "..") for part in parts):
        return Found()
    try:
        return _lookup(out, parts, text.endswith("/") or not parts, mount)
    except OSError:  # a name too long for the file system, and the like
        return Found()


def _lookup(out: Path, parts: list[str], slash: bool, mount: str) -> Found:
    candidate = out.joinpath(*parts)
    if candidate.is_dir():
        if not slash:
            if (candidate / "index.html").is_file():
                return Found(redirect=mount + quote("/".join(parts)) + "/")
            return Found()
        candidate = candidate / "index.html"
    elif parts and not candidate.is_file():
        candidate = candidate.with_name(candidate.name + ".html")
    if not candidate.is_file():
        return Found()
    base = os.path.realpath(out)
    real = os.path.realpath(candidate)
    if os.path.commonpath([base, real]) != base:
        return Found()
    return Found(file=Path(real))


def inject_client(html: bytes, build: str) -> bytes:
    """Add the live-reload script before </head> (or at the end): an external same-origin file, as the CSP wants."""
    tag = f'<script src="{CLIENT_PREFIX}reload.js?build={quote(build)}" defer></script>'.encode()
    match = _HEAD_END.search(html)
    if match is None:
        return html + tag
    return html[: match.start()] + tag + html[match.start() :]


def describe_failure(exc: BaseException) -> list[str]:
    """The overlay's lines for a build that raised something other than ContentError.

    A template error names the template and line (Jinja puts template frames
    in the traceback under the template's own file name); a bug in sitegen
    names the exception and where it was raised, the traceback goes to the
    terminal.
    """
    if isinstance(exc, UserError):
        return [f"sitegen: error: {exc}"]
    message = f"{type(exc).__name__}: {exc}"
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not (isinstance(filename, str) and isinstance(line, int)):
        filename = line = None
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if not frame.filename.endswith(".py") and os.path.isfile(frame.filename):
                filename, line = frame.filename, frame.lineno
                break
    if filename and line:
        return [Diagnostic(filename, line, 1, Severity.ERROR, "template", f"template error: {message}").format_text()]
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if f"{os.sep}sitegen{os.sep}" in frame.filename:
            where = f" (at {_shown(frame.filename)}:{frame.lineno})"
            break
    return [f"sitegen: internal error: {message}{where}; the traceback is in the terminal"]


def _shown(path: str | Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _say(message: str) -> None:
    print(f"sitegen: {message}", file=sys.stderr, flush=True)


class _SourceFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (editor swap and backup files, VCS folders), plus dot-files and Emacs lock files."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        name = os.path.basename(path)
        return super().__call__(change, path) and not name.startswith((".", "#")) and name != "4913"


class DevServer:
    """One `sitegen serve`: a Builder writing into a temporary folder, a watcher thread, and the HTTP side."""

    def __init__(self, root: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False, base_url: str | None = None, open_browser: bool = False):
        self.root = root.resolve()
        self.host = host
        self.port = port
        """The port asked for; the one bound once run() listens (0 picks a free one)."""
        self.open_browser = open_browser
        self.state = BuildState()
        self.mount = mount_path(base_url)
        """The URL path the site is served under; follows site.yml's base_url after each good build."""
        self.workdir = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
        self.out = self.workdir / "site"
        """The folder served; the Builder swaps each good build in here whole."""
        # Its first build copies the pages of site/ (`sitegen build`'s) that are still current.
        self.builder = Builder(self.root, self.out, drafts=drafts, base_url=base_url, private_output=True, donors=project_outputs(self.root))
        self.instance = secrets.token_hex(4)
        """Differs between runs, so a page left open across a restart reloads."""
        self.generation = 0
        self.url = ""
        self.ready = threading.Event()
        """Set once the server listens (for callers that run it in a thread)."""
        self._stop = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._clients: set[EventsHandler] = set()
        self._warnings: list[str] = []
        self.building = False

    # ------------------------------------------------------------ building

    def rebuild(self, changed: set[Path] | None = None) -> None:
        """Build once and publish the outcome; never raises for a content error, a template error or a bug."""
        began = time.perf_counter()
        self.building = True
        try:
            result = self.builder.build(changed)
        except ContentError as exc:
            for d in exc.diagnostics.sorted():
                if d.severity is not Severity.INFO:
                    print(d.format_text(), file=sys.stderr)
            errors = [d.format_text() for d in exc.diagnostics.sorted() if d.severity is Severity.ERROR]
            count = len(errors)
            _say(f"build failed ({count} error{'s' * (count != 1)}); still serving the last good build")
            self._publish(errors=tuple(errors), seconds=time.perf_counter() - began)
        except Exception as exc:  # a template error, an unsafe output or a bug: show it, keep serving
            if not isinstance(exc, UserError):
                traceback.print_exception(exc, limit=-6, file=sys.stderr)
            errors = describe_failure(exc)
            for line in errors:
                print(line, file=sys.stderr)
            _say("build failed; still serving the last good build")
            self._publish(errors=tuple(errors), seconds=time.perf_counter() - began)
        else:
            self._succeeded(result, changed, time.perf_counter() - began)
        finally:
            self.building = False

    def _succeeded(self, result: BuildResult, changed: set[Path] | None, seconds: float) -> None:
        warnings = [d.format_text() for d in result.diagnostics.sorted() if d.severity is Severity.WARNING]
        if warnings != self._warnings:  # the same warnings after every save would drown the news
            self._warnings = warnings
            for line in warnings:
                print(line, file=sys.stderr)
        if result.model is not None:
            self.mount = mount_path(result.model.content.config.base_url)
        self.generation += 1
        what = ""
        if changed:
            names = sorted(_shown(p) for p in changed)
            what = " after " + ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "") + " changed"
        if result.copied_from is not None:
            what += f" ({result.copied} of them still current in {_shown(result.copied_from)}{os.sep}, copied from there)"
        _say(f"built {result.pages} files in {seconds:.2f} s{what}")
        self._publish(build=f"{self.instance}-{self.generation}", errors=(), seconds=seconds)

    def _publish(self, *, errors: tuple[str, ...], seconds: float, build: str | None = None) -> None:
        self.state = BuildState(
            build=self.state.build if build is None else build,
            errors=errors,
            builds=self.state.builds + 1,
            seconds=seconds,
        )
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._broadcast)

    def _broadcast(self) -> None:
        message = self.state.message()
        for client in list(self._clients):
            try:
                client.write_message(message)
            except tornado.websocket.WebSocketClosedError:
                self._clients.discard(client)

    def _watched(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.root / "content", self.root / "themes") if p.is_dir())

    def _watch(self) -> None:
        """Rebuild after each burst of changes, until stop(); runs in its own thread."""
        owed = False  # a full rebuild is owed: a watched folder appeared or went, so the watch starts over
        try:
            while not self._stop.is_set():
                paths = self._watched()
                if not paths:  # content/ is gone for now (a checkout in progress?): wait for it
                    self._stop.wait(0.5)
                    owed = True
                    continue
                for changes in watchfiles.watch(
                    *paths,
                    watch_filter=_SourceFilter(),
                    debounce=DEBOUNCE_MAX_MS,
                    step=DEBOUNCE_STEP_MS,
                    stop_event=self._stop,
                    rust_timeout=500,
                    yield_on_timeout=True,  # every half second at most, look for a themes/ that appeared
                ):
                    if self._stop.is_set():
                        return
                    if self._watched() != paths:
                        owed = True
                        break
                    if changes or owed:
                        self.rebuild(None if owed else {Path(path) for _, path in changes})
                        owed = False
                    else:  # idle (changes meanwhile are still collected): ready the next build
                        self.builder.make_spare()
                        self.builder.warm()
        except Exception:  # the watcher itself broke: say so, the server keeps serving what it has
            traceback.print_exc()
            _say("the file watcher stopped; restart `sitegen serve` to pick up changes")

    # ------------------------------------------------------------- serving

    def application(self) -> tornado.web.Application:
        return tornado.web.Application(
            [
                (CLIENT_PREFIX + "events", EventsHandler, {"server": self}),
                (CLIENT_PREFIX + "status", StatusHandler, {"server": self}),
                (CLIENT_PREFIX + r"(reload\.js|overlay\.css)", ClientFileHandler),
                (r".*", SiteHandler, {"server": self}),
            ],
            log_function=self._log_request,
            websocket_ping_interval=20,
        )

    def _log_request(self, handler: tornado.web.RequestHandler) -> None:
        if handler.get_status() == 404 and not handler.request.path.startswith(CLIENT_PREFIX):
            path = handler.request.path
            _say(f"404 {path if len(path) <= 300 else path[:300] + '…'}")  # a broken link shows up here, as it would on the live site

    def run(self) -> None:
        """Build, serve and watch until stop() or Ctrl-C; the temporary folder is removed on the way out."""
        if not (self.root / "content").is_dir():
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise UsageError(f"{self.root} has no content/ folder (pass --root, or run `sitegen init` first)")
        try:
            sockets = tornado.netutil.bind_sockets(self.port, address=self.host)
        except (OSError, socket.gaierror) as exc:
            shutil.rmtree(self.workdir, ignore_errors=True)
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc} (choose another --port)") from None
        watcher = threading.Thread(target=self._watch, name="sitegen-watch", daemon=True)
        try:
            self.port = sockets[0].getsockname()[1]
            self.rebuild()
            watcher.start()
            asyncio.run(self._serve(sockets))
        finally:
            self._stop.set()
            for sock in sockets:
                sock.close()
            if watcher.is_alive():
                if self.building:
                    _say("stopping (waiting for the build in progress)")
                watcher.join(STOP_TIMEOUT)
            if not watcher.is_alive():  # (else a build still uses the cache: the process exit closes it)
                self.builder.close()
            shutil.rmtree(self.workdir, ignore_errors=True)

    async def _serve(self, sockets: list[socket.socket]) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        http = tornado.httpserver.HTTPServer(self.application())
        http.add_sockets(sockets)
        self.url = _display_url(self.host, self.port, self.mount)
        _say(f"serving {self.url} (Ctrl-C to stop)")
        if self.host in ("0.0.0.0", "::", ""):
            _say("listening on every network interface: anyone on your network can read this site")
        if self.open_browser:
            threading.Thread(target=webbrowser.open, args=(self.url,), daemon=True).start()
        self.ready.set()
        try:
            await self._stopped.wait()
        finally:
            http.stop()
            for client in list(self._clients):
                client.close()
            self._loop = None

    def stop(self) -> None:
        """Stop run() from another thread."""
        self._stop.set()
        loop, stopped = self._loop, self._stopped
        if loop is not None and stopped is not None:
            loop.call_soon_threadsafe(stopped.set)


def _display_url(host: str, port: int, mount: str) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{mount}"


# ------------------------------------------------------------------ handlers


class SiteHandler(tornado.web.RequestHandler):
    """The built site, as GitHub Pages would serve it, with the live-reload script in every HTML page."""

    def initialize(self, server: DevServer) -> None:
        self.server = server

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")  # every reload shows the latest build
        self.set_header("X-Content-Type-Options", "nosniff")

    def compute_etag(self) -> None:
        return None  # nothing is cached (no-store), so no ETag and no 304

    def head(self) -> None:
        self.get(head=True)

    def get(self, head: bool = False) -> None:
        server = self.server
        mount = server.mount
        build = server.state.build  # read before the file: a page never claims a newer build than it holds
        path = self.request.path
        if path in ("/", mount.rstrip("/")) and path != mount:
            self.redirect(mount)
            return
        if not build:
            self._respond(503, b"<!doctype html><title>sitegen</title><p>sitegen: no good build yet.</p>\n", "text/html", build, head)
            return
        if not path.startswith(mount):
            self._not_found(build, head)
            return
        found = find_file(server.out, path[len(mount) :], mount)
        if found.redirect is not None:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(found.redirect + query, permanent=True)
            return
        data = _read(found.file) if found.file is not None else None
        if data is None:
            self._not_found(build, head)
            return
        self._respond(200, data, _content_type(found.file.name), build, head)

    def _not_found(self, build: str, head: bool) -> None:
        page = _read(self.server.out / "404.html") if build else None
        body = page if page is not None else b"<!doctype html><title>Not found</title><p>Not found.</p>\n"
        self._respond(404, body, "text/html", build, head)

    def _respond(self, status: int, data: bytes, content_type: str, build: str, head: bool) -> None:
        if content_type == "text/html":
            data = inject_client(data, build)
        self.set_status(status)
        self.set_header("Content-Type", _with_charset(content_type))
        self.set_header("Content-Length", str(len(data)))
        if not head:
            self.write(data)
        self.finish()


def _read(path: Path) -> bytes | None:
    """Read a file by path (the build may have been swapped since it was found: then it is simply not there)."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _content_type(name: str) -> str:
    kind, _ = mimetypes.guess_type(name, strict=False)
    return kind or "application/octet-stream"


def _with_charset(kind: str) -> str:
    textual = kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml", "image/svg+xml", "application/atom+xml")
    return f"{kind}; charset=utf-8" if textual else kind


class ClientFileHandler(tornado.web.RequestHandler):
    """The client script and the overlay's stylesheet, from the package."""

    def get(self, name: str) -> None:
        self.set_header("Content-Type", _with_charset(_content_type(name)))
        self.set_header("Cache-Control", "no-store")
        self.write((CLIENT_DIR / name).read_bytes())


class StatusHandler(tornado.web.RequestHandler):
    """The current BuildState as JSON (for scripts: the tests and the benchmark wait on it)."""

    def initialize(self, server: DevServer) -> None:
        self.server = server

    def get(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.server.state.message())


class EventsHandler(tornado.websocket.WebSocketHandler):
    """One open page: told the BuildState on connect and after every build."""

    def initialize(self, server: DevServer) -> None:
        self.server = server

    def open(self) -> None:
        self.server._clients.add(self)
        try:
            self.write_message(self.server.state.message())
        except tornado.websocket.WebSocketClosedError:  # the page went away during the handshake
            self.server._clients.discard(self)

    def on_close(self) -> None:
        self.server._clients.discard(self)


def serve(root: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False, drafts: bool = False, base_url: str | None = None) -> int:
    """The `sitegen serve` command: runs until Ctrl-C (which the CLI turns into exit status 130)."""
    server = DevServer(root, host=host, port=port, drafts=drafts, base_url=base_url, open_browser=open_browser)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    try:
        server.run()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
