"""Every fetch rule, against mocked HTTP (responses): no network."""

import gzip
import zlib

import pytest
import responses

from newsgrab.capture import Fetcher, FetchOptions
from newsgrab.errors import FetchError

from .conftest import FIXTURES

PAGE = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()
URL = "https://news.example.com/a/1"


def fetcher(**kw):
    opts = dict(delay=0, backoff=0, retries=2)
    opts.update(kw)
    return Fetcher(FetchOptions(**opts))


@pytest.fixture
def rsps(mocked_site):
    return mocked_site.responses


def html(r, url=URL, body=PAGE, status=200, **kw):
    r = getattr(r, "responses", r)  # a MockedSite or its responses
    r.add(responses.GET, url, body=body, status=status, content_type=kw.pop("content_type", "text/html"), **kw)


def test_user_agent_and_charset_from_header(rsps):
    html(rsps, content_type="text/html; charset=Shift_JIS")
    got = fetcher().get(URL)
    assert got.status == 200 and got.content == PAGE and got.charset == "Shift_JIS"
    ua = rsps.calls[-1].request.headers["User-Agent"]
    assert ua.startswith("newsgrab/") and "github.com/newsgrab" not in ua  # no made-up project address


def test_retries_5xx_then_succeeds(rsps):
    html(rsps, status=503, body=b"busy")
    html(rsps, status=500, body=b"oops")
    html(rsps)
    assert fetcher().get(URL).status == 200


def test_gives_up_after_retries(rsps):
    for _ in range(5):
        html(rsps, status=500, body=b"oops")
    with pytest.raises(FetchError) as exc:
        fetcher(retries=2).get(URL)
    assert "500" in str(exc.value) or "retries" in str(exc.value)


def test_429_with_retry_after_is_retried(rsps):
    html(rsps, status=429, body=b"slow down", headers={"Retry-After": "0"})
    html(rsps)
    assert fetcher().get(URL).status == 200
    assert len([c for c in rsps.calls if c.request.url == URL]) == 2


def test_conditional_get_and_304(rsps):
    rsps.add(responses.GET, URL, status=304)
    got = fetcher().get(URL, etag='"abc"', last_modified="Sun, 13 Oct 2024 08:41:00 GMT")
    assert got.not_modified and got.content == b""
    sent = rsps.calls[-1].request.headers
    assert sent["If-None-Match"] == '"abc"' and sent["If-Modified-Since"].startswith("Sun, 13 Oct")


def test_etag_and_last_modified_are_returned(rsps):
    html(rsps, headers={"ETag": '"v1"', "Last-Modified": "Sun, 13 Oct 2024 08:41:00 GMT"})
    got = fetcher().get(URL)
    assert (got.etag, got.last_modified) == ('"v1"', "Sun, 13 Oct 2024 08:41:00 GMT")


def test_robots_disallow_is_obeyed_and_can_be_ignored(mocked_site):
    r = mocked_site
    r.robots(body="User-agent: *\nDisallow: /a/\n")
    html(r)
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == "robots"
    assert fetcher(obey_robots=False).get(URL).status == 200


def test_robots_read_once_per_host(mocked_site):
    r = mocked_site
    r.robots(body="User-agent: *\nAllow: /\n")
    html(r)
    html(r, url=URL + "2")
    f = fetcher()
    f.get(URL)
    f.get(URL + "2")
    assert sum(1 for c in r.calls if c.request.url.endswith("robots.txt")) == 1


@pytest.mark.parametrize(
    "status,body,allowed",
    [
        (404, "", True),
        (200, "<html><body>Not a robots file</body></html>", True),
    ],
)
def test_robots_edge_cases(status, body, allowed, mocked_site):
    r = mocked_site
    r.robots(body=body, status=status)
    html(r)
    assert fetcher(retries=0).allowed(URL) is allowed


def test_robots_5xx_means_try_later_not_allowed_and_not_a_silent_skip(mocked_site):
    r = mocked_site
    r.robots(status=503)
    html(r)
    with pytest.raises(FetchError) as exc:
        fetcher(retries=0).get(URL)
    assert exc.value.reason == "robots unavailable"
    assert "try later" in str(exc.value)


@pytest.mark.parametrize(
    "path,allowed",
    [
        ("/news/story", True),
        ("/news/drafts/story", False),  # the longest match wins, not the first
        ("/a/1?print=1", False),
        ("/a/1?page=2", True),  # * and $ wildcards (RFC 9309)
        ("/files/report.pdf", False),
        ("/files/report.pdf.html", True),
    ],
)
def test_robots_rules_follow_rfc_9309(path, allowed):
    rules = "User-agent: *\nAllow: /news/\nDisallow: /news/drafts/\nDisallow: /*?print=\nDisallow: /*.pdf$\n"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        r.add(responses.GET, "https://news.example.com/robots.txt", body=rules)
        assert fetcher().allowed("https://news.example.com" + path) is allowed


