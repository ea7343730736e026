"""One deadline covers the whole fetch of a URL, whatever the server does (issue 22, item 1).

Every way a server can hand out an answer slowly is served here, one host each (127.0.0.N: hosts are
fetched side by side), for the page and for its robots.txt, and one `newsgrab fetch --timeout 1`
(a total limit of 10 s) must end them all within the limit. Before the fix, a trickled robots.txt
held the fetch for as long as the server liked."""

from __future__ import annotations

import gzip
import socket
import threading
import time

import pytest

from tests.conftest import FIXTURES

from .conftest import run_newsgrab

GOOD = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
STEP = 0.25  # seconds between two bytes the server sends
SERVE_FOR = 60.0  # a stalling server gives up after this long (the test then fails on time, not hangs)
ROBOTS = b"User-agent: *\nAllow: /\n" + b"# padding\n" * 200


def _answer(mode: str, body: bytes) -> tuple[bytes, bytes, bool]:
    """(head sent at once, the rest trickled, whether the head itself is trickled) for one way of sending."""
    if mode == "headers":
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
            + b"X-Padding: slow\r\n" * 200
            + b"Content-Length: %d\r\n\r\n" % len(body)
        )
        return b"", head + body, True
    if mode == "length":
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body), body, False
    if mode == "no-length":
        return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n", body, False
    if mode == "chunked":
        framed = b"".join(b"%x\r\n%s\r\n" % (len(body[i : i + 64]), body[i : i + 64]) for i in range(0, len(body), 64))
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n",
            framed + b"0\r\n\r\n",
            False,
        )
    if mode == "gzip":
        packed = gzip.compress(body)
        return (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\n\r\n" % len(packed),
            packed,
            False,
        )
    raise ValueError(mode)


class SlowServer:
    """A raw socket server on one 127.0.0.N address that trickles the page, robots.txt, or both."""

    def __init__(self, address: str, mode: str, slow_robots: bool):
        self.mode, self.slow_robots = mode, slow_robots
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((address, 0))
        self.sock.listen(16)
        self.url = f"http://{address}:{self.sock.getsockname()[1]}/news/story"
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        deadline = time.monotonic() + SERVE_FOR
        try:
            request = conn.recv(65536)
            robots = request.startswith(b"GET /robots.txt")
            slow = self.slow_robots if robots else not self.slow_robots
            body = ROBOTS if robots else GOOD
            if not slow:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
                )
                return
            head, rest, _ = _answer(self.mode, body)
            conn.sendall(head)
            for i in range(len(rest)):
                if self.stopped or time.monotonic() > deadline:
                    return
                conn.sendall(rest[i : i + 1])
                time.sleep(STEP)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopped = True
        self.sock.close()


MODES = ("headers", "length", "no-length", "chunked", "gzip")


@pytest.fixture
def slow_servers():
    servers = []
    n = 10
    for slow_robots in (False, True):
        for mode in MODES:
            servers.append(SlowServer(f"127.0.0.{n}", mode, slow_robots))
            n += 1
    yield servers
    for s in servers:
        s.stop()


def test_every_way_of_stalling_is_cut_at_the_total_limit(slow_servers, tmp_path):
    urls = [s.url for s in slow_servers]
    start = time.monotonic()
    r = run_newsgrab(
        "fetch",
        *urls,
        "--db",
        str(tmp_path / "n.db"),
        "--delay",
        "0",
        "--timeout",
        "1",
        "--workers",
        str(len(urls)),
        timeout=SERVE_FOR + 30,
    )
    took = time.monotonic() - start
    assert took < 16, f"the 10 s limit held for {took:.1f} s\n{r.stderr}"
    assert r.returncode == 1, r.stderr
    out = r.stdout + r.stderr
    for s in slow_servers:
        line = next((ln for ln in out.splitlines() if s.url in ln), "")
        what = f"{s.mode} ({'robots.txt' if s.slow_robots else 'page'})"
        assert line.startswith("failed"), (what, line)
        assert "10 s" in line, (what, line)  # said as the time limit, not as a broken connection
        assert "Traceback" not in out
