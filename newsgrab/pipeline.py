"""The path of one article: fetch -> parse -> save, for many URLs at once (fetching concurrently across
hosts; parsing and writing in the calling thread, one transaction per article)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .capture import Fetcher, FetchResult
from .errors import FetchError
from .model import Article
from .outcomes import FAILURES, OK, Outcome
from .parsing import PARSE_BUDGET, ParseOutcome, ParseTimeout, parse_budget, parse_page  # noqa: F401 (re-exported)
from .store import Archive
from .urls import mask_credentials

log = logging.getLogger(__name__)

OK_OUTCOMES = OK


@dataclass
class ItemResult:
    url: str
    # archived | updated | unchanged | not modified | skipped by robots | failed | crashed | not fetched
    outcome: str
    headline: str | None = None
    article_id: int | None = None
    version: int | None = None
    status: int | None = None
    error: str | None = None
    changed: list[str] = field(default_factory=list)
    article: Article | None = None
    detail: str | None = None  # the traceback of a crash

    @property
    def ok(self) -> bool:
        """The URL is archived and current (a robots skip or a stop is not a failure, nor a success)."""
        return self.outcome in OK_OUTCOMES

    @property
    def failed(self) -> bool:
        return self.outcome in FAILURES


def archive_urls(
    urls: Iterable[str],
    archive: Archive,
    fetcher: Fetcher,
    *,
    run_id: str,
    force: bool = False,
    keep_raw: bool = True,
    workers: int = 8,
    should_stop: Callable[[], bool] | None = None,
    default_tz: str | None = None,
) -> Iterator[ItemResult]:
    """Fetch, parse and store each URL; yield one ItemResult per URL as it completes.

    Once `should_stop()` is true no new request is sent; pages already in flight are still stored,
    and the URLs never requested come back as outcome "not fetched" (nothing is logged for them).
    """
    urls = list(dict.fromkeys(urls))
    validators = {} if force else archive.validators(urls)  # looked up here, not from the fetch threads
    for url, got in fetcher.fetch_many(urls, workers=workers, validators=validators, should_stop=should_stop):
        yield store_one(
            url, got, archive, run_id=run_id, keep_raw=keep_raw, default_tz=default_tz, conditional=url in validators
        )


def store_one(
    url: str,
    got: FetchResult | FetchError,
    archive: Archive,
    *,
    run_id: str,
    keep_raw: bool = True,
    default_tz: str | None = None,
    parse_seconds: float | None = None,
    conditional: bool = True,
) -> ItemResult:
    """Record one fetch outcome; parse and save the article when a page came back. `conditional` says
    whether the request carried stored validators (a 304 to an unconditional request is a failure).
    Credentials typed in a URL are used for the request but never stored or printed."""
    shown = mask_credentials(url)
    if shown != url:
        return store_one(
            shown,
            _mask_result(got, url, shown),
            archive,
            run_id=run_id,
            keep_raw=keep_raw,
            default_tz=default_tz,
            parse_seconds=parse_seconds,
            conditional=conditional,
        )
    if isinstance(got, FetchError):
        if got.reason == "stopped":
            return ItemResult(url, Outcome.NOT_FETCHED, error=str(got))
        outcome = {"robots": Outcome.SKIPPED_BY_ROBOTS, "crash": Outcome.CRASHED}.get(got.reason, Outcome.FAILED)
        error = str(got) + (f"\n{got.detail}" if got.detail else "")
        archive.log_fetch(url, outcome, status=got.status, error=error, ms=got.elapsed_ms, run_id=run_id)
        return ItemResult(url, outcome, status=got.status, error=str(got), detail=got.detail)
    if got.not_modified and not conditional:
        error = f"{url}: the server answered 304 Not Modified to a request that was not conditional"
        archive.log_fetch(
            url, Outcome.FAILED, status=304, error=error, ms=got.elapsed_ms, wait_ms=got.wait_ms, run_id=run_id
        )
        return ItemResult(url, Outcome.FAILED, status=304, error=error)
    if got.not_modified:
        archive.log_fetch(url, Outcome.NOT_MODIFIED, status=304, ms=got.elapsed_ms, wait_ms=got.wait_ms, run_id=run_id)
        return ItemResult(url, Outcome.NOT_MODIFIED, status=304)
    page_url = got.final_url if got.final_url.startswith(("http://", "https://")) else None
    parsed = parse_page(page_url, got.content, got.charset, default_tz, budget=parse_seconds or PARSE_BUDGET)
    if parsed.outcome is ParseOutcome.NO_ARTICLE:
        error = f"{url}: {parsed.reason}"
        archive.log_fetch(
            url,
            Outcome.FAILED,
            status=got.status,
            error=error,
            nbytes=len(got.content),
            ms=got.elapsed_ms,
            wait_ms=got.wait_ms,
            run_id=run_id,
        )
        return ItemResult(url, Outcome.FAILED, status=got.status, error=error)
    if parsed.article is None:  # a bug in the extractor: loud, with its traceback; never "no article"
        error = f"{url}: {parsed.reason}"
        log.error("newsgrab crashed parsing %s\n%s", url, parsed.detail)
        archive.log_fetch(
            url,
            Outcome.CRASHED,
            status=got.status,
            error=f"{error}\n{parsed.detail}",
            nbytes=len(got.content),
            ms=got.elapsed_ms,
            wait_ms=got.wait_ms,
            run_id=run_id,
        )
        return ItemResult(url, Outcome.CRASHED, status=got.status, error=error, detail=parsed.detail)
    article = parsed.article
    if article.url is None:
        article.url = got.final_url
    saved = archive.save(
        article,
        fetch_url=url,
        run_id=run_id,
        etag=got.etag,
        last_modified=got.last_modified,
        raw=got.content if keep_raw else None,
        charset=got.charset,
        status=got.status,
        nbytes=len(got.content),
        ms=got.elapsed_ms,
        wait_ms=got.wait_ms,
        warc=got.warc,
    )
    return ItemResult(
        url,
        saved.outcome,
        headline=article.headline,
        article_id=saved.article_id,
        version=saved.version,
        status=got.status,
        changed=saved.changed,
        article=article,
    )


def _mask_result(got: FetchResult | FetchError, url: str, shown: str) -> FetchResult | FetchError:
    if isinstance(got, FetchError):
        masked = FetchError(str(got).replace(url, shown), status=got.status, reason=got.reason)
        masked.elapsed_ms, masked.detail = got.elapsed_ms, got.detail
        return masked
    got.url = shown
    got.final_url = mask_credentials(got.final_url)
    return got
