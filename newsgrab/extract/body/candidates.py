"""Finding the story: content scoring (find_container), a second, independent paragraph-run method
(paragraph_cluster) and its plausibility check, a story split over blocks, a lead printed before it."""

from __future__ import annotations

from lxml import etree

from ..document import is_inside
from ..text import clean, word_count
from .judge import (
    attr_words,
    in_boilerplate,
    is_hidden,
    is_junk,
    link_chars_by_element,
    link_density,
    negative_attrs,
    text_weight,
)
from .words import (
    POSITIVE,
    SENTENCE_END,
)

# Inline elements whose text is the block's own text (a story set in <font> or in <span>s between <br>s);
# a link's text is not (a list of links is not story text), only what follows it.
_INLINE_TEXT = frozenset("b i em strong span font u small big cite q mark sup sub".split())
_INLINE_CHILDREN_MAX = 12  # an inline element holding more elements (<br> aside) is a layout box, not text
_SCORED = ("p", "pre", "td", "blockquote", "div", "section", "article", "li", "h2", "h3")


def find_container(
    root: etree._Element, live: bool = False, cards: frozenset[etree._Element] | None = None
) -> etree._Element | None:
    """The element holding the story: the best-scored ancestor of the page's paragraphs; on a live
    blog (`live`), widened to hold all of its entries."""
    scores: dict[etree._Element, float] = {}
    body = root.find("body")
    if body is None:
        body = root
    cards = page_cards(root) if cards is None else cards
    judged: dict[etree._Element, bool] = {}  # each ancestor judged once (in_boilerplate)
    for el in body.iter(*_SCORED):
        if cards and _within(el, cards):
            continue  # a teaser's dek is not a paragraph of this story
        tag = el.tag
        if tag in ("div", "section", "article", "li", "td"):
            direct = (el.text or "").strip()
            for child in el:
                if not isinstance(child.tag, str):
                    continue
                if child.tag in _INLINE_TEXT and sum(1 for c in child if c.tag != "br") <= _INLINE_CHILDREN_MAX:
                    direct += " " + child.text_content().strip()  # '<font>…</font>', '<span>…</span><br>'
                if child.tag in _INLINE_TEXT or child.tag in ("br", "a"):
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
        if parent is None or in_boilerplate(el, seen=judged):
            continue
        score = 1 + text.count(",") + text.count("،") + text.count("、") + text.count("。") + min(text_len // 100, 3)
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
    """See paragraph_run; the element only."""
    return paragraph_run(root)[0]


def paragraph_run(
    root: etree._Element, cards: frozenset[etree._Element] | None = None
) -> tuple[etree._Element | None, int]:
    """A second, independent way to find the story: the element holding the largest run of story-like
    paragraphs (sentences of some length, few links, not captions, not in boilerplate), counted on the
    paragraphs' three nearest ancestors; of the elements holding at least 85% of the best run, the deepest."""
    body = root.find("body")
    totals: dict[etree._Element, int] = {}
    cards = page_cards(root) if cards is None else cards
    for p in (body if body is not None else root).iter("p"):
        n = 0 if cards and _within(p, cards) else _story_like(p)
        if not n:
            continue
        anc, level = p.getparent(), 0
        while anc is not None and level < 3 and anc.tag not in ("body", "html"):
            totals[anc] = totals.get(anc, 0) + n
            anc, level = anc.getparent(), level + 1
    if not totals:
        return None, 0
    best = max(totals.values())
    el = max((el for el, t in totals.items() if t >= 0.85 * best), key=lambda el: sum(1 for _ in el.iterancestors()))
    return el, totals[el]


def _within(el: etree._Element, boxes: frozenset[etree._Element], levels: int = 4) -> bool:
    """Whether the element or one of its `levels` nearest ancestors is one of `boxes`."""
    node: etree._Element | None = el
    for _ in range(levels + 1):
        if node is None:
            return False
        if node in boxes:
            return True
        node = node.getparent()
    return False


def _story_like(p: etree._Element) -> int:
    """The length of a paragraph that reads as story text, else 0."""
    text = p.text_content().strip()
    if len(text) < 70 or not text.endswith(SENTENCE_END) or link_density(p) > 0.3:
        return 0
    parent = p.getparent()
    if (
        parent is not None
        and parent.find(".//img") is not None
        and len(parent.text_content().strip()) < 1.25 * len(text)
    ):
        return 0  # a caption: the text of a slide or a picture
    if in_boilerplate(p) or _near_form(p):
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
        if (_signup_form(node) or node.find(".//input[@type='email']") is not None) and len(node.text_content()) < 1500:
            return True
        node = node.getparent()
    return False


def _signup_form(node: etree._Element) -> bool:
    """Whether the element holds a form that is not a box to write in (a comment form has a text area)."""
    return any(form.find(".//textarea") is None for form in node.iter("form"))


def _mostly_form(container: etree._Element) -> bool:
    """Whether forms hold half the block's text or more: a sign-up box is a form; a story with a
    newsletter form embedded between its paragraphs is still the story."""
    forms = container.findall(".//form")
    if not forms:
        return False
    return 2 * sum(len(f.text_content()) for f in forms) >= len(container.text_content())


def implausible(container: etree._Element) -> str | None:
    """Why the block content scoring chose cannot be the story, or None: a form (its confirmation text),
    or a gallery (pictures with captions)."""
    if container.tag not in ("main", "article", "body") and (
        _near_form(container[0] if len(container) else container, levels=2) or _mostly_form(container)
    ):
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
        if parent is None or parent.tag in ("body", "html") or in_boilerplate(parent):
            break
        more = _para_chars(parent)
        if more < chars * 1.6 or link_density(parent) > 0.3:
            node, level = parent, level + 1
            continue
        return parent
    return el


def story_parts(container: etree._Element) -> list[etree._Element]:
    """The container plus the other parts of a story split into repeated blocks, in reading order: blocks
    of the container's tag and class (within the same <article>, or the same parent a few levels up), or,
    failing those, siblings of the container's wrapper of the wrapper's tag and class (see _wrapper_look_alikes)."""
    lead = _lead_paragraphs(container)
    if container.tag == "article":  # an <article> is a whole story; its look-alikes are others
        return lead + [container]
    parts = _look_alikes(container) or _wrapper_look_alikes(container)
    return lead + (parts or [container])


def _look_alikes(container: etree._Element) -> list[etree._Element]:
    """Blocks of the container's tag and class around it, the container among them; for an unnamed
    <section> (HTML's unit of a document's chapters), its unnamed sibling sections. Empty if none. An <h1>
    is where a story begins: the blocks before the story's own <h1> and from the next one on are other
    stories (the next story, loaded below this one in the same blocks)."""
    cls = container.get("class")
    parent = container.getparent()
    if cls:
        found = _scope(container).iter(container.tag, "h1")
    elif container.tag == "section" and container.get("id") is None and parent is not None:
        found = parent.iterchildren("section", "h1")
    else:
        return []
    around = set(container.iterancestors())  # what wraps the story is the story's
    junk_boxes: dict[etree._Element, bool] = {}
    parts: list[etree._Element] = []
    past = False  # the container has been passed
    for el in found:
        if el.tag == "h1" and container.tag != "h1":
            if not _is_headline(el):
                continue  # an <h1> that labels a box ('Advertisement', 'COUPONS') begins no story
            holder = parts[-1] if parts and is_inside(el, parts[-1]) else None
            if holder is container:
                continue  # the story's own
            if past:
                if holder is not None:
                    parts.pop()  # the next story's first block
                break
            parts = [holder] if holder is not None else []  # what came before is another story's
            continue
        if el.get("class") != cls or (not cls and el.get("id") is not None):
            continue
        if el is not container and (is_inside(el, container) or is_inside(container, el)):
            continue
        if el is not container and (not _story_part(el) or _in_junk_box(el, around, junk_boxes)):
            continue
        parts.append(el)
        past = past or el is container
    return parts if len(parts) > 1 else []


_HEADLINE_WORDS = 3  # an <h1> of fewer words labels a box ('Advertisement', 'Top Stories'): it begins no story


def _is_headline(h1: etree._Element) -> bool:
    return not is_hidden(h1) and word_count(h1.text_content()) >= _HEADLINE_WORDS


def _opens_a_story(el: etree._Element) -> bool:
    """Whether a block is or holds a story's headline (a visible <h1> of a few words): a story's later parts
    open with subheads, so the parts beyond it are another story's."""
    return any(map(_is_headline, el.iter("h1")))


_PART_LINK_DENSITY = 0.3  # a look-alike with more of its text in links is a box of teasers, not the story's next part


def _story_part(el: etree._Element) -> bool:
    """Whether a look-alike of the story's block is a part of it: story paragraphs, few links, no junk name."""
    return not is_junk(el) and _para_chars(el) > 0 and link_density(el) <= _PART_LINK_DENSITY


_WRAPPER_LEVELS = 4  # how far above the container its repeated wrapper is looked for
# beside these is another story (<article>, <main>) or another column of a layout table, not the story's next part
_NOT_A_WRAPPER = frozenset(("article", "main", "body", "html", "table", "tbody", "thead", "tr", "td", "th"))


def _wrapper_look_alikes(container: etree._Element) -> list[etree._Element]:
    """A story whose sections are each wrapped in the same few boxes (<div class="con"><div
    class="mod">...<p>): the nearest wrapper within _WRAPPER_LEVELS whose siblings of its tag and class hold
    story paragraphs gives those siblings, with the container in its wrapper's place. Not above an
    <article> or <main> (what is beside the story's own wrapper is another story), nor in a table (a
    layout table's cells are the page's columns)."""
    node = container
    for _ in range(_WRAPPER_LEVELS):
        wrapper = node.getparent()
        if wrapper is None or wrapper.tag in _NOT_A_WRAPPER:
            return []
        node = wrapper
        cls = wrapper.get("class")
        parent = wrapper.getparent()
        if not cls or parent is None:
            continue
        parts: list[etree._Element] = []
        past = False  # the wrapper has been passed
        for el in parent.iterchildren():
            if _opens_a_story(el):
                if past:  # the next story, loaded below this one: the story ends here
                    return parts if len(parts) > 1 else []
                parts = []  # what came before is another story's
            if el.tag == wrapper.tag and el.get("class") == cls and (el is wrapper or _story_part(el)):
                parts.append(container if el is wrapper else el)
            past = past or el is wrapper
        if len(parts) > 1:
            return parts
    return []


def _in_junk_box(el: etree._Element, around: set[etree._Element], seen: dict[etree._Element, bool]) -> bool:
    """Whether a look-alike sits in a box whose class marks it as not the story (a comment thread whose
    comments are <div class=item> like the story's own block). The boxes `around` the story (its
    ancestors) are not asked. `seen` keeps, for each box, whether it or a box above it is junk: each box
    is asked once, so look-alikes side by side or nested N deep cost N, not N x N."""
    path: list[etree._Element] = []
    node = el.getparent()
    while node is not None and node not in around and node not in seen:
        path.append(node)
        node = node.getparent()
    answer = seen.get(node, False) if node is not None else False
    for box in reversed(path):  # from the top down
        answer = answer or is_junk(box)
        seen[box] = answer
    return answer


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
        if n > 40 and not in_boilerplate(p, top=el, depth=1000):
            total += n
    return total


def signup_boxes(container: etree._Element) -> list[etree._Element]:
    """Newsletter, sign-up and consent boxes: the largest short element around an e-mail input or a
    check box ('Show external content: I agree that ...'); the short <form> around a text area (a comment
    form: 'Your nickname', 'Message', 'Image verification')."""
    out = []
    for field in container.xpath("descendant::input[@type='email' or @type='checkbox']"):
        box = None
        el = field.getparent()
        while el is not None and el is not container:
            if text_weight(el.text_content()) > 1000:
                break
            box = el
            el = el.getparent()
        if box is not None:
            out.append(box)
    forms: set[etree._Element] = set()
    for field in container.iter("textarea"):  # a form to write in: a comment or message form
        form = _form_around(field, container)
        if form is not None and form not in forms:
            forms.add(form)
            if text_weight(form.text_content()) <= _FORM_TEXT:
                out.append(form)
    return out


_FORM_TEXT = 1000  # a form holding more text than this wraps the page (ASP.NET's <form>), not a box to write in
_FORM_LEVELS = 8  # a field's form is this near


def _form_around(field: etree._Element, container: etree._Element) -> etree._Element | None:
    """The <form> a field sits in, within the container and _FORM_LEVELS of the field; None past those."""
    el = field.getparent()
    for _ in range(_FORM_LEVELS):
        if el is None or el is container:
            return None
        if el.tag == "form":
            return el
        el = el.getparent()
    return None


def page_cards(root: etree._Element) -> frozenset[etree._Element]:
    """The page's teaser cards (see teaser_cards): their paragraphs are not this story's, for scoring."""
    body = root.find("body")
    return frozenset(teaser_cards(body if body is not None else root))


def teaser_cards(container: etree._Element) -> list[etree._Element]:
    """Teaser cards: a linked headline and its short dek (one paragraph at most) in one small box (a related
    story, a live-blog promo). The smallest box around the headline that holds text besides links is the
    card when it is short; a related link followed by the story's next paragraph is not one."""
    out: list[etree._Element] = []
    for heading in container.iter("h2", "h3", "h4", "h5"):
        text = heading.text_content().strip()
        if not text or link_density(heading) < 0.9:
            continue
        box = heading.getparent()
        for _ in range(3):
            if box is None or box is container:
                break
            total = len(box.text_content().strip())
            plain = total - sum(len(a.text_content().strip()) for a in box.iter("a"))
            if plain > 20:
                if total <= 600 and plain < 400 and box.tag in _CARD_TAGS and _paragraphs(box) <= 1:
                    out.append(box)
                break
            box = box.getparent()
    return out


_CARD_TAGS = frozenset(("div", "li", "article", "section", "aside"))


def _paragraphs(el: etree._Element) -> int:
    """Paragraphs with text in the element: a card's dek is one; a short story has more."""
    return sum(1 for p in el.iter("p") if (p.text_content() or "").strip())


def standfirst(root: etree._Element, container: etree._Element, descriptions: list[str]) -> str | None:
    """The visible standfirst (dek) printed above the story, located by the page's own description."""
    probed: set[str] = set()
    for desc in descriptions:
        key = clean(desc).rstrip(".…")
        if len(key) < 50:
            continue
        probe = key[:30]
        if ("'" in probe and '"' in probe) or key in probed:
            continue  # the same description in og:, twitter: and JSON-LD is looked for once
        probed.add(key)
        quote = '"' if "'" in probe else "'"
        # only text before the story can be a standfirst printed above it
        for node in container.xpath(f"preceding::text()[contains(., {quote}{probe}{quote})]"):
            el = node.getparent()
            while el is not None and el.tag not in ("p", "div", "h2", "section", "header", "span"):
                el = el.getparent()
            if el is None or el is container or is_inside(el, container) or is_inside(container, el):
                continue
            text = clean(el.text_content())
            if len(text) > len(key) * 1.3 + 40 or is_hidden(el) or _boilerplate_lead(el):
                continue
            if _precedes(root, el, container):
                return text
    return None


def lead_block(root: etree._Element, container: etree._Element, heading: etree._Element | None) -> str | None:
    """The standfirst by its place: the first block of sentences between the story's <h1> and the story,
    in the same <article> or <main>, that is not a link, a caption, a byline or a date."""
    if heading is None or is_inside(container, heading) or is_inside(heading, container):
        return None
    scope = _scope(container)
    if not is_inside(heading, scope):
        return None
    started = False
    for el in scope.iter():
        if el is heading:
            started = True
            continue
        if el is container:
            return None
        if not started or not isinstance(el.tag, str) or el.tag not in _LEAD_TAGS or is_inside(el, heading):
            continue
        if any(isinstance(c.tag, str) and c.tag in _LEAD_BLOCKERS for c in el):
            continue  # not a leaf block: its children are read instead
        text = clean(el.text_content())
        if not 60 <= text_weight(text) <= 600 or not text.endswith(SENTENCE_END):
            continue
        if (
            is_hidden(el)
            or _boilerplate_lead(el, top=scope)
            or link_density(el) > 0.3
            or any(a.tag in ("figure", "figcaption", "a", "button", "label") for a in el.iterancestors())
        ):
            continue
        return text
    return None


def _boilerplate_lead(el: etree._Element, top: etree._Element | None = None) -> bool:
    """A lead in boilerplate: its wrappers are, or its own class or id is and does not name a summary
    (a standfirst is often class "teaser"; "sharing-service-description" is not one)."""
    if in_boilerplate(el.getparent(), top=top) or any(
        "-" in a.tag and negative_attrs(a.tag) for a in el.iterancestors() if isinstance(a.tag, str)
    ):
        return True  # a custom element's name says what it is too: <k-popover>, <share-menu>
    words = attr_words(f"{el.get('class') or ''} {el.get('id') or ''}") - _SUMMARY_WORDS
    return bool(words) and negative_attrs(" ".join(sorted(words)))


_SUMMARY_WORDS = frozenset(
    "teaser summary excerpt intro lead lede dek standfirst abstract chapo chapeau "
    "subtitle subheadline description".split()
)
_LEAD_TAGS = frozenset(("p", "div", "h2"))
_LEAD_BLOCKERS = frozenset("p div section article ul ol li h1 h2 h3 h4 figure table blockquote header".split())


def _precedes(root: etree._Element, a: etree._Element, b: etree._Element) -> bool:
    for el in root.iter():
        if el is a:
            return True
        if el is b:
            return False
    return False
