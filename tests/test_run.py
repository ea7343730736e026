"""One scheduled run on its own (mocked HTTP): planning, stopping, counting, the lock, the summary line."""

import os

import pytest
import responses

from newsgrab.capture import Fetcher, FetchOptions
from newsgrab.config import SiteSources
from newsgrab.errors import NewsgrabError
from newsgrab.run import LockHeld, RunLock, StopFlag, archive_run

from .conftest import FIXTURES

PAGE = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
BASE = "https://news.example.com"


def feed(*paths):
    items = "".join(f"<item><link>{BASE}{p}</link></item>" for p in paths)
    return f"<rss><channel>{items}</channel></rss>"


@pytest.fixture
def site(mocked_site):
    mocked_site.feed("/feed", "/a/1", "/a/2", "/x/out")
    for n in (1, 2):
        mocked_site.page(f"/a/{n}", PAGE.replace(b"Toyota", f"Toyota{n}".encode()))
    return mocked_site.responses


def run(archive, **kw):
    return archive_run(
        archive,
        Fetcher(FetchOptions(delay=0, retries=0)),
        [SiteSources("s", feeds=[f"{BASE}/feed"], exclude=["/x/"])],
        **kw,
    )


def test_a_run_archives_what_is_new_and_records_itself(archive, site):
    summary = run(archive)
    assert summary.status == "ok" and summary.counts["archived"] == 2 and summary.counts["discovered"] == 2
    (row,) = archive.runs()
    assert (row["status"], row["new"], row["discovered"]) == ("ok", 2, 2) and row["ended"]
    again = run(archive, recheck=False)
    assert again.counts["archived"] == 0 and "new 0" in again.line()


def test_a_stopped_run_sends_no_request_and_says_interrupted(archive, site):
    stop = StopFlag()
    stop.stopped = True
    summary = run(archive, stop=stop)
    assert summary.status == "interrupted"
    assert [c.request.url for c in site.calls] == []


def test_max_articles_caps_the_plan(archive, site):
    summary = run(archive, max_articles=1)
    assert summary.counts["archived"] == 1


def test_a_source_that_is_not_a_feed_fails_the_run_with_a_reason(archive, site):
    site.replace(responses.GET, f"{BASE}/feed", body="<html><body>Not a feed</body></html>", content_type="text/html")
    summary = run(archive)
    assert summary.status == "failures" and "not an RSS or Atom feed" in summary.errors[0]


def test_the_lock_refuses_a_second_holder_and_follows_no_symlink(tmp_path):
    db = tmp_path / "l.db"
    with RunLock(str(db)):
        with pytest.raises(LockHeld):
            with RunLock(str(db)):
                pass
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, tmp_path / "m.db.lock")
    with pytest.raises(NewsgrabError, match="cannot open the run lock"):
        with RunLock(str(tmp_path / "m.db")):
            pass
    assert target.read_text() == "keep me"


def test_a_symlinked_database_shares_its_lock(tmp_path):
    db = tmp_path / "real.db"
    os.symlink(db, tmp_path / "alias.db")
    with RunLock(str(db)):
        with pytest.raises(LockHeld):
            with RunLock(str(tmp_path / "alias.db")):
                pass
