"""Hostile shapes made from the extractor's own rules (issue 22, item 2), for tests/test_scaling.py and
bench/hostile.py.

Every rule that looks at an element's children, ancestors or siblings is fed a shape built from its own
vocabulary: each junk class word (words.NEGATIVE_WORDS, ALWAYS_JUNK, the phrases), the byline, date,
ranking-heading and teaser-card markup, each built wide (N siblings in one wrapper) and deep (N wrappers
nested), and placed inside the story, where the rules that climb from a paragraph meet it. A rule that
is linear costs about 4x at 4N; a quadratic one about 16x. A new word added to a list is tested the day
it is added."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from newsgrab.extract import lexicon
from newsgrab.extract.body import words

from .conftest import html_page

STORY = "".join(
    f"<p>Paragraph {i} of an ordinary story: the council met on Monday and voted on the plan, "
    f"officials said, after a long debate about the cost.</p>"
    for i in range(6)
)

# What goes into a wrapper, once per sibling (wide) or once per level (deep); {i} numbers it.
UNITS: dict[str, str] = {
    "short paragraph": "<p>Share this story now, okay.</p>",
    "long paragraph": "<p>Paragraph {i} of another text: readers said the plan would cost more than the council "
    "had said, and asked for a vote.</p>",
    "link item": "<li><a href='/news/2026/12/01/story-{i}/'>Another story title number {i}</a></li>",
    "byline": "<div class='byline'>By <a href='/author/ann-lee-{i}'>Ann Lee</a> and Bob Ray, Staff Writer</div>",
    "date": "<p class='date'><time datetime='2026-12-01T10:00:00+09:00'>December 1, 2026 10:00</time></p>",
    "teaser card": "<div class='card'><h3><a href='/news/2026/12/01/card-{i}/'>Card headline {i}</a></h3>"
    "<p>A teaser of story {i}, a sentence or two long, that links to it.</p></div>",
    "comment form": "<form action='/reply/{i}'><p>Your nickname</p><textarea name='m{i}'></textarea></form>",
    "figure": "<figure><img src='/img/{i}.jpg' alt='photo {i}'><figcaption>Caption {i} (Photo: Ann Lee)"
    "</figcaption></figure>",
}


@dataclass(frozen=True)
class Shape:
    name: str
    make: Callable[[int], str]  # N -> page HTML


def page(inside: str) -> str:
    """An ordinary story page with `inside` between the story's two halves."""
    return html_page(
        f"<article><h1>An ordinary headline</h1><p class='byline'>By Ann Lee</p>"
        f"{STORY[: len(STORY) // 2]}{inside}{STORY[len(STORY) // 2 :]}</article>",
        title="An ordinary headline",
    )


def bare_page(inside: str) -> str:
    """A story page with no <article>: its parts are found by their look-alikes (body.story_parts)."""
    return html_page(
        f"<h1>An ordinary headline</h1><div class='detail'>{STORY}{inside}</div>", title="An ordinary headline"
    )


def wide(open_tag: str, close_tag: str, unit: str) -> Callable[[int], str]:
    return lambda n: page(open_tag + "".join(unit.replace("{i}", str(i)) for i in range(n)) + close_tag)


def deep(open_tag: str, close_tag: str, unit: str) -> Callable[[int], str]:
    return lambda n: page("".join(open_tag + unit.replace("{i}", str(i)) for i in range(n)) + close_tag * n)


def _junk_classes() -> list[str]:
    phrases = [
        "author-box",
        "more-stories",
        "read-more",
        "most-popular",
        "see-also",
        "app-promo",
        "post-date",
        "jump-link",
        "sr-only",
        "visually-hidden",
        "screen-reader",
        "article-meta",
        "entry-meta",
        "post-meta",
        "support-us",
        "embed-social",
        "meta",
        "tools",
        "actions",
        "info-box",
        "authors",
        "twitter-tweet",
        "instagram-media",
    ]
    return sorted(words.NEGATIVE_WORDS | words.ALWAYS_JUNK) + phrases


def _ranking_headings() -> list[str]:
    return list(dict.fromkeys(lexicon.words("ranking_headings") + lexicon.words("ranking_headings_whole")))


def shapes() -> Iterator[Shape]:
    """Every shape: name and maker."""
    for cls in _junk_classes():  # the junk rules climb from each paragraph through its wrappers
        o, c = f"<div class='{cls}'>", "</div>"
        yield Shape(f"class {cls!r}, short paragraphs, wide", wide(o, c, UNITS["short paragraph"]))
        yield Shape(f"class {cls!r}, short paragraphs, deep", deep(o, c, UNITS["short paragraph"]))
        yield Shape(f"class {cls!r}, link items, deep", deep(o, c, UNITS["link item"]))
    for unit, html in UNITS.items():  # the story, byline, date, card and image rules on plain wrappers
        for o, c in (("<div>", "</div>"), ("<section>", "</section>"), ("<ul>", "</ul>"), ("<span>", "</span>")):
            yield Shape(f"{o} of {unit}s, wide", wide(o, c, html))
            yield Shape(f"{o} of {unit}s, deep", deep(o, c, html))
    # the story's parts (story_parts): its look-alike blocks, unnamed sections and repeated wrappers, with
    # and without a headline in each; deep only where one level is one element (4N stays under the nesting cap)
    long = UNITS["long paragraph"]
    for name, o, c, deep_too in (
        ("unnamed sections", "<section>", "</section>", True),
        ("look-alike blocks", "<div class='part'>", "</div>", True),
        ("look-alikes under headlines", "<div class='part'><h1>Headline</h1>", "</div>", True),
        ("wrapped sections", "<div class='con'><div class='mod'><div class='box'>", "</div></div></div>", False),
        (
            "wrapped sections under headlines",
            "<div class='con'><h1>Headline</h1><div class='box'>",
            "</div></div>",
            False,
        ),
    ):
        yield Shape(
            f"story parts: {name}, wide",
            lambda n, o=o, c=c: bare_page("".join(o + long.replace("{i}", str(i)) + c for i in range(n))),
        )
        if deep_too:
            yield Shape(
                f"story parts: {name}, deep",
                lambda n, o=o, c=c: bare_page("".join(o + long.replace("{i}", str(i)) for i in range(n)) + c * n),
            )
    for heading in _ranking_headings():  # the ranking rules read a heading's following lists
        item = UNITS["link item"]
        yield Shape(f"ranking {heading!r}: one list, wide", wide(f"<div><h2>{heading}</h2><ol>", "</ol></div>", item))
        yield Shape(
            f"ranking {heading!r}: a list per item, wide",
            wide(f"<div><h2>{heading}</h2>", "</div>", f"<ol>{item}</ol>"),
        )
        yield Shape(
            f"ranking {heading!r}: heading and list, deep",
            deep("<div>", "</div>", f"<h2>{heading}</h2><ol>{item}{item}</ol>"),
        )
