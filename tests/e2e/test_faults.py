"""What the network and the web throw at an archiver, end to end: each fault gets a clear reason in
the fetch log, writes or damages no article, and the run goes on with the other URLs."""

import gzip
import socket

import pytest

from newsgrab.store import Archive
from tests.conftest import FIXTURES

from .conftest import query as q
from .conftest import run_newsgrab
from .server import Reply, Site

GOOD = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def latin_page():
    text = (
        "<html><head><title>Caf\u00e9 story</title></head><body><h1>Caf\u00e9 owners fight na\u00efve "
        "rules</h1><article>" + "<p>The caf\u00e9 owners said the na\u00efve rules would hurt them, "
        "and officials agreed to a review.</p>" * 5 + "</article></body></html>"
    )
    return text.encode("cp1252")


def sjis_page():
    text = (
        '<html><head><meta charset="shift_jis"><title>t</title></head><body><h1>日本の記者会見</h1>'
        "<article>" + "<p>東京で記者会見が開かれ、政府は新しい計画を発表した。</p>" * 8 + "</article></body></html>"
    )
    return text.encode("shift_jis")


FAULTS = {
    # path: (reply, expected outcome, words expected in the logged reason)
    "/f/refused": (None, "failed", "connection failed"),
    "/f/reset": (Reply(200, GOOD, HTML, mode="reset"), "failed", "connection"),
    "/f/hang": (Reply(200, GOOD, HTML, delay=3), "failed", "no answer"),
    "/f/trickle": (Reply(200, GOOD, HTML, trickle=0.05), "failed", "took over"),
    "/f/429": ([Reply(429, b"slow down", {"Retry-After": "1"}), Reply(200, GOOD, HTML)], "archived", ""),
    "/f/500": ([Reply(500, b"oops"), Reply(200, GOOD.replace(b"Toyota", b"Honda"), HTML)], "archived", ""),
    "/f/loop": (Reply(301, b"", {"Location": "/f/loop"}), "failed", "redirects"),
    "/f/to-file": (Reply(302, b"", {"Location": "file:///etc/passwd"}), "failed", "non-http"),
    "/f/to-ftp": (Reply(302, b"", {"Location": "ftp://127.0.0.1/x"}), "failed", "non-http"),
    "/f/cl-longer": (Reply(200, GOOD, HTML, mode="length_longer"), "failed", "connection"),
    "/f/cl-shorter": (Reply(200, GOOD, HTML, mode="length_shorter"), "failed", "mid-document"),
    "/f/endless": (Reply(200, b"", HTML, mode="endless"), "failed", "cap"),
    "/f/gzip-bomb": (
        Reply(200, gzip.compress(b"<html>" + b"a" * 30_000_000), {**HTML, "Content-Encoding": "gzip"}),
        "failed",
        "cap",
    ),
    "/f/sjis-no-header-charset": (Reply(200, sjis_page(), {"Content-Type": "text/html"}), "archived", ""),
    "/f/cp1252-as-utf8": (Reply(200, latin_page(), HTML), "archived", ""),
    "/f/empty": (Reply(200, b"", HTML), "failed", "empty"),
    "/f/challenge": (
        Reply(
            200,
            b"<html><head><title>Just a moment...</title></head><body>"
            + b"." * 400
            + b"<script src='/cdn-cgi/challenge-platform/x.js'></script></body></html>",
            HTML,
        ),
        "failed",
        "challenge",
    ),
    "/f/not-article": (
        Reply(200, b"<html><body>" + b"<nav><a href='/'>Home</a></nav>" * 20 + b"</body></html>", HTML),
        "failed",
        "no article",
    ),
    "/f/good": (Reply(200, GOOD.replace(b"Toyota", b"Nissan"), HTML), "archived", ""),
}


@pytest.fixture
def faulty_site():
    site = Site()
    site.routes["/robots.txt"] = Reply(404, b"")
    for path, (reply, _, _) in FAULTS.items():
        if reply is not None:
            site.routes[path] = reply
    base = site.start()
    yield site, base
    site.stop()


