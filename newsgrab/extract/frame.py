"""Where the story is on a page: its <h1>, its text and the part of the page around both. Used to choose
among look-alikes (the bylines of this story and of others), not to find the story."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from lxml import etree

from .body.judge import _attr_words
from .document import is_inside


@dataclass
class StoryFrame:
    """Where the story is on the page, for choosing among look-alikes (bylines): the elements from
    just above its <h1> to the end of its text (`near`), and the smallest element around both (`region`)."""
    h1: etree._Element | None
    container: etree._Element | None
    region: etree._Element | None
    near: dict[etree._Element, int]

    @classmethod
    def around(cls, root: etree._Element, h1: etree._Element | None,
               container: etree._Element | None) -> StoryFrame:
        return cls(h1, container, _story_region(h1, container), _near_story(root, h1, container))

    def tier(self, el: etree._Element) -> int:
        """0: under the headline or in the story; 1: just above the headline; 2: elsewhere in the story's
        region; 3: outside it."""
        return self.near.get(el, 2 if self.region is None or is_inside(el, self.region) else 3)

    def elsewhere(self, el: etree._Element) -> bool:
        """Part of another story or of the page's furniture (see _other_story), or of the comments."""
        return _in_comments(el) or _other_story(el, self.h1, self.region, self.container)


_NEAR_BEFORE_H1 = 30  # elements: a byline printed just above the headline is near it


def _near_story(root: etree._Element, h1: etree._Element | None,
                container: etree._Element | None) -> dict[etree._Element, int]:
    """The elements from the <h1> to the end of the story text (tier 0), and those just above the <h1>
    (tier 1), in document order."""
    if h1 is None or container is None:
        return {}
    last = container
    while len(last):  # the last element in document order: the last child's last child, ...
        last = last[-1]
    before: deque[etree._Element] = deque(maxlen=_NEAR_BEFORE_H1)
    near: dict[etree._Element, int] = {}
    for el in root.iter():
        if near or el is h1:
            near[el] = 0
            if el is last:
                return {**dict.fromkeys(before, 1), **near}
        else:
            before.append(el)
    return {}


def _story_region(h1: etree._Element | None, container: etree._Element | None) -> etree._Element | None:
    """The part of the page that holds the story: the smallest element around its <h1> and its text."""
    if h1 is None or container is None:
        return None
    around_h1 = set(h1.iterancestors())
    node: etree._Element | None = container
    while node is not None and node not in around_h1 and node is not h1:
        node = node.getparent()
    return node


def _other_story(el: etree._Element, h1: etree._Element | None, region: etree._Element | None,
                 container: etree._Element | None) -> bool:
    """Inside a link (a teaser), a menu, a figure (a photo credit), or an <article> that holds neither the
    story's headline nor its text (another story's card); outside the story's region, also in a sidebar or
    a footer (inside it, an <aside> can be the story's own author box)."""
    inside = region is not None and is_inside(el, region)
    for anc in el.iterancestors():
        if anc is region or anc.tag in ("body", "html"):
            break
        tag = anc.tag
        if tag in ("a", "nav", "figure", "figcaption") or (not inside and tag in ("aside", "footer")):
            return True
        if tag == "article" and h1 is not None and not is_inside(h1, anc) \
                and (container is None or not (container is anc or is_inside(container, anc))):
            return True
        if "menu" in _attr_words(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


def _in_comments(el: etree._Element) -> bool:
    """In the comments or a 'recent comments' widget: a commenter's name is not the story's byline."""
    return any("comment" in f"{a.get('class') or ''} {a.get('id') or ''}".lower()
               for a in (el, *el.iterancestors()))
