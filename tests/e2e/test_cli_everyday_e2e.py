"""The CLI as a user meets it every day: bad URLs among good ones, pages with no article, stopping a run with
Ctrl-C, SIGTERM or --max-time, cron lines, read-only archives, listing pages, queries as typed, the default
time zone (found by a new user, issue 11), each against the installed CLI and a real server on 127.0.0.1."""

import json
import os
import signal
import stat
import subprocess
import time

import pytest

from tests.conftest import FIXTURES

from .conftest import newsgrab_cmd, run_newsgrab, wait_for
from .conftest import query as q
from .server import Reply, Site

GOOD = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FRONT = b"""<html><head><title>Example News</title></head><body><header><nav><a href="/">Home</a>
<a href="/world/">World</a></nav></header><main><h1>Example News</h1><ul>
<li><a href="/news/council-approves-new-budget">Council approves new budget</a></li>
<li><a href="/news/flood-warning-issued-for-valley">Flood warning issued for valley</a></li>
</ul></main><footer>(c) Example News</footer></body></html>"""


def story_page(n: int) -> bytes:
    paras = "".join(
        f"<p>Paragraph {i} of story {n}: the council met on Monday and voted on the plan, "
        f"officials said, after a long debate about the cost of the works.</p>"
        for i in range(5)
    )
    return (
        f"<html><head><title>Story {n} headline</title></head><body><article><h1>Story {n} headline</h1>"
        f"{paras}</article></body></html>"
    ).encode()


def test_one_malformed_url_fails_alone_and_the_good_ones_are_archived(site, tmp_path):
    base = site.start()
    site.page("/a/1", GOOD)
    site.page("/a/2", story_page(2))
    db = str(tmp_path / "n.db")
    r = run_newsgrab("fetch", f"{base}/a/1", "http://[::1", f"{base}/a/2", "--db", db, "--delay", "0")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "http://[::1  invalid URL" in r.stderr
    assert sorted(u for (u,) in q(db, "SELECT fetch_url FROM articles")) == [f"{base}/a/1", f"{base}/a/2"]
    assert ("http://[::1", "failed") in q(db, "SELECT url, outcome FROM fetches")
    # the same through stdin
    r = run_newsgrab(
        "fetch", "-", "--db", str(tmp_path / "s.db"), "--delay", "0", input=f"{base}/a/1\nhttp://[::1\n{base}/a/2\n"
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(q(str(tmp_path / "s.db"), "SELECT id FROM articles")) == 2
    r = run_newsgrab("parse", "http://[::1")
    assert r.returncode == 1 and "invalid URL" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "url,words",
    [
        ("http://127.0.0.1:99999/x", "invalid URL (Port out of range"),
        ("http://127.0.0.1:abc/x", "invalid URL (Port could not be cast"),
        ("http://exa mple.com/", "invalid URL: bad host name"),
        ("example.com/news/story", "did you mean https://example.com/news/story?"),
    ],
)
def test_invalid_urls_are_invalid_not_blocked_by_robots(tmp_path, url, words):
    db = str(tmp_path / "n.db")
    r = run_newsgrab("fetch", url, "--db", db)
    assert r.returncode == 1, r.stderr
    assert words in r.stderr and "robots" not in r.stderr and "Traceback" not in r.stderr


def test_pages_without_an_article_are_not_archived(site, tmp_path):
    base = site.start()
    site.page("/", FRONT)
    site.page("/news/", FRONT.replace(b"Example News</h1>", b"Latest</h1>"))
    db = str(tmp_path / "n.db")
    r = run_newsgrab("fetch", f"{base}/", f"{base}/news/", "--db", db, "--delay", "0")
    assert r.returncode == 1
    assert r.stderr.count("no article found") == 2
    assert not os.path.exists(db)  # nothing archived: the archive this command made is not left behind
    readme = tmp_path / "README.md"
    readme.write_text("# A project\n\n" + "Some text about the project and how to use it. " * 60)
    r = run_newsgrab("fetch", str(readme), "--db", db)
    assert r.returncode == 1 and "not an HTML page" in r.stderr
    assert not os.path.exists(db)
    (tmp_path / "front.html").write_bytes(FRONT)
    r = run_newsgrab("parse", str(tmp_path / "front.html"))
    assert r.returncode == 1 and "no article found" in r.stderr and r.stdout == ""


def slow_site(n: int, seconds: float) -> tuple[Site, str]:
    site = Site()
    base = site.start()
    for i in range(n):
        site.routes[f"/a/{i}"] = Reply(200, story_page(i), HTML, delay=seconds)
    return site, base


