"""Crash safety: runs SIGKILLed at many points across fetch, parse and write; the disk filling up."""

import random
import signal
import subprocess
import time

import pytest

from newsgrab import parse_article
from newsgrab.errors import ArchiveError
from newsgrab.store import Archive
from tests.conftest import FIXTURES

from .conftest import newsgrab_cmd, run_newsgrab
from .conftest import query as q
from .server import Reply
from .test_archive_e2e import article, feed, xml

KILL_POINTS = 22
ARTICLES = 40


def test_sigkill_at_many_points_never_corrupts_and_rerun_completes(site, tmp_path):
    """Kill times spread over a whole run, so kills land while fetching, parsing and writing."""
    base = site.start()
    site.routes["/robots.txt"] = Reply(404, b"")
    site.routes["/feed"] = xml(feed(base, range(1, ARTICLES + 1)))
    for i in range(1, ARTICLES + 1):
        site.routes[f"/a/{i}"] = Reply(200, article(base, i).encode(), delay=0.06)
    rnd = random.Random(2024)
    outcomes = []
    for point in range(KILL_POINTS):
        db = str(tmp_path / f"k{point}.db")
        args = [*newsgrab_cmd(), "archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0"]
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.2 + rnd.random() * 1.6)  # from start-up through discovery, fetching and writing
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert q(db, "PRAGMA integrity_check") == [("ok",)], point
        n, distinct = (
            q(db, "SELECT count(*), count(DISTINCT url) FROM articles")[0]
            if q(db, "SELECT name FROM sqlite_master WHERE name = 'articles'")
            else (0, 0)
        )
        assert n == distinct
        if n:  # every archived article is whole: its version row, its fetch log row and its raw page
            assert q(
                db,
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_versions v "
                "WHERE v.article_id = a.id) OR NOT EXISTS (SELECT 1 FROM pages p WHERE p.article_id = a.id) "
                "OR NOT EXISTS (SELECT 1 FROM fetches f WHERE f.article_id = a.id)",
            ) == [(0,)]
            assert q(db, "SELECT count(*) FROM articles WHERE headline IS NULL OR body = ''") == [(0,)]
        outcomes.append(n)
        r = run_newsgrab("archive", "--db", db, "--feed", f"{base}/feed", "--delay", "0")
        assert r.returncode == 0, r.stderr
        assert q(db, "SELECT count(*), count(DISTINCT url) FROM articles") == [(ARTICLES, ARTICLES)]
        assert q(db, "SELECT count(*) FROM article_versions") == [(ARTICLES,)]
        assert q(db, "PRAGMA integrity_check") == [("ok",)]
    print(f"\narticles archived when killed, per kill point: {outcomes}")
    # the kill points really were spread: some before any write, some midway
    assert sum(1 for n in outcomes if n < ARTICLES) >= 15 and len(set(outcomes)) >= 6, outcomes


def test_disk_full_gives_a_clear_error_and_an_intact_database(tmp_path):
    pages = sorted((FIXTURES / "japannews").glob("*.html"))
    archive = Archive(tmp_path / "full.db")
    first = parse_article(pages[0].read_bytes())
    archive.save(first, fetch_url="https://x.example/1", run_id="r", raw=pages[0].read_bytes())
    used = archive.db.execute("PRAGMA page_count").fetchone()[0]
    archive.db.execute(f"PRAGMA max_page_count = {used + 2}")  # the disk is now (almost) full
    with pytest.raises(ArchiveError, match="full") as exc:
        for i, page in enumerate(pages[1:] * 3):
            art = parse_article(page.read_bytes())
            art.url = f"https://x.example/{i + 2}"
            archive.save(art, fetch_url=art.url, run_id="r", raw=page.read_bytes() * 20)
    assert "nothing of this article was saved" in str(exc.value)
    assert archive.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ids = [r[0] for r in archive.db.execute("SELECT id FROM articles")]
    versions = archive.db.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    assert len(ids) == versions  # nothing half-written
    archive.close()
