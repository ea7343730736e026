"""The block walker: an element's text blocks in reading order (paragraphs, subheads, list items, quotes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from ..text import clean_lines
from .judge import (
    attr_words,
    is_hidden,
    is_junk,
)
from .words import (
    BLOCK,
    SKIP_TAGS,
)


@dataclass
class Block:
    text: str
    tag: str
    link_chars: int
    links: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


MAX_BLOCKS = 5_000  # text blocks read per story: far more than the longest real story (bounds hostile pages)


def blocks(container: etree._Element, skip: set[etree._Element] | None = None, prune: bool = True) -> list[Block]:
    """Walk `container` in reading order and return its text blocks."""
    out: list[Block] = []
    buf: list[str] = []
    counts = {"links": 0, "anchors": 0}
    state: dict[str, str] = {"tag": "p"}
    skip = skip or set()

    def flush(tag: str) -> None:
        if buf:
            text = clean_lines("".join(buf))
            buf.clear()
            if text:
                out.append(Block(text, tag, counts["links"], counts["anchors"]))
        counts["links"] = counts["anchors"] = 0

    def visit(el: etree._Element, in_link: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or len(out) >= MAX_BLOCKS:
            return
        if el in skip or (tag in SKIP_TAGS and not _is_quote_figure(el)) or is_hidden(el) or (prune and is_junk(el)):
            return
        if tag == "br" or (len(el) == 0 and not el.text and "br" in attr_words(el.get("class") or "")):
            buf.append("\n")  # <br>, or an empty <span class="br"> drawn as a line break
            return
        block = tag in BLOCK
        if block:
            flush(state["tag"])
            state["tag"] = tag
        if tag in ("td", "th"):
            buf.append(" ")
        link = in_link or tag == "a"
        if tag == "a" and not in_link:
            counts["anchors"] += 1
        if el.text:
            buf.append(el.text.replace("\n", " ") if tag != "pre" else el.text)
            if link:
                counts["links"] += len(el.text.strip())
        for child in el:
            visit(child, link)
            if child.tail:
                buf.append(child.tail.replace("\n", " "))
                if link:
                    counts["links"] += len(child.tail.strip())
        if block:
            flush(tag)
            state["tag"] = "p"

    visit(container, False)
    flush(state["tag"])
    return out


def _is_quote_figure(el: etree._Element) -> bool:
    """<figure><blockquote>…</blockquote><figcaption>…</figcaption></figure>: a quote in the story."""
    return (
        el.tag == "figure"
        and el.find("blockquote") is not None
        and next(el.iter("img", "picture", "video", "iframe", "svg"), None) is None
    )


def to_text(items: Iterable[Block]) -> str:
    """Blocks as the body string: paragraphs and subheads separated by one blank line."""
    return "\n\n".join(b.text for b in items)
