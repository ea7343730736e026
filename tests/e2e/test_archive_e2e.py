"""The installed `newsgrab archive` against a simulated site over several runs, two runs at once,
and a run killed with SIGKILL midway."""

import json
import signal
import subprocess

from tests.conftest import FIXTURES

from .conftest import newsgrab_cmd, rows_or_none, run_newsgrab, wait_for
from .conftest import query as q
from .server import Reply

TEMPLATE = (FIXTURES / "japannews" / "staff-two-authors.html").read_text(encoding="utf-8")
OLD_URL = "https://japannews.yomiuri.co.jp/politics/politics-government/20241013-216478/"
OLD_HEAD = "Ishiba Pledges to Press Ahead with Political Funds Reform Before Lower House Election"


def article(base, n, headline=None, extra=""):
    html = TEMPLATE.replace(OLD_URL, f"{base}/a/{n}").replace(OLD_HEAD, headline or f"Story number {n}")
    return html.replace("before Lower", "before Lower").replace("</p>\n</div>", f"{extra}</p>\n</div>", 1)


def feed(base, ns, date="Mon, 28 Oct 2024 10:00:00 +0900"):
    items = "".join(f"<item><title>S{n}</title><link>{base}/a/{n}</link><pubDate>{date}</pubDate></item>" for n in ns)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def sitemap(base, ns):
    urls = "".join(f"<url><loc>{base}/a/{n}</loc><lastmod>2024-10-28T10:00:00+09:00</lastmod></url>" for n in ns)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'


def front(base, titles):
    items = "".join(f'<li><a href="{base}/a/{i}"><h3>{t}</h3></a></li>' for i, t in enumerate(titles, 1))
    return f"<html><body><h1>Front</h1><div><h2>Most Read</h2><ol>{items}</ol></div></body></html>"


def xml(body):
    return Reply(200, body.encode(), {"Content-Type": "application/rss+xml"})


def test_three_runs_against_a_changing_site(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})
    site.routes["/feed"] = xml(
        feed(base, [1, 2]).replace("</channel>", f"<item><link>{base}/private/p</link></item></channel>")
    )
    site.routes["/sitemap.xml"] = xml(sitemap(base, [3]))
    site.page("/a/1", article(base, 1))
    site.routes["/a/2"] = [Reply(503, b"busy")] * 4 + [Reply(200, article(base, 2).encode())]
    site.page("/a/3", article(base, 3))
    site.page("/", front(base, ["Story number 1", "Story number 3"]))
    site.page("/private/p", article(base, 99))
    db = str(tmp_path / "arch.db")
    config = tmp_path / "newsgrab.toml"
    config.write_text(
        f'[defaults]\ndelay = 0\n[[site]]\nname = "local"\nfeeds = ["{base}/feed"]\n'
        f'sitemaps = ["{base}/sitemap.xml"]\nfront_page = "{base}/"\n'
    )
    log = tmp_path / "run.log"

    r1 = run_newsgrab("archive", "--db", db, "--log-file", str(log))  # config found beside the database
    assert r1.returncode == 1, r1.stderr  # /a/2 failed
    assert "new 2" in r1.stderr and "failed 1" in r1.stderr
    assert q(db, "SELECT count(*) FROM articles") == [(2,)]
    assert q(db, "SELECT outcome FROM fetches WHERE url = ?", (f"{base}/private/p",)) == [("skipped by robots",)]
    assert q(db, "SELECT status, new, failed FROM runs") == [("failures", 2, 1)]
    assert q(db, "SELECT count(*) FROM rankings WHERE page_url = ?", (f"{base}/",)) == [(2,)]

    # run 2: the feed gains a story, /a/2 recovers, /a/1 is edited, the ranking changes
    site.routes["/feed"] = xml(feed(base, [1, 2, 4]))
    site.page("/a/4", article(base, 4))
    site.page("/a/1", article(base, 1, headline="Story number 1, updated"))
    site.page("/", front(base, ["Story number 4", "Story number 1, updated"]))
    r2 = run_newsgrab("archive", "--db", db, "--log-file", str(log))
    assert r2.returncode == 0, r2.stderr
    assert "new 2" in r2.stderr and "updated 1" in r2.stderr and "failed 0" in r2.stderr
    assert q(db, "SELECT version, headline FROM articles WHERE url = ?", (f"{base}/a/1",)) == [
        (2, "Story number 1, updated")
    ]
    assert q(db, "SELECT count(*) FROM article_versions") == [(5,)]
    assert q(db, "SELECT title FROM rankings WHERE page_url = ? ORDER BY id DESC LIMIT 2", (f"{base}/",)) == [
        ("Story number 1, updated",),
        ("Story number 4",),
    ]

    # run 3: nothing new
    r3 = run_newsgrab("archive", "--db", db, "--quiet", "--log-file", str(log))
    assert r3.returncode == 0 and r3.stderr == ""
    assert q(db, "SELECT count(*) FROM articles") == [(4,)]
    assert [r[0] for r in q(db, "SELECT status FROM runs ORDER BY id")] == ["failures", "ok", "ok"]
    assert q(db, "SELECT new, updated FROM runs ORDER BY id DESC LIMIT 1") == [(0, 0)]
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert events.count("run") == 3
    assert q(db, "PRAGMA integrity_check") == [("ok",)]
    out = run_newsgrab("runs", "--db", db)
    assert out.returncode == 0 and out.stdout.count(" ok ") == 2 and "failures" in out.stdout
    assert f"{base}/a/2: HTTP 503 Service Unavailable" in out.stdout  # the failed run's first error
    assert "skipped by robots 1" in r1.stderr


