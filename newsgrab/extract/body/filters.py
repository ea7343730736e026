"""Filters over a story's blocks: labels, link lists, paywall prompts, plugs for the site's channels, pull
quotes, live-blog furniture, widget labels after the last sentence, a repeated headline."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..dates import is_date_line
from .judge import (
    text_weight,
)
from .walker import Block
from .words import (
    BOILER_TEXT,
    BROADCAST_NOTE,
    CLOCK,
    HEADINGS,
    LABEL_REST,
    NOT_ALNUM,
    PAYWALL_TEXT,
    PLUG_TEXT,
    RIGHTS_TEXT,
    SENTENCE_END,
)


def keep(block: Block) -> bool:
    """Drop link lists, 'Advertisement' labels, share prompts, date lines and other non-story blocks."""
    text = block.text
    if block.link_density > 0.6 and len(text) < 300 and not _linked_sentence(block):
        return False
    return not is_furniture_line(text)


def is_furniture_line(text: str) -> bool:
    """A short line that labels or dates the story ('Advertisement', 'POSTED: 7:54 am EST January 23, 2008',
    'Politics / January 11, 2024'): page furniture, whichever method took it."""
    return len(text) < 100 and (is_label(text) or is_date_line(text) or is_meta_line(text))


def is_meta_line(text: str) -> bool:
    """A line of story metadata in parts: a date, and names or a section, between separators
    ('Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner', 'Politics / January 11, 2024'). A sentence with a slash
    in it is not one: the line ends no sentence, and every part that is not a date or a time is a few words."""
    parts = [p.strip() for p in _META_SEPARATOR.split(text)]
    if len(parts) < 2 or not all(parts) or text.endswith(SENTENCE_END):
        return False
    dated = [p for p in parts if is_date_line(p) or CLOCK.fullmatch(p)]
    return bool(dated) and all(len(p.split()) <= 4 and not p.endswith(SENTENCE_END) for p in parts if p not in dated)


_META_SEPARATOR = re.compile(r"\s+[|/·•]\s+")


def is_label(text: str) -> bool:
    """A boilerplate label ('Advertisement', 'Share this article', 'Read more »', '© Reuters'): the label
    words are the whole short block, or are followed by at most three words that do not make a sentence.
    'Share prices fell 3% on Monday.' and 'Related: the mayor resigned.' are sentences, and stay."""
    m = BOILER_TEXT.match(text)
    if m is None:
        return False
    if m.group(0)[-1] in ":：" and re.search(r"责编|责任编辑|編集", m.group(0)):
        return True  # "(责编：…)": an editors' credit line, whatever the names after it
    rest = LABEL_REST.sub(" ", text[m.end() :]).strip()
    if not rest:
        return True
    return len(rest.split()) <= 3 and not text.rstrip().endswith(SENTENCE_END)


def drop_paywall_prompts(items: list[Block]) -> list[Block]:
    """Drop subscription prompts: a short block that is mostly a prompt ('Vous possédez déjà un compte ?'),
    anywhere; after the story's last full paragraph, where a paywall cuts it, the first short block holding a
    prompt's words and everything after it (the offer's list of benefits, its small print). The same words
    inside a sentence of the story ('Subscribers only had to wait a day longer, the utility said.') are
    story text."""

    def prompt_share(text: str) -> float:
        m = PAYWALL_TEXT.search(text) if len(text) < 200 else None
        return (m.end() - m.start()) / len(text) if m else 0.0

    share = {id(b): prompt_share(b.text) for b in items}  # each block searched once
    last_story = _last_story_paragraph(items, unless=lambda b: share[id(b)] > 0)
    cut = next((i for i, b in enumerate(items) if i > last_story and share[id(b)] > 0), len(items))
    return [b for b in items[:cut] if share[id(b)] < 0.5]


PLUG_MAX_CHARS = 300  # a plug is a line or two; a longer block that names a newsletter is prose


def drop_channel_plugs(items: list[Block]) -> list[Block]:
    """Drop the site's plugs for its channels after the story's last paragraph: a short block with a link
    that names a newsletter, a WhatsApp or Telegram channel or a news app ('Check out more of our stories by
    <a>signing up to our free weekly newsletter</a>', 'Get the news on your phone <a>Join us on WhatsApp</a>').
    Before the story's last paragraph, without a link, or in a paragraph of 300 characters or more, the same
    words are story text ('Alerts also go out through <a>WhatsApp</a>, the council said.' mid-story). A
    story whose own last sentence is short and links a channel loses that sentence: seen on no dev page."""

    def plug(b: Block) -> bool:
        return b.links > 0 and len(b.text) < PLUG_MAX_CHARS and PLUG_TEXT.search(b.text) is not None

    return _drop_after_the_story(items, plug)


NOTE_MAX_CHARS = 200  # a broadcast note is a line


def drop_broadcast_notes(items: list[Block]) -> list[Block]:
    """Drop a broadcaster's notes after the story's last paragraph on when it went on air ('Sendung: hr-INFO,
    25.04.2024, 10.45 Uhr', 'Dieses Thema im Programm: Über dieses Thema berichtete DLF am 24. März 2023.'),
    a label the public broadcasters print. The same words inside the story ('Die Sendung: ein Erfolg.' ends
    no label with a colon at the start; a paragraph before the story's last) are story text."""

    def note(b: Block) -> bool:
        return len(b.text) < NOTE_MAX_CHARS and BROADCAST_NOTE.search(b.text) is not None

    return _drop_after_the_story(items, note)


RIGHTS_MAX_CHARS = 300  # a rights notice is a line or two; a longer block that holds its words is prose
RIGHTS_END_SHARE = 0.5  # a notice after at least this share of the text, and before no paragraph, ends the story


def drop_rights_notices(items: list[Block]) -> list[Block]:
    """Drop rights notices ('Copyright 2008 The Associated Press. All rights reserved. This material may not
    be published, broadcast, rewritten or redistributed.', '© 2008 AFP', 'Alle Rechte vorbehalten.'): a block
    under 300 characters holding a notice's words, or beginning with a copyright mark. A sentence that
    speaks of copyright ('The band asked for the copyright of their albums.') holds neither, and stays.

    The last notice ends the story when at least half of the text comes before it and no full paragraph
    after it: what follows is the page's (a list of other headlines, 'Subscribe to our feeds')."""
    notices = {i for i, b in enumerate(items) if len(b.text) < RIGHTS_MAX_CHARS and RIGHTS_TEXT.search(b.text)}
    if not notices:
        return items
    last = max(notices)
    before, after = items[:last], items[last + 1 :]
    chars_before = sum(len(b.text) for b in before)
    if chars_before >= RIGHTS_END_SHARE * (chars_before + sum(len(b.text) for b in after)) and not any(
        map(_paragraph, after)
    ):
        items = before
    return [b for i, b in enumerate(items) if i not in notices]


def _full(b: Block) -> bool:
    """A full paragraph: 80 characters or more, ending a sentence."""
    return len(b.text) >= 80 and b.text.endswith(SENTENCE_END)


def _paragraph(b: Block) -> bool:
    """A full paragraph of prose: few of its characters in links."""
    return _full(b) and b.link_density < 0.3


def _last_story_paragraph(items: list[Block], unless: Callable[[Block], bool]) -> int:
    """The index of the story's last full paragraph that is not what `unless` names (a prompt, a plug); -1
    when there is none."""
    return max((i for i, b in enumerate(items) if _full(b) and not unless(b)), default=-1)


def _drop_after_the_story(items: list[Block], drop: Callable[[Block], bool]) -> list[Block]:
    """The blocks less those `drop` names after the story's last full paragraph (not one of them)."""
    last_story = _last_story_paragraph(items, unless=drop)
    return [b for i, b in enumerate(items) if i <= last_story or not drop(b)]


# Subscription prompts printed where a paywall cuts the story.


def _linked_sentence(block: Block) -> bool:
    """A sentence of prose with one link over most of it ('It also <a>co-ordinates military plans</a>.'),
    not a link list or a teaser."""
    return block.links == 1 and block.link_density < 0.95 and block.text.rstrip()[-1:] in '.!?"”»'


# ---- generic container detection (content scoring) ----


_REPEAT_CHECK_MAX = 300  # blocks; a longer story (a long live blog) is not searched for pull quotes


def drop_repeats(items: list[Block]) -> list[Block]:
    """Drop a short paragraph that a longer paragraph of the story already holds (a pull quote, a teaser)."""
    if len(items) > _REPEAT_CHECK_MAX:
        return items
    keys = [b.text.casefold().strip(" \"'“”„«»‘’") for b in items]
    out = []
    for b, key in zip(items, keys, strict=True):
        if (
            40 <= len(key) <= 400
            and b.tag not in HEADINGS
            and any(len(other) > len(key) and key in other for other in keys)
        ):
            continue
        out.append(b)
    return out


def live_furniture(items: list[Block]) -> list[Block]:
    """Live-blog furniture: a short label repeated on three or more entries (the desk's name, 'Advertisement')
    is dropped; a bare time on its own line ('21:10') is joined to the entry it stamps."""
    counts: dict[str, int] = {}
    for b in items:
        if len(b.text) <= 40:
            counts[b.text] = counts.get(b.text, 0) + 1
    out: list[Block] = []
    stamp = None
    for b in items:
        text = b.text
        if (
            counts.get(text, 0) >= 3
            and len(text.split()) <= 5
            and not text.endswith(SENTENCE_END)
            and not CLOCK.fullmatch(text)
        ):
            continue
        if CLOCK.fullmatch(text):
            stamp = text if stamp is None else f"{stamp} {text}"
            continue
        if stamp is not None:
            b = dataclasses.replace(b, text=f"{stamp} {text}")
            stamp = None
        out.append(b)
    return out


def trim_tail(items: list[Block]) -> list[Block]:
    """Drop the run of short labels after the story's last sentence ('Related keywords', 'Recommended',
    a column of dates): widget headings left inside the container."""
    end = len(items)
    while end > 1:
        text = items[end - 1].text
        if text_weight(text) >= 40 or text.endswith(SENTENCE_END):
            break
        end -= 1
    return items[:end] if end >= len(items) // 2 else items


def drop_author_notes(items: list[Block], authors: list[str]) -> list[Block]:
    """An author's name on a line of its own, anywhere; among the story's last blocks, a short note that
    begins with an author's name ('Manuela Conrad ist ZDF-Reporterin ...', 'Anne-Marie Slaughter (*1958)
    war ...'). A sentence in the story that begins with the author's name before its end stays."""
    if not authors:
        return items
    names = [a.casefold() for a in authors]
    tail = len(items) - _NOTE_TAIL
    out = []
    for i, b in enumerate(items):
        text = b.text.casefold()
        if any(text == n for n in names):
            continue
        if (
            i >= tail
            and len(text) <= 400
            and any(text.startswith(n) and text[len(n) : len(n) + 1] in (" ", "(", ",") for n in names)
        ):
            continue
        out.append(b)
    return out


_NOTE_TAIL = 4  # blocks at the story's end where an author's note is printed


def repeats_title(key: str, title_keys: set[str]) -> bool:
    """The heading is a title, or a kicker followed by a title of more than a few words."""
    return key in title_keys or any(len(k) > 10 and key.endswith(k) for k in title_keys)


def alnum_key(text: str | None) -> str:
    """Letters and digits only, case folded: 'Kicker: Headline – “Quote”' ~ 'Kicker Headline - "Quote"'."""
    return NOT_ALNUM.sub("", (text or "").casefold())
