"""`sitegen serve` over plain HTTP: what it serves, what it refuses, and how it survives bad builds.

Each server runs in a child process on a free loopback port, on a copy of
tests/server_site, and is always stopped (Ctrl-C, as a user would).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from sitegen.build import _records_key, _state_key
from sitegen.cache import open_cache
from sitegen.server import DevServer, find_file, inject_client, mount_path
from tests.conftest import run_sitegen
from tests.serve_helpers import ServerProcess, copy_site, edit, line_of, remove_client

SECRET = "TOP-SECRET-NOT-SERVED"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the tests that only read."""
    tmp = tmp_path_factory.mktemp("serve-read")
    root = copy_site(tmp)
    with ServerProcess(root, tmp) as running:
        yield running


def raw_get(server: ServerProcess, path: str) -> tuple[int, bytes]:
    """Send the request path exactly as given (urllib would normalise it)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- serving


def test_serves_the_build_from_a_temporary_folder_with_the_client_script(server):
    status, body, headers = server.get("/articles/harbour-deal/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    served = server.served_folder()
    assert not (server.root / "site").exists()  # never the project's site/
    tag = b'<script src="/__sitegen/reload.js?build='
    assert body.count(tag) == 1
    assert body.index(tag) < body.index(b"</head>")
    assert remove_client(body) == (served / "articles/harbour-deal/index.html").read_bytes()
    assert b"/__sitegen/" not in (served / "articles/harbour-deal/index.html").read_bytes()  # not in the output


def test_client_files_are_served_and_other_files_untouched(server):
    status, script, headers = server.get("/__sitegen/reload.js")
    assert status == 200 and headers["Content-Type"].startswith(("text/javascript", "application/javascript"))
    assert b"textContent" in script and b"innerHTML" not in script
    status, css, headers = server.get("/__sitegen/overlay.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    status, text, headers = server.get("/files/readme.txt")
    assert (status, text) == (200, b"plain text file\n")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"


def test_head_request_has_headers_but_no_body(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("HEAD", "/articles/harbour-deal/")
        response = conn.getresponse()
        assert response.status == 200
        assert int(response.getheader("Content-Length")) > 1000
        assert response.read() == b""
    finally:
        conn.close()


def test_listens_on_loopback_only_by_default(server):
    assert server.url.startswith("http://127.0.0.1:")
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for row in open(table).read().splitlines()[1:]:
            fields = row.split()
            address, port = fields[1].rsplit(":", 1)
            if int(port, 16) == server.port and fields[3] == "0A":  # 0A: LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, and nothing else (no 0.0.0.0, no ::)


def test_missing_page_answers_with_the_sites_404_page(server):
    status, body, headers = server.get("/no/such/page/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert remove_client(body) == (server.served_folder() / "404.html").read_bytes()
    assert b"/__sitegen/reload.js" in body  # a 404 page reloads too, once the page exists


def test_no_directory_listings(server):
    assert (server.served_folder() / "files" / "readme.txt").is_file()
    for path in ("/files/", "/files", "/articles/", "/assets/"):
        status, body, _ = server.get(path)
        assert status == 404, path
        assert b"readme.txt" not in body
    status, _, headers = server.get("/glossary")  # a folder with an index: the slash is added, as Pages does
    assert status == 301 and headers["Location"] == "/glossary/"
    assert server.get("/glossary/")[0] == 200


ESCAPES = [
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2e%2e/secret.txt",
    "/.%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/articles/..%2f..%2f..%2fsecret.txt",
    "/files/../../secret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/%5c..%5c..%5csecret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%252e%252e/secret.txt",
    "/..%00/secret.txt",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/../../../../../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/leak.txt",
    "/leak-folder/secret.txt",
    "/" + "x" * 300 + "/index.html",
]


def test_request_paths_never_escape_the_output_folder(server):
    served = server.served_folder()
    workdir = served.parent
    (workdir / "secret.txt").write_text(SECRET)
    (server.tmp / "secret.txt").write_text(SECRET)
    (served / "leak.txt").symlink_to(workdir / "secret.txt")  # symlinks out of the output
    (served / "leak-folder").symlink_to(workdir, target_is_directory=True)
    try:
        for path in ESCAPES + [f"http://127.0.0.1:{server.port}/../secret.txt"]:
            status, body = raw_get(server, path)
            assert status in (400, 404), (path, status)
            assert SECRET.encode() not in body and b"root:" not in body, path
    finally:
        (served / "leak.txt").unlink()
        (served / "leak-folder").unlink()


def test_find_file_is_confined_to_the_output(tmp_path):
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("a")
    (out / "page.html").write_text("p")
    (out / "empty").mkdir()
    (tmp_path / "secret.txt").write_text(SECRET)
    (out / "link.txt").symlink_to(tmp_path / "secret.txt")
    (out / "inside.txt").symlink_to(out / "page.html")
    assert find_file(out, "a/").file == (out / "a" / "index.html").resolve()
    assert find_file(out, "a", "/x/").redirect == "/x/a/"
    assert find_file(out, "page").file == (out / "page.html").resolve()  # like Pages: /page serves page.html
    assert find_file(out, "empty/").file is None
    assert find_file(out, "link.txt").file is None
    assert find_file(out, "inside.txt").file == (out / "page.html").resolve()
    for escape in ("../secret.txt", "%2e%2e/secret.txt", "a/..%2f..%2fsecret.txt", "..%5csecret.txt", "%ff", "/../secret.txt"):
        assert find_file(out, escape).file is None, escape
    assert find_file(out, "//page.html").file == (out / "page.html").resolve()  # absolute means inside


def test_inject_client_and_mount_path():
    assert inject_client(b"<html><head><title>x</title></HEAD><body>", "b-1") == (
        b'<html><head><title>x</title><script src="/__sitegen/reload.js?build=b-1" defer></script></HEAD><body>'
    )
    assert inject_client(b"<p>no head</p>", "b-1").endswith(b'<script src="/__sitegen/reload.js?build=b-1" defer></script>')
    assert remove_client(inject_client(b"<head></head>", "x")) == b"<head></head>"
    assert mount_path(None) == "/"
    assert mount_path("/") == "/"
    assert mount_path("https://example.github.io/explainers") == "/explainers/"
    assert mount_path("/a/b/") == "/a/b/"


# ---------------------------------------------------------- base path


def test_serves_under_the_base_url_path_like_github_pages(tmp_path):
    root = copy_site(tmp_path)
    with ServerProcess(root, tmp_path, "--base-url", "https://example.github.io/explainers/") as server:
        assert server.url == f"{server.origin}/explainers/"
        status, _, headers = server.get("/")
        assert status in (301, 302) and headers["Location"] == "/explainers/"
        status, _, headers = server.get("/explainers")
        assert status in (301, 302) and headers["Location"] == "/explainers/"
        assert server.get("/explainers/")[0] == 200
        status, body, _ = server.get("/explainers/articles/harbour-deal/")
        assert status == 200 and b"The Harbour Deal" in body
        status, body, _ = server.get("/articles/harbour-deal/")  # outside the base path: as broken as on Pages
        assert status == 404
        assert b'href="/explainers/' in body  # the site's 404 page, linking from the base path
        status, _, headers = server.get("/explainers/glossary")
        assert status == 301 and headers["Location"] == "/explainers/glossary/"


# ------------------------------------------------------- edits and errors


def test_failed_build_keeps_the_last_good_pages_and_reports_each_error(tmp_path):
    root = copy_site(tmp_path)
    sidecar = root / "content" / "articles" / "harbour-deal.yml"
    with ServerProcess(root, tmp_path) as server:
        first = server.status()
        assert first["errors"] == [] and first["build"]
        _, good_page, _ = server.get("/articles/harbour-deal/")

        edit(sidecar, '"left them waiting for hours"', '"left them waiting for days"')
        status = server.wait_for_build(first["builds"])
        line = line_of(sidecar, "waiting for days")
        assert len(status["errors"]) == 1
        assert status["errors"][0].startswith(f"content/articles/harbour-deal.yml:{line}:")
        assert ": error: " in status["errors"][0]
        assert status["build"] == first["build"]  # still the last good build
        code, page, _ = server.get("/articles/harbour-deal/")
        assert (code, page) == (200, good_page)
        assert f"content/articles/harbour-deal.yml:{line}:" in server.output  # the terminal says it too

        edit(sidecar, '"left them waiting for days"', '"left them waiting for hours"')
        status = server.wait_for_build(status["builds"])
        assert status["errors"] == []
        assert status["build"] != first["build"]
        assert server.process.poll() is None


def test_template_error_is_shown_like_a_content_error_and_the_server_survives(tmp_path):
    root = copy_site(tmp_path)
    with ServerProcess(root, tmp_path) as server:
        first = server.status()
        templates = root / "themes" / "default" / "templates"
        templates.mkdir(parents=True)  # themes/ appears while serving: it is watched from then on
        (templates / "article.html").write_text("{% extends 'default/article.html' %}\n{% block content %}{% if %}{% endblock %}\n")
        status = server.wait_for_build(first["builds"])
        assert len(status["errors"]) == 1, status
        assert status["errors"][0].startswith("themes/default/templates/article.html:2:1: error: template error:")
        assert server.get("/articles/harbour-deal/")[0] == 200  # the last good page

        (templates / "article.html").write_text("{% extends 'default/article.html' %}\n")
        status = server.wait_for_build(status["builds"])
        assert status["errors"] == []
        assert server.process.poll() is None


def test_a_first_build_that_fails_still_serves_and_recovers(tmp_path):
    root = copy_site(tmp_path)
    sidecar = root / "content" / "articles" / "harbour-deal.yml"
    edit(sidecar, '"left them waiting for hours"', '"left them waiting for days"')
    with ServerProcess(root, tmp_path) as server:
        status = server.status()
        assert status["build"] == "" and len(status["errors"]) == 1
        code, body, _ = server.get("/")
        assert code == 503 and b"/__sitegen/reload.js" in body  # the page that will show the overlay
        edit(sidecar, '"left them waiting for days"', '"left them waiting for hours"')
        status = server.wait_for_build(status["builds"])
        assert status["errors"] == [] and status["build"]
        assert server.get("/")[0] == 200


def test_a_burst_of_saves_is_one_rebuild(tmp_path):
    root = copy_site(tmp_path)
    articles = root / "content" / "articles"
    with ServerProcess(root, tmp_path) as server:
        before = server.status()["builds"]
        texts = {path: path.read_text() for path in sorted(articles.iterdir())}
        for path, text in texts.items():  # an editor's "save all"
            path.write_text(text + "\n")
        server.wait_for_build(before)
        time.sleep(0.5)
        assert server.status()["builds"] == before + 1


def test_served_site_after_edits_equals_a_clean_build(tmp_path):
    root = copy_site(tmp_path)
    articles = root / "content" / "articles"
    steps = [
        lambda: edit(articles / "harbour-deal.md", "says goodbye.", "says farewell."),
        lambda: (articles / "new-pier.md").write_text(
            '---\ntitle: "A New Pier"\ndate: 2024-04-01\nsummary: "Work starts."\n---\n\nThe Tidewater Authority starts work on the north pier.\n'
        ),
        lambda: edit(root / "content" / "glossary" / "terms.yml", "runs both ports.", "runs both ports and the ferry."),
        lambda: (os.rename(articles / "harbour-deal.md", articles / "pier-deal.md"), os.rename(articles / "harbour-deal.yml", articles / "pier-deal.yml")),
        lambda: (articles / "quiet-week.md").unlink(),
        lambda: edit(root / "content" / "site.yml", "title: Serve Test Site", "title: Served Test Site"),
        lambda: shutil.rmtree(root / "content" / "static"),
    ]
    with ServerProcess(root, tmp_path) as server:
        builds = server.status()["builds"]
        # Idle after its first build, the server readies the next build's folder beside the one it serves.
        spare = server.served_folder().parent / ".site.spare"
        deadline = time.monotonic() + 20
        while not spare.is_dir() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert spare.is_dir(), server.output
        for step in steps:
            step()
            status = server.wait_for_build(builds)
            assert status["errors"] == [], status
            builds = status["builds"]
        served = server.served_folder()
        clean = tmp_path / "clean"
        # The dev server skips the search index (Builder(search=False)); so does this build.
        result = run_sitegen("build", "--root", str(root), "--out", str(clean), "--no-search")
        assert result.returncode == 0, result.stderr
        assert tree(served) == tree(clean)
        assert server.get("/articles/quiet-week/")[0] == 404  # nothing stale stays
        assert server.get("/articles/harbour-deal/")[0] == 404
        assert server.get("/files/readme.txt")[0] == 404
        for rel in tree(clean):
            if rel.endswith(".html"):
                status, body, _ = server.get("/" + rel)
                assert status == 200, rel
                assert remove_client(body) == (clean / rel).read_bytes(), rel
    # Nothing of the server's outlives it in the project: its spare was in its temporary folder.
    assert not list((root / ".sitegen-cache").glob("spare-*"))


def test_the_first_build_copies_what_sitegen_build_left_current(tmp_path):
    root = copy_site(tmp_path)
    assert run_sitegen("build", "--root", str(root)).returncode == 0
    built = tree(root / "site")
    edit(root / "content" / "articles" / "harbour-deal.md", "says goodbye.", "says farewell.")
    with ServerProcess(root, tmp_path) as server:
        served = server.served_folder()
        found = re.search(r"built (\d+) files in [0-9.]+ s \((\d+) of them still current in site/, copied from there\)", server.output)
        assert found, server.output
        # Every page but the edited article's, and the pages listing it (the index, its terms' pages).
        pages, copied = int(found.group(1)), int(found.group(2))
        assert pages - 10 < copied < pages, server.output
        clean = tmp_path / "clean"
        assert run_sitegen("build", "--no-search", "--root", str(root), "--out", str(clean)).returncode == 0
        assert tree(served) == tree(clean)
    assert tree(root / "site") == built  # read, never written


def test_a_server_that_took_every_page_from_site_loads_the_parser_while_it_waits(tmp_path, monkeypatch):
    """Its first build parsed and checked nothing, so its first edit would import markdown-it and compile
    the schemas' checks (0.1 s); `Builder.warm` does that before any edit, once, and never fails."""
    import sitegen.markdown
    from sitegen import schema
    from sitegen.build import Builder, project_outputs

    root = copy_site(tmp_path)
    assert run_sitegen("build", "--no-search", "--root", str(root)).returncode == 0
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    sitegen.markdown.article_parser.cache_clear()
    schema._quick_check.cache_clear()
    builder = Builder(root, tmp_path / "served" / "site", private_output=True, donors=project_outputs(root))
    assert builder.build().copied > 0
    assert sitegen.markdown.article_parser.cache_info().currsize == 0  # (what the first edit would pay)
    builder.warm()
    assert sitegen.markdown.article_parser.cache_info().currsize == 1
    assert schema._quick_check.cache_info().currsize >= 2  # the article's and the sidecar's
    broken = Builder(root, tmp_path / "other" / "site", private_output=True)
    monkeypatch.setattr(sitegen.markdown, "article_parser", lambda: 1 / 0)
    broken.warm()  # the build that needs the parser reports what is wrong with it, not the idle watcher


