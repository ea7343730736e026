"""Servers that stall or deceive (found by an attacker, issue 12), against the installed CLI on 127.0.0.1."""

import time

from tests.conftest import FIXTURES

from .conftest import query as q
from .conftest import run_newsgrab
from .server import Reply

GOOD = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


def timed(*args):
    start = time.monotonic()
    r = run_newsgrab(*args)
    return r, time.monotonic() - start


def test_retry_after_is_capped_and_the_host_skipped_for_the_run(site, tmp_path):
    base = site.start()
    site.routes["/a/1"] = Reply(429, b"slow down", {"Retry-After": "60", "Content-Type": "text/plain"})
    site.routes["/a/2"] = Reply(200, GOOD, HTML)
    db = str(tmp_path / "n.db")
    r, took = timed(
        "fetch", f"{base}/a/1", f"{base}/a/2", "--db", db, "--delay", "0", "--workers", "1", "--timeout", "1"
    )
    assert took < 15, took
    assert r.returncode == 1 and "server asked to wait 60 s" in r.stderr
    site.routes["/a/3"] = Reply(
        503, b"busy", {"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT", "Content-Type": "text/plain"}
    )
    r, took = timed("fetch", f"{base}/a/3", "--db", db, "--delay", "0")
    assert took < 15 and r.returncode == 1 and "server asked to wait" in r.stderr


def test_robots_503_with_retry_after_is_try_later_quickly(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(503, b"busy", {"Retry-After": "20", "Content-Type": "text/plain"})
    site.routes["/a/1"] = Reply(200, GOOD, HTML)
    r, took = timed("fetch", f"{base}/a/1", "--db", str(tmp_path / "n.db"), "--delay", "0")
    assert took < 10, took
    assert r.returncode == 1 and "try later" in r.stderr and "skipped by robots" not in r.stderr
    assert site.hits.get("/a/1", 0) == 0


def test_a_trickling_server_is_cut_off_at_the_total_limit(site, tmp_path):
    base = site.start()
    site.routes["/drip"] = Reply(200, GOOD, HTML, trickle=0.5, mode="drip")
    site.routes["/slowhead"] = Reply(200, GOOD, HTML, trickle=0.5, mode="slow_headers")
    db = str(tmp_path / "n.db")
    for path in ("/drip", "/slowhead"):
        r, took = timed("fetch", f"{base}{path}", "--db", db, "--delay", "0", "--timeout", "1")
        assert took < 14, (path, took)  # the total limit: 10 s for --timeout 1
        assert r.returncode == 1 and "10 s" in r.stderr and "empty page" not in r.stderr, r.stderr


def test_queue_wait_does_not_count_against_the_time_limit(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nCrawl-delay: 4\n", {"Content-Type": "text/plain"})
    for n in range(4):
        site.routes[f"/a/{n}"] = Reply(200, GOOD.replace(b"Toyota", f"Toyota{n}".encode()), HTML)
    db = str(tmp_path / "n.db")
    urls = [f"{base}/a/{n}" for n in range(4)]
    r = run_newsgrab("fetch", *urls, "--db", db, "--delay", "0", "--timeout", "1")  # total limit 10 s
    assert r.returncode == 0, r.stderr  # the last waited 12 s in the queue: not a timeout
    rows = q(db, "SELECT ms, wait_ms FROM fetches ORDER BY id")
    assert max(ms for ms, _ in rows) < 5000 and max(w for _, w in rows) >= 8000


def test_an_archive_locked_by_another_process_is_one_clear_line(site, tmp_path):
    import sqlite3

    base = site.start()
    site.routes["/a/1"] = Reply(200, GOOD, HTML)
    db = str(tmp_path / "n.db")
    assert run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--delay", "0").returncode == 0
    site.routes["/a/2"] = Reply(200, GOOD.replace(b"Toyota", b"Honda"), HTML)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        r, took = timed("fetch", f"{base}/a/2", "--db", db, "--delay", "0", "--busy-timeout", "1")
        assert r.returncode == 1 and "locked by another process" in r.stderr and "Traceback" not in r.stderr
        assert took < 15
        (tmp_path / "newsgrab.toml").write_text(f'[[site]]\nname = "x"\nfeeds = ["{base}/feed"]\n')
        site.routes["/feed"] = Reply(
            200,
            f"<rss><channel><item><link>{base}/a/2</link></item></channel></rss>".encode(),
            {"Content-Type": "application/rss+xml"},
        )
        r, took = timed("archive", "--db", db, "--delay", "0", "--busy-timeout", "1")
        assert r.returncode == 1 and "locked by another process" in r.stderr and "Traceback" not in r.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
