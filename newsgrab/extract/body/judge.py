"""What an element is, judged from its tag, class and id words and its text: hidden, boilerplate, junk;
how much of its text is links."""

from __future__ import annotations

import re
import weakref
from functools import lru_cache

from lxml import etree

from ..scripts import CJK as _CJK
from .words import (
    ALWAYS_JUNK,
    EMBEDDED_POST,
    NEGATIVE_PHRASES,
    NEGATIVE_WORDS,
    NEVER_PRUNED,
    POSITIVE_WORDS,
    WORD_SPLIT,
)


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    if el.get("aria-hidden") == "true" and el.tag != "p":
        return True  # hidden from screen readers; a paragraph so marked is still shown (paywalled text)
    style = el.get("style")
    return bool(style) and bool(re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I))


def is_boilerplate(el: etree._Element) -> bool:
    """An element whose class or id marks it as not story text (share bars, related links, ...)."""
    if el.tag in NEVER_PRUNED:
        return False
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return negative_attrs(f"{cls or ''} {ident or ''}")


# document root -> {element: how many story-like paragraphs it holds, counted to 2}; the root is held weakly
# so a parsed page's counts go with it
_STORY_PARAS: weakref.WeakKeyDictionary[etree._Element, dict[etree._Element, int]] = weakref.WeakKeyDictionary()


def is_junk(el: etree._Element) -> bool:
    """Boilerplate by name, unless it holds story paragraphs (layouts that name a story column 'sidebar-grid')."""
    if not is_boilerplate(el):
        return False
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    if EMBEDDED_POST.search(attrs):
        return True  # an embedded social post holds paragraphs of its own, but not the story's
    if attr_words(attrs) & ALWAYS_JUNK:
        return not _holds_the_story(el)  # comments hold paragraphs too, but after the story's
    return _story_paragraphs(el) < 2


def _holds_the_story(el: etree._Element) -> bool:
    """Whether the element holds the page's first story paragraph and at least half of them (at least 2):
    the story's own wrapper, whatever its class says ("article modal-enabled"). A comment thread or a
    pop-up follows the story's paragraphs, or holds few of them."""
    if _story_paragraphs(el) < 2:
        return False
    root = el.getroottree().getroot()
    census = _CENSUS.get(root)
    if census is None:
        census = _CENSUS[root] = _Census(root)
    return el in census.first_holders and 2 * census.counts.get(el, 0) >= census.total


class _Census:
    """The page's story paragraphs: how many, how many under each element (one bottom-up pass), and the
    elements that hold the first of them."""

    def __init__(self, root: etree._Element) -> None:
        self.counts: dict[etree._Element, int] = {}
        first: etree._Element | None = None
        for el in reversed(list(root.iter())):  # every element after its descendants
            n = self.counts.get(el, 0)
            if el.tag == "p" and _story_like(el):
                n += 1
                first = el  # the walk runs backwards: the last one seen is the first in the page
            if n:
                self.counts[el] = n
                parent = el.getparent()
                if parent is not None:
                    self.counts[parent] = self.counts.get(parent, 0) + n
        self.total = self.counts.get(root, 0)
        self.first_holders = set(first.iterancestors()) | {first} if first is not None else set()


_CENSUS: weakref.WeakKeyDictionary[etree._Element, _Census] = weakref.WeakKeyDictionary()


def _story_paragraphs(el: etree._Element) -> int:
    """How many long, mostly unlinked paragraphs the element holds (itself included), counted up to 2.

    The counts of the whole page are made in one pass, bottom-up, the first time a page asks: the rules
    that climb from every paragraph ask it of each wrapper, and reading each wrapper's paragraphs anew
    made a share box of N paragraphs, or N nested wrappers, cost N x N."""
    root = el.getroottree().getroot()
    counts = _STORY_PARAS.get(root)
    if counts is None:
        counts = _STORY_PARAS[root] = _count_story_paragraphs(root)
    return counts.get(el, 0)


def _count_story_paragraphs(root: etree._Element) -> dict[etree._Element, int]:
    counts: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        if not _story_like(p):
            continue
        node: etree._Element | None = p
        while node is not None:
            n = counts.get(node, 0)
            if n >= 2:
                break  # every ancestor above holds these two as well
            counts[node] = n + 1
            node = node.getparent()
    return counts


def _story_like(p: etree._Element) -> bool:
    """A paragraph of story length (over 80 letters' worth), under half of it links."""
    text = p.text_content()
    return text_weight(text) > 80 and sum(len(a.text_content()) for a in p.iter("a")) < len(text) * 0.5


def text_weight(text: str) -> int:
    """Length of text in Latin-equivalent characters: a CJK character carries about three letters' worth."""
    n = len(text)
    if n and _CJK.search(text[:200]):
        n += 2 * len(_CJK.findall(text))
    return n


@lru_cache(maxsize=20000)
def attr_words(attrs: str) -> frozenset[str]:
    """The words of class and id values: "c-share-bar__item" -> c, share, bar, item."""
    return frozenset(w.lower() for w in WORD_SPLIT.split(attrs) if w)


@lru_cache(maxsize=20000)
def negative_attrs(attrs: str) -> bool:
    words = attr_words(attrs)
    if words & ALWAYS_JUNK:
        return True
    if NEGATIVE_PHRASES.search(attrs) or EMBEDDED_POST.search(attrs):
        return True  # "article-meta", "author-bio": a phrase says more than the word "article" in it
    if words & POSITIVE_WORDS:
        return False
    return bool(words & NEGATIVE_WORDS)


def in_boilerplate(
    el: etree._Element,
    top: etree._Element | None = None,
    depth: int = 6,
    seen: dict[etree._Element, bool] | None = None,
) -> bool:
    """Whether the element, or an ancestor below `top` (or within `depth` levels), is boilerplate. `seen`
    (one dict per page) keeps each element's verdict, for a caller that asks of many elements sharing their
    ancestors (the paragraphs of one wrapper climb the same six)."""
    while el is not None and el is not top and depth > 0:
        junk = seen.get(el) if seen is not None else None
        if junk is None:
            junk = el.tag in ("aside", "nav", "footer") or is_junk(el)
            if seen is not None:
                seen[el] = junk
        if junk:
            return True
        el = el.getparent()
        depth -= 1
    return False


def link_density(el: etree._Element, link_chars: dict[etree._Element, int] | None = None) -> float:
    """Share of the element's text inside links; `link_chars` (from `link_chars_by_element`) makes it cheap."""
    text = len(el.text_content())
    if not text:
        return 0.0
    if link_chars is not None:
        return link_chars.get(el, 0) / text
    return sum(len(a.text_content()) for a in el.iter("a")) / text


def link_chars_by_element(root: etree._Element) -> dict[etree._Element, int]:
    """Characters of link text under each element, from one bottom-up pass over the tree (each element's
    count is its children's plus its own link text), not one climb to the root per link: a page nested
    N deep with a link at each level would cost N x N."""
    out: dict[etree._Element, int] = {}
    for el in reversed(list(root.iter())):  # every element after its descendants
        n = out.get(el, 0)
        if el.tag == "a":
            n += len(el.text_content())
        if n:
            out[el] = n
            parent = el.getparent()
            if parent is not None:
                out[parent] = out.get(parent, 0) + n
    return out
