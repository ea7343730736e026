"""One validation for every record that enters an archive, whatever the door: fetch, import-warc, reparse
and merge all store through `Archive.save` / `save_capture` / `apply_reparse`, which call `checked` first.

A record from elsewhere (a shard, an archive made on another machine, a WARC file) is untrusted: its URLs
must be http(s) addresses newsgrab could fetch (credentials masked, no control characters, a length cap),
its text holds no control characters (a terminal reading it later must not be driven by it), and every
field and list has a size cap. What cannot be made valid is refused with one line (`Rejected`); the caller
counts it and goes on.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .defaults import MAX_PAGE_BYTES
from .errors import NewsgrabError
from .model import Article, Image, Ranking, RankingItem
from .urls import mask_credentials

MAX_URL = 4096  # characters of a stored URL (browsers and servers cut near 8 KB; news URLs are under 300)
MAX_SHORT = 2_000  # a headline, byline, credit, dateline, section, tag, author, list name or title
MAX_BODY = 2_000_000  # characters of a body (the longest dev-set story is ~60,000)
MAX_ITEMS = 500  # authors, tags, images, ranking lists, items of one list, sources, warnings
MAX_PAGE = MAX_PAGE_BYTES  # bytes of a raw page: the fetch cap (--max-bytes default) and import-warc's

# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that turn text around
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_URL_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # (a space is sloppy HTML, not a danger: kept as the page gave it)


class Rejected(NewsgrabError):
    """A record that cannot enter the archive; the message is one line saying why."""


def text(value: str | None, cap: int = MAX_SHORT, *, lines: bool = False) -> str | None:
    """Text without control characters (newlines kept only with lines=True), cut at `cap` characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Rejected(f"a text field holds {type(value).__name__}, not text")
    cleaned = _CONTROLS.sub("", value)
    if not lines:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned[:cap]


def url(value: str | None, *, required: bool = False, local: bool = False) -> str | None:
    """An http(s) URL as newsgrab stores one: scheme lower-case, credentials masked; Rejected otherwise.
    With local=True (a page `fetch` read from a saved file) a path or file: URL is kept too."""
    if value is None or value == "":
        if required:
            raise Rejected("no URL")
        return None
    if not isinstance(value, str):
        raise Rejected(f"a URL field holds {type(value).__name__}")
    if len(value) > MAX_URL:
        raise Rejected(f"a URL of {len(value):,} characters (at most {MAX_URL:,})")
    if _URL_BAD.search(value):
        raise Rejected("a URL holds control characters")
    scheme, sep, rest = value.partition("://")
    if local and not (sep and scheme.lower() in ("http", "https")):
        return value  # a saved page `fetch` read: its path or file: URL, as given
    if not sep or scheme.lower() not in ("http", "https") or not rest:
        raise Rejected(f"not an http(s) URL: {shown(value)}")
    return mask_credentials(f"{scheme.lower()}://{rest}")


def optional_url(value: str | None, *, local: bool = False) -> str | None:
    """A URL in a list (an image, a ranked story): kept when valid, dropped (None) when not."""
    try:
        return url(value, local=local)
    except Rejected:
        return None


def shown(value: str, cap: int = 80) -> str:
    """A value from elsewhere as it may appear in a message: no controls, cut short."""
    cleaned = _CONTROLS.sub("?", value)
    return cleaned if len(cleaned) <= cap else cleaned[:cap] + "…"


def checked(article: Article, fetch_url: str, *, local: bool = False) -> Article:
    """The article as it may be stored: every URL valid, every text free of control characters and within
    its cap, every list within its cap. Rejected (one line) when the record's own address is not valid.
    Idempotent, and the identity on what parse_article makes (tests/test_validate.py)."""
    page = url(fetch_url, required=True, local=local)
    own = optional_url(article.url, local=local) or page
    a = replace(article, url=own)
    for name in (
        "headline",
        "byline",
        "credit",
        "dateline",
        "section",
        "language",
        "access",
        "profile",
        "site",
        "extractor_version",
    ):
        setattr(a, name, text(getattr(a, name)))
    a.body = text(a.body, MAX_BODY, lines=True) or ""
    a.authors = [t for t in (text(x) for x in _list(a.authors)) if t]
    a.tags = [t for t in (text(x) for x in _list(a.tags)) if t]
    a.section_path = [t for t in (text(x) for x in _list(a.section_path)) if t]
    a.warnings = [t for t in (text(x) for x in _list(a.warnings)) if t]
    a.sources = _sources(a.sources)
    a.images = [i for i in (_image(i) for i in _list(a.images)) if i is not None]
    a.rankings = [r for r in (_ranking(r) for r in _list(a.rankings)) if r is not None]
    a.headlines = _headlines(a.headlines)
    return a


HEADLINE_PLACES = ("h1", "og:title", "twitter:title", "json-ld", "title")  # the keys of Article.headlines


def _headlines(value: Any) -> dict[str, str]:
    """Every headline the page gives, by where: only the known places, each text capped."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Rejected(f"the headlines field holds {type(value).__name__}, not a mapping")
    out = {}
    for where in HEADLINE_PLACES:
        headline = text(value[where]) if isinstance(value.get(where), str) else None
        if headline:
            out[where] = headline
    return out


def _list(value: Any) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Rejected(f"a list field holds {type(value).__name__}")
    return value[:MAX_ITEMS]


def _sources(value: Any) -> Any:
    if isinstance(value, dict):
        return {text(str(k), 100): text(str(v), 100) for k, v in list(value.items())[:MAX_ITEMS]}
    return [text(str(x), 100) for x in _list(value)]


def _image(image: Image) -> Image | None:
    src = optional_url(image.url)
    if src is None:
        return None
    return replace(image, url=src, caption=text(image.caption, MAX_SHORT * 4), credit=text(image.credit))


def _ranking(ranking: Ranking) -> Ranking | None:
    name = text(ranking.name)
    items: list[RankingItem] = []
    for item in _list(ranking.items):
        link = optional_url(item.url)
        if link is not None or item.url is None:
            items.append(RankingItem(position=len(items) + 1, title=text(item.title) or "", url=link))
    return Ranking(name=name, items=items) if name and items else None
