"""The story text: find the container by content scoring (or a profile selector), then walk it in
reading order, keeping paragraphs, subheads, lists, quotes and tables, dropping everything else."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from .dates import is_date_line
from .document import is_inside
from .text import clean, clean_lines

BLOCK = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table thead tbody tfoot tr "
    "dl dt dd figure figcaption header footer aside nav form hr address details summary center "
    "fieldset caption".split())
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Never part of the story text, wherever they are.
SKIP_TAGS = frozenset("figure figcaption nav aside footer button select input textarea label audio "
                      "video picture img source map dialog menu script noscript style svg".split())

# Class/id words that mark an element as not story text. Matched against the words of class and id
# values ("c-share-bar__item" -> c, share, bar, item), never against substrings.
NEGATIVE_WORDS = frozenset("""
comment comments share sharing sharebar social socials related recommended recommendation recommendations cta
newsletter newsletters subscribe subscription promo promotion advert advertisement advertising ad ads adslot
adunit adv sponsor sponsored cookie cookies consent gdpr modal popup overlay sidebar widget widgets breadcrumb
breadcrumbs byline pagination pager footer masthead menu navbar nav navigation skip toolbar caption figcaption
outbrain taboola teaser teasers trending banner signup login disclaimer rating reactions offer dateline
timestamp tooltip sronly donate toc tags taglist keywords topics copyright credit credits
""".split())
NEGATIVE_PHRASES = re.compile(
    r"author[-_]?(?:box|bio|info|card)|more[-_]?stories|read[-_]?more|most[-_]?popular|see[-_]?also|"
    r"app[-_]?promo|post[-_]?date|jump[-_]?link|sr-only|visually[-_]?hidden|screen[-_]?reader|article[-_]?meta|"
    r"entry[-_]?meta|post[-_]?meta|support[-_]?us|embed[-_]?social|"
    r"(?:^|\s)(?:meta|tools|actions|info-?box|authors?)(?:$|\s)", re.I)
# Words that say an element holds the story: such an element is never pruned by its name.
POSITIVE_WORDS = frozenset("article articles body content contents main story text post entry column prose "
                           "richtext artikel inhalt texte cuerpo nota".split())
_WORD_SPLIT = re.compile(r"[\s_\-:/.]+|(?<=[a-z])(?=[A-Z])")
POSITIVE = re.compile(r"article|body|content|entry|main|post|text|story|blog|prose|rich-?text|copy|"
                      r"paragraph|artikel|inhalt|texte|cuerpo|nota", re.I)
_BOILER_TEXT = re.compile(
    r"^(?:advertisement|anzeige|werbung|publicité|publicidad|share this|share on|share|follow us|"
    r"read more|read next|continue reading|see also|related:?|recommended|sign up|subscribe|"
    r"click here|photo:|image:|getty images|\(?photo credit|skip to|listen to this article|"
    r"weiterlesen|mehr zum thema|lesen sie auch|auch interessant|zum thema|copyright)\b|^©"
    r"|^[（(]?(?:责编|责任编辑|編集)[:：]",  # "(责编：…)": the editors' credit line on Chinese pages
    re.I)


@dataclass
class Block:
    text: str
    tag: str
    link_chars: int
    links: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    if el.get("aria-hidden") == "true" and el.tag != "p":
        return True  # hidden from screen readers; a paragraph so marked is still shown (paywalled text)
    style = el.get("style")
    return bool(style) and bool(re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style, re.I))


_NEVER_PRUNED = frozenset(("html", "body", "main", "article"))


def is_boilerplate(el: etree._Element) -> bool:
    """An element whose class or id marks it as not story text (share bars, related links, ...)."""
    if el.tag in _NEVER_PRUNED:
        return False
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _negative_attrs(f"{cls or ''} {ident or ''}")


_ALWAYS_JUNK = frozenset("comment comments newsletter cookie cookies consent gdpr modal popup outbrain taboola".split())
_EMBEDDED_POST = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|fb-post|bluesky-embed|threads-embed", re.I)


def is_junk(el: etree._Element) -> bool:
    """Boilerplate by name, unless it holds story paragraphs (layouts that name a story column 'sidebar-grid')."""
    if not is_boilerplate(el):
        return False
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    if _attr_words(attrs) & _ALWAYS_JUNK or _EMBEDDED_POST.search(attrs):
        return True  # an embedded social post holds paragraphs of its own, but not the story's
    long_paras = 0
    for p in el.iter("p"):
        text = p.text_content()
        if text_weight(text) > 80 and sum(len(a.text_content()) for a in p.iter("a")) < len(text) * 0.5:
            long_paras += 1
            if long_paras >= 2:
                return False
    return True


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def text_weight(text: str) -> int:
    """Length of text in Latin-equivalent characters: a CJK character carries about three letters' worth."""
    n = len(text)
    if n and _CJK.search(text[:200]):
        n += 2 * len(_CJK.findall(text))
    return n


