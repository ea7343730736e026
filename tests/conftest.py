import sys

# The test session caches compiled modules even where PYTHONDONTWRITEBYTECODE is set (container images set
# it): compiling newsgrab and rewriting the tests anew costs each run, and each xdist worker, about 2 s of
# the inner loop's 10. Only this process is affected; __pycache__ is ignored by git.
sys.dont_write_bytecode = False

from pathlib import Path

import pytest
import responses

from newsgrab.store import Archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SITE = "https://news.example.com"  # the mocked site of the unit tests (no network: `responses`)
STORY = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()  # a story page it serves by default


def html_page(body: str = "", *, head: str | None = "", title: str | None = None, lang: str | None = None) -> str:
    """The one page builder of the tests: `<html lang>`, a `<head>` holding the `<title>` and `head` (None:
    no `<head>` at all), and a `<body>` holding `body`. Each test writes the body it is about."""
    lang_attr = f' lang="{lang}"' if lang is not None else ""
    head_html = "" if head is None else f"<head>{f'<title>{title}</title>' if title is not None else ''}{head}</head>"
    return f"<html{lang_attr}>{head_html}<body>{body}</body></html>"


class MockedSite:
    """news.example.com, mocked with `responses`: robots.txt is a 404 until `robots()` says otherwise, and
    pages and feeds are added by path. `calls` are the requests made, in order."""

    def __init__(self, rsps: responses.RequestsMock) -> None:
        self.responses = rsps
        self.base = SITE
        rsps.add(responses.GET, f"{SITE}/robots.txt", status=404)

    def url(self, path: str) -> str:
        return path if "://" in path else f"{SITE}{path}"

    def page(self, path: str, body: bytes | str = STORY, status: int = 200, **kw) -> str:
        content_type = kw.pop("content_type", "text/html")
        url = self.url(path)
        self.responses.add(responses.GET, url, body=body, status=status, content_type=content_type, **kw)
        return url

    def feed(self, path: str, *links: str) -> str:
        items = "".join(f"<item><link>{self.url(link)}</link></item>" for link in links)
        return self.page(path, f"<rss><channel>{items}</channel></rss>", content_type="application/rss+xml")

    def robots(self, body: str = "", status: int = 200) -> None:
        self.responses.replace(responses.GET, f"{SITE}/robots.txt", body=body, status=status)

    @property
    def calls(self):
        return self.responses.calls


@pytest.fixture
def mocked_site():
    """The one mocked site of the unit tests (see MockedSite)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield MockedSite(rsps)


@pytest.fixture(autouse=True)
def _no_caller_settings(monkeypatch):
    """The caller's NEWSGRAB_* settings (an archive path, a timezone, a cluster) never reach a test, nor the
    CLI processes the end-to-end tests start (they inherit this environment)."""
    import os

    for key in [k for k in os.environ if k.startswith("NEWSGRAB_")]:
        monkeypatch.delenv(key)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def fixture_pages() -> list[Path]:
    """Every fixture page that has its expected record beside it."""
    return sorted(p for p in FIXTURES.glob("*/*.html") if p.with_suffix(".json").exists())


@pytest.fixture
def archive(tmp_path):
    """A fresh archive in a temporary directory, closed after the test."""
    a = Archive(tmp_path / "archive.db")
    yield a
    a.close()


_PARSE_ONCE = [True]  # off for the tests marked parses_for_real


@pytest.fixture(autouse=True)
def _parses_for_real(request):
    """A test marked `parses_for_real` (one that times parsing) parses every time it asks."""
    _PARSE_ONCE[0] = request.node.get_closest_marker("parses_for_real") is None
    yield
    _PARSE_ONCE[0] = True


@pytest.fixture(autouse=True, scope="session")
def _each_page_parsed_once():
    """Parsing is pure: the same page, address and settings give the same Article. The unit tests parse
    the same fixture pages some 1,300 times (archived, imported, reparsed, merged ...), so within a session
    each distinct parse runs once and every caller gets its own deep copy of the result (a caller that
    changes its Article changes no other test's). A page that fails is parsed anew each time, so every
    error is raised by the code itself. The key holds every input of the parse, $NEWSGRAB_SITES (the user's
    profiles) among them; no test patches the extractor's internals (tests/test_architecture.py checks).
    Worker processes and the end-to-end tests' CLI processes parse for real."""
    import copy
    import os

    from newsgrab.extract import parse

    real = parse._parse
    done: dict[tuple, object] = {}
    profiles: dict[int, object] = {}  # keeps each profile in a key alive, so its id is not reused

    def parse_once(html, url, charset, profile, default_tz):
        if not _PARSE_ONCE[0]:
            return real(html, url, charset, profile, default_tz)
        if profile is not None:
            profiles[id(profile)] = profile
        key = (html, url, charset, id(profile), default_tz, os.environ.get("NEWSGRAB_SITES"))
        try:
            hash(key)
        except TypeError:  # an input of the wrong type: the parse says so itself
            return real(html, url, charset, profile, default_tz)
        if key in done:
            return copy.deepcopy(done[key])
        article = real(html, url, charset, profile, default_tz)
        done[key] = copy.deepcopy(article)
        return article

    parse._parse = parse_once
    yield
    parse._parse = real
