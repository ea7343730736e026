"""parse_article: decode -> one pruned tree -> layers (metadata, profile, generic) -> merged Article.

Each field is taken from the first layer that gives a usable value, in the order
metadata (JSON-LD, then meta tags) -> site profile -> generic page structure; a profile may
put itself first for the fields it names in `prefer`, and may disregard metadata it names in
`ignore` (e.g. Japan News JSON-LD `author`, which is the CMS editor, not the byline).
`Article.sources` records which layer supplied each field.
"""

from __future__ import annotations

import re

from lxml import etree

from ..errors import ExtractionError
from ..model import Article, Ranking
from ..sites import Profile
from . import fields as F
from . import lexicon
from .document import MAX_ELEMENTS, cap_tree, decode, decode_page, parse_html, remove
from .metadata import read_metadata
from .rankings import find_rankings
from .scripts import CJK
from .text import join_url, url_parts
from .version import extractor_version, page_profile

__all__ = ["parse_article", "parse_rankings", "decode"]


def parse_article(
    html: str | bytes,
    url: str | None = None,
    *,
    charset: str | None = None,
    profile: Profile | None = None,
    default_tz: str | None = None,
) -> Article:
    """Parse one article page. Pure: no network, no disk.

    Raises ExtractionError when the page holds no article (see `holds_article`). Any other exception
    is a bug in newsgrab and propagates as it is, so that it is seen and never mistaken for
    "no article on this page".
    """
    try:
        return _parse(html, url, charset, profile, default_tz)
    except RecursionError as exc:  # an input limit, not a bug: lxml trees this deep exceed Python's stack
        raise ExtractionError("the page is nested too deeply to parse") from exc


def _parse(html, url, charset, profile, default_tz) -> Article:
    if html is None or (isinstance(html, (bytes, str)) and not html.strip()):
        raise ExtractionError("the page is empty")
    if not isinstance(html, (bytes, str)):
        raise ExtractionError(f"expected HTML as str or bytes, got {type(html).__name__}")
    text, utf8 = decode_page(html, charset)
    if _looks_binary(text):
        raise ExtractionError("the input is binary data, not an HTML page")
    root = parse_html(text, utf8)
    cut = cap_tree(root)
    md = read_metadata(root)
    base = _base_url(url, md.canonical, root)
    profile = profile or page_profile(url, md.canonical)
    if profile:
        for sel in profile.drops():
            for el in sel(root):
                remove(el)
    ctx = F.Context(root=root, md=md, url=url, base=base, profile=profile, default_tz=default_tz)
    with lexicon.scoped_to(F.page_language(ctx)):
        article = F.build(ctx)
    if cut:
        article.warnings.append(f"the page has over {MAX_ELEMENTS:,} elements: {cut:,} past that were not read")
    problem = missing_article(article)
    if problem:
        raise ExtractionError(f"no article found: {problem}")
    article.extractor_version = extractor_version(profile.path if profile else None)
    return article


MIN_STORY_WORDS = 25  # a CJK character counts as half a word
MAX_HEADLINE_CHARS = 300


def story_words(text: str | None) -> float:
    """Words of running text: letters-only words, plus half a word per CJK character."""
    text = text or ""
    cjk = len(CJK.findall(text))
    return len(re.findall(r"[^\W\d_]{2,}", CJK.sub(" ", text))) + cjk / 2


def missing_article(article: Article) -> str | None:
    """Why the record is not an article, or None when it is one.

    A page holds an article when its body holds story text (at least MIN_STORY_WORDS words) and its
    headline, when it has one, is of headline length (at most MAX_HEADLINE_CHARS characters). A front
    page, a listing of links, a Markdown or text file, an error page: each fails one of these.
    """
    if not article.body:
        return "the page has no story text (a front page, a listing, or not an article page?)"
    words = story_words(article.body[:5000])  # enough to see MIN_STORY_WORDS; bounded on a huge body
    if words < MIN_STORY_WORDS:
        return f"the page's text is {words:g} words, too short for a story (at least {MIN_STORY_WORDS})"
    if article.headline and len(article.headline) > MAX_HEADLINE_CHARS:
        return f"the 'headline' is {len(article.headline)} characters long: this is not an article page"
    return None


_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # C0 controls but tab, LF, FF, CR; U+FFFD


def _looks_binary(text: str) -> bool:
    head = text[:2048]
    if not head:
        return False
    return len(_BINARY_CHARS.findall(head)) > len(head) * 0.1


def _base_url(url: str | None, canonical: str | None, root: etree._Element) -> str | None:
    base_el = root.find(".//base[@href]")
    if base_el is not None and url:
        return join_url(url, base_el.get("href")) or url
    if url:
        return url
    parts = url_parts(canonical)
    if canonical and parts is not None and parts.scheme in ("http", "https"):
        return canonical
    return None


def parse_rankings(html: str | bytes, url: str | None = None, *, charset: str | None = None) -> list[Ranking]:
    """The ranking lists of any page (a front page, a section page); [] when it has none or is not HTML."""
    try:
        root = parse_html(decode(html, charset))
    except (ValueError, etree.ParserError, ExtractionError):  # a page lxml cannot read has no rankings
        return []
    profile = page_profile(url, read_metadata(root).canonical)  # chosen as parse_article chooses
    return find_rankings(
        root, url, profile.ranking_headings if profile else (), profile.not_rankings if profile else ()
    )