@lru_cache(maxsize=20000)
def _attr_words(attrs: str) -> frozenset[str]:
    """The words of class and id values: "c-share-bar__item" -> c, share, bar, item."""
    return frozenset(w.lower() for w in _WORD_SPLIT.split(attrs) if w)


@lru_cache(maxsize=20000)
def _negative_attrs(attrs: str) -> bool:
    words = _attr_words(attrs)
    if words & _ALWAYS_JUNK:
        return True
    if NEGATIVE_PHRASES.search(attrs) or _EMBEDDED_POST.search(attrs):
        return True  # "article-meta", "author-bio": a phrase says more than the word "article" in it
    if words & POSITIVE_WORDS:
        return False
    return bool(words & NEGATIVE_WORDS)


MAX_BLOCKS = 5_000  # text blocks read per story: far more than the longest real story (bounds hostile pages)


def blocks(container: etree._Element, skip: set[etree._Element] | None = None,
           prune: bool = True) -> list[Block]:
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
        if el in skip or (tag in SKIP_TAGS and not _is_quote_figure(el)) or is_hidden(el) \
                or (prune and is_junk(el)):
            return
        if tag == "br" or (len(el) == 0 and not el.text and "br" in _attr_words(el.get("class") or "")):
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
    return el.tag == "figure" and el.find("blockquote") is not None and next(
        el.iter("img", "picture", "video", "iframe", "svg"), None) is None


def to_text(items: Iterable[Block]) -> str:
    """Blocks as the body string: paragraphs and subheads separated by one blank line."""
    return "\n\n".join(b.text for b in items)


def keep(block: Block) -> bool:
    """Drop link lists, 'Advertisement' labels, share prompts, date lines and other non-story blocks."""
    text = block.text
    if block.link_density > 0.6 and len(text) < 300 and not _linked_sentence(block):
        return False
    if len(text) < 100 and (is_label(text) or is_date_line(text)):
        return False
    return True


_LABEL_REST = re.compile(r"[\s:|>»›→\-–—…]+")


def is_label(text: str) -> bool:
    """A boilerplate label ('Advertisement', 'Share this article', 'Read more »', '© Reuters'): the label
    words are the whole short block, or are followed by at most three words that do not make a sentence.
    'Share prices fell 3% on Monday.' and 'Related: the mayor resigned.' are sentences, and stay."""
    m = _BOILER_TEXT.match(text)
    if m is None:
        return False
    if m.group(0)[-1] in ":：" and re.search(r"责编|责任编辑|編集", m.group(0)):
        return True  # "(责编：…)": an editors' credit line, whatever the names after it
    rest = _LABEL_REST.sub(" ", text[m.end():]).strip()
    if not rest:
        return True
    return len(rest.split()) <= 3 and not text.rstrip().endswith(_SENTENCE_END)


def _drop_paywall_prompts(items: list[Block]) -> list[Block]:
    """Drop subscription prompts: a short block that is mostly a prompt ('Vous possédez déjà un compte ?'),
    anywhere; a short block holding a prompt's words, only after the story's last full paragraph (where a
    paywall cuts it). The same words inside a sentence of the story ('Subscribers only had to wait a day
    longer, the utility said.') are story text."""
    def prompt_share(text: str) -> float:
        m = _PAYWALL_TEXT.search(text) if len(text) < 200 else None
        return (m.end() - m.start()) / len(text) if m else 0.0

    last_story = max((i for i, b in enumerate(items) if len(b.text) >= 80 and b.text.endswith(_SENTENCE_END)
                      and not prompt_share(b.text)), default=-1)
    return [b for i, b in enumerate(items)
            if not (prompt_share(b.text) >= 0.5 or (i > last_story and prompt_share(b.text) > 0))]


