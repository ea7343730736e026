"""The second body method: the page's text blocks classified by shallow text features, as boilerpipe does.

Independent of the first method (candidates -> walker -> filters): it reads no class or id words, scores
no container and walks no ancestors. The whole <body> is cut into text blocks in reading order (a block
ends at every block-level tag and at a blank line made of two <br>s); each block is judged story text or
not from its own words and link density and those of its neighbours (boilerpipe's NumWordsRules
classifier, Kohlschütter et al. 2010); the story is the largest run of story blocks, short gaps allowed.
Pages that set their text in <font>, in table cells or in <span>s between <br>s read like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..text import clean_lines, word_count
from .judge import is_hidden
from .words import BLOCK, HEADINGS

# What is never text the reader reads as the story's, by tag alone (the first method also reads names).
_SKIP = frozenset(
    "script noscript style svg template button select input textarea label audio video "
    "picture img source map dialog menu nav aside footer figure figcaption iframe object".split()
)
_BLOCK = BLOCK | {"td", "th", "center"}

# boilerpipe's NumWordsRules thresholds (a decision tree learnt on news pages of many sites)
LINK_DENSITY_MAX = 0.333333  # a block with more of its words in links is navigation
PREV_LINK_DENSITY_MAX = 0.555556  # after a block of links, a short block must be followed by text
SHORT_BLOCK_WORDS = 16  # a block of up to this many words is story text only beside other text
NEXT_SHORT_WORDS = 15
PREV_SHORT_WORDS = 4
AFTER_LINKS_SHORT_WORDS = 40
AFTER_LINKS_NEXT_WORDS = 17
# joining story blocks into one run: what may lie between two of them
GAP_BLOCKS = 3  # at most this many blocks that are not story text (a caption, an "Advertisement" line)
GAP_WORDS = 30  # holding at most this many words in all,
LINK_LIST_BLOCKS = 8  # or at most this many list items that are all links (a related-stories box in the story)
LINK_LIST_DENSITY = 0.9
LINE_WORDS = 3  # a shorter block in a run is a label ("Advertisement", "Share"), not a paragraph
MAX_PAGE_BLOCKS = 20_000  # blocks read per page (bounds hostile pages)


@dataclass
class TextBlock:
    raw: str  # the block's text as the page has it (line breaks from <br>)
    words: float
    link_words: float
    tag: str
    order: int
    owner: etree._Element | None = None  # the block-level element the text sits in
    content: bool = False

    @property
    def link_density(self) -> float:
        return self.link_words / self.words if self.words else 0.0

    @property
    def text(self) -> str:
        """The block's text cleaned (spaces folded, invisible characters gone, lines kept)."""
        return clean_lines(self.raw)

    @property
    def key(self) -> str:
        """The text folded for comparing (see `fold`)."""
        return fold(self.raw)


@dataclass
class DensityResult:
    """The story as the block classifier sees it: its blocks, and figures the judge compares."""

    blocks: list[TextBlock] = field(default_factory=list)  # the chosen run, in reading order
    page: list[TextBlock] = field(default_factory=list)  # all the page's blocks
    page_words: float = 0.0  # words in all the page's blocks
    prose_words: float = 0.0  # words in all blocks classified as story text
    start: int = -1  # the first chosen block's place among the page's blocks
    headline_at: int = -1  # the place of the block that prints the headline, -1 when none does

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def words(self) -> float:
        return sum(b.words for b in self.blocks if b.tag not in HEADINGS)

    @property
    def link_density(self) -> float:
        total = sum(b.words for b in self.blocks)
        return sum(b.link_words for b in self.blocks) / total if total else 0.0


def page_blocks(root: etree._Element) -> list[TextBlock]:
    """The text blocks of the page's <body> in reading order, with their words and linked words."""
    body = root.find("body")
    return _Cutter().cut(body if body is not None else root)