def test_crawl_delay_wins_when_larger(mocked_site):
    r = mocked_site
    r.robots(body="User-agent: *\nCrawl-delay: 7\n")
    f = fetcher(delay=1)
    f.allowed(URL)
    assert f.host_delay(URL) == 7
    assert fetcher(delay=9).host_delay(URL) == 9  # (before robots.txt is read: the configured delay)


def test_crawl_delay_spaces_two_requests_to_one_host(monkeypatch):
    clock, slept = [1000.0], []

    def sleep(s):
        slept.append(s)
        clock[0] += s

    monkeypatch.setattr("newsgrab.capture.http.time.sleep", sleep)
    monkeypatch.setattr("newsgrab.capture.http.time.monotonic", lambda: clock[0])
    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        r.add(responses.GET, "https://news.example.com/robots.txt", body="User-agent: *\nCrawl-delay: 3\n")
        html(r)
        f = fetcher(delay=0.5)
        f.get(URL)
        f.get(URL)
    assert sum(slept) > 2.5  # newsgrab waited out the Crawl-delay, not its own 0.5 s


def test_size_cap_on_decoded_bytes(rsps):
    html(rsps, body=b"<html>" + b"x" * 50_000)
    with pytest.raises(FetchError) as exc:
        fetcher(max_bytes=10_000).get(URL)
    assert exc.value.reason == "too large" and "cap" in str(exc.value)


def test_gzip_bomb_is_capped(rsps):
    bomb = gzip.compress(b"<html>" + b"a" * 5_000_000)
    html(rsps, body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as exc:
        fetcher(max_bytes=100_000).get(URL)
    assert exc.value.reason == "too large"


@pytest.mark.parametrize("ctype", ["application/pdf", "image/jpeg", "application/octet-stream"])
def test_non_html_is_refused(rsps, ctype):
    html(rsps, body=b"%PDF-1.7 ...", content_type=ctype)
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == "not html" and ctype in str(exc.value)


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"", "empty"),
        (b"   ", "empty"),
        (b"<html><body></body></html>", "empty"),
        (
            b"<html><head><title>Just a moment...</title></head><body>"
            + b" " * 500
            + b"<div id='cf-browser-verification'></div></body></html>",
            "challenge",
        ),
    ],
)
def test_empty_and_challenge_pages_fail(rsps, body, reason):
    html(rsps, body=body)
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == reason


def test_http_error_status(rsps):
    html(rsps, status=404, body=b"not found")
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.status == 404 and "HTTP 404" in str(exc.value)


def test_redirects_followed_but_not_to_file_and_not_forever(rsps):
    rsps.add(responses.GET, URL, status=301, headers={"Location": "/a/2"})
    html(rsps, url="https://news.example.com/a/2")
    got = fetcher().get(URL)
    assert got.final_url == "https://news.example.com/a/2"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        r.add(responses.GET, "https://news.example.com/robots.txt", status=404)
        r.add(responses.GET, URL, status=302, headers={"Location": "file:///etc/passwd"})
        with pytest.raises(FetchError) as exc:
            fetcher().get(URL)
        assert exc.value.reason == "bad redirect"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        r.add(responses.GET, "https://news.example.com/robots.txt", status=404)
        r.add(responses.GET, URL, status=301, headers={"Location": URL})
        with pytest.raises(FetchError) as exc:
            fetcher().get(URL)
        assert exc.value.reason == "too many redirects"


def test_non_http_urls_are_refused():
    with pytest.raises(FetchError):
        fetcher().get("ftp://example.com/a")


