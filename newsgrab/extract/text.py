"""Text normalisation: whitespace, invisible characters, entities left in text."""

from __future__ import annotations

import html
import re
from urllib.parse import SplitResult, urljoin, urlsplit

from lxml import etree

from .scripts import CJK

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ANY_WS = re.compile(r"\s+")


def word_count(text: str) -> float:
    """Words separated by white space, a CJK character counting half a word."""
    if text.isascii():  # no CJK character: the common case, without the regex
        return len(text.split())
    cjk = len(CJK.findall(text))
    return len((CJK.sub(" ", text) if cjk else text).split()) + cjk / 2


def clean(text: str | None) -> str:
    """One line: invisible characters removed, every run of whitespace one space."""
    if not text:
        return ""
    return " ".join((text if text.isascii() else _INVISIBLE.sub("", text)).split())


def text_upto(el: etree._Element, limit: int) -> str | None:
    """The element's text (as text_content() gives it), or None once it runs past `limit` characters.

    Reading stops there: a rule that asks this of every element of a page nested N deep, and then wants
    only short texts, costs N x limit rather than N x N."""
    parts: list[str] = []
    n = 0
    for piece in el.itertext():
        n += len(piece)
        if n > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def clean_lines(text: str) -> str:
    """Like clean() but keeps line breaks (each line cleaned, empty lines dropped)."""
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def unescape(text: str | None) -> str:
    """Clean text that may still hold HTML entities or tags (as in some meta values)."""
    if not text:
        return ""
    text = html.unescape(html.unescape(text)) if "&" in text else text
    if "<" in text and ">" in text:
        text = re.sub(r"<[^>]{0,2000}>", " ", text)
    return clean(text)


def casefold(text: str | None) -> str:
    """Key for comparing two strings: cleaned, quotes unified, case folded."""
    text = clean(text).translate(_QUOTES)
    return text.casefold()


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def element_text(el: etree._Element) -> str:
    """An element's text on one line, read as a byline: links that follow each other with nothing between
    are separate items ('<a>dpa</a><a>MM-Redaktion</a>' -> 'dpa, MM-Redaktion'), and so is an element right
    after a link; blocks are parts
    ('<div>Ann Lee</div><div>Staff Writer</div>' -> 'Ann Lee · Staff Writer'); elements whose texts
    would run together are kept apart ('by<span>Ann Lee</span>' -> 'by Ann Lee')."""
    out: list[str] = []
    state = {"part": False}  # a block began or ended since the last text: the next text is a new part

    def put(text: str) -> None:
        if not text.strip():
            out.append(text)
            return
        prev = next((p for p in reversed(out) if p.strip()), "")
        if prev and state["part"]:
            out.append(" · ")
        elif prev and prev[-1:].isalnum() and text[:1].isalnum():
            out.append(" ")
        state["part"] = False
        out.append(text)

    def walk(node) -> None:
        after_link = False
        if node.text:
            put(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag in _NOT_TEXT:
                if child.tail:
                    put(child.tail)
                continue
            block = isinstance(child.tag, str) and child.tag in _BYLINE_BLOCKS
            if block:
                state["part"] = True
            if not isinstance(child.tag, str):
                after_link = False
            elif child.tag == "a" and (child.text_content() or "").strip():
                if after_link:
                    out.append(", ")
                walk(child)
                after_link = True
            else:
                if after_link and (child.text_content() or "").strip()[:1].isalnum():
                    out.append(", ")  # '<a>Ann Lee</a><span>The Daily</span>': a name, then another item
                walk(child)
                after_link = after_link and not (child.text_content() or "").strip()
            if block:
                state["part"] = True
            if child.tail and child.tail.strip():
                after_link = False
            if child.tail:
                put(child.tail)

    walk(el)
    return _PART_RUN.sub(" · ", clean("".join(out))).strip(" ·")  # the page's own '·' and ours: one


_PART_RUN = re.compile(r"(?:\s*·\s*)+")
_NOT_TEXT = frozenset("button script style svg noscript template select".split())  # controls, code
_BYLINE_BLOCKS = frozenset("div p li ul ol time section header dl dt dd h2 h3 h4 h5 h6 br".split())


def join_url(base: str | None, href: str | None) -> str | None:
    """`href` resolved against `base`; None when either is malformed (a page's links are not trusted)."""
    if not href:
        return None
    try:
        return urljoin(base, href.strip()) if base else href.strip()
    except ValueError:
        return None


def url_parts(url: str | None) -> SplitResult | None:
    """urlsplit that gives None for a malformed URL ('http://[::1') instead of raising."""
    try:
        parts = urlsplit(url or "")
        parts.port  # noqa: B018  (raises for a bad port)
        return parts
    except ValueError:
        return None


def url_host(url: str | None) -> str | None:
    parts = url_parts(url)
    return (parts.hostname or None) if parts else None
