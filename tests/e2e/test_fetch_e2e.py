"""The installed `newsgrab fetch` against a real local HTTP server: pages, edits and faults."""

from tests.conftest import FIXTURES

from .conftest import query as db_rows
from .conftest import run_newsgrab
from .server import Reply

JN = FIXTURES / "japannews"


def test_fetch_archives_pages_versions_rankings_and_fetch_log(site, tmp_path):
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    seed = (JN / "wire-jiji-dateline.html").read_bytes()
    site.page("/a/seed", seed, etag='"v1"')
    site.page("/a/staff", (JN / "staff-two-authors.html").read_bytes())
    site.page("/private/x", seed)
    site.routes["/a/flaky"] = [Reply(500, b"oops"), Reply(200, (JN / "wire-reuters.html").read_bytes())]
    site.routes["/a/drop"] = Reply(drop=True)
    site.routes["/a/slow"] = Reply(200, seed, delay=4)
    site.routes["/a/pdf"] = Reply(200, b"%PDF-1.7", {"Content-Type": "application/pdf"})
    site.routes["/a/challenge"] = Reply(
        200,
        b"<html><head><title>Just a moment...</title></head><body>"
        + b"x" * 300
        + b"<div class='cf-browser-verification'></div></body></html>",
    )
    base = site.start()
    db = str(tmp_path / "a.db")
    urls = [
        f"{base}/a/seed",
        f"{base}/a/staff",
        f"{base}/private/x",
        f"{base}/a/flaky",
        f"{base}/a/drop",
        f"{base}/a/slow",
        f"{base}/a/pdf",
        f"{base}/a/challenge",
        f"{base}/a/missing",
    ]
    r = run_newsgrab("fetch", *urls, "--db", db, "--delay", "0", "--timeout", "2")
    assert r.returncode == 1, r.stderr  # some failed, the rest were saved
    lines = {
        next(t for t in line.split() if t.startswith("http")): line[:17].strip()
        for line in r.stderr.splitlines()
        if "http" in line
    }
    assert lines[f"{base}/a/seed"] == "archived" and lines[f"{base}/a/flaky"] == "archived"
    assert lines[f"{base}/private/x"] == "skipped by robots"
    for bad in ("drop", "slow", "pdf", "challenge", "missing"):
        assert lines[f"{base}/a/{bad}"] == "failed", bad
    assert "Traceback" not in r.stderr
    assert db_rows(db, "SELECT count(*) FROM articles") == [(3,)]
    outcomes = dict(db_rows(db, "SELECT url, outcome FROM fetches"))
    assert outcomes[f"{base}/private/x"] == "skipped by robots"
    errors = dict(db_rows(db, "SELECT url, error FROM fetches WHERE outcome = 'failed'"))
    assert "not an HTML page" in errors[f"{base}/a/pdf"] and "challenge" in errors[f"{base}/a/challenge"]
    assert "HTTP 404" in errors[f"{base}/a/missing"]
    assert db_rows(db, "SELECT count(DISTINCT list_name) FROM rankings") == [(3,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]

    # second run: the seed answers 304 (ETag), the staff page was edited
    site.page("/a/staff", (JN / "staff-two-authors.html").read_bytes().replace(b"Sunday", b"Monday"))
    r = run_newsgrab("fetch", f"{base}/a/seed", f"{base}/a/staff", "--db", db, "--delay", "0")
    assert r.returncode == 0, r.stderr
    assert "not modified" in r.stderr and "updated v2" in r.stderr
    assert db_rows(db, "SELECT version FROM articles WHERE fetch_url = ?", (f"{base}/a/staff",)) == [(2,)]
    assert db_rows(db, "SELECT count(*) FROM article_versions") == [(4,)]
    assert db_rows(db, "PRAGMA integrity_check") == [("ok",)]


def test_fetch_reads_urls_from_stdin_and_prints_json(site, tmp_path):
    site.routes["/robots.txt"] = Reply(404, b"")
    site.page("/a/1", (JN / "wire-ap-dateline.html").read_bytes())
    base = site.start()
    r = run_newsgrab(
        "fetch", "-", "--db", str(tmp_path / "b.db"), "--json", "--delay", "0", input=f"{base}/a/1\n\n# a comment\n"
    )
    assert r.returncode == 0, r.stderr
    import json

    record = json.loads(r.stdout.splitlines()[0])
    assert record["headline"].startswith("Stocks Rally") and record["credit"] == "AP"


def test_fetch_usage_errors(tmp_path):
    r = run_newsgrab("fetch", "--db", str(tmp_path / "c.db"))
    assert r.returncode == 2 and "no URL given" in r.stderr


def test_fetch_local_file_offline(tmp_path):
    r = run_newsgrab("fetch", str(JN / "wire-jiji-dateline.html"), "--db", str(tmp_path / "d.db"))
    assert r.returncode == 0, r.stderr
    assert "archived" in r.stderr and "Japan Signs Decarbonization Pacts" in r.stderr
