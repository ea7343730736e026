"""Where the story is on a page: its <h1>, its text and the part of the page around both. Used to choose
among look-alikes (the bylines of this story and of others), not to find the story."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from .body.judge import attr_words


@dataclass
class StoryFrame:
    """Where the story is on the page, for choosing among look-alikes (bylines): the elements from
    just above its <h1> to the end of its text (`near`), and the smallest element around both (`region`).

    What it says of an element depends on the element's ancestors; the answers are kept per element and
    each is made from its parent's, so that asking of every element of a page nested N deep costs N,
    not N x N."""

    h1: etree._Element | None
    container: etree._Element | None
    region: etree._Element | None
    near: dict[etree._Element, int]
    _inside: dict[etree._Element, bool] = field(default_factory=dict, repr=False)
    _comments: dict[etree._Element, bool] = field(default_factory=dict, repr=False)
    _furniture: dict[etree._Element, bool] = field(default_factory=dict, repr=False)
    _story_ancestors: set[etree._Element] | None = field(default=None, repr=False)

    @classmethod
    def around(cls, root: etree._Element, h1: etree._Element | None, container: etree._Element | None) -> StoryFrame:
        return cls(h1, container, _story_region(h1, container), _near_story(root, h1, container))

    def tier(self, el: etree._Element) -> int:
        """0: under the headline or in the story; 1: just above the headline; 2: elsewhere in the story's
        region; 3: outside it."""
        return self.near.get(el, 2 if self.region is None or self._in_region(el) else 3)

    def elsewhere(self, el: etree._Element) -> bool:
        """Part of another story or of the page's furniture (see _other_story), or of the comments."""
        parent = el.getparent()
        return self._in_comments(el) or (parent is not None and self._in_furniture(parent, self._in_region(el)))

    def _in_region(self, el: etree._Element) -> bool:
        """Whether the story's region is a proper ancestor of the element."""
        region = self.region
        if region is None:
            return False
        return _from_ancestors(el, self._inside, lambda x: x is region, lambda x: False)

    def _in_comments(self, el: etree._Element) -> bool:
        """In the comments or a 'recent comments' widget: a commenter's name is not the story's byline."""
        return _from_ancestors(
            el,
            self._comments,
            lambda x: False,
            lambda x: "comment" in f"{x.get('class') or ''} {x.get('id') or ''}".lower(),
            include_self=True,
        )

    def _in_furniture(self, node: etree._Element, inside: bool) -> bool:
        """Whether `node` or an ancestor below the region (or the <body>) is a link (a teaser), a menu, a
        figure (a photo credit), or an <article> that holds neither the story's headline nor its text
        (another story's card); outside the story's region, also a sidebar or a footer (inside it, an
        <aside> can be the story's own author box). `inside` is the same for every node of one chain."""
        if self._story_ancestors is None:
            marks: set[etree._Element] = set()
            if self.h1 is not None:
                marks.update(self.h1.iterancestors())
            if self.container is not None:
                marks.add(self.container)
                marks.update(self.container.iterancestors())
            self._story_ancestors = marks
        holds_story = self._story_ancestors
        region = self.region
        h1 = self.h1

        def own(anc: etree._Element) -> bool:
            tag = anc.tag
            if tag in ("a", "nav", "figure", "figcaption") or (not inside and tag in ("aside", "footer")):
                return True
            if tag == "article" and h1 is not None and anc not in holds_story:
                return True
            return "menu" in attr_words(f"{anc.get('class') or ''} {anc.get('id') or ''}")

        return _from_ancestors(
            node, self._furniture, lambda x: x is region or x.tag in ("body", "html"), own, include_self=True
        )


def _from_ancestors(
    el: etree._Element,
    memo: dict[etree._Element, bool],
    stop: Callable[[etree._Element], bool],
    own: Callable[[etree._Element], bool],
    include_self: bool = False,
) -> bool:
    """Whether `own` holds for an element of the chain above `el` (from `el` itself with include_self)
    before `stop` does (a stopping node answers True when it is an ancestor and include_self is False: the
    'is inside' question; with include_self it answers False: the 'is below something' question).

    The answer is kept for each element of the chain, climbing only to the first one already known."""
    path: list[etree._Element] = []
    node: etree._Element | None = el if include_self else el.getparent()
    answer = False
    while node is not None:
        known = memo.get(node)
        if known is not None:
            answer = known
            break
        if stop(node):
            answer = not include_self
            memo[node] = answer
            break
        if own(node):
            answer = True
            memo[node] = True
            break
        path.append(node)
        node = node.getparent()
    for n in path:
        memo[n] = answer
    return answer


_NEAR_BEFORE_H1 = 30  # elements: a byline printed just above the headline is near it


def _near_story(
    root: etree._Element, h1: etree._Element | None, container: etree._Element | None
) -> dict[etree._Element, int]:
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
