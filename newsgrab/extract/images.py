"""Photos with their captions and credits."""

from __future__ import annotations

import re

from lxml import etree

from ..model import Image
from .text import clean, join_url

_CREDIT_CLASS = re.compile(r"credit|copyright|source|photographer|attribution|author", re.I)
_CREDIT_TEXT = re.compile(
    r"\s*[(\[]?(?:photo|foto|image|picture|bild|credit|quelle|source|fuente|fonte)s?"
    r"\s*(?:by)?\s*[:©]\s*([^)\]]+)[)\]]?\s*$"
    r"|\s*©\s*([^©]+)$",
    re.I,
)


# What a lazy-loading page puts in src until its script runs: a data: URI, or a stock image file
# ('grey-placeholder.png', 'blank.gif', 'spacer.gif', a 1x1 pixel). The real address is in data-src or srcset.
_PLACEHOLDER = re.compile(r"placeholder|(?:^|/)(?:blank|spacer|transparent|pixel|1x1)\.(?:gif|png|svg)(?:$|\?)", re.I)


def _img_source(img: etree._Element) -> str | None:
    """The address of the picture an <img> shows once loaded: src, or a lazy-loader's data-src, or
    srcset, never a placeholder."""
    for key in ("src", "data-src", "data-lazy-src", "data-original"):
        value = (img.get(key) or "").strip()
        if value and not value.startswith("data:") and not _PLACEHOLDER.search(value):
            return value
    srcset = (img.get("srcset") or img.get("data-srcset") or "").strip()
    return srcset.split(",")[0].split()[0] if srcset else None


def figure_image(fig: etree._Element, base_url: str | None) -> Image | None:
    """One figure: the image URL, its caption, and the credit (a span/small/cite or 'Photo: X')."""
    imgs = [fig] if fig.tag == "img" else list(fig.iter("img"))
    src = next((s for s in map(_img_source, imgs) if s), None)
    if not src or src.startswith("data:"):
        source = fig.find(".//source[@srcset]")
        src = source.get("srcset").split(",")[0].split()[0] if source is not None else None
    if not src:
        return None
    url = join_url(base_url, src)
    if url is None:
        return None
    cap = fig.find(".//figcaption")
    caption = credit = None
    if cap is not None:
        credit_el = None
        for el in cap.iter():
            if el is not cap and _CREDIT_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
                credit_el = el
                break
        if credit_el is None:
            first = next((c for c in cap if isinstance(c.tag, str)), None)
            if (
                first is not None
                and first.tag in ("span", "small", "cite", "em")
                and not (cap.text or "").strip()
                and 0 < len(clean(first.text_content())) <= 80
            ):
                credit_el = first
        if credit_el is not None:
            credit = clean(credit_el.text_content()) or None
            caption = clean(_text_except(cap, credit_el)) or None
        else:
            caption = clean(_parts_text(cap)) or None
            if caption:
                m = _CREDIT_TEXT.search(caption)
                if m:
                    credit = clean(m.group(1) or m.group(2))
                    caption = clean(caption[: m.start()]) or None
    return Image(url=url, caption=caption, credit=credit)


def _parts_text(el: etree._Element) -> str:
    """The element's text with its blocks and credit lines kept apart ('<p>Caption.</p><small>Quelle: dpa
    </small>' -> 'Caption. Quelle: dpa'); inline elements join as they are written."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            separate = isinstance(child.tag, str) and child.tag in _SEPARATE
            if separate:
                parts.append(" ")
            if isinstance(child.tag, str):
                walk(child)
            if separate:
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


_SEPARATE = frozenset("p div br small cite span figcaption li".split())


def _text_except(el: etree._Element, skip: etree._Element) -> str:
    parts: list[str] = []

    def walk(node):
        if node is skip:
            if node.tail:
                parts.append(node.tail)
            return
        if not isinstance(node.tag, str):
            return
        if node.tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not el:
            parts.append(node.tail)

    walk(el)
    return " ".join(parts)