class _Cutter:
    """Cuts a tree into text blocks in one walk (iterative: any depth)."""

    def __init__(self) -> None:
        self.out: list[TextBlock] = []
        self.buf: list[str] = []
        self.linked: list[str] = []
        self.tag = "p"  # the block-level tag the current text sits in
        self.owner: etree._Element | None = None  # ... and that element
        self.links = 0  # how many <a> the walk is inside
        self.brs = 0  # <br>s in a row, with only white space between

    def cut(self, top: etree._Element) -> list[TextBlock]:
        skipped: set[etree._Element] = set()
        walk = etree.iterwalk(top, events=("start", "end"))
        for event, el in walk:
            tag = el.tag if isinstance(el.tag, str) else ""
            if event == "start":
                if not tag or tag in _SKIP or is_hidden(el):
                    walk.skip_subtree()  # its end event still comes: only its tail is read there
                    skipped.add(el)
                elif tag == "br":
                    self.brs += 1
                    if self.brs >= 2:
                        self.flush()  # a blank line: a paragraph ends
                    else:
                        self.buf.append("\n")
                else:
                    if tag in _BLOCK:
                        self.flush()
                        self.tag, self.owner = tag, el
                    self.links += tag == "a"
                    self.add(el.text)
            else:
                if tag in _BLOCK and el not in skipped:
                    self.flush()
                    self.tag, self.owner = "p", el.getparent()
                self.links -= tag == "a" and el not in skipped
                self.add(el.tail)
        self.flush()
        return self.out

    def flush(self) -> None:
        text = "".join(self.buf)
        if text and not text.isspace() and len(self.out) < MAX_PAGE_BLOCKS:
            self.out.append(
                TextBlock(
                    text,
                    word_count(text),
                    word_count(" ".join(self.linked)) if self.linked else 0.0,
                    self.tag,
                    len(self.out),
                    self.owner,
                )
            )
        self.buf.clear()
        self.linked.clear()
        self.brs = 0

    def add(self, text: str | None) -> None:
        if text:
            self.buf.append(text.replace("\n", " "))
            if self.links:
                self.linked.append(text)
            if not text.isspace():
                self.brs = 0


def classify(blocks: list[TextBlock]) -> None:
    """Mark each block story text or not (boilerpipe's NumWordsRules), from it and its neighbours."""
    empty = TextBlock("", 0, 0, "p", -1)
    for i, cur in enumerate(blocks):
        prev = blocks[i - 1] if i else empty
        nxt = blocks[i + 1] if i + 1 < len(blocks) else empty
        if cur.link_density > LINK_DENSITY_MAX:
            cur.content = False
        elif prev.link_density <= PREV_LINK_DENSITY_MAX:
            cur.content = cur.words > SHORT_BLOCK_WORDS or nxt.words > NEXT_SHORT_WORDS or prev.words > PREV_SHORT_WORDS
        else:
            cur.content = cur.words > AFTER_LINKS_SHORT_WORDS or nxt.words > AFTER_LINKS_NEXT_WORDS


def _runs(blocks: list[TextBlock]) -> list[list[TextBlock]]:
    """Story blocks joined into runs across short gaps; a subhead inside a run is kept."""
    runs: list[list[TextBlock]] = []
    run: list[TextBlock] = []
    gap: list[TextBlock] = []
    for b in blocks:
        if b.content:
            if run and not _bridged(gap):
                runs.append(run)
                run = []
            elif run:
                run += [g for g in gap if g.tag in HEADINGS and g.link_density <= LINK_DENSITY_MAX]
            run.append(b)
            gap = []
        elif run:
            gap.append(b)
    if run:
        runs.append(run)
    return runs


def _bridged(gap: list[TextBlock]) -> bool:
    """Whether two story blocks with `gap` between them belong to one run."""
    if len(gap) <= GAP_BLOCKS and sum(g.words for g in gap) <= GAP_WORDS:
        return True
    return len(gap) <= LINK_LIST_BLOCKS and all(g.tag == "li" and g.link_density >= LINK_LIST_DENSITY for g in gap)


def _weight(run: list[TextBlock]) -> float:
    """A run's words, less the part of them in links, twice (teasers: a linked title over a summary)."""
    words = sum(b.words for b in run)
    links = sum(b.link_words for b in run)
    return words * (1 - links / words) ** 2 if words else 0.0


def fold(text: str) -> str:
    """Text as compared across the two methods: one space between words, case folded."""
    return " ".join(text.split()).casefold()


def density_body(root: etree._Element, headline: str | None = None) -> DensityResult:
    """The story by block classification: the run of story blocks with the most words outside links."""
    blocks = page_blocks(root)
    classify(blocks)
    result = DensityResult(
        page=blocks, page_words=sum(b.words for b in blocks), prose_words=sum(b.words for b in blocks if b.content)
    )
    key = fold(headline or "")
    if key:
        result.headline_at = next((b.order for b in blocks if b.key == key), -1)
        for b in blocks:
            if b.key == key:
                b.content = False  # the headline is not the story's text
    runs = _runs(blocks)
    if not runs:
        return result
    best = max(runs, key=_weight)
    if best[0].order < result.headline_at < best[-1].order:
        best = [b for b in best if b.order > result.headline_at]  # a story starts below its headline
    result.blocks = [b for b in best if b.words >= LINE_WORDS or b.tag in HEADINGS]
    result.start = best[0].order
    return result
