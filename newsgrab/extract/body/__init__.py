"""The story text: find the container by content scoring (or a profile selector), check it against the
largest run of story paragraphs, then walk it in reading order, keeping paragraphs, subheads, lists, quotes
and tables, dropping everything else.

The parts: `words` (the word lists and patterns, data), `judge` (what an element is), `candidates`
(finding the story, and the second opinion), `walker` (blocks in reading order), `filters` (what is not
story text among the blocks). This module joins them: `body_text`.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .candidates import (
    find_container,
    implausible,
    in_boilerplate,
    lead_block,
    page_cards,
    paragraph_cluster,
    paragraph_run,
    signup_boxes,
    standfirst,
    story_parts,
    teaser_cards,
)
from .filters import (
    alnum_key,
    drop_author_notes,
    drop_broadcast_notes,
    drop_channel_plugs,
    drop_paywall_prompts,
    drop_repeats,
    drop_rights_notices,
    is_furniture_line,
    keep,
    live_furniture,
    repeats_title,
    trim_tail,
)
from .judge import is_hidden, is_junk, link_density
from .walker import MAX_BLOCKS, Block, blocks, to_text
from .words import HEADINGS

__all__ = [
    "Block",
    "MAX_BLOCKS",
    "alnum_key",
    "blocks",
    "body_text",
    "find_container",
    "implausible",
    "in_boilerplate",
    "is_furniture_line",
    "is_hidden",
    "is_junk",
    "keep",
    "lead_block",
    "link_density",
    "page_cards",
    "paragraph_cluster",
    "paragraph_run",
    "standfirst",
    "story_parts",
    "text_filtered",
]


def body_text(
    container: etree._Element | list[etree._Element],
    skip: set[etree._Element] | None = None,
    titles: Iterable[str] = (),
    byline: str | None = None,
    authors: Iterable[str] = (),
) -> str:
    """The cleaned story text of a container (or of the parts of a split story, in order).

    `titles` (the headline and its variants), `byline` and `authors` are not story text: a heading that
    repeats a title, with or without its kicker, a line that repeats the byline or is an author's name,
    and a note about an author among the story's last blocks ('Jane Doe is a reporter for ...') are dropped.
    """
    parts = container if isinstance(container, list) else [container]
    skip = set(skip or ()) | {box for part in parts for box in (*signup_boxes(part), *teaser_cards(part))}
    raw = [b for part in parts for b in blocks(part, skip)][:MAX_BLOCKS]
    items = trim_tail(
        drop_broadcast_notes(
            drop_rights_notices(
                drop_channel_plugs(drop_paywall_prompts(live_furniture(drop_repeats([b for b in raw if keep(b)]))))
            )
        )
    )
    title_keys = {k for k in map(alnum_key, titles) if k}
    byline_key = alnum_key(byline)
    items = drop_author_notes(items, [a for a in authors if len(a) >= 5])
    return to_text(
        b
        for b in items
        if not (
            (b.tag in HEADINGS and repeats_title(alnum_key(b.text), title_keys))
            or (byline_key and len(b.text) <= 2 * len(byline or "") and alnum_key(b.text) == byline_key)
        )
    )


def text_filtered(text: str) -> str:
    """Paragraphs found by another method (blank-line separated) through the filters that read the text
    alone: date lines and labels, rights notices, broadcast notes, the run of labels after the last sentence."""
    items = [Block(p, "p", 0) for p in text.split("\n\n") if p and not is_furniture_line(p)]
    return to_text(trim_tail(drop_broadcast_notes(drop_rights_notices(items))))
