"""Finding article URLs: RSS/Atom feeds, sitemaps (indexes, gzip, Google News), listing pages with
pagination; URL normalisation so that one story is one row. XML is parsed safely: no entity
expansion, no DTDs, no network, so a hostile feed cannot exhaust memory or read local files."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from ..errors import FetchError
from ..extract.dates import parse_date
from ..urls import TRACKING, normalise_url  # noqa: F401  (re-exported)

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps protocol's own limit (uncompressed)
MAX_SITEMAPS = 50  # sub-sitemaps followed from one index


@dataclass(frozen=True)
class Candidate:
    url: str
    published: datetime | None = None
    source: str = ""


def _xml(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True, remove_comments=True
    )
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


def _what(data: bytes, root: etree._Element | None) -> str:
    """What a document that should have been a feed or sitemap is, in a few words."""
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "an HTML page came back"
    if root is None:
        return "not XML"
    return f"its root element is <{_local(root.tag)}>"


def parse_feed(data: bytes, base: str) -> list[Candidate]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed: link and date, relative links resolved."""
    root = _xml(data)
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf", "channel"):
        raise FetchError(f"{base}: not an RSS or Atom feed ({_what(data, root)})", reason="not a feed")
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


MAX_SITEMAP_URLS = 50_000  # the sitemaps protocol's limit per file; the rest of a larger file is not read
MAX_CANDIDATES = 100_000  # candidates kept per site and run: the walk stops once it knows this many


def parse_sitemap(
    data: bytes, base: str, on_warning: Callable[[str], None] | None = None
) -> tuple[list[Candidate], list[str]]:
    """(article candidates, sub-sitemap URLs) from a sitemap, a sitemap index or a Google News sitemap.

    Streamed (each <url> is dropped from memory once read) and bounded by the protocol's limits:
    50 MB uncompressed and 50,000 URLs per file; what is past them is not read, with a warning.
    Sub-sitemaps come newest first (by their lastmod)."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if len(data) > MAX_SITEMAP_BYTES:
        data = data[:MAX_SITEMAP_BYTES]
        if on_warning:
            on_warning(f"{base}: sitemap over 50 MB; the rest is not read")
    urls: list[Candidate] = []
    subs: list[tuple[datetime | None, str]] = []
    parser = etree.iterparse(
        io.BytesIO(data.lstrip()),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
    )
    root_seen = False
    try:
        for event, el in parser:
            name = _local(el.tag)
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if name not in ("urlset", "sitemapindex"):
                        raise FetchError(f"{base}: not a sitemap ({_what(data, el)})", reason="not a sitemap")
                continue
            if name not in ("url", "sitemap"):
                continue
            loc = date = None
            for child in el.iter():
                cname = _local(child.tag)
                if cname == "loc" and loc is None:
                    loc = (child.text or "").strip()
                elif cname in ("publication_date", "lastmod") and date is None:
                    date = parse_date((child.text or "").strip())
            el.clear()
            while el.getprevious() is not None:  # keep memory flat: drop what is read
                del el.getparent()[0]
            url = normalise_url(loc or "", base)
            if not url:
                continue
            if name == "sitemap":
                subs.append((date, url))
            else:
                urls.append(Candidate(url, date, "sitemap"))
            if len(urls) + len(subs) >= MAX_SITEMAP_URLS:
                if on_warning:
                    on_warning(
                        f"{base}: over {MAX_SITEMAP_URLS:,} URLs (the sitemap protocol's limit); the rest is not read"
                    )
                break
    except etree.XMLSyntaxError:
        pass
    if not root_seen:
        raise FetchError(f"{base}: not a sitemap ({_what(data, None)})", reason="not a sitemap")
    subs.sort(key=lambda s: _stamp(s[0]), reverse=True)
    return urls, [u for _, u in subs]


def _stamp(when: datetime | None) -> float:
    if when is None:
        return float("-inf")
    return when.timestamp() if when.tzinfo else when.replace(tzinfo=None).timestamp()


def parse_listing(data: bytes, base: str, pattern: str | None = None) -> list[Candidate]:
    """Article links on a listing page: those matching `pattern`, or links into the same site that look
    like articles (see `looks_like_article`), outside the page's navigation, header and footer."""
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    regex = re.compile(pattern) if pattern else None
    host = (urlsplit(base).hostname or "").lower()
    listing = normalise_url(base)
    out, seen = [], set()
    for a in root.iter("a"):
        url = normalise_url(a.get("href") or "", base)
        if not url or url in seen or url == listing:
            continue
        if regex is not None:
            if not regex.search(url):
                continue
        elif (
            not _same_site(urlsplit(url).hostname or "", host)
            or _in_navigation(a)
            or not looks_like_article(url, a.text_content())
        ):
            continue
        seen.add(url)
        out.append(Candidate(url, None, "listing"))
    return out


