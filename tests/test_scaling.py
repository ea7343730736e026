"""No rule of the extractor grows faster than the page (issue 22, item 2).

Each shape of tests/scaling.py (made from the rules' own vocabulary: every junk class word, bylines, dates,
ranking headings, teaser cards, figures; wide and deep) is parsed at N and at 4N. A linear rule costs
about 4x; the test fails past 6x, so the machine's speed does not matter and a quadratic rule (16x)
fails the day it is written. A ratio over the bound is measured again before the test fails, so a
moment of load on the machine is not taken for a quadratic rule: the process's own CPU time is read (other
processes on a shared CI machine do not count), the collector is held off while a parse is timed (a full
collection of the test session's heap is not the page's cost), and the two sizes are timed in turn, so a
spell of slowness falls on both."""

from __future__ import annotations

import gc
import time

import pytest

from newsgrab import parse_article
from newsgrab.errors import ExtractionError

from .scaling import Shape, shapes

pytestmark = [pytest.mark.slow, pytest.mark.parses_for_real]  # each parse is timed

N = 250  # 4N = 1,000 siblings or levels: under libxml2's nesting cap, so deep shapes are really 4N deep
BOUND = 6.0


def _parse_time(html: str) -> float:
    """CPU seconds of this process for one parse."""
    start = time.process_time()
    try:
        parse_article(html, "https://news.example.com/a/1")
    except ExtractionError:
        pass
    return time.process_time() - start


def growth(shape: Shape, n: int = N, rounds: int = 2) -> tuple[float, float, float]:
    """(time at n, time at 4n, their ratio), each the best of `rounds`, the two sizes timed in turn with
    the garbage collector held off."""
    small, large = shape.make(n), shape.make(4 * n)
    a = b = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(rounds):
            a = min(a, _parse_time(small))
            b = min(b, _parse_time(large))
    finally:
        gc.enable()
    return a, b, b / a


def test_no_shape_grows_faster_than_the_page():
    slow = []
    for shape in shapes():
        a, b, ratio = growth(shape)
        if ratio > BOUND:  # measured again, longer, before it counts
            a, b, ratio = growth(shape, rounds=7)
        if ratio > BOUND:
            slow.append(f"{shape.name}: {a:.3f} s at N={N}, {b:.3f} s at 4N ({ratio:.1f}x)")
    assert not slow, "rules that grow faster than the page:\n" + "\n".join(slow)


def test_the_shapes_cover_every_rule_family():
    names = [s.name for s in shapes()]
    assert len(names) == len(set(names))
    for family in (
        "class 'share'",
        "class 'comments'",
        "class 'modal'",
        "class 'teaser'",
        "class 'related'",
        "bylines",
        "dates",
        "ranking 'most read'",
        "teaser cards",
        "figures",
        "story parts",
        "comment forms",
    ):
        assert any(family in n for n in names), family
    assert any(n.endswith("wide") for n in names) and any(n.endswith("deep") for n in names)


def test_a_deep_shape_is_as_deep_as_it_says():
    """libxml2 caps nesting; past the cap a 'deep' shape would be shallow and prove nothing."""
    from newsgrab.extract.document import parse_html

    shape = next(s for s in shapes() if s.name == "class 'share', short paragraphs, deep")
    root = parse_html(shape.make(4 * N))  # the parser newsgrab reads pages with
    assert len(root.xpath("//div[@class='share']")) == 4 * N
    deepest = max(len(list(p.iterancestors())) for p in root.iter("p"))
    assert deepest >= 4 * N


def test_the_wrapper_sits_inside_the_story():
    """The shapes put their wrapper between the story's paragraphs, where the climbing rules meet it, and
    the story still comes out."""
    shape = next(s for s in shapes() if s.name == "class 'share', short paragraphs, wide")
    article = parse_article(shape.make(20), "https://news.example.com/a/1")
    assert "Paragraph 0 of an ordinary story" in article.body
    assert "Paragraph 5 of an ordinary story" in article.body
    assert "Share this story now" not in article.body
