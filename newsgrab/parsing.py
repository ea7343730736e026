"""The one parse job: a page's bytes -> an Article, or why not, never raising. fetch, archive, import-warc
(local and on a cluster) and reparse (local and on a cluster) all parse through `parse_page`, so a page is
'no article' or 'crashed' by the same rule everywhere; the outcomes are an enum, not strings in six modules."""

from __future__ import annotations

import signal
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from .errors import ExtractionError
from .extract import parse_article
from .model import Article

PARSE_BUDGET = 20.0  # seconds one page may take to parse (every known page takes under 2)


class ParseOutcome(StrEnum):
    """What parsing one page came to (a str: it compares with, and prints as, its value)."""

    PARSED = "parsed"
    NO_ARTICLE = "no article"  # the page holds no story: a listing, a front page, an error page, too slow
    CRASHED = "crashed"  # a bug in newsgrab: reported with its traceback, counted as a failure
    FAILED = "failed"  # the page could not be had (its stored copy is unreadable)


class ParseTimeout(ExtractionError):
    """A page took longer than the parse budget: no article, with that reason, not a crash."""


@contextmanager
def parse_budget(seconds: float | None) -> Iterator[None]:
    """Interrupt the parse of one page after `seconds` (SIGALRM; only in the main thread on POSIX)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def expired(signum, frame):  # type: ignore[no-untyped-def]
        raise ParseTimeout(f"parsing took over {seconds:g} s (a hostile or broken page?); skipped")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Parsed:
    article: Article | None
    outcome: ParseOutcome = ParseOutcome.PARSED
    error: str | None = None  # one line: the URL and why
    detail: str | None = None  # a crash's traceback
    reason: str | None = None  # why, without the URL


def parse_page(
    url: str | None, payload: bytes, charset: str | None, default_tz: str | None, budget: float | None = None
) -> Parsed:
    """Parse one page (in this process or a worker): an Article, or why not. Never raises."""
    try:
        with parse_budget(budget or PARSE_BUDGET):
            article = parse_article(payload, url, charset=charset, default_tz=default_tz)
    except ExtractionError as exc:  # the page holds no story
        return Parsed(None, ParseOutcome.NO_ARTICLE, f"{url}: {exc}", reason=str(exc))
    except Exception as exc:  # a bug in the extractor: loud, with its traceback; never "no article"
        why = f"newsgrab crashed while parsing the page ({type(exc).__name__}: {exc}); please report it"
        return Parsed(None, ParseOutcome.CRASHED, f"{url}: {why}", traceback.format_exc(), why)
    if article.url is None:
        article.url = url
    return Parsed(article)


def unreadable(url: str, why: str) -> Parsed:
    """The outcome of a page whose stored copy cannot be read."""
    return Parsed(None, ParseOutcome.FAILED, f"{url}: raw page unreadable ({why})", reason=why)