_NAV_PATH = re.compile(
    r"/(?:tags?|topics?|category|categories|section|sections|author|authors|about|contact|"
    r"search|login|signin|register|subscribe|newsletters?|privacy|terms|help|faq|feed|rss|"
    r"page|archive|archives|video|videos|podcasts?|events?|jobs|careers|shop|advertise)"
    r"(?:/|$)",
    re.I,
)
_NAV_CLASS = re.compile(
    r"\b(?:nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|footer|header|"
    r"masthead|skip)\b",
    re.I,
)


def looks_like_article(url: str, text: str = "") -> bool:
    """Whether a link on a listing page looks like a story: a date or a long id in its path, a slug of
    four words or more, or a headline-like link text (four words or more) on a path two levels deep."""
    path = urlsplit(url).path
    if _NAV_PATH.search(path) and not re.search(r"\d{5,}|(?:19|20)\d{2}[/-]?\d{2}", path):
        return False
    if re.search(r"/(?:19|20)\d{2}[/-]?\d{2}|\d{6,}|[a-z0-9]+(?:[-_][a-z0-9]+){3,}(?:\.html?)?/?$", path, re.I):
        return True
    depth = len([p for p in path.split("/") if p])
    words = len(text.split())
    return depth >= 2 and words >= 4 and re.search(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}", path, re.I) is not None


def _same_site(host: str, site: str) -> bool:
    host, site = host.lower().removeprefix("www."), site.lower().removeprefix("www.")
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def _in_navigation(el: etree._Element) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("nav", "header", "footer"):
            return True
        if anc.get("role") in ("navigation", "banner", "contentinfo"):
            return True
        if _NAV_CLASS.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


Getter = Callable[[str], bytes]


def discover(
    get: Getter,
    *,
    feeds=(),
    sitemaps=(),
    listings=(),
    listing_pattern: str | None = None,
    listing_pages: int = 1,
    listing_next: str | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    on_empty: Callable[[str], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> list[Candidate]:
    """Every candidate from every source. A source that fails is reported through on_error, one that
    yields no article link through on_empty; the other sources still run. Stops early on should_stop()."""
    found: dict[str, Candidate] = {}
    stopped = should_stop or (lambda: False)

    def add(cands: list[Candidate]) -> int:
        for c in cands:
            old = found.get(c.url)
            if old is None or (old.published is None and c.published is not None):
                found[c.url] = c
        return len(cands)

    def attempt(url: str, fn) -> None:
        if stopped():
            return
        try:
            n = fn(url)
        except Exception as exc:  # report any source failure (the caller logs a bug with its traceback)
            if on_error:
                on_error(url, exc)
            return
        if not n and on_empty and not stopped():
            on_empty(url)

    for feed in feeds:
        attempt(feed, lambda u: add(parse_feed(get(u), u)))
    for sitemap in sitemaps:
        attempt(sitemap, lambda u: _walk_sitemap(get, u, add, on_error, stopped, on_warning, lambda: len(found)))
    for listing in listings:

        def pages(u: str, listing: str = listing) -> int:
            n_found = 0
            for n in range(1, max(1, listing_pages) + 1):
                if stopped():
                    break
                page_url = u if n == 1 else urljoin(listing, (listing_next or "page/{n}/").format(n=n))
                try:
                    n_found += add(parse_listing(get(page_url), page_url, listing_pattern))
                except Exception as exc:
                    if n == 1:
                        raise
                    if on_error:
                        on_error(page_url, exc)
            return n_found

        attempt(listing, pages)
    return list(found.values())


def _walk_sitemap(get: Getter, url: str, add, on_error, stopped=lambda: False, on_warning=None, known=lambda: 0) -> int:
    """Read a sitemap and, for an index, its sub-sitemaps newest first, until MAX_SITEMAPS files are read,
    MAX_CANDIDATES are known, or the run stops."""
    queue: list[str] = [url]
    seen: set[str] = set()
    total = 0
    while queue and len(seen) < MAX_SITEMAPS and not stopped():
        if known() >= MAX_CANDIDATES:
            if on_warning:
                on_warning(f"{url}: {MAX_CANDIDATES:,} candidates known; the other sitemaps are not read this run")
            break
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        try:
            urls, subs = parse_sitemap(get(current), current, on_warning)
        except Exception as exc:
            if current == url:
                raise
            if on_error:
                on_error(current, exc)
            continue
        total += add(urls)
        queue.extend(subs)
    return total


def newest_first(cands: list[Candidate]) -> list[Candidate]:
    """Dated candidates newest first, then undated ones in discovery order."""
    dated = [c for c in cands if c.published is not None]
    undated = [c for c in cands if c.published is None]

    return sorted(dated, key=lambda c: _stamp(c.published), reverse=True) + undated
