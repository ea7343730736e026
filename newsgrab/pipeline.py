"""The path of one article: fetch -> parse -> save, for many URLs at once (fetching concurrently across
hosts; parsing and writing in the calling thread, one transaction per article)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .archive import Archive
from .errors import ExtractionError, FetchError
from .extract import parse_article
from .fetch import Fetcher, FetchResult
from .model import Article

OK_OUTCOMES = ("archived", "updated", "unchanged", "not modified")


@dataclass
class ItemResult:
    url: str
    outcome: str  # archived | updated | unchanged | not modified | skipped by robots | failed
    headline: str | None = None
    article_id: int | None = None
    version: int | None = None
    status: int | None = None
    error: str | None = None
    changed: list[str] = field(default_factory=list)
    article: Article | None = None

    @property
    def ok(self) -> bool:
        return self.outcome in OK_OUTCOMES or self.outcome == "skipped by robots"


def archive_urls(urls: Iterable[str], archive: Archive, fetcher: Fetcher, *, run_id: str,
                 force: bool = False, keep_raw: bool = True, workers: int = 8,
                 should_stop: Callable[[], bool] | None = None) -> Iterator[ItemResult]:
    """Fetch, parse and store each URL; yield one ItemResult per URL as it completes."""
    conditional = None if force else archive.conditional_headers
    for url, got in fetcher.fetch_many(urls, workers=workers, conditional=conditional):
        if should_stop and should_stop():
            return
        yield store_one(url, got, archive, run_id=run_id, keep_raw=keep_raw)


def store_one(url: str, got: FetchResult | FetchError, archive: Archive, *, run_id: str,
              keep_raw: bool = True) -> ItemResult:
    """Record one fetch outcome; parse and save the article when a page came back."""
    if isinstance(got, FetchError):
        outcome = "skipped by robots" if got.reason == "robots" else "failed"
        archive.log_fetch(url, outcome, status=got.status, error=str(got), ms=got.elapsed_ms, run_id=run_id)
        return ItemResult(url, outcome, status=got.status, error=str(got))
    if got.not_modified:
        archive.log_fetch(url, "not modified", status=304, ms=got.elapsed_ms, run_id=run_id)
        return ItemResult(url, "not modified", status=304)
    page_url = got.final_url if got.final_url.startswith(("http://", "https://")) else None
    try:
        article = parse_article(got.content, page_url, charset=got.charset)
    except ExtractionError as exc:
        error = f"{url}: {exc}"
        archive.log_fetch(url, "failed", status=got.status, error=error, nbytes=len(got.content),
                          ms=got.elapsed_ms, run_id=run_id)
        return ItemResult(url, "failed", status=got.status, error=error)
    if article.url is None:
        article.url = got.final_url
    saved = archive.save(article, fetch_url=url, run_id=run_id, etag=got.etag, last_modified=got.last_modified,
                         raw=got.content if keep_raw else None, charset=got.charset, status=got.status,
                         nbytes=len(got.content), ms=got.elapsed_ms)
    return ItemResult(url, saved.outcome, headline=article.headline, article_id=saved.article_id,
                      version=saved.version, status=got.status, changed=saved.changed, article=article)
