"""The path of one URL: fetch -> parse -> save, and how each outcome is recorded (mocked HTTP)."""

import pytest
import responses

from newsgrab.capture import Fetcher, FetchOptions
from newsgrab.pipeline import archive_urls
from newsgrab.run import GIVE_UP_AFTER

from .conftest import FIXTURES

PAGE = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
BASE = "https://news.example.com"


@pytest.fixture
def site(mocked_site):
    for n in (1, 2):
        mocked_site.page(f"/a/{n}", PAGE)
    return mocked_site.responses


def run(archive, urls, **kw):
    return list(archive_urls(urls, archive, Fetcher(FetchOptions(delay=0, retries=0)), run_id="r", **kw))


def test_an_extractor_crash_is_loud_and_never_counts_toward_giving_up(archive, site, monkeypatch, caplog):
    def boom(*a, **kw):
        raise TypeError("a bug in the extractor")

    monkeypatch.setattr("newsgrab.parsing.parse_article", boom)
    for _ in range(GIVE_UP_AFTER + 1):
        (item,) = run(archive, [f"{BASE}/a/1"])
        assert item.outcome == "crashed" and item.failed and not item.ok
        assert "crashed while parsing" in item.error and "TypeError" in item.error
    error = archive.db.execute("SELECT error FROM fetches ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert "Traceback (most recent call last)" in error and "a bug in the extractor" in error
    assert "newsgrab crashed parsing" in caplog.text
    assert archive.given_up([f"{BASE}/a/1"], GIVE_UP_AFTER) == set()  # a crash is not the page's fault


def test_no_article_is_an_ordinary_failure_and_does_count(archive, site):
    site.replace(
        responses.GET,
        f"{BASE}/a/1",
        body=b"<html><body><nav><a href='/'>Home</a></nav>" + b" " * 300 + b"</body></html>",
        content_type="text/html",
    )
    (item,) = run(archive, [f"{BASE}/a/1"])
    assert item.outcome == "failed" and "no article found" in item.error


def test_a_crash_while_fetching_one_url_leaves_the_others(archive, site, monkeypatch):
    real = Fetcher.get

    def get(self, url, *a, **kw):
        if url.endswith("/a/2"):
            raise KeyError("a bug in the fetcher")
        return real(self, url, *a, **kw)

    monkeypatch.setattr(Fetcher, "get", get)
    items = {i.url: i for i in run(archive, [f"{BASE}/a/1", f"{BASE}/a/2"])}
    assert items[f"{BASE}/a/1"].outcome == "archived"
    assert items[f"{BASE}/a/2"].outcome == "crashed" and "KeyError" in items[f"{BASE}/a/2"].error


def test_after_stop_no_request_is_sent_and_nothing_is_logged_for_the_rest(archive, site):
    items = run(archive, [f"{BASE}/a/1", f"{BASE}/a/2"], should_stop=lambda: True)
    assert {i.outcome for i in items} == {"not fetched"}
    assert [c.request.url for c in site.calls] == []
    assert archive.db.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0


def test_stored_validators_are_sent_and_the_wait_is_recorded_apart(archive, site):
    site.replace(responses.GET, f"{BASE}/a/1", body=PAGE, content_type="text/html", headers={"ETag": '"v1"'})
    run(archive, [f"{BASE}/a/1"])
    run(archive, [f"{BASE}/a/1"])
    sent = [c.request.headers.get("If-None-Match") for c in site.calls if c.request.url.endswith("/a/1")]
    assert sent == [None, '"v1"']
    assert archive.db.execute("SELECT count(*) FROM fetches WHERE wait_ms IS NOT NULL").fetchone()[0] == 2


def test_a_page_over_the_parse_budget_is_a_failed_fetch_with_a_reason(archive, site, monkeypatch):
    import time as _time

    def slow(*a, **kw):
        _time.sleep(5)

    monkeypatch.setattr("newsgrab.parsing.parse_article", slow)
    monkeypatch.setattr("newsgrab.pipeline.PARSE_BUDGET", 0.1)
    from newsgrab import pipeline

    started = _time.monotonic()
    items = list(pipeline.archive_urls([f"{BASE}/a/1"], archive, Fetcher(FetchOptions(delay=0, retries=0)), run_id="r"))
    assert _time.monotonic() - started < 3
    (item,) = items
    assert item.outcome == "failed" and "parsing took over 0.1 s" in item.error


def test_a_304_to_an_unconditional_request_is_a_failure_not_success(archive, site):
    site.replace(responses.GET, f"{BASE}/a/1", status=304)
    (item,) = run(archive, [f"{BASE}/a/1"])
    assert item.outcome == "failed" and "not conditional" in item.error and not item.ok


def test_credentials_in_a_url_are_used_but_never_stored(archive):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        r.add(responses.GET, "https://news.example.com/robots.txt", status=404)
        r.add(responses.GET, "https://user:secret@news.example.com/a/9", body=PAGE, content_type="text/html")
        (item,) = run(archive, ["https://user:secret@news.example.com/a/9"])
        assert r.calls[-1].request.headers.get("Authorization", "").startswith("Basic ")
    assert item.outcome == "archived" and "secret" not in item.url
    dump = "\n".join(
        str(row)
        for t in ("articles", "fetches", "pages")
        for row in archive.db.execute(f"SELECT * FROM {t}").fetchall()
    )
    assert "secret" not in dump and "user:" not in dump
