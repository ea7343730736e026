"""parse_article: decode -> one pruned tree -> layers (metadata, profile, generic) -> merged Article.

Each field is taken from the first layer that gives a usable value, in the order
metadata (JSON-LD, then meta tags) -> site profile -> generic page structure; a profile may
put itself first for the fields it names in `prefer`, and may disregard metadata it names in
`ignore` (e.g. Japan News JSON-LD `author`, which is the CMS editor, not the byline).
`Article.sources` records which layer supplied each field.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import etree

from ..errors import ExtractionError
from ..model import Article, Ranking
from ..sites import Profile, profile_for
from . import fields as F
from .document import decode, parse_html, remove
from .metadata import read_metadata
from .rankings import find_rankings

__all__ = ["parse_article", "parse_rankings", "decode"]


def parse_article(html: str | bytes, url: str | None = None, *, charset: str | None = None,
                  profile: Profile | None = None, default_tz: str | None = None) -> Article:
    """Parse one article page. Pure: no network, no disk.

    Raises ExtractionError when the page holds no article; nothing else, whatever the input.
    """
    try:
        return _parse(html, url, charset, profile, default_tz)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError("the page is nested too deeply to parse") from exc
    except Exception as exc:  # a parser bug must not escape as an arbitrary exception type
        raise ExtractionError(f"could not parse the page: {type(exc).__name__}: {exc}") from exc


def _parse(html, url, charset, profile, default_tz) -> Article:
    if html is None or (isinstance(html, (bytes, str)) and not html.strip()):
        raise ExtractionError("the page is empty")
    if not isinstance(html, (bytes, str)):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    text = decode(html, charset)
    if _looks_binary(text):
        raise ExtractionError("the input is binary data, not an HTML page")
    root = parse_html(text)
    md = read_metadata(root)
    base = _base_url(url, md.canonical, root)
    profile = profile or profile_for(url) or profile_for(md.canonical)
    if profile:
        for sel in profile.drops():
            for el in sel(root):
                remove(el)
    ctx = F.Context(root=root, md=md, url=url, base=base, profile=profile, default_tz=default_tz)
    article = F.build(ctx)
    if not article.headline and not article.body:
        raise ExtractionError("no article found: the page has neither a headline nor a story text")
    return article


def _looks_binary(text: str) -> bool:
    head = text[:2048]
    if not head:
        return False
    bad = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\n\r\f") + head.count("\ufffd")
    return bad > len(head) * 0.1


def _base_url(url: str | None, canonical: str | None, root: etree._Element) -> str | None:
    base_el = root.find(".//base[@href]")
    if base_el is not None and url:
        return urljoin(url, base_el.get("href"))
    if url:
        return url
    if canonical and urlsplit(canonical).scheme in ("http", "https"):
        return canonical
    return None


def parse_rankings(html: str | bytes, url: str | None = None, *, charset: str | None = None) -> list[Ranking]:
    """The ranking lists of any page (a front page, a section page); [] when it has none or is not HTML."""
    try:
        root = parse_html(decode(html, charset))
        profile = profile_for(url)
        return find_rankings(root, url, profile.ranking_headings if profile else (),
                             profile.not_rankings if profile else ())
    except Exception:  # a page we cannot read has no rankings to offer
        return []