# Subscription prompts printed where a paywall cuts the story.
_PAYWALL_TEXT = re.compile(
    r"reserved for subscribers|subscribers only|subscribe to (?:continue|read)|to continue reading|"
    r"create an account or sign in|already (?:a subscriber|have an account)|sign in to (?:continue|read)|"
    r"la suite est réservée aux abonnés|il vous reste \d|réservé aux abonnés|déjà abonné|"
    r"vous possédez déjà un compte|nur für abonnenten|jetzt abonnieren|weiterlesen mit|bereits abonnent|"
    r"exclusivo para suscriptores|solo para suscriptores|ya eres suscriptor|"
    r"この記事は(?:有料)?会員限定|会員登録すると|有料会員になると|続きを読む", re.I)


def _linked_sentence(block: Block) -> bool:
    """A sentence of prose with one link over most of it ('It also <a>co-ordinates military plans</a>.'),
    not a link list or a teaser."""
    return block.links == 1 and block.link_density < 0.95 and block.text.rstrip()[-1:] in '.!?"”»'


# ---- generic container detection (content scoring) ----

_SCORED = ("p", "pre", "td", "blockquote", "div", "section", "article", "li", "h2", "h3")


def find_container(root: etree._Element, live: bool = False) -> etree._Element | None:
    """The element holding the story: the best-scored ancestor of the page's paragraphs; on a live
    blog (`live`), widened to hold all of its entries."""
    scores: dict[etree._Element, float] = {}
    body = root.find("body")
    if body is None:
        body = root
    for el in body.iter(*_SCORED):
        tag = el.tag
        if tag in ("div", "section", "article", "li", "td"):
            direct = (el.text or "").strip()
            for child in el:
                if isinstance(child.tag, str) and child.tag in ("br", "a", "b", "i", "em", "strong", "span"):
                    direct += " " + (child.tail or "").strip()
            text_len = len(direct)
            if text_len < 80:
                continue
            text = direct
        else:
            text = el.text_content()
            text_len = len(text.strip())
            if text_len < 25:
                continue
        parent = el.getparent()
        if parent is None or _in_boilerplate(el):
            continue
        score = 1 + text.count(",") + text.count("،") + text.count("、") + text.count("。") \
            + min(text_len // 100, 3)
        ancestor, level = parent, 0
        while ancestor is not None and level < 4:
            scores[ancestor] = scores.get(ancestor, 0.0) + score / (1, 2, 3, 4)[level]
            ancestor = ancestor.getparent()
            level += 1
    if not scores:
        return None
    links = link_chars_by_element(body)
    best: etree._Element | None = None
    best_score = 0.0
    for el, raw_score in scores.items():
        weighted = raw_score * (0.3 if el.tag in ("html", "body") else 1.0)
        attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
        if POSITIVE.search(attrs):
            weighted *= 1.25
        weighted *= 1 - min(0.9, link_density(el, links))
        if weighted > best_score:
            best, best_score = el, weighted
    return _widen(best) if live and best is not None else best


def paragraph_cluster(root: etree._Element) -> etree._Element | None:
    """A second, independent way to find the story: the element holding the largest run of story-like
    paragraphs (sentences of some length, few links, not captions, not in boilerplate), counted on the
    paragraphs' three nearest ancestors; of the elements holding at least 85% of the best run, the deepest."""
    body = root.find("body")
    totals: dict[etree._Element, int] = {}
    for p in (body if body is not None else root).iter("p"):
        n = _story_like(p)
        if not n:
            continue
        anc, level = p.getparent(), 0
        while anc is not None and level < 3 and anc.tag not in ("body", "html"):
            totals[anc] = totals.get(anc, 0) + n
            anc, level = anc.getparent(), level + 1
    if not totals:
        return None
    best = max(totals.values())
    return max((el for el, t in totals.items() if t >= 0.85 * best), key=lambda el: sum(1 for _ in el.iterancestors()))


def _story_like(p: etree._Element) -> int:
    """The length of a paragraph that reads as story text, else 0."""
    text = p.text_content().strip()
    if len(text) < 70 or not text.endswith(_SENTENCE_END) or link_density(p) > 0.3:
        return 0
    parent = p.getparent()
    if parent is not None and parent.find(".//img") is not None and \
            len(parent.text_content().strip()) < 1.25 * len(text):
        return 0  # a caption: the text of a slide or a picture
    if _in_boilerplate(p) or _near_form(p):
        return 0
    return len(text)


def _near_form(el: etree._Element, levels: int = 3) -> bool:
    """Inside a form, or beside one in a small box within `levels` ancestors (a sign-up box and its
    confirmation text); a large wrapper that holds a form somewhere is not such a box."""
    node = el.getparent()
    for _ in range(levels):
        if node is None or node.tag in ("body", "html", "main", "article"):
            return False
        if node.tag == "form":
            return True
        if (node.find(".//form") is not None or node.find(".//input[@type='email']") is not None) and \
                len(node.text_content()) < 1500:
            return True
        node = node.getparent()
    return False


def implausible(container: etree._Element) -> str | None:
    """Why the block content scoring chose cannot be the story, or None: a form (its confirmation text),
    or a gallery (pictures with captions)."""
    if container.tag not in ("main", "article", "body") and (
            _near_form(container[0] if len(container) else container, levels=2)
            or container.find(".//form") is not None):
        return "a form"
    images = len(container.findall(".//img"))
    if images >= 5 and images * 300 >= len(container.text_content()):
        return "a gallery"
    return None


def _widen(el: etree._Element) -> etree._Element:
    """Climb from the best-scored block (a live blog's intro, or one entry) to the ancestor, within
    its <article>, that holds the entries too."""
    chars = _para_chars(el)
    node, level = el, 0
    while level < 3 and node.tag != "article":
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html") or _in_boilerplate(parent):
            break
        more = _para_chars(parent)
        if more < chars * 1.6 or link_density(parent) > 0.3:
            node, level = parent, level + 1
            continue
        return parent
    return el


def _in_boilerplate(el: etree._Element, top: etree._Element | None = None, depth: int = 6) -> bool:
    """Whether the element, or an ancestor below `top` (or within `depth` levels), is boilerplate."""
    while el is not None and el is not top and depth > 0:
        if el.tag in ("aside", "nav", "footer") or is_junk(el):
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
    """Characters of link text under each element, from one pass over the links (not one per element)."""
    out: dict[etree._Element, int] = {}
    for a in root.iter("a"):
        n = len(a.text_content())
        if not n:
            continue
        el = a
        while el is not None:
            out[el] = out.get(el, 0) + n
            el = el.getparent()
    return out


def story_parts(container: etree._Element) -> list[etree._Element]:
    """The container plus the other parts of a story split into repeated blocks (same tag and class,
    within the same <article>, or the same parent a few levels up), in reading order."""
    lead = _lead_paragraphs(container)
    cls = container.get("class")
    if not cls or container.tag == "article":  # an <article> is a whole story; its look-alikes are others
        return lead + [container]
    scope = _scope(container)
    parts = []
    for el in scope.iter(container.tag):
        if el.get("class") != cls:
            continue
        if el is not container and (is_inside(el, container) or is_inside(container, el)):
            continue
        if el is not container and (is_junk(el) or _para_chars(el) == 0):
            continue
        parts.append(el)
    return lead + (parts or [container])


def _lead_paragraphs(container: etree._Element) -> list[etree._Element]:
    """Story paragraphs printed just before the container, beside it (a lead paragraph outside the
    wrapper that holds the rest of the story)."""
    lead: list[etree._Element] = []
    sib = container.getprevious()
    while sib is not None:
        text = sib.text_content().strip() if isinstance(sib.tag, str) else ""
        if not text:  # an empty ad slot or marker between them
            sib = sib.getprevious()
            continue
        if sib.tag != "p" or len(text) < 80 or link_density(sib) > 0.3 or is_junk(sib):
            break
        lead.insert(0, sib)
        sib = sib.getprevious()
    return lead


def _scope(el: etree._Element) -> etree._Element:
    node = el.getparent()
    depth = 0
    while node is not None and depth < 8:
        if node.tag in ("article", "main"):
            return node
        node = node.getparent()
        depth += 1
    node, depth = el, 0
    while node.getparent() is not None and node.getparent().tag not in ("body", "html") and depth < 3:
        node = node.getparent()
        depth += 1
    return node


def _para_chars(el: etree._Element) -> int:
    """Characters in the element's story paragraphs (over 40 characters, outside boilerplate)."""
    total = 0
    for p in el.iter("p"):
        n = len(p.text_content().strip())
        if n > 40 and not _in_boilerplate(p, top=el, depth=1000):
            total += n
    return total


def signup_boxes(container: etree._Element) -> list[etree._Element]:
    """Newsletter and sign-up boxes: the largest short element around an e-mail input."""
    out = []
    for field in container.iterfind(".//input[@type='email']"):
        box = None
        el = field.getparent()
        while el is not None and el is not container:
            if text_weight(el.text_content()) > 600:
                break
            box = el
            el = el.getparent()
        if box is not None:
            out.append(box)
    return out


_REPEAT_CHECK_MAX = 300  # blocks; a longer story (a long live blog) is not searched for pull quotes


def _drop_repeats(items: list[Block]) -> list[Block]:
    """Drop a short paragraph that a longer paragraph of the story already holds (a pull quote, a teaser)."""
    if len(items) > _REPEAT_CHECK_MAX:
        return items
    keys = [b.text.casefold().strip(" \"'“”„«»‘’") for b in items]
    out = []
    for b, key in zip(items, keys, strict=True):
        if 40 <= len(key) <= 400 and b.tag not in HEADINGS and any(
                len(other) > len(key) and key in other for other in keys):
            continue
        out.append(b)
    return out


def body_text(container: etree._Element | list[etree._Element], skip: set[etree._Element] | None = None,
              titles: Iterable[str] = (), byline: str | None = None) -> str:
    """The cleaned story text of a container (or of the parts of a split story, in order).

    `titles` (the headline and its variants) and `byline` are not story text: a heading that repeats a
    title, with or without its kicker, and a line that repeats the byline are dropped.
    """
    parts = container if isinstance(container, list) else [container]
    skip = set(skip or ()) | {box for part in parts for box in signup_boxes(part)}
    raw = [b for part in parts for b in blocks(part, skip)][:MAX_BLOCKS]
    items = _trim_tail(_drop_paywall_prompts(_live_furniture(_drop_repeats([b for b in raw if keep(b)]))))
    title_keys = {k for k in map(_alnum_key, titles) if k}
    byline_key = _alnum_key(byline)
    return to_text(b for b in items if not (
        (b.tag in HEADINGS and _repeats_title(_alnum_key(b.text), title_keys))
        or (byline_key and len(b.text) <= 2 * len(byline or "") and _alnum_key(b.text) == byline_key)))


_CLOCK = re.compile(r"\d{1,2}[:.h]\d{2}(?:\s?(?:[ap]\.?m\.?|uhr|h|hrs|gmt|utc|bst|cet|et|jst))?", re.I)


def _live_furniture(items: list[Block]) -> list[Block]:
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
        if counts.get(text, 0) >= 3 and len(text.split()) <= 5 and not text.endswith(_SENTENCE_END) \
                and not _CLOCK.fullmatch(text):
            continue
        if _CLOCK.fullmatch(text):
            stamp = text if stamp is None else f"{stamp} {text}"
            continue
        if stamp is not None:
            b = dataclasses.replace(b, text=f"{stamp} {text}")
            stamp = None
        out.append(b)
    return out


_SENTENCE_END = tuple('.!?…"”»’)。！？」』）')


def _trim_tail(items: list[Block]) -> list[Block]:
    """Drop the run of short labels after the story's last sentence ('Related keywords', 'Recommended',
    a column of dates): widget headings left inside the container."""
    end = len(items)
    while end > 1:
        text = items[end - 1].text
        if text_weight(text) >= 40 or text.endswith(_SENTENCE_END):
            break
        end -= 1
    return items[:end] if end >= len(items) // 2 else items


def _repeats_title(key: str, title_keys: set[str]) -> bool:
    """The heading is a title, or a kicker followed by a title of more than a few words."""
    return key in title_keys or any(len(k) > 10 and key.endswith(k) for k in title_keys)


def _alnum_key(text: str | None) -> str:
    """Letters and digits only, case folded: 'Kicker: Headline – “Quote”' ~ 'Kicker Headline - "Quote"'."""
    return _NOT_ALNUM.sub("", (text or "").casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")


def standfirst(root: etree._Element, container: etree._Element, descriptions: list[str]) -> str | None:
    """The visible standfirst (dek) printed above the story, located by the page's own description."""
    for desc in descriptions:
        key = clean(desc).rstrip(".…")
        if len(key) < 50:
            continue
        probe = key[:30]
        if "'" in probe and '"' in probe:
            continue
        quote = '"' if "'" in probe else "'"
        for node in root.xpath(f"//body//text()[contains(., {quote}{probe}{quote})]"):
            el = node.getparent()
            while el is not None and el.tag not in ("p", "div", "h2", "section", "header", "span"):
                el = el.getparent()
            if el is None or el is container or is_inside(el, container) or is_inside(container, el):
                continue
            text = clean(el.text_content())
            if len(text) > len(key) * 1.3 + 40 or is_hidden(el) or _in_boilerplate(el):
                continue
            if _precedes(root, el, container):
                return text
    return None


def _precedes(root: etree._Element, a: etree._Element, b: etree._Element) -> bool:
    for el in root.iter():
        if el is a:
            return True
        if el is b:
            return False
    return False