def test_every_fault_is_logged_with_a_reason_and_the_run_goes_on(faulty_site, tmp_path):
    site, base = faulty_site
    refused = f"http://127.0.0.1:{free_port()}/f/refused"
    urls = {path: (refused if path == "/f/refused" else base + path) for path in FAULTS}
    db = str(tmp_path / "faults.db")
    r = run_newsgrab(
        "fetch", *urls.values(), "--db", db, "--delay", "0", "--timeout", "1", "--max-bytes", "2000000", timeout=300
    )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    log = {url: (outcome, error or "") for url, outcome, error in q(db, "SELECT url, outcome, error FROM fetches")}
    for path, (_, outcome, words) in FAULTS.items():
        got_outcome, error = log[urls[path]]
        assert got_outcome == outcome, f"{path}: {got_outcome} {error}"
        assert words.lower() in error.lower(), f"{path}: {error!r}"
    bodies = dict(q(db, "SELECT fetch_url, body FROM articles"))
    assert "café owners said the naïve rules" in bodies[urls["/f/cp1252-as-utf8"]]
    assert "記者会見" in bodies[urls["/f/sjis-no-header-charset"]]
    assert len(bodies) == 5
    assert q(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.mark.parametrize(
    "robots,outcome",
    [
        (Reply(200, b"<html><body>Welcome</body></html>", HTML), "archived"),
        (Reply(404, b"nope"), "archived"),
        (Reply(500, b"oops"), "failed"),  # robots.txt unreadable: try later, never "allowed", never a silent skip
        (Reply(200, b"User-agent: *\nDisallow: /a/\n", {"Content-Type": "text/plain"}), "skipped by robots"),
        (
            Reply(
                200, b"User-agent: *\nDisallow: /*?print=\nAllow: /a/\nDisallow: /a/\n", {"Content-Type": "text/plain"}
            ),
            "archived",
        ),  # RFC 9309: on equal length Allow wins; wildcards are read
        (
            Reply(200, b"User-agent: *\nAllow: /a/\nDisallow: /a/1\n", {"Content-Type": "text/plain"}),
            "skipped by robots",
        ),  # the longest match wins, not the first
        (
            Reply(
                200, b"User-agent: *\n" + b"Allow: /x\n" * 80_000 + b"Disallow: /a/\n", {"Content-Type": "text/plain"}
            ),
            "archived",
        ),  # rules past 512 KiB are not read
    ],
)
def test_robots_txt_variants(tmp_path, robots, outcome):
    site = Site()
    site.routes["/robots.txt"] = robots
    site.routes["/a/1"] = Reply(200, GOOD, HTML)
    base = site.start()
    try:
        db = str(tmp_path / "robots.db")
        Archive(db).close()  # an archive in use (a new one that stores nothing is not left behind)
        r = run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--delay", "0")
        assert q(db, "SELECT outcome FROM fetches") == [(outcome,)], r.stderr
        assert r.returncode == (0 if outcome == "archived" else 1)  # nothing archived is not success
        if outcome == "failed":
            assert "try later" in r.stderr
    finally:
        site.stop()


def test_failed_refetch_does_not_damage_the_archived_article(faulty_site, tmp_path):
    site, base = faulty_site
    db = str(tmp_path / "keep.db")
    site.routes["/a/story"] = Reply(200, GOOD, HTML)
    assert run_newsgrab("fetch", f"{base}/a/story", "--db", db, "--delay", "0").returncode == 0
    before = q(db, "SELECT headline, body, version, content_hash FROM articles")
    for broken in (
        Reply(200, GOOD, HTML, mode="length_shorter"),
        Reply(200, b"", HTML),
        Reply(500, b"oops"),
        Reply(200, GOOD, HTML, mode="reset"),
    ):
        site.routes["/a/story"] = broken
        site.hits.clear()
        r = run_newsgrab("fetch", f"{base}/a/story", "--db", db, "--delay", "0", "--timeout", "2")
        assert r.returncode == 1
        assert q(db, "SELECT headline, body, version, content_hash FROM articles") == before
