"""The dev server under load and abuse: correct pages, no errors, never a crash.

`sitegen serve` runs in a child process on a copy of tests/server_site.
- Load: 200 clients on loopback (keep-alive HTTP/1.1, one asyncio loop) ask
  for pages, assets, 404s, redirects and the status for SITEGEN_LOAD_SECONDS
  (default 10; docs/security.md gives the figures of a 30 s run) while an
  article is edited under the server several times a second, sometimes
  written in place (so some builds fail on a half-written file), sometimes
  replaced whole; 20 live-reload WebSockets listen meanwhile. Every answer
  must be whole and right: the page's status, its end, and one edition of
  the article throughout (a page is never half of one build and half of
  another), editions never going back for a client, and at the end the
  last edit served.
- Abuse: malformed request lines, methods, headers and bodies, huge URLs
  and headers, slow and half-sent requests, broken WebSocket handshakes and
  frames: each is answered or the connection is closed, never a crash,
  never a hang; the server still serves afterwards and stops with Ctrl-C.
Both are bounded: every wait has a timeout, and the server is always stopped.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.serve_helpers import ServerProcess, copy_site

LOAD_SECONDS = float(os.environ.get("SITEGEN_LOAD_SECONDS", "10"))
CLIENTS = 200
SOCKETS = 20
ARTICLE = "content/articles/quiet-week.md"
EDITION = re.compile(rb"Edition (\d+)")


def article_text(edition: int) -> str:
    return (
        "---\n"
        'title: "A Quiet Week"\n'
        "date: 2024-02-20\n"
        f'summary: "Edition {edition} of the summary."\n'
        "---\n\n"
        f"Edition {edition} begins here. The Tidewater Authority met once this week.\n\n"
        + "A paragraph in the middle, long enough to make the page span several reads. " * 40
        + f"\n\nEdition {edition} ends here.\n"
    )


@dataclass
class Stats:
    requests: int = 0
    by_path: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    editions_seen: set[int] = field(default_factory=set)
    messages: int = 0


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, dict[str, str], bytes]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sitegen-load\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise AssertionError(f"unexpected Transfer-Encoding: {headers['transfer-encoding']}")
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


def check(path: str, status: int, headers: dict[str, str], body: bytes, asset: str) -> str | None:
    """None when the answer is right for `path`, else what is wrong."""
    def page(title: bytes) -> str | None:
        if status != 200:
            return f"status {status}"
        if not body.rstrip().endswith(b"</html>") or title not in body:
            return f"incomplete page ({len(body)} bytes)"
        return None

    if path == "/articles/quiet-week/":
        problem = page(b"A Quiet Week")
        editions = set(EDITION.findall(body))
        if problem is None and len(editions) != 1:
            return f"one page, several editions: {sorted(editions)}"
        return problem
    if path == "/":
        problem = page(b"Serve Test Site")
        if problem is None and len(set(EDITION.findall(body))) != 1:
            return "the index shows no single edition"
        return problem
    if path == "/articles/harbour-deal/":
        return page(b"The Harbour Deal")
    if path == "/glossary/":
        return page(b"Tidewater Authority")
    if path == asset:
        return None if status == 200 and headers.get("content-type", "").startswith("text/css") and body else f"asset: {status}"
    if path == "/no/such/page/":
        return None if status == 404 and body.rstrip().endswith(b"</html>") else f"404 page: {status}"
    if path == "/glossary":
        return None if status == 301 and headers.get("location") == "/glossary/" else f"redirect: {status} {headers.get('location')}"
    if path == "/__sitegen/status":
        try:
            state = json.loads(body)
        except ValueError:
            return "status is not JSON"
        return None if status == 200 and {"build", "errors", "builds"} <= set(state) else f"status: {status}"
    return f"unplanned path {path}"


async def http_client(number: int, port: int, plan: list[str], asset: str, deadline: float, stats: Stats) -> None:
    reader = writer = None
    last_edition = -1
    i = number
    while time.monotonic() < deadline:
        path = plan[i % len(plan)]
        i += 1
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            status, headers, body = await asyncio.wait_for(fetch(reader, writer, path), 30)
        except Exception as exc:  # noqa: BLE001 - every failure is a finding
            stats.errors.append(f"client {number} {path}: {type(exc).__name__}: {exc}")
            if writer is not None:
                writer.close()
            writer = None
            continue
        stats.requests += 1
        stats.by_path[path] = stats.by_path.get(path, 0) + 1
        problem = check(path, status, headers, body, asset)
        if problem:
            stats.errors.append(f"client {number} {path}: {problem}")
        if path == "/articles/quiet-week/" and problem is None:
            edition = int(EDITION.search(body).group(1))
            stats.editions_seen.add(edition)
            if edition < last_edition:
                stats.errors.append(f"client {number}: edition {edition} after {last_edition}")
            last_edition = max(last_edition, edition)
        if headers.get("connection", "").lower() == "close":
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def socket_client(port: int, deadline: float, stats: Stats) -> None:
    import tornado.websocket

    connection = await asyncio.wait_for(tornado.websocket.websocket_connect(f"ws://127.0.0.1:{port}/__sitegen/events"), 30)
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                message = await asyncio.wait_for(connection.read_message(), left)
            except asyncio.TimeoutError:
                return
            if message is None:
                stats.errors.append("a live-reload socket was closed by the server")
                return
            state = json.loads(message)
            if not {"build", "errors", "builds"} <= set(state):
                stats.errors.append(f"socket message {message[:80]}")
            stats.messages += 1
    finally:
        connection.close()


def editor(root: Path, deadline: float, edits: list[int], stop: threading.Event) -> None:
    """Save the article again and again: in place (truncate, then write) or replaced whole (write aside, rename)."""
    path = root / ARTICLE
    edition = 1
    while time.monotonic() < deadline and not stop.is_set():
        edition += 1
        text = article_text(edition)
        if edition % 2:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text[: len(text) // 2])
                handle.flush()
                time.sleep(0.01)  # a slow save: a build may read half a file
                handle.write(text[len(text) // 2 :])
        else:
            aside = path.with_name(".quiet-week.md.swp")
            aside.write_text(text, encoding="utf-8")
            os.replace(aside, path)
        edits.append(edition)
        stop.wait(0.25)


def wait_until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_200_clients_get_whole_and_right_pages_while_the_site_changes(tmp_path):
    root = copy_site(tmp_path)
    (root / ARTICLE).write_text(article_text(1), encoding="utf-8")
    with ServerProcess(root, tmp_path) as server:
        status, body, _ = server.get("/articles/quiet-week/")
        assert status == 200 and b"Edition 1 begins" in body
        asset = "/" + re.search(rb'href="(?:\.\./)*(assets/[^"]+\.css)"', body).group(1).decode()
        plan = ["/articles/quiet-week/", "/", "/articles/quiet-week/", "/articles/harbour-deal/", asset,
                "/articles/quiet-week/", "/glossary/", "/no/such/page/", "/glossary", "/__sitegen/status"]
        builds_before = server.status()["builds"]
        stats, edits, stop = Stats(), [], threading.Event()

        async def run() -> None:
            deadline = time.monotonic() + LOAD_SECONDS
            thread = threading.Thread(target=editor, args=(root, deadline - 1, edits, stop), daemon=True)
            thread.start()
            try:
                await asyncio.gather(
                    *(http_client(n, server.port, plan, asset, deadline, stats) for n in range(CLIENTS)),
                    *(socket_client(server.port, deadline, stats) for _ in range(SOCKETS)),
                )
            finally:
                stop.set()
                thread.join(10)

        began = time.monotonic()
        asyncio.run(asyncio.wait_for(run(), LOAD_SECONDS + 60))
        elapsed = time.monotonic() - began
        print(f"\n{stats.requests} requests from {CLIENTS} clients in {elapsed:.1f} s "
              f"({stats.requests / elapsed:.0f}/s), {len(edits)} edits, "
              f"{server.status()['builds'] - builds_before} builds, {stats.messages} socket messages, "
              f"{len(stats.editions_seen)} editions served")
        assert stats.errors == [], stats.errors[:20]
        assert stats.requests >= CLIENTS * 3
        assert set(stats.by_path) == set(plan)
        assert len(edits) >= 3 and len(stats.editions_seen) >= 2
        assert stats.messages >= SOCKETS * 2  # the state on connect, then at least one build
        # Once the edits stop, the last one is what is served.
        last = edits[-1]
        wait_until(lambda: f"Edition {last} begins".encode() in server.get("/articles/quiet-week/")[1], 60, f"edition {last}")
        assert server.process.poll() is None
        assert server.stop() == 130
    assert not list((tmp_path / "server-tmp").glob("sitegen-serve-*"))


# ---------------------------------------------------------------- abuse


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve-abuse")
    with ServerProcess(copy_site(tmp), tmp) as running:
        yield running


def exchange(port: int, data: bytes, *, pause: float = 0.0, timeout: float = 10) -> bytes:
    """Send raw bytes, read until the server answers and closes or goes quiet; b'' when it just closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        if pause:
            time.sleep(pause)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:  # ENOTCONN: it has answered and closed already (a 414 or 431 before the rest arrived)
            pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (ConnectionResetError, socket.timeout):
            pass
        return b"".join(chunks)