def test_sigint_stops_fetch_promptly_and_saves_what_was_in_flight(tmp_path):
    site, base = slow_site(12, 2.0)
    try:
        db = str(tmp_path / "n.db")
        urls = [f"{base}/a/{i}" for i in range(12)]
        proc = subprocess.Popen(
            [*newsgrab_cmd(), "fetch", *urls, "--db", db, "--delay", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # the first page (of one host, one at a time) saved, the second in flight
        wait_for(lambda: sum(site.hits.get(f"/a/{i}", 0) for i in range(12)) >= 2, "the second request")
        requested = sum(site.hits.get(f"/a/{i}", 0) for i in range(12))
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
        assert took < 4.0, f"took {took:.1f} s to stop"
        assert proc.returncode == 1 and "Traceback" not in err
        after = sum(site.hits.get(f"/a/{i}", 0) for i in range(12))
        assert after == requested  # no new request after the signal
        archived = q(db, "SELECT count(*) FROM articles")[0][0]
        assert archived == requested  # what was in flight was finished and saved
    finally:
        site.stop()


def test_archive_max_time_and_sigterm_stop_promptly(tmp_path):
    site, base = slow_site(20, 2.0)
    items = "".join(f"<item><link>{base}/a/{i}</link></item>" for i in range(20))
    site.routes["/feed"] = Reply(
        200, f"<rss><channel>{items}</channel></rss>".encode(), {"Content-Type": "application/rss+xml"}
    )
    try:
        db = str(tmp_path / "n.db")
        start = time.monotonic()
        r = run_newsgrab("archive", "--feed", f"{base}/feed", "--db", db, "--delay", "0", "--max-time", "5")
        took = time.monotonic() - start
        assert took < 10, f"--max-time 5 ran {took:.1f} s"
        assert "max-time" in r.stderr
        n1 = q(db, "SELECT count(*) FROM articles")[0][0]
        assert 1 <= n1 <= 4
        before = sum(site.hits.get(f"/a/{i}", 0) for i in range(20))
        proc = subprocess.Popen(
            [*newsgrab_cmd(), "archive", "--feed", f"{base}/feed", "--db", db, "--delay", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # the run under way: a story saved, the next in flight
        wait_for(lambda: sum(site.hits.get(f"/a/{i}", 0) for i in range(20)) >= before + 2, "two more requests")
        requested = sum(site.hits.get(f"/a/{i}", 0) for i in range(20))
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        assert time.monotonic() - sent < 4.0
        assert proc.returncode == 1 and "interrupted" in err
        assert sum(site.hits.get(f"/a/{i}", 0) for i in range(20)) == requested
        assert q(db, "SELECT status FROM runs ORDER BY id DESC LIMIT 1") == [("interrupted",)]
    finally:
        site.stop()


def test_readme_cron_lines_in_a_missing_or_read_only_directory(tmp_path):
    missing = tmp_path / "news"
    r = run_newsgrab("archive", "--site", "japannews", "--db", str(missing / "jn.db"))
    assert r.returncode == 2 and "does not exist" in r.stderr and "Traceback" not in r.stderr
    assert not missing.exists()
    r = run_newsgrab("init", str(missing / "newsgrab.toml"))
    assert r.returncode == 0 and (missing / "newsgrab.toml").is_file()
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only directories")
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    r = run_newsgrab("archive", "--site", "japannews", "--db", str(ro / "jn.db"))
    assert r.returncode == 2 and "read-only" in r.stderr and "Traceback" not in r.stderr


def test_a_read_only_archive_can_be_read_and_says_read_only_to_writes(site, tmp_path):
    base = site.start()
    site.page("/a/1", GOOD)
    folder = tmp_path / "ro"
    folder.mkdir()
    db = str(folder / "n.db")
    assert run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--delay", "0").returncode == 0
    for extra in folder.glob("n.db-*"):
        extra.unlink()  # as a copied archive would be: no -wal, no -shm
    os.chmod(db, 0o444)
    folder.chmod(0o555)
    try:
        for args in (["search", "Toyota"], ["stats"], ["show", "1"], ["export"], ["runs"]):
            r = run_newsgrab(*args, "--db", db)
            assert r.returncode == 0, (args, r.stderr)
            assert "not a SQLite database" not in r.stderr
        if os.geteuid() != 0:
            r = run_newsgrab("fetch", f"{base}/a/1", "--db", db)
            assert r.returncode == 2 and "read-only" in r.stderr and "Traceback" not in r.stderr
    finally:
        folder.chmod(0o755)


def test_listing_page_links_found_by_default_and_empty_sources_warned(site, tmp_path):
    base = site.start()
    site.page("/latest/", FRONT)
    site.page("/news/council-approves-new-budget", story_page(1))
    site.page("/news/flood-warning-issued-for-valley", story_page(2))
    site.page("/not-a-feed", FRONT)
    db = str(tmp_path / "n.db")
    r = run_newsgrab("archive", "--listing", f"{base}/latest/", "--db", db, "--delay", "0")
    assert r.returncode == 0, r.stderr
    assert q(db, "SELECT count(*) FROM articles") == [(2,)]
    r = run_newsgrab("archive", "--feed", f"{base}/not-a-feed", "--db", str(tmp_path / "m.db"), "--delay", "0")
    assert r.returncode == 1 and "not an RSS or Atom feed (an HTML page came back)" in r.stderr
    r = run_newsgrab(
        "archive",
        "--listing",
        f"{base}/latest/",
        "--listing-pattern",
        "/nothing-matches/",
        "--db",
        str(tmp_path / "e.db"),
        "--delay",
        "0",
    )
    assert r.returncode == 1 and "no article links found" in r.stderr


def test_search_and_export_query_take_what_a_user_types(site, tmp_path):
    base = site.start()
    page = story_page(1).replace(b"the council met", b"COVID-19 contact-tracing by e-mail with O'Neil")
    site.page("/a/1", page)
    site.page("/a/2", story_page(2).replace(b"Story 2 headline", "東京で桜が開花".encode()))
    db = str(tmp_path / "n.db")
    assert run_newsgrab("fetch", f"{base}/a/1", f"{base}/a/2", "--db", db, "--delay", "0").returncode == 0
    for words in (["COVID-19"], ["contact-tracing"], ["e-mail"], ["O'Neil"], ["-COVID"], ["桜"], ["東京"]):
        r = run_newsgrab("search", *words, "--db", db, "--json")
        assert r.returncode == 0 and len(r.stdout.splitlines()) == 1, (words, r.stderr)
        r = run_newsgrab("export", "--query", words[0], "--db", db, "--jsonl")
        assert r.returncode == 0 and len(r.stdout.splitlines()) == 1, (words, r.stderr)
    r = run_newsgrab("search", "--fts", '"unbalanced', "--db", db)
    assert r.returncode == 2 and "bad search query" in r.stderr
    r = run_newsgrab("export", "--fts", "--query", '"unbalanced', "--db", db)
    assert r.returncode == 2


def test_default_time_zone_is_honoured_by_fetch_and_the_config(site, tmp_path):
    base = site.start()
    naive = story_page(1).replace(b"<h1>", b"<time datetime='2024-03-01T10:00:00'>1 March 2024</time><h1>")
    site.page("/a/1", naive)
    db = str(tmp_path / "n.db")
    r = run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--delay", "0", "--default-tz", "Asia/Tokyo")
    assert r.returncode == 0, r.stderr
    assert q(db, "SELECT published FROM articles") == [("2024-03-01T10:00:00+09:00",)]
    r = run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--default-tz", "Mars/Olympus")
    assert r.returncode == 2 and "unknown time zone" in r.stderr
    site.routes["/feed"] = Reply(
        200,
        f"<rss><channel><item><link>{base}/a/2</link></item></channel></rss>".encode(),
        {"Content-Type": "application/rss+xml"},
    )
    site.page("/a/2", naive)
    (tmp_path / "newsgrab.toml").write_text(
        f'[defaults]\ntimezone = "Europe/Berlin"\ndelay = 0\n[[site]]\nname = "x"\nfeeds = ["{base}/feed"]\n'
    )
    r = run_newsgrab("archive", "--db", db)
    assert r.returncode == 0, r.stderr
    assert ("2024-03-01T10:00:00+01:00",) in q(db, "SELECT published FROM articles")


def test_show_normalises_the_url_and_runs_and_stats_work(site, tmp_path):
    base = site.start()
    site.page("/a/1", GOOD)
    db = str(tmp_path / "n.db")
    run_newsgrab("fetch", f"{base}/a/1", "--db", db, "--delay", "0")
    url = q(db, "SELECT url FROM articles")[0][0]
    r = run_newsgrab("show", url.replace("http://", "HTTP://") + "?utm_source=x#top", "--db", db, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["url"] == url
