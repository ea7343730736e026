"""The judge between the two body methods: A (content scoring, the walker and its filters) and B (block
classification, density.py). It keeps A unless A is implausible beside B, by features that hold for any
site: words of prose, how much of one is inside the other, the share of the page's prose each takes, B's
link density and which starts nearer the headline. Each decision says why (`parse --explain`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import word_count
from .density import DensityResult, fold
from .judge import in_boilerplate

# Named thresholds (words count a CJK character as half a word)
STORY_WORDS = 25  # under this, a method found no story (parse.MIN_STORY_WORDS)
B_MIN_WORDS = 80  # B is taken only for a story of at least this many words
B_MAX_LINK_DENSITY = 0.15  # ... whose text is at most this share links
INSIDE = 0.8  # "A is inside B": at least this share of A's word trigrams are B's
APART = 0.2  # "A and B are different text": at most this share of A's trigrams are B's
EARLY_STOP_GROWTH = 2.0  # B holds A and at least this many times its words: A stopped early ...
EARLY_STOP_MAX_WORDS = 150  # ... when A is a fragment of at most this many words (not a story before comments)
DROPPED = 0.5  # ... and under this share of what B adds sits in boxes A's names call boilerplate (comments)
OTHER_BLOCK_GROWTH = 0.5  # B shares nothing with A and has this many times its words: A took another block
# when A found nothing, B is taken only if it reads as prose: a paragraph this long, or this many paragraphs
# of more than a short line's words (a listing's summaries, between linked titles, are no story blocks)
LONG_BLOCK_WORDS = 40
MIN_PROSE_BLOCKS = 3
PROSE_BLOCK_WORDS = 16
TRIM_MIN_WORDS = 50  # B inside A, taken for a story of at least this many words
SURPLUS = 0.3  # A's text beyond B is at least this share of A's words ...
SURPLUS_JUNK = 0.7  # ... and at least this share of that surplus is in blocks B's classifier calls no story,
APART_BLOCKS = 5  # lying more than this many blocks away from B's run (a story's own lists and notes are near)


@dataclass
class Verdict:
    method: str  # "A" or "B"
    text: str
    reason: str


def _grams(text: str) -> set[tuple[str, ...]]:
    """The text's word trigrams (case folded), as tuples: hashing a tuple of words costs less than joining them."""
    words = re.findall(r"\w+", text.casefold())
    return set(zip(words, words[1:], words[2:], strict=False))


def _inside(part: set[tuple[str, ...]], whole: set[tuple[str, ...]]) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _a_start(a: str, b: DensityResult) -> int:
    """Where A's first paragraph sits among the page's blocks (-1 when it is not found)."""
    first = " ".join(a.split("\n", 1)[0].split())[:60].casefold()
    if not first:
        return -1
    return next((blk.order for blk in b.page if first in blk.key), -1)


def _surplus_is_junk(a: str, b: DensityResult, gb: set[tuple[str, ...]]) -> str | None:
    """Why A's text beyond B is no story (in blocks the classifier calls no story, away from B's run), or
    None when it may be story text."""
    first, last = b.blocks[0].order - APART_BLOCKS, b.blocks[-1].order + APART_BLOCKS
    junk_blocks = {blk.key for blk in b.page if not blk.content and not first <= blk.order <= last}
    total = surplus = junk = 0.0
    for para in a.split("\n\n"):
        n = word_count(para)
        total += n
        if _inside(_grams(para), gb) >= 0.5 or (n < 3 and fold(para) in (x.key for x in b.blocks)):
            continue
        surplus += n
        junk += n if fold(para) in junk_blocks else 0
    if total and surplus >= SURPLUS * total and junk >= SURPLUS_JUNK * surplus:
        return f"{surplus:.0f} of A's words are not in B: links or fragments from elsewhere on the page"
    return None


def _dropped_on_purpose(b: DensityResult, ga: set[tuple[str, ...]]) -> bool:
    """Whether most of what B holds beyond A sits in elements A's rules name as boilerplate (a comment
    thread, a pop-up): text A left out on purpose, not a story A stopped short of."""
    extra = [blk for blk in b.blocks if _inside(_grams(blk.raw), ga) < 0.5]
    total = sum(blk.words for blk in extra)
    named = sum(blk.words for blk in extra if blk.owner is not None and in_boilerplate(blk.owner))
    return total > 0 and named >= DROPPED * total


def judge_bodies(a: str, b: DensityResult) -> Verdict:
    """Keep A, or take B where A is implausible beside it; the reason names the figures."""
    wa, wb = word_count(a), b.words
    figures = f"A took {wa:.0f} words, B {wb:.0f}"
    if wb < TRIM_MIN_WORDS or b.link_density > B_MAX_LINK_DENSITY:
        return Verdict("A", a, f"A kept ({figures}; B is no story: too short or mostly links)")
    text_b = b.text
    ga, gb = _grams(a), _grams(text_b)
    a_in_b = _inside(ga, gb)
    shares = f"A is {a_in_b:.0%} inside B"
    if wa >= STORY_WORDS and a_in_b <= 1 - SURPLUS:
        trimmed = _surplus_is_junk(a, b, gb)
        if trimmed:
            return Verdict("B", text_b, f"B taken ({figures}; {trimmed})")
    if wb < B_MIN_WORDS:
        return Verdict("A", a, f"A kept ({figures}; {shares}; B is too short to overrule A)")
    if wa < STORY_WORDS:
        prose = [blk for blk in b.blocks if blk.words > PROSE_BLOCK_WORDS]
        if len(prose) >= MIN_PROSE_BLOCKS or max(blk.words for blk in b.blocks) >= LONG_BLOCK_WORDS:
            return Verdict("B", text_b, f"B taken ({figures}; A found no story)")
        return Verdict("A", a, f"A kept ({figures}; A found no story, and B has no paragraphs of prose)")
    if (
        a_in_b >= INSIDE
        and wb >= EARLY_STOP_GROWTH * wa
        and wa <= EARLY_STOP_MAX_WORDS
        and not _dropped_on_purpose(b, ga)
    ):
        return Verdict("B", text_b, f"B taken ({figures}; {shares}: A stopped early)")
    if a_in_b <= APART and wb >= OTHER_BLOCK_GROWTH * wa:
        start_a = _a_start(a, b)
        if b.headline_at >= 0 and (start_a < 0 or abs(b.start - b.headline_at) < abs(start_a - b.headline_at)):
            return Verdict(
                "B", text_b, f"B taken ({figures}; {shares}, B starts nearer the headline: A took another block)"
            )
    return Verdict("A", a, f"A kept ({figures}; {shares})")
