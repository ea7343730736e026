from pathlib import Path

import pytest
import responses

from newsgrab.store import Archive

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SITE = "https://news.example.com"  # the mocked site of the unit tests (no network: `responses`)
STORY = (FIXTURES / "japannews" / "wire-reuters.html").read_bytes()  # a story page it serves by default


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