def test_local_file_and_file_url(tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(PAGE)
    assert fetcher().get(str(page)).content == PAGE
    assert fetcher().get(page.as_uri()).content == PAGE
    with pytest.raises(FetchError):
        fetcher().get(str(tmp_path / "missing.html"))


def test_fetch_many_returns_every_url_with_result_or_error(rsps):
    html(rsps)
    html(rsps, url="https://news.example.com/missing", status=404, body=b"no")
    rsps.add(responses.GET, "https://other.example.org/robots.txt", status=404)
    html(rsps, url="https://other.example.org/b")
    got = dict(fetcher().fetch_many([URL, "https://news.example.com/missing", "https://other.example.org/b"]))
    assert got[URL].status == 200 and got["https://other.example.org/b"].status == 200
    assert isinstance(got["https://news.example.com/missing"], FetchError)


def test_a_site_delay_applies_to_its_host_only():
    f = fetcher(delay=1)
    f.site_delays["slow.example.com"] = 5
    assert f.host_delay("https://slow.example.com/a") == 5
    assert f.host_delay("https://news.example.com/a") == 1


def test_an_unresolvable_host_says_so():
    import requests

    with responses.RequestsMock() as r:
        r.add(
            responses.GET,
            "https://nowhere.invalid/robots.txt",
            body=requests.exceptions.ConnectionError("NameResolutionError: Failed to resolve 'nowhere.invalid'"),
        )
        with pytest.raises(FetchError, match="cannot resolve host nowhere.invalid"):
            fetcher().get("https://nowhere.invalid/a")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999/x", "http://exa mple.com/", "example.com/x"])
def test_invalid_urls_fail_before_any_request(url):
    with responses.RequestsMock() as r:  # no request may be made
        with pytest.raises(FetchError) as exc:
            fetcher().get(url)
        assert exc.value.reason == "bad url" and "invalid URL" in str(exc.value)
        assert len(r.calls) == 0


def test_fetch_many_holds_a_bounded_number_of_pages_and_spreads_over_hosts():
    import time as _time

    with responses.RequestsMock(assert_all_requests_are_fired=False) as r:
        for host in ("a.example.com", "b.example.com"):
            r.add(responses.GET, f"https://{host}/robots.txt", status=404)
            for n in range(20):
                r.add(responses.GET, f"https://{host}/p/{n}", body=PAGE, content_type="text/html")
        urls = [f"https://a.example.com/p/{n}" for n in range(20)] + [f"https://b.example.com/p/{n}" for n in range(20)]
        gen = fetcher().fetch_many(urls, workers=2)
        first = next(gen)
        deadline = _time.monotonic() + 5
        while len([c for c in r.calls if "/p/" in c.request.url]) < 2 * 2 and _time.monotonic() < deadline:
            _time.sleep(0.01)  # the workers fill the bound ...
        _time.sleep(0.2)  # ... and would run past it here if it were not held
        pages = [c for c in r.calls if "/p/" in c.request.url]
        assert len(pages) <= 2 * 2 + 1, len(pages)
        assert {c.request.url.split("/")[2] for c in pages} == {"a.example.com", "b.example.com"}
        rest = list(gen)
    assert len(rest) + 1 == 40 and first[0] in urls


def test_a_redirect_to_a_malformed_url_is_a_failure_not_a_crash(mocked_site):
    mocked_site.page(URL, b"", status=302, headers={"Location": "http://[::1/x"})
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == "bad redirect" and "malformed URL" in str(exc.value)


@pytest.mark.parametrize(
    "encoding,encode",
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 says
        ("deflate", lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send
        ("gzip", lambda b: gzip.compress(b[:1000]) + gzip.compress(b[1000:])),  # two gzip members
        ("identity", lambda b: b),
    ],
)
def test_content_encodings_are_undone_and_the_bytes_as_sent_are_kept(rsps, encoding, encode):
    sent = encode(PAGE)
    html(rsps, body=sent, headers={"Content-Encoding": encoding})
    got = fetcher().get(URL)
    assert got.content == PAGE and got.raw == sent
    assert rsps.calls[-1].request.headers["Accept-Encoding"] == "gzip, deflate"  # only what we can decode


def test_an_encoding_not_asked_for_is_a_clear_failure(rsps):
    html(rsps, body=b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == "bad body" and "did not ask for (br)" in str(exc.value)


def test_a_corrupt_gzip_body_is_a_clear_failure(rsps):
    html(rsps, body=b"\x1f\x8b\x08\x00garbage-not-deflate" * 10, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as exc:
        fetcher().get(URL)
    assert exc.value.reason == "bad body" and "could not be decoded" in str(exc.value)


@pytest.mark.parametrize(
    "typed,hint",
    [
        ("127.0.0.1:8811/news/a2.html", "did you mean http://127.0.0.1:8811/news/a2.html?"),
        ("localhost:8811/news/a.html", "did you mean http://localhost:8811/news/a.html?"),
        ("example.com/news/story", "did you mean https://example.com/news/story?"),
    ],
)
def test_an_address_typed_without_its_scheme_gets_the_hint_not_missing_file(typed, hint):
    """issue 23, item 9: host:port/path.html was taken for a missing file ('cannot read')."""
    from newsgrab.capture import Fetcher

    with pytest.raises(FetchError) as err:
        Fetcher().get(typed)
    assert hint in str(err.value) and "cannot read" not in str(err.value)


def test_a_saved_file_named_like_a_host_is_still_read(tmp_path, monkeypatch):
    from newsgrab.capture.local import is_local_path as _is_local_path

    monkeypatch.chdir(tmp_path)
    (tmp_path / "example.com").mkdir()
    (tmp_path / "example.com" / "a.html").write_text("<html></html>")
    assert _is_local_path("example.com/a.html") and not _is_local_path("example.org/a.html")