def test_the_idle_watcher_readies_the_next_build(tmp_path):
    """Between saves, the watcher makes the next build's spare and loads what it will need."""
    server = DevServer(copy_site(tmp_path), port=0)
    calls: list[str] = []

    class Builder:  # stands in for the server's Builder, whose first build this test does not need
        def make_spare(self) -> None:
            calls.append("spare")

        def warm(self) -> None:
            calls.append("warm")

    server.builder = Builder()  # type: ignore[assignment]
    watcher = threading.Thread(target=server._watch)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while "warm" not in calls and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        server._stop.set()
        watcher.join(10)
        shutil.rmtree(server.workdir, ignore_errors=True)
    assert not watcher.is_alive()
    assert calls[:2] == ["spare", "warm"], calls


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ------------------------------------------------------ starting, stopping


def test_ctrl_c_stops_cleanly_with_status_130_and_removes_the_temporary_folder(tmp_path):
    root = copy_site(tmp_path)
    server = ServerProcess(root, tmp_path)
    try:
        served = server.served_folder()
        assert served.is_dir()
    finally:
        code = server.stop()
    assert code == 130
    assert "interrupted" in server.output
    assert "Traceback" not in server.output
    assert not served.parent.exists()


def test_port_in_use_is_a_usage_error(tmp_path):
    root = copy_site(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_sitegen("serve", "--root", str(root), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_dev_server_runs_in_a_thread_and_stops_on_request(tmp_path, monkeypatch):
    root = copy_site(tmp_path)
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    server = DevServer(root, port=0)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        assert server.ready.wait(60)
        assert server.url == f"http://127.0.0.1:{server.port}/"
        with urllib.request.urlopen(server.url + "__sitegen/status", timeout=10) as response:
            assert json.loads(response.read())["build"]
        assert server.out.is_relative_to(tmp_path / "tmp")
        # Its output is private: what the build was made of stays in memory, never in the site's cache.
        cache = open_cache(root, readonly=True)
        assert server.builder._state is not None
        assert cache.get_object(_state_key(server.out)) is None and cache.keys(_records_key(server.out)) == []
        assert cache.keys("config:"), "the cache is in use"
    finally:
        server.stop()
        thread.join(30)
    assert not thread.is_alive()
    assert not server.workdir.exists()
