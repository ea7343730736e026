"""Finding article URLs: RSS/Atom feeds, sitemaps (indexes, gzip, Google News), listing pages with
pagination; URL normalisation so that one story is one row. XML is parsed safely: no entity
expansion, no DTDs, no network, so a hostile feed cannot exhaust memory or read local files."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .errors import FetchError
from .extract.dates import parse_date
from .urls import TRACKING, normalise_url  # noqa: F401  (re-exported)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit (uncompressed)
MAX_SITEMAPS = 50  # sub-sitemaps followed from one index


@dataclass(frozen=True)
class Candidate:
    url: str
    published: datetime | None = None
    source: str = ""


def _xml(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             recover=True, remove_comments=True)
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    data = data.lstrip()
    if not data:
        return None
    try:
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _gunzip(data: bytes) -> bytes:
    import zlib

    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = d.decompress(data, MAX_SITEMAP_BYTES)
    if d.unconsumed_tail:
        raise FetchError("compressed sitemap expands past 50 MB", reason="too large")
    return out


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_feed(data: bytes, base: str) -> list[Candidate]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: link and date, relative links resolved."""
    root = _xml(data)
    if root is None:
        return []
    out = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link = date = None
        for child in item:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = link or href
                elif (child.text or "").strip():
                    link = link or child.text.strip()
            elif cname == "guid" and not link and (child.get("isPermaLink", "true") != "false"):
                if (child.text or "").startswith("http"):
                    link = child.text.strip()
            elif cname in ("pubdate", "published", "updated", "date", "issued") and not date:
                date = parse_date((child.text or "").strip())
        url = normalise_url(link or "", base)
        if url:
            out.append(Candidate(url, date, "feed"))
    return out


def parse_sitemap(data: bytes, base: str) -> tuple[list[Candidate], list[str]]:
    """(article candidates, sub-sitemap URLs) from a sitemap, a sitemap index or a Google News sitemap."""
    root = _xml(data)
    if root is None:
        return [], []
    urls, subs = [], []
    for el in root:
        name = _local(el.tag)
        loc = date = None
        for child in el.iter():
            cname = _local(child.tag)
            if cname == "loc" and loc is None:
                loc = (child.text or "").strip()
            elif cname in ("publication_date", "lastmod") and date is None:
                date = parse_date((child.text or "").strip())
        if not loc:
            continue
        url = normalise_url(loc, base)
        if not url:
            continue
        if name == "sitemap":
            subs.append(url)
        elif name == "url":
            urls.append(Candidate(url, date, "sitemap"))
    return urls, subs


def parse_listing(data: bytes, base: str, pattern: str | None = None) -> list[Candidate]:
    """Article links on a listing page: those matching `pattern`, or that look like article URLs."""
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    regex = re.compile(pattern) if pattern else None
    host = urlsplit(base).hostname
    out, seen = [], set()
    for a in root.iter("a"):
        url = normalise_url(a.get("href") or "", base)
        if not url or url in seen:
            continue
        if regex is not None:
            if not regex.search(url):
                continue
        elif urlsplit(url).hostname != host or not _looks_like_article(url):
            continue
        seen.add(url)
        out.append(Candidate(url, None, "listing"))
    return out


def _looks_like_article(url: str) -> bool:
    path = urlsplit(url).path
    return bool(re.search(r"/(?:19|20)\d{2}[/-]?\d{2}|\d{6,}|/[a-z0-9]+(?:-[a-z0-9]+){3,}/?$", path))


Getter = Callable[[str], bytes]


def discover(get: Getter, *, feeds=(), sitemaps=(), listings=(), listing_pattern: str | None = None,
             listing_pages: int = 1, listing_next: str | None = None,
             on_error: Callable[[str, Exception], None] | None = None) -> list[Candidate]:
    """Every candidate from every source; a source that fails is reported through on_error and skipped."""
    found: dict[str, Candidate] = {}

    def add(cands: list[Candidate]) -> None:
        for c in cands:
            old = found.get(c.url)
            if old is None or (old.published is None and c.published is not None):
                found[c.url] = c

    def attempt(url: str, fn) -> None:
        try:
            fn(url)
        except Exception as exc:  # report any source failure; the other sources still run
            if on_error:
                on_error(url, exc)

    for feed in feeds:
        attempt(feed, lambda u: add(parse_feed(get(u), u)))
    for sitemap in sitemaps:
        attempt(sitemap, lambda u: _walk_sitemap(get, u, add, on_error))
    for listing in listings:
        for n in range(1, max(1, listing_pages) + 1):
            page_url = listing if n == 1 else urljoin(listing, (listing_next or "page/{n}/").format(n=n))
            attempt(page_url, lambda u: add(parse_listing(get(u), u, listing_pattern)))
    return list(found.values())


def _walk_sitemap(get: Getter, url: str, add, on_error) -> None:
    queue, seen = [url], set()
    while queue and len(seen) < MAX_SITEMAPS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            urls, subs = parse_sitemap(get(current), current)
        except Exception as exc:
            if on_error:
                on_error(current, exc)
            continue
        add(urls)
        queue.extend(subs)


def newest_first(cands: list[Candidate]) -> list[Candidate]:
    """Dated candidates newest first, then undated ones in discovery order."""
    dated = [c for c in cands if c.published is not None]
    undated = [c for c in cands if c.published is None]

    def key(c: Candidate) -> float:
        p = c.published
        return p.timestamp() if p.tzinfo else p.replace(tzinfo=None).timestamp()

    return sorted(dated, key=key, reverse=True) + undated