def status_of(answer: bytes) -> int | None:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    return int(match.group(1)) if match else None


MALFORMED = {
    "garbage": b"GARBAGE\r\n\r\n",
    "method only": b"GET\r\n\r\n",
    "http/0.9": b"GET /\r\n\r\n",
    "unknown version": b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    "binary": b"\x00\xff\xfe\xfd\r\n\r\n",
    "nul in the path": b"GET /\x00/ HTTP/1.1\r\nHost: x\r\n\r\n",
    "encoded nul": b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad utf-8": b"GET /%ff%fe%fd HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad percent": b"GET /%zz%e2%82 HTTP/1.1\r\nHost: x\r\n\r\n",
    "no host": b"GET / HTTP/1.1\r\n\r\n",
    "absolute form": b"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    "connect": b"CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
    "post": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    "put": b"PUT /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nevil",
    "delete": b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n",
    "trace": b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n",
    "options": b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    "made-up method": b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n",
    "negative length": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
    "huge length": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999\r\n\r\nabc",
    "two lengths": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    "bad chunks": b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n0\r\n\r\n",
    "smuggling": b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
    "header without colon": b"GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
    "header folding": b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n\tfolded\r\n\r\n",
    "crlf in a query": b"GET /glossary?a%0d%0aSet-Cookie:%20x=y HTTP/1.1\r\nHost: x\r\n\r\n",
    "long url": b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "long header": b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 200_000 + b"\r\n\r\n",
    "many headers": b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(20_000)) + b"\r\n",
    "deep path": b"GET " + b"/a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "dot segments": b"GET /articles/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "encoded dots": b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "backslashes": b"GET /..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\n\r\n",
    "range": b"GET /articles/harbour-deal/ HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999-,-1,0-0,5-1\r\n\r\n",
    "websocket without upgrade": b"GET /__sitegen/events HTTP/1.1\r\nHost: x\r\n\r\n",
    "websocket bad key": b"GET /__sitegen/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: !!\r\n\r\n",
    "websocket then garbage frames": (
        b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        + b"\x81\xff" + b"\x7f" * 8 + b"\xff" * 64  # a masked? no: unmasked, 2^63-byte text frame
    ),
    "status with a body": b"GET /__sitegen/status HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
    "pipelined": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 50,
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_request_is_answered_or_closed_never_a_crash(server, name):
    answer = exchange(server.port, MALFORMED[name])
    status = status_of(answer)
    assert answer == b"" or status is not None, answer[:200]
    if status is not None:
        assert status < 500, (status, answer[:300])  # a client's mistake is never the server's error
    assert b"root:" not in answer and b"\r\nset-cookie:" not in answer.lower()  # no header of the attacker's
    assert server.process.poll() is None, server.output[-2000:]
    assert server.get("/articles/harbour-deal/")[0] == 200  # still serving


def test_slow_and_half_sent_requests_do_not_block_others(server):
    """Fifty connections that send half a request and wait; meanwhile others are served at once."""
    idle = []
    try:
        for _ in range(50):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            sock.sendall(b"GET /articles/harbour-deal/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            idle.append(sock)
        began = time.monotonic()
        for _ in range(20):
            assert server.get("/")[0] == 200
        assert time.monotonic() - began < 20
        for sock in idle[:10]:  # finishing a slow request still gets its page
            sock.sendall(b"yes\r\n\r\n")
            assert status_of(sock.recv(65536)) == 200
    finally:
        for sock in idle:
            sock.close()
    assert server.process.poll() is None


HANDSHAKE = (
    b"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
)


def test_connections_dropped_mid_response_do_not_hurt(server):
    """Pages and live-reload handshakes reset by the client before the answer: no error, no traceback."""
    for request in [b"GET /articles/harbour-deal/ HTTP/1.1\r\nHost: x\r\n\r\n", HANDSHAKE] * 60:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(request)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
    assert server.get("/articles/harbour-deal/")[0] == 200
    assert server.process.poll() is None
    assert "Traceback" not in server.output, server.output[-3000:]