def test_second_run_exits_75_while_the_first_holds_the_lock(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/feed"] = xml(feed(base, [1]))
    site.routes["/a/1"] = Reply(200, article(base, 1).encode(), delay=3)
    db = str(tmp_path / "lock.db")
    first = subprocess.Popen(
        [*newsgrab_cmd(), "archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: site.hits.get("/a/1"), "the first run to fetch its article (it holds the lock by then)")
    second = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0")
    assert second.returncode == 75, second.stderr
    assert "another newsgrab archive run holds" in second.stderr
    quiet = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0", "--quiet")
    assert quiet.returncode == 75 and quiet.stderr == ""  # cron mails nothing for an expected overlap
    assert first.wait(timeout=60) == 0
    assert q(db, "SELECT count(*) FROM runs") == [(1,)]


def test_sigkill_midway_then_rerun_loses_and_duplicates_nothing(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    n = 24
    site.routes["/feed"] = xml(feed(base, range(1, n + 1)))
    for i in range(1, n + 1):
        site.routes[f"/a/{i}"] = Reply(200, article(base, i).encode(), delay=0.15)
    db = str(tmp_path / "kill.db")
    args = [*newsgrab_cmd(), "archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for(lambda: (rows_or_none(db, "SELECT count(*) FROM articles") or 0) >= 3, "3 articles archived")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert q(db, "PRAGMA integrity_check") == [("ok",)]
    done = q(db, "SELECT count(*) FROM articles")[0][0]
    assert done < n
    r = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0")
    assert r.returncode == 0, r.stderr
    assert q(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(n, n)]
    assert q(db, "SELECT count(*) FROM article_versions") == [(n,)]
    assert [s for (s,) in q(db, "SELECT status FROM runs ORDER BY id")] == ["killed", "ok"]
    assert q(db, "PRAGMA integrity_check") == [("ok",)]


def test_sigterm_stops_after_current_article_and_records_interrupted(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/feed"] = xml(feed(base, range(1, 30)))
    for i in range(1, 30):
        site.routes[f"/a/{i}"] = Reply(200, article(base, i).encode(), delay=0.2)
    db = str(tmp_path / "term.db")
    proc = subprocess.Popen(
        [*newsgrab_cmd(), "archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: (rows_or_none(db, "SELECT count(*) FROM articles") or 0) >= 1, "an article archived")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 1
    assert q(db, "SELECT status FROM runs") == [("interrupted",)]
    assert q(db, "PRAGMA integrity_check") == [("ok",)]


def test_usage_errors_exit_2(tmp_path):
    r = run_newsgrab("archive", "--db", str(tmp_path / "x.db"))
    assert r.returncode == 2 and "nothing to archive" in r.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[[site]]\nname = 'x'\nfeeds = 3 = 4\n")
    r = run_newsgrab("archive", "--db", str(tmp_path / "x.db"), "--config", str(bad))
    assert r.returncode == 2 and "not valid TOML" in r.stderr
    r = run_newsgrab("archive", "--db", str(tmp_path / "x.db"), "--site", "nosuchsite")
    assert r.returncode == 2 and "unknown site" in r.stderr


def test_a_url_that_keeps_failing_is_given_up_after_five_attempts(site, tmp_path):
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/feed"] = xml(feed(base, [1, 2]))
    site.page("/a/1", article(base, 1))  # /a/2 is a 404 forever
    db = str(tmp_path / "gone.db")
    for _ in range(5):
        r = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0")
        assert r.returncode == 1 and "failed 1" in r.stderr
    r = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0")
    assert r.returncode == 0, r.stderr
    assert "given up on 1 (failed 5 times)" in r.stderr
    assert q(db, "SELECT count(*) FROM fetches WHERE url = ?", (f"{base}/a/2",)) == [(5,)]
