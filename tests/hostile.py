"""Hostile page shapes (issue 12): each made at the size that once took minutes to parse. Used by
tests/test_hostile.py (with a generous bound) and bench/hostile.py (which prints the time of each)."""

from __future__ import annotations

import json
from functools import lru_cache

from .conftest import html_page

STORY = "".join(
    f"<p>Paragraph {i} of an ordinary story: the council met on Monday and voted on the plan, "
    f"officials said, after a long debate about the cost.</p>"
    for i in range(6)
)


def page(head: str = "", body: str = "", after: str = "", tail: str = "") -> str:
    """An ordinary story page; `body` before the story, `tail` after it in the article, `after` after the article."""
    return html_page(
        f"<article><h1>An ordinary headline</h1>{body}{STORY}{tail}</article>{after}",
        head=head,
        title="An ordinary headline",
    )


@lru_cache(maxsize=1)
def shapes() -> dict[str, str]:
    """name -> page HTML (made once, on first use)."""
    out: dict[str, str] = {}
    for kb in (2, 4, 8):
        out[f"author meta a@@@ {kb} KB"] = page(f'<meta name="author" content="a{"@" * (kb * 1024)}">')
    out["author meta digits 1 MB"] = page(f'<meta name="author" content="{"1" * 1_000_000}">')
    out["author meta 'By By By' 1 MB"] = page(f'<meta name="author" content="{"By " * 333_000}">')
    out["json-ld author a@@@ 8 KB"] = page(
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "a" + "@" * 8192}})
        + "</script>"
    )
    out["json-ld author digits 1 MB"] = page(
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "author": {"@type": "Person", "name": "1" * 1_000_000}})
        + "</script>"
    )
    for n in (5_000, 10_000):
        out[f"share div + {n} short paragraphs"] = page(tail="<div class=share><p>Share</p></div>" + "<p>x y</p>" * n)
        out[f"share div holding {n} short paragraphs"] = page(tail="<div class=share>" + "<p>x y</p>" * n + "</div>")
    out["40,000 spans in one div"] = page(after="<div>" + "<span>word</span>" * 40_000 + "</div>")
    out["25,000 author links"] = page(
        body="<div class=byline>By " + "<a href='/author/x'>Ann Lee</a>, " * 25_000 + "</div>"
    )
    for n in (5_000, 20_000):
        out[f"Most Read + {n} two-item lists"] = page(
            after="<div><h2>Most Read</h2>"
            + (
                "<ul><li><a href='/a/1'>One story of the day</a></li><li><a href='/a/2'>Two stories of the day</a></li>"
                "</ul>" * n
            )
            + "</div>"
        )
    out["40 Most Read headings x 2,500 lists"] = page(
        after="".join(
            "<div><h2>Most Read</h2>" + "<ul><li><a href='/a/1'>One story of the day</a></li>"
            "<li><a href='/a/2'>Two stories of the day</a></li></ul>" * 2_500 + "</div>"
            for _ in range(40)
        )
    )
    desc = "A description of the story that the page repeats again and again after the story itself."
    out["meta description in 8,000 divs"] = page(
        f'<meta name="description" content="{desc}">', tail=f"<div><p>{desc}</p></div>" * 8_000
    )
    out["meta description in 8,000 divs after"] = page(
        f'<meta name="description" content="{desc}">', after=f"<div><p>{desc}</p></div>" * 8_000
    )
    out["10 MB of paragraphs"] = page(tail="<p>Another paragraph of text, with a comma, and more words.</p>" * 160_000)
    out["10 MB in one text node"] = page(tail="<p>" + "word " * 2_000_000 + "</p>")
    out["100,000-deep nesting"] = page(tail="<div>" * 100_000 + "deep" + "</div>" * 100_000)
    return out


SHAPE_NAMES = [
    "author meta a@@@ 2 KB",
    "author meta a@@@ 4 KB",
    "author meta a@@@ 8 KB",
    "author meta digits 1 MB",
    "author meta 'By By By' 1 MB",
    "json-ld author a@@@ 8 KB",
    "json-ld author digits 1 MB",
    "share div + 5000 short paragraphs",
    "share div holding 5000 short paragraphs",
    "share div + 10000 short paragraphs",
    "share div holding 10000 short paragraphs",
    "40,000 spans in one div",
    "25,000 author links",
    "Most Read + 5000 two-item lists",
    "Most Read + 20000 two-item lists",
    "40 Most Read headings x 2,500 lists",
    "meta description in 8,000 divs",
    "meta description in 8,000 divs after",
    "10 MB of paragraphs",
    "10 MB in one text node",
    "100,000-deep nesting",
]  # the keys of shapes(), for test ids
