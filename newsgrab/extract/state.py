"""The story from a page's state object, for pages drawn by JavaScript: the markup holds no story, but a
script holds the data the page is drawn from (`__NEXT_DATA__`, `window.__INITIAL_STATE__ = {...}`).

Read only when both body methods and JSON-LD found no story. The text is the longest string under a key
that names a story's text (body, content, text, ...), if it reads as prose; HTML in it is taken apart."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from .text import clean_lines, word_count

# keys whose value is a story's text, in the state objects of common front-end frameworks and CMSs
_TEXT_KEYS = re.compile(
    r"^(?:article_?body|body|body_?html|content|content_?html|contents|text|story|"
    r"story_?body|html|description|paragraphs?)$",
    re.I,
)
MIN_STATE_WORDS = 80  # a shorter text is a teaser or a summary, not the story
MAX_NODES = 200_000  # values visited in one state object (bounds a hostile page)
_ASSIGN = re.compile(r"^\s*(?:window\.|var\s+|self\.)?__[A-Z][A-Z_]*__\s*=\s*")


def state_story(texts: list[str]) -> str:
    """The story held in the page's state scripts, or "" when none holds one."""
    best = ""
    for text in texts:
        data = _load(text)
        if data is not None:
            found = _longest_text(data)
            if word_count(found) > word_count(best):
                best = found
    return best if word_count(best) >= MIN_STATE_WORDS else ""


def _load(text: str) -> Any:
    text = _ASSIGN.sub("", text, count=1).strip().rstrip(";")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _longest_text(data: Any) -> str:
    """The longest story-like text under a story-text key, walked without recursion and within MAX_NODES."""
    best = ""
    stack: list[tuple[Any, bool]] = [(data, False)]
    seen = 0
    while stack and seen < MAX_NODES:
        value, wanted = stack.pop()
        seen += 1
        if isinstance(value, dict):
            stack.extend((v, isinstance(k, str) and bool(_TEXT_KEYS.match(k))) for k, v in value.items())
        elif isinstance(value, list):
            if wanted and value and all(isinstance(v, str) for v in value):
                value = "\n".join(value)  # a story kept as a list of paragraphs
            else:
                stack.extend((v, wanted) for v in value)
                continue
        if wanted and isinstance(value, str) and len(value) > len(best):
            best = value
    return _as_text(best)


def _as_text(value: str) -> str:
    text = re.sub(r"<(?:/p|br\s*/?|/h\d|/li|/div|/blockquote)\s*>", "\n", value, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]{0,2000}>", "", text))
    return "\n\n".join(clean_lines(text).split("\n"))
